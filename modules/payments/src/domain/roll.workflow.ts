import { DomainError } from '@mz/kernel';
import { ROLL_STATE_NAMES, type RollKind, type RollState } from './payments.names.ts';

/** Steps taken on a roll through `POST /payments/rolls/{id}/actions/{action}`. */
export const ROLL_ACTIONS = ['review', 'approve', 'return', 'reconcile'] as const;
export type RollAction = (typeof ROLL_ACTIONS)[number];

/** Everything a user may do with a roll, for the page's buttons. */
export type RollOperation = RollAction | 'regenerate' | 'discard' | 'export' | 'import_return' | 'reissue';

export const ROLL_OPERATION_NAMES: Record<RollOperation, string> = {
  review: '复核通过', approve: '审批通过', return: '退回修改', reconcile: '对账完成',
  regenerate: '重新生成', discard: '删除草稿', export: '导出银行代发文件', import_return: '导入银行回盘', reissue: '生成重发批次',
};

interface Step {
  from: readonly RollState[];
  to: RollState;
  /** Any one of these permissions allows the step. */
  permissions: readonly string[];
  opinionRequired: boolean;
}

const STEPS: Record<RollAction, Step> = {
  review: { from: ['draft'], to: 'reviewed', permissions: ['payments.review'], opinionRequired: false },
  approve: { from: ['reviewed'], to: 'approved', permissions: ['payments.approve'], opinionRequired: false },
  // A reviewer sends back what they reviewed; once approved, only an approver may undo it.
  return: { from: ['reviewed', 'approved'], to: 'draft', permissions: ['payments.review', 'payments.approve'], opinionRequired: true },
  reconcile: { from: ['returned'], to: 'reconciled', permissions: ['payments.approve'], opinionRequired: false },
};

export interface RollSnapshot {
  state: RollState;
  /** The county the roll belongs to (12 digits). */
  regionCode: string;
  generatedBy: string | null;
  reviewedBy: string | null;
}

export interface RollActor {
  /** User id; null for an API token (which never counts as the same official). */
  id: string | null;
  regionCode: string;
  permissions: ReadonlySet<string>;
}

export function isRollAction(action: string): action is RollAction {
  return (ROLL_ACTIONS as readonly string[]).includes(action);
}

/**
 * Only the county that pays a roll acts on it: a township cannot see the county's roll, and a
 * city or province official supervises (reads) but does not prepare, review or approve.
 */
export function assertCountyActor(roll: { regionCode: string }, actor: RollActor): void {
  if (actor.regionCode !== roll.regionCode) {
    throw new DomainError({ code: 'NOT_YOUR_STEP', status: 403, title: '只有本县（市、区）民政部门可以办理本发放表', detail: '发放表由发放所在县级民政部门生成、复核、审批和导出' });
  }
}

function hasAny(actor: RollActor, permissions: readonly string[]): boolean {
  return permissions.some((p) => actor.permissions.has(p));
}

/**
 * Checks one step on a roll, in the order an official would want to be told: the step exists,
 * the state allows it, it is their county, they hold the permission, they did not take the
 * previous decision step themselves, and an opinion is there when one is required.
 */
export function planRollAction(roll: RollSnapshot, actor: RollActor, action: string, opinion?: string | null): { to: RollState } {
  if (!isRollAction(action)) {
    throw new DomainError({ code: 'UNKNOWN_ACTION', status: 422, title: '没有这个办理环节', detail: `「${action}」不是发放表的办理环节` });
  }
  const step = STEPS[action];
  if (!step.from.includes(roll.state)) {
    throw new DomainError({
      code: 'ILLEGAL_TRANSITION', status: 409,
      title: `当前状态「${ROLL_STATE_NAMES[roll.state]}」不能办理「${ROLL_OPERATION_NAMES[action]}」`,
    });
  }
  assertCountyActor(roll, actor);
  const permissions = action === 'return' && roll.state === 'approved' ? ['payments.approve'] : step.permissions;
  if (!hasAny(actor, permissions)) {
    throw new DomainError({ code: 'NOT_YOUR_STEP', status: 403, title: '没有权限办理这一环节', detail: `「${ROLL_OPERATION_NAMES[action]}」需要权限：${permissions.join(' 或 ')}` });
  }
  // 审批 separates duties: whoever generated the roll does not review it, the reviewer does not approve it.
  const previous = action === 'review' ? roll.generatedBy : action === 'approve' ? roll.reviewedBy : null;
  if (previous && actor.id && previous === actor.id) {
    throw new DomainError({
      code: 'SEPARATION_OF_DUTIES', status: 403, title: '同一工作人员不能连续办理两个审批环节',
      detail: action === 'review' ? '发放表的复核须由生成人以外的工作人员办理' : '发放表的审批须由复核人以外的工作人员办理',
    });
  }
  if (step.opinionRequired && !opinion?.trim()) {
    throw new DomainError({ code: 'OPINION_REQUIRED', status: 422, title: '请填写办理意见', errors: [{ path: 'opinion', message: '退回时必须说明原因' }] });
  }
  return { to: step.to };
}

/**
 * What the page may offer this actor now (the server still checks every request). A reissue batch
 * is never regenerated (its lines are copies of failed transfers, not computed from the ledger):
 * it is discarded and reissued again instead, so 重新生成 is not offered for it.
 */
export function availableRollOperations(roll: RollSnapshot & { kind: RollKind; openFailures: number }, actor: RollActor): RollOperation[] {
  if (actor.regionCode !== roll.regionCode) return [];
  const ops: RollOperation[] = [];
  for (const action of ['review', 'approve', 'return', 'reconcile'] as const) {
    try {
      planRollAction(roll, actor, action, 'x');
      ops.push(action);
    } catch {
      // not available to this actor in this state
    }
  }
  const can = (p: string) => actor.permissions.has(p);
  if (roll.state === 'draft' && can('payments.prepare')) ops.push(...(roll.kind === 'reissue' ? ['discard' as const] : ['regenerate' as const, 'discard' as const]));
  if (['approved', 'exported', 'returned', 'reconciled'].includes(roll.state) && can('payments.export')) ops.push('export');
  if (roll.state === 'exported' && can('payments.export')) ops.push('import_return');
  if ((roll.state === 'returned' || roll.state === 'reconciled') && roll.openFailures > 0 && can('payments.prepare')) ops.push('reissue');
  return ops;
}

export function opinionRequired(op: RollOperation): boolean {
  return op === 'return';
}
