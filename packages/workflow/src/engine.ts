/**
 * The pure half of the case engine: may this official take this action on this case now, and what
 * does it change? No I/O — the store (`server/`) loads the snapshot, calls planTransition and
 * writes the result under an optimistic version check.
 *
 * Checks run from the least to the most specific, so the refusal names the first real obstacle:
 * jurisdiction (404, an out-of-scope case looks missing), action, state, level, role, separation
 * of duties, required earlier steps, opinion, and the module's guards last (they may look at data).
 */
import { DomainError, invalid, isWithin, notFound } from '@mz/kernel';
import type { ActionDef, CaseSnapshot, DecisionRecord, GuardTable, Level, WorkflowActor, WorkflowDefinition } from './definition.ts';
import { isLevel, LEVEL_LABELS, levelOf, roleName } from './levels.ts';

export interface TransitionInput {
  /** The action's validated, module-specific data; guards see it. */
  data?: unknown;
  opinion?: string | null;
  now: Date;
}

export interface TransitionPlan {
  from: string;
  /** Equal to `from` for a recording action (no `to`). */
  to: string;
  /**
   * Events the action stamps, event → ISO instant of `now`. They are merged over the case's events,
   * so an event holds its latest occurrence (a second 公示 restarts its clock); the full history is
   * the decision log.
   */
  events: Record<string, string>;
  /** The case's settings after the action's `sets`. */
  settings: Record<string, string | number>;
}

export interface AvailableAction {
  key: string;
  name: string;
  opinionRequired: boolean;
}

/** Stable codes of the engine's refusals; clients and tests match on these, not on wording. */
export const WORKFLOW_ERRORS = {
  unknownAction: 'UNKNOWN_ACTION',
  illegalTransition: 'ILLEGAL_TRANSITION',
  notYourStep: 'NOT_YOUR_STEP',
  separationOfDuties: 'SEPARATION_OF_DUTIES',
  opinionRequired: 'OPINION_REQUIRED',
  requiredStep: 'REQUIRED_STEP',
  guard: 'GUARD',
  versionConflict: 'VERSION_CONFLICT',
} as const;

export const CASE_NOT_FOUND_TITLE = '案件不存在或不在本辖区';

export function stateName(def: WorkflowDefinition, state: string): string {
  return def.states[state]?.name ?? state;
}

export function actionName(def: WorkflowDefinition, action: string): string {
  return def.actions[action]?.name ?? action;
}

export function isTerminal(def: WorkflowDefinition, state: string): boolean {
  return def.states[state]?.terminal === true;
}

/**
 * Levels that may take the action on this case. A `{ setting }` reads the level the case was
 * configured with (低保 审核确认 by the county, or by the township where it is delegated); a case
 * without that setting was created wrongly, which is our fault, not the official's: 500.
 */
export function actionLevels(def: WorkflowDefinition, action: ActionDef, snapshot: CaseSnapshot): readonly Level[] {
  if (Array.isArray(action.levels)) return action.levels as readonly Level[];
  const { setting } = action.levels as { setting: string };
  const value = snapshot.settings[setting];
  if (!isLevel(value)) {
    throw new DomainError({
      code: 'CASE_SETTING_MISSING', status: 500,
      title: `案件缺少办理层级设置，无法确定「${action.name}」由哪一级办理`,
      detail: `《${def.name}》案件的设置「${setting}」应为 province/city/county/township/village 之一，实为 ${JSON.stringify(value ?? null)}`,
    });
  }
  return [value];
}

/** The latest decision-step record in the log (highest seq), or undefined. */
function lastDecisionStep(def: WorkflowDefinition, decisions: readonly DecisionRecord[]): DecisionRecord | undefined {
  let last: DecisionRecord | undefined;
  for (const d of decisions) {
    if (def.actions[d.action]?.decision === true && (!last || d.seq > last.seq)) last = d;
  }
  return last;
}

/** The decision step an action belongs to: its `step`, or its own key. */
function stepOf(def: WorkflowDefinition, action: string): string {
  return def.actions[action]?.step ?? action;
}

interface CheckOptions {
  /** availableActions asks before an opinion is typed; the opinion is checked when the action is taken. */
  skipOpinion?: boolean;
}

/** The first reason the action is refused, or null. Throws only for definition bugs (unknown guard, missing setting). */
function refusal(
  def: WorkflowDefinition, guards: GuardTable, snapshot: CaseSnapshot, actor: WorkflowActor,
  key: string, input: TransitionInput, options: CheckOptions = {},
): DomainError | null {
  if (!isWithin(snapshot.regionCode, actor.regionCode)) return notFound(CASE_NOT_FOUND_TITLE);

  const action = Object.hasOwn(def.actions, key) ? def.actions[key] : undefined;
  if (!action) {
    return new DomainError({
      code: WORKFLOW_ERRORS.unknownAction, status: 422,
      title: `没有「${key}」这个办理环节`, detail: `《${def.name}》流程中没有该环节`,
    });
  }

  const current = stateName(def, snapshot.state);
  if (isTerminal(def, snapshot.state)) {
    return new DomainError({
      code: WORKFLOW_ERRORS.illegalTransition, status: 409,
      title: `案件已办结（${current}），不能再办理「${action.name}」`,
    });
  }
  if (!action.from.includes(snapshot.state)) {
    return new DomainError({
      code: WORKFLOW_ERRORS.illegalTransition, status: 409,
      title: `当前状态「${current}」不能办理「${action.name}」`,
      detail: `「${action.name}」只能在以下状态办理：${action.from.map((s) => stateName(def, s)).join('、')}`,
    });
  }

  const levels = actionLevels(def, action, snapshot);
  const actorLevel = levelOf(actor.regionCode);
  if (!levels.includes(actorLevel)) {
    return new DomainError({
      code: WORKFLOW_ERRORS.notYourStep, status: 403,
      title: `「${action.name}」应由${levels.map((l) => LEVEL_LABELS[l]).join('或')}工作人员办理`,
      detail: `您是${LEVEL_LABELS[actorLevel]}工作人员`,
    });
  }
  if (!action.roles.some((r) => actor.roles.includes(r))) {
    return new DomainError({
      code: WORKFLOW_ERRORS.notYourStep, status: 403,
      title: `您没有办理「${action.name}」的角色`,
      detail: `需要以下角色之一：${action.roles.map(roleName).join('、')}`,
    });
  }

  // 低保办法 and 特困办法 separate acceptance, first review and confirmation: one official may not
  // carry a case through two consecutive decision steps.
  if (action.decision) {
    const previous = lastDecisionStep(def, snapshot.decisions);
    const sameStep = previous !== undefined && stepOf(def, previous.action) === stepOf(def, key);
    if (previous && previous.actorId === actor.id && !sameStep) {
      return new DomainError({
        code: WORKFLOW_ERRORS.separationOfDuties, status: 403,
        title: '同一工作人员不能连续办理两个审批环节',
        detail: `「${actionName(def, previous.action)}」由您办理，「${action.name}」须由另一位工作人员办理`,
      });
    }
  }

  for (const step of action.requires ?? []) {
    if (step.whenFlag && !snapshot.flags.includes(step.whenFlag)) continue;
    if (snapshot.decisions.some((d) => d.action === step.action)) continue;
    const why = step.whenFlag ? `（本案件标记为「${def.flags?.[step.whenFlag] ?? step.whenFlag}」）` : '';
    return new DomainError({
      code: WORKFLOW_ERRORS.requiredStep, status: 409,
      title: step.message,
      detail: `办理「${action.name}」前须先完成「${actionName(def, step.action)}」${why}`,
    });
  }

  if (action.opinionRequired && !options.skipOpinion && !(input.opinion ?? '').trim()) {
    return new DomainError({
      code: WORKFLOW_ERRORS.opinionRequired, status: 422,
      title: `办理「${action.name}」须填写意见`,
      errors: [{ path: 'opinion', message: '请填写办理意见' }],
    });
  }

  for (const name of action.guards ?? []) {
    const guard = Object.hasOwn(guards, name) ? guards[name] : undefined;
    if (!guard) {
      throw new DomainError({ code: 'UNKNOWN_GUARD', status: 500, title: `办理规则「${name}」未定义`, detail: `《${def.name}》的「${action.name}」引用了规则表中没有的规则` });
    }
    const message = guard({ case: snapshot, actor, action: key, data: input.data, now: input.now });
    if (message) return new DomainError({ code: WORKFLOW_ERRORS.guard, status: 409, title: message });
  }
  return null;
}

function requireDefinition(def: WorkflowDefinition, snapshot: CaseSnapshot): void {
  // A snapshot checked against another workflow's rules would be silently wrong; this is a caller bug.
  if (snapshot.definition !== def.key) {
    throw new DomainError({
      code: 'DEFINITION_MISMATCH', status: 500, title: '案件与办理流程不匹配',
      detail: `案件属于流程「${snapshot.definition}」，却按「${def.key}」办理`,
    });
  }
}

function requireInstant(now: Date): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw invalid('办理时间无效');
}

/**
 * Checks one action and returns what it changes; throws the DomainError that explains a refusal.
 * The caller writes the plan (store: one UPDATE with a version check plus one decision row).
 */
export function planTransition(
  def: WorkflowDefinition, guards: GuardTable, snapshot: CaseSnapshot, actor: WorkflowActor,
  action: string, input: TransitionInput,
): TransitionPlan {
  requireDefinition(def, snapshot);
  requireInstant(input.now);
  const problem = refusal(def, guards, snapshot, actor, action, input);
  if (problem) throw problem;
  const step = def.actions[action];
  const at = input.now.toISOString();
  const events: Record<string, string> = {};
  for (const event of step.records ?? []) events[event] = at;
  return {
    from: snapshot.state,
    to: step.to ?? snapshot.state,
    events,
    settings: { ...snapshot.settings, ...(step.sets ?? {}) },
  };
}

/**
 * The actions this official could take now, in definition order. Guards run with `data: undefined`
 * (a guard that needs data must let it pass then); the opinion is not asked for yet.
 */
export function availableActions(
  def: WorkflowDefinition, guards: GuardTable, snapshot: CaseSnapshot, actor: WorkflowActor, now: Date,
): AvailableAction[] {
  requireDefinition(def, snapshot);
  requireInstant(now);
  const result: AvailableAction[] = [];
  for (const [key, action] of Object.entries(def.actions)) {
    if (refusal(def, guards, snapshot, actor, key, { data: undefined, now }, { skipOpinion: true })) continue;
    result.push({ key, name: action.name, opinionRequired: action.opinionRequired === true });
  }
  return result;
}
