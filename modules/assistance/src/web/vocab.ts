/**
 * The 社会救助 vocabulary the pages need, taken from the domain (`@mz/assistance`) where it has it:
 * programme, state and flag names, with the colours lists show them in.
 */
import { ASSISTANCE_WORKFLOWS, PROGRAMME_SHORT_NAMES, PROGRAMMES, type Programme } from '@mz/assistance';
import type { StatusOption, StatusTone } from '@mz/ui';

export { PROGRAMMES };
/** Short names for tags and table cells. */
export const PROGRAMME_SHORT: Readonly<Record<Programme, string>> = PROGRAMME_SHORT_NAMES;

/**
 * Flag names for tags. The workflow definitions name the flags in full ('审核确认期间有投诉'); a
 * tag beside the state needs the short form.
 */
export const FLAGS: Record<string, string> = {
  near_kin: '近亲属备案',
  spot_check: '抽查',
  advance: '先行救助',
  single_person: '单人保',
  complaint: '投诉',
  job_refusals: '连续三次拒绝工作',
  external_notice: '核对预警待调整',
};

/** Flags that change what the case needs, so lists show them in warning colours. */
export const FLAG_COLORS: Record<string, string> = {
  near_kin: 'volcano',
  spot_check: 'purple',
  advance: 'gold',
  single_person: 'cyan',
  complaint: 'red',
  job_refusals: 'magenta',
  external_notice: 'orange',
};

export function isProgramme(v: unknown): v is Programme {
  return v === 'dibao' || v === 'tekun' || v === 'linshi';
}

export const PROGRAMME_OPTIONS = (Object.keys(PROGRAMMES) as Programme[]).map((p) => ({ value: p, label: PROGRAMMES[p] }));
export const FLAG_OPTIONS = Object.entries(FLAGS).map(([value, label]) => ({ value, label }));

const TONES: Record<string, StatusTone> = {
  in_payment: 'success',
  in_support: 'success',
  approved: 'success',
  paid: 'success',
  advance_granted: 'success',
  refused: 'error',
  refusal_served: 'error',
  not_accepted: 'error',
  in_publicity: 'warning',
  publicity_objected: 'warning',
  suspended: 'warning',
  tapering: 'warning',
  paperwork_pending: 'warning',
  termination_proposed: 'warning',
  termination_publicity: 'warning',
  termination_objected: 'warning',
  terminated: 'default',
  procedure_terminated: 'default',
  withdrawn: 'default',
};

/**
 * A state's colour by what it means for the family: decided in their favour (green), refused
 * (red), waiting out 公示 or otherwise needing attention (orange), ended (grey), being handled (blue).
 */
export function stateTone(state: string): StatusTone {
  return TONES[state] ?? 'processing';
}

export const stateTag = (state: string, name: string): StatusOption => ({ text: name, tone: stateTone(state) });

/**
 * 状态 filter options: the states of one programme's workflow, or of all three. State codes are
 * shared between programmes where the step is the same (已受理, 公示中), so the union is by code.
 */
export function stateOptions(programme?: string): { value: string; label: string }[] {
  const defs = isProgramme(programme) ? [ASSISTANCE_WORKFLOWS[programme]] : Object.values(ASSISTANCE_WORKFLOWS);
  const seen = new Map<string, string>();
  for (const def of defs) for (const [code, st] of Object.entries(def.states)) if (!seen.has(code)) seen.set(code, st.name);
  return [...seen].map(([value, label]) => ({ value, label }));
}

export const OFFICIAL_ROLES: Record<'case_worker' | 'committee_member', string> = {
  case_worker: '低保经办人员',
  committee_member: '村（居）委会成员',
};

/** 近亲属 of 民法典第一千零四十五条, from the official's side. */
export const NEAR_KIN_RELATIONS: Record<string, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
};
