/**
 * Test support: a cast of officials in one county of 长春市 and an in-memory case that moves through
 * the real engine (`planTransition`) the way the store would apply it — state, merged events,
 * settings and an appended decision record. Used by the workflow and guard tests only.
 */
import { DomainError } from '@mz/kernel';
import { levelOf, planTransition, type CaseSnapshot, type WorkflowActor, type WorkflowDefinition } from '@mz/workflow';
import { actionDataSchema } from '../action.schema.ts';
import { ASSISTANCE_GUARDS } from '../guards.ts';
import { programmeOfDefinition } from '../workflows.ts';

export const CASE_REGION = '220105003001'; // a 社区 of the township 220105003

const official = (id: string, name: string, regionCode: string, roles: string[]): WorkflowActor => ({
  id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`, name, regionCode, roles,
});

export const CAST = {
  villageClerk: official('1', '社区经办员', '220105003001', ['clerk']),
  townshipClerk: official('2', '街道经办员', '220105003000', ['clerk']),
  townshipClerk2: official('3', '街道经办员乙', '220105003000', ['clerk']),
  townshipReviewer: official('4', '街道审核员', '220105003000', ['reviewer']),
  townshipReviewer2: official('5', '街道审核员乙', '220105003000', ['reviewer']),
  townshipApprover: official('6', '街道审批员', '220105003000', ['approver']),
  townshipLead: official('7', '街道分管领导', '220105003000', ['reviewer', 'approver']),
  countyClerk: official('8', '区民政经办员', '220105000000', ['clerk']),
  countyReviewer: official('9', '区民政审核员', '220105000000', ['reviewer']),
  countyApprover: official('10', '区民政审批员', '220105000000', ['approver']),
  cityApprover: official('11', '市民政审批员', '220100000000', ['approver']),
  otherTownshipClerk: official('12', '邻街道经办员', '220105004000', ['clerk']),
} as const;
export type CastMember = keyof typeof CAST;

export function newCase(def: WorkflowDefinition, settings: Record<string, string | number>, flags: string[] = []): CaseSnapshot {
  return {
    id: '11111111-1111-4111-8111-111111111111', definition: def.key, definitionVersion: def.version, state: def.initial, version: 1,
    regionCode: CASE_REGION, flags, settings, events: { applied: '2025-03-03T00:30:00.000Z' }, decisions: [],
  };
}

export interface Step {
  data?: unknown;
  opinion?: string | null;
  /** Beijing date; the step happens at 10:00 that day. */
  on: string;
}

export const at = (date: string) => new Date(`${date}T10:00:00+08:00`);

/**
 * Applies one action through the engine, as the server would: the data is parsed with the action's
 * schema first (a schema failure throws a ZodError, not a DomainError), then planned and applied.
 */
export function take(def: WorkflowDefinition, c: CaseSnapshot, who: CastMember, action: string, step: Step): CaseSnapshot {
  const actor = CAST[who];
  const now = at(step.on);
  const programme = programmeOfDefinition(def.key);
  const schema = programme ? actionDataSchema(programme, action) : null;
  const data = schema ? schema.parse(step.data) : step.data;
  const plan = planTransition(def, ASSISTANCE_GUARDS, c, actor, action, { data, opinion: step.opinion ?? null, now });
  return {
    ...c,
    state: plan.to,
    version: c.version + 1,
    events: { ...c.events, ...plan.events },
    settings: plan.settings,
    decisions: [...c.decisions, {
      seq: c.decisions.length + 1, action, fromState: plan.from, toState: plan.to, actorId: actor.id, actorName: actor.name,
      actorLevel: levelOf(actor.regionCode), actorRegion: actor.regionCode, at: now.toISOString(), opinion: step.opinion ?? null, attachments: [], data: data ?? null,
    }],
  };
}

/** The engine's refusal code for an action, or null when it would be allowed. */
export function refusal(def: WorkflowDefinition, c: CaseSnapshot, who: CastMember, action: string, step: Step): { code: string; title: string } | null {
  try {
    take(def, c, who, action, step);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, title: error.title };
    throw error;
  }
}

/** Runs steps in order; each is [who, action, step]. */
export function walk(def: WorkflowDefinition, c: CaseSnapshot, steps: readonly (readonly [CastMember, string, Step])[]): CaseSnapshot {
  return steps.reduce((snap, [who, action, step]) => take(def, snap, who, action, step), c);
}

// Data payloads that satisfy the action schemas.
export const HOME_VISIT = { visitedOn: '2025-03-05', investigators: ['张伟', '李娜'], householdMemberPresent: '王秀英', remote: false, findings: '家中无大件耐用消费品，户主因病无法务工' };
export const VERIFICATION = { checkedOn: '2025-03-07', result: 'consistent', findings: '核对户籍、社保、不动产、车辆、存款，与申报相符' };
