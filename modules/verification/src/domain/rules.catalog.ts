import { z } from 'zod';
import { addCalendarDays, addWorkingDays, type IsoDate } from '@mz/kernel';

/**
 * 监测规则: declarative rows (code, name, sources, thresholds, severity, who handles it, deadline).
 * The matching itself is set-based SQL in the server (monitor.query.ts), one statement per rule;
 * what is not SQL — which rules can run today, stale data, deadlines, parameter validation — is
 * here, pure.
 */

export type Severity = 'high' | 'medium' | 'low';
export const SEVERITY_NAMES: Record<Severity, string> = { high: '高', medium: '中', low: '低' };

/** Handling level: 3 county 县级, 4 township 乡镇（街道）. An official at or above it may handle. */
export type HandlingLevel = 3 | 4;

export interface RuleDefinition {
  code: string;
  name: string;
  description: string;
  /** Sources whose current snapshots the rule reads (all must be fresh, except `anyOf` rules). */
  sources: readonly string[];
  /** True: the rule runs when at least one of its sources is fresh (death: 公安 or 殡葬). */
  anyOf?: boolean;
  /** Programmes that must exist (be registered with payments) for the rule to mean anything. */
  requiresProgrammes?: readonly string[];
  severity: Severity;
  handlingLevel: HandlingLevel;
  deadlineDays: number;
  params: z.ZodType<Record<string, unknown>>;
  defaults: Record<string, unknown>;
  /** What the official is asked to do (shown with the alert). */
  advice: string;
  /**
   * Part of 静默认证 (monthly silent re-verification): alive, not in custody, still qualifying.
   * A silent run runs only these rules; a recipient none of them flags passes with no visit.
   */
  silent?: boolean;
}

const fen = z.number().int('金额须为整数（分）').min(0, '金额不能为负');
const count = z.number().int('须为整数').min(0, '不能为负').max(100);

export const RULES: readonly RuleDefinition[] = [
  {
    code: 'deceased_paid', silent: true, name: '死亡人员仍在享受待遇', sources: ['police_death', 'cremation'], anyOf: true,
    description: '公安死亡信息或殡葬火化记录显示已死亡，当月仍有待遇',
    severity: 'high', handlingLevel: 4, deadlineDays: 5, params: z.object({}).strict(), defaults: {},
    advice: '核实死亡情况；属实的按规定停发或调整待遇，死亡后多发的资金予以追回',
  },
  {
    code: 'custody_paid', silent: true, name: '羁押服刑人员仍在享受待遇', sources: ['police_custody'],
    description: '当月处于羁押或服刑期间，仍有待遇',
    severity: 'high', handlingLevel: 4, deadlineDays: 5,
    params: z.object({ minDays: count.describe('当月羁押不少于（天）') }).strict(), defaults: { minDays: 1 },
    advice: '核实羁押服刑情况；特困人员服刑的终止供养，低保家庭重新核定保障人数',
  },
  {
    code: 'vehicle_over', silent: true, name: '家庭拥有机动车超过规定', sources: ['vehicle'],
    description: '家庭成员名下机动车（豁免类型除外）超过规定数量',
    severity: 'medium', handlingLevel: 4, deadlineDays: 10,
    params: z.object({
      maxCount: count.describe('允许的机动车数量'),
      exemptCategories: z.array(z.string().min(1).max(20)).max(10).describe('不计入的车辆类型'),
      exemptValueFen: fen.describe('估值不超过该金额的车辆不计入（分）'),
    }).strict(),
    defaults: { maxCount: 0, exemptCategories: ['摩托车', '残疾人专用车'], exemptValueFen: 0 },
    advice: '核实车辆用途与价值；属于生活必需或残疾人专用的可维持，否则调整待遇',
  },
  {
    code: 'property_over', silent: true, name: '家庭拥有房产超过规定', sources: ['real_estate'],
    description: '家庭成员名下住宅超过规定套数，或拥有商业、办公用房',
    severity: 'medium', handlingLevel: 4, deadlineDays: 10,
    params: z.object({
      maxDwellings: count.describe('允许的住宅套数'),
      forbidNonResidential: z.boolean().describe('拥有非住宅（商业、办公、工业）即预警'),
    }).strict(),
    defaults: { maxDwellings: 1, forbidNonResidential: true },
    advice: '核实房产情况；超出当地财产规定的，按程序减发或停发',
  },
  {
    code: 'business_over', silent: true, name: '家庭成员经营市场主体', sources: ['market'],
    description: '家庭成员为存续市场主体的经营者或投资人，注册资本超过规定',
    severity: 'medium', handlingLevel: 4, deadlineDays: 10,
    params: z.object({
      maxCapitalFen: fen.describe('注册资本不超过该金额的不预警（分）'),
      exemptCategories: z.array(z.string().min(1).max(20)).max(10).describe('不计入的主体类型'),
    }).strict(),
    defaults: { maxCapitalFen: 10_000_000, exemptCategories: ['农民专业合作社'] },
    advice: '核实经营情况和经营净收入，重新核算家庭收入',
  },
  {
    code: 'income_over', silent: true, name: '家庭人均收入超过标准', sources: ['hrss', 'housing_fund', 'tax'], anyOf: true,
    description: '按人社、公积金、税务数据估算的家庭月人均收入超过规定（同一人取各来源的最高值，不重复相加）',
    severity: 'medium', handlingLevel: 4, deadlineDays: 10,
    params: z.object({ perCapitaMonthlyFen: fen.min(1).describe('家庭月人均收入上限（分）') }).strict(),
    defaults: { perCapitaMonthlyFen: 150_000 },
    advice: '入户核实收入；超过标准的按程序减发、停发或给予渐退期',
  },
  {
    code: 'deposit_over', silent: true, name: '家庭存款超过规定', sources: ['bank'],
    description: '家庭成员存款合计按人均超过规定',
    severity: 'medium', handlingLevel: 4, deadlineDays: 10,
    params: z.object({ perCapitaFen: fen.min(1).describe('家庭人均存款上限（分）') }).strict(),
    defaults: { perCapitaFen: 3_000_000 },
    advice: '核实存款来源（是否含救助金、赔偿金等），超过规定的调整待遇',
  },
  {
    code: 'two_rolls', name: '同一人重复享受或跨地区享受', sources: ['payments'],
    description: '同一人当月在同一项目有两笔以上待遇，或在两个县（区）同时享受待遇',
    severity: 'high', handlingLevel: 3, deadlineDays: 10, params: z.object({}).strict(), defaults: {},
    advice: '与相关地区核实户籍和居住地，保留一处待遇，多发的追回',
  },
  {
    code: 'dibao_tekun', name: '同时享受低保和特困供养', sources: ['payments'],
    description: '特困供养人员当月同时被计入低保家庭的保障人数',
    severity: 'high', handlingLevel: 3, deadlineDays: 10, params: z.object({}).strict(), defaults: {},
    advice: '特困人员不再计入低保家庭保障人数，调整低保待遇',
  },
  {
    code: 'member_twice', name: '家庭成员被重复计算', sources: ['payments'],
    description: '同一人被计入两个在办或在保救助案件的保障人员',
    severity: 'medium', handlingLevel: 3, deadlineDays: 10, params: z.object({}).strict(), defaults: {},
    advice: '核实该成员实际所在家庭，从另一家庭的保障人员中去除',
  },
  {
    code: 'medical_large', name: '大额医疗自付支出', sources: ['medical'],
    description: '家庭近12个月医疗个人自付合计超过规定，可能需要支出型临时救助或医疗救助',
    severity: 'low', handlingLevel: 4, deadlineDays: 10,
    params: z.object({ thresholdFen: fen.min(1).describe('近12个月自付合计超过（分）') }).strict(),
    defaults: { thresholdFen: 2_000_000 },
    advice: '主动联系家庭，告知支出型临时救助和医疗救助政策，符合条件的协助申请',
  },
  {
    code: 'disabled_no_subsidy', name: '残疾人未享受两项补贴（主动发现）', sources: ['disability'],
    requiresProgrammes: ['disability_living', 'disability_care'],
    description: '救助对象中持证残疾人未享受困难残疾人生活补贴，或一、二级残疾人未享受重度残疾人护理补贴',
    severity: 'low', handlingLevel: 4, deadlineDays: 10,
    params: z.object({ careMaxGrade: count.max(4).describe('护理补贴覆盖的最高等级') }).strict(), defaults: { careMaxGrade: 2 },
    advice: '告知两项补贴政策，符合条件的协助申请',
  },
  {
    code: 'aged80_no_allowance', name: '80周岁以上未享受高龄津贴（主动发现）', sources: ['payments'],
    requiresProgrammes: ['longevity'],
    description: '救助对象中年满80周岁、当月没有高龄津贴的老年人',
    severity: 'low', handlingLevel: 4, deadlineDays: 10,
    params: z.object({ minAge: count.min(60).max(100).describe('起始年龄') }).strict(), defaults: { minAge: 80 },
    advice: '告知高龄津贴政策，符合条件的协助申请',
  },
];

export function findRule(code: string): RuleDefinition | undefined {
  return RULES.find((r) => r.code === code);
}

/** A rule as configured in a deployment (the row in verification_rule). */
export interface RuleConfig {
  code: string;
  active: boolean;
  severity: Severity;
  handlingLevel: HandlingLevel;
  deadlineDays: number;
  params: Record<string, unknown>;
}

/** The current snapshot of a source as a run sees it. */
export interface SnapshotState {
  sourceCode: string;
  snapshotId: string;
  asOf: IsoDate;
  refreshDays: number;
}

/** A snapshot past its refresh cycle on `today` (as-of + refresh days < today). */
export function isStale(s: Pick<SnapshotState, 'asOf' | 'refreshDays'>, today: IsoDate): boolean {
  return s.refreshDays > 0 && addCalendarDays(s.asOf, s.refreshDays) < today;
}

export interface RulePlan {
  code: string;
  run: boolean;
  /** Fresh current snapshots the rule may read, per source. */
  snapshotIds: string[];
  /** Why the rule did not run, or what it left out (Chinese, shown on the run). */
  notes: string[];
}

/**
 * Which rules run, on which snapshots. A stale snapshot is ignored (and said so); a rule whose
 * sources are all missing or stale does not run; a rule whose programmes do not exist yet is
 * dormant and plugs in once the programme module registers them with payments.
 */
export function planRules(
  rules: readonly RuleConfig[], snapshots: readonly SnapshotState[], programmes: ReadonlySet<string>, today: IsoDate,
  sourceName: (code: string) => string = (c) => c,
): RulePlan[] {
  return rules.map((cfg) => {
    const def = findRule(cfg.code);
    if (!def) return { code: cfg.code, run: false, snapshotIds: [], notes: ['未知规则'] };
    if (!cfg.active) return { code: cfg.code, run: false, snapshotIds: [], notes: ['规则已停用'] };
    const missingProgrammes = (def.requiresProgrammes ?? []).filter((p) => !programmes.has(p));
    if (missingProgrammes.length) {
      return { code: cfg.code, run: false, snapshotIds: [], notes: [`所需待遇项目尚未上线（${missingProgrammes.join('、')}），上线后自动启用`] };
    }
    const notes: string[] = [];
    const ids: string[] = [];
    let freshSources = 0;
    const fileSources = def.sources.filter((s) => s !== 'payments');
    for (const source of fileSources) {
      const current = snapshots.filter((s) => s.sourceCode === source);
      if (!current.length) { notes.push(`${sourceName(source)}：尚无数据`); continue; }
      const fresh = current.filter((s) => !isStale(s, today));
      for (const s of current) {
        if (isStale(s, today)) notes.push(`${sourceName(source)}：数据截至 ${s.asOf}，已超过更新周期（${s.refreshDays} 天），本次未使用`);
      }
      if (fresh.length) freshSources++;
      ids.push(...fresh.map((s) => s.snapshotId));
    }
    const run = fileSources.length === 0 || (def.anyOf ? freshSources > 0 : freshSources === fileSources.length);
    return { code: cfg.code, run, snapshotIds: run ? ids : [], notes };
  });
}

/** The deadline of an alert raised on `raisedOn`: that many 工作日 later on the official calendar. */
export function alertDueDate(raisedOn: IsoDate, deadlineDays: number): IsoDate {
  return addWorkingDays(raisedOn, deadlineDays);
}

/** Validates a rule's parameters against its definition; returns field problems in Chinese. */
export function checkRuleParams(code: string, params: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; errors: { path: string; message: string }[] } {
  const def = findRule(code);
  if (!def) return { ok: false, errors: [{ path: 'code', message: '未知规则' }] };
  const r = def.params.safeParse(params);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, errors: r.error.issues.map((i) => ({ path: ['params', ...i.path.map(String)].join('.'), message: i.path.length ? i.message : '参数不正确或含有未定义的项' })) };
}

/** The rules of 静默认证: alive (death), not in custody, still qualifying (income and assets). */
export function silentRules(): readonly RuleDefinition[] {
  return RULES.filter((r) => r.silent);
}
