/**
 * A workflow is data: states, actions, who may take each action (level and role), guards by name,
 * and deadlines counted from named events. Modules declare definitions in their `src/domain`
 * (`*.workflow.ts`); the engine (`engine.ts`, pure) checks a transition and computes the clocks,
 * and the store (`server/`) applies it in one transaction with an optimistic version check.
 */

/** The five administrative levels, by the depth of the acting official's home region. */
export type Level = 'province' | 'city' | 'county' | 'township' | 'village';

export type DeadlineUnit = 'working_days' | 'calendar_days' | 'hours';

/** A number written in the definition, or read from the case's settings (e.g. 30, 45 or 20 working days). */
export type Amount = number | { setting: string };

export interface DeadlineDef {
  key: string;
  /** Chinese name of the step that is due, e.g. '启动调查'. */
  name: string;
  /** Event that starts the clock (stamped by an action's `records`). */
  from: string;
  /** Event that stops it (met in time, or late). */
  until: string;
  amount: Amount;
  unit: DeadlineUnit;
  /**
   * 'limit' (default): the step must happen by the due time, overdue afterwards.
   * 'period': a waiting period (公示七日); actions that need it use a guard, and the clock shows when it ends.
   */
  kind?: 'limit' | 'period';
  /** Where the rule comes from, shown beside the clock: '低保办法第十五条'. */
  basis?: string;
}

export interface RequiredStep {
  /** Action that must appear in the case's decision log before this action may be taken. */
  action: string;
  /** Only when the case carries this flag (e.g. 'near_kin' → county home visit). */
  whenFlag?: string;
  message: string;
}

export interface ActionDef {
  /** Chinese name for buttons and the timeline: '受理'. */
  name: string;
  /** States the action may be taken in. */
  from: readonly string[];
  /** Target state; omitted = a recording action that leaves the state unchanged (入户调查记录). */
  to?: string;
  /** Levels whose officials may act; `{ setting }` reads a Level from the case's settings (confirming authority). */
  levels: readonly Level[] | { setting: string };
  /** The actor needs at least one of these roles. */
  roles: readonly string[];
  /** A decision step: the same official may not take two consecutive decision steps on one case. */
  decision?: boolean;
  /**
   * Which decision step this action is (defaults to the action key). Actions sharing a step are the
   * same step taken again — a new 初审 after a 公示 objection — which its official may repeat.
   */
  step?: string;
  opinionRequired?: boolean;
  /** Guard names, resolved in the module's guard table; each returns a Chinese refusal or null. */
  guards?: readonly string[];
  /** Events stamped with the action's time (clocks start and stop on them). */
  records?: readonly string[];
  /** Settings the action writes on the case (e.g. `{ totalWorkingDays: 45 }` for an extension). */
  sets?: Readonly<Record<string, string | number>>;
  requires?: readonly RequiredStep[];
}

export interface StateDef {
  name: string;
  terminal?: boolean;
}

export interface WorkflowDefinition {
  key: string;
  /** Bumped when the definition changes; stored on every case so old cases stay explainable. */
  version: number;
  name: string;
  initial: string;
  states: Readonly<Record<string, StateDef>>;
  actions: Readonly<Record<string, ActionDef>>;
  deadlines: readonly DeadlineDef[];
  /** Flag code → Chinese name ('near_kin' → '近亲属备案'). */
  flags?: Readonly<Record<string, string>>;
}

export interface DecisionRecord {
  seq: number;
  action: string;
  fromState: string;
  toState: string;
  actorId: string;
  actorName: string;
  actorLevel: Level;
  actorRegion: string;
  /** ISO instant. */
  at: string;
  opinion: string | null;
  attachments: readonly { name: string; ref: string }[];
  data: unknown;
}

/** What the engine needs to know about a case. */
export interface CaseSnapshot {
  id: string;
  definition: string;
  definitionVersion: number;
  state: string;
  version: number;
  /** 12-digit region the case belongs to (the household's village/community, or where an emergency happened). */
  regionCode: string;
  flags: readonly string[];
  settings: Readonly<Record<string, string | number>>;
  /** Event name → ISO instant. */
  events: Readonly<Record<string, string>>;
  decisions: readonly DecisionRecord[];
}

export interface WorkflowActor {
  id: string;
  name: string;
  /** 12-digit home region; its depth is the actor's level. */
  regionCode: string;
  roles: readonly string[];
}

export interface GuardContext {
  case: CaseSnapshot;
  actor: WorkflowActor;
  action: string;
  /** The action's validated data (module-specific). */
  data: unknown;
  now: Date;
}

/** Returns a Chinese refusal message, or null when the action may go ahead. */
export type Guard = (ctx: GuardContext) => string | null;
export type GuardTable = Readonly<Record<string, Guard>>;
