import { conflict, forbidden, invalid, regionLevel } from '@mz/kernel';
import type { HandlingLevel } from './rules.catalog.ts';

/**
 * Handling an alert (预警处置): 核实 first, then one outcome — 维持 with a reason, 转办 to another
 * department, or 需调整 linked to the assistance case whose workflow changes the benefit.
 *
 *   open 待核实 --verify--> verifying 核实中 --keep--> kept 已维持
 *                                        --transfer--> transferred 已转办
 *                                        --adjust--> adjust 待调整待遇
 *
 * 'adjust' stays unresolved (a re-run does not raise it again) until the assistance workflow
 * acts on the linked case; that hand-off is the next step of this module (see the contract).
 */
export type AlertStatus = 'open' | 'verifying' | 'kept' | 'transferred' | 'adjust' | 'closed';
export type AlertAction = 'verify' | 'keep' | 'transfer' | 'adjust';
/** What the event log records: the officials' actions, and `close` — a decision on the linked case closed the alert. */
export type AlertEventAction = AlertAction | 'close';

export const ALERT_STATUS_NAMES: Record<AlertStatus, string> = {
  open: '待核实', verifying: '核实中', kept: '已维持', transferred: '已转办', adjust: '待调整待遇', closed: '已处置',
};
export const ALERT_ACTION_NAMES: Record<AlertAction, string> = { verify: '核实', keep: '维持', transfer: '转办', adjust: '需调整' };
export const ALERT_EVENT_ACTION_NAMES: Record<AlertEventAction, string> = { ...ALERT_ACTION_NAMES, close: '案件处置' };

/** Statuses a re-run treats as the same alert (no duplicate is raised while one is in them). */
export const UNRESOLVED_STATUSES: readonly AlertStatus[] = ['open', 'verifying', 'adjust'];

const FROM: Record<AlertAction, AlertStatus> = { verify: 'open', keep: 'verifying', transfer: 'verifying', adjust: 'verifying' };
const TO: Record<AlertAction, AlertStatus> = { verify: 'verifying', keep: 'kept', transfer: 'transferred', adjust: 'adjust' };

/** Departments an alert may be passed to (转办). */
export const TRANSFER_DEPARTMENTS = ['公安部门', '人力资源和社会保障部门', '医疗保障部门', '残疾人联合会', '教育部门', '住房和城乡建设部门', '税务部门', '市场监督管理部门', '乡村振兴部门', '其他部门'] as const;

export interface AlertActionInput {
  opinion?: string | null;
  department?: string | null;
  caseId?: string | null;
}

/**
 * Checks an action on an alert (pure): the level of the official, the state, the required
 * fields. Returns the new status; throws the DomainError the official sees.
 */
export function planAlertAction(
  alert: { status: AlertStatus; handlingLevel: HandlingLevel },
  actorRegion: string, action: AlertAction, input: AlertActionInput,
): AlertStatus {
  const level = regionLevel(actorRegion);
  if (level > alert.handlingLevel) {
    throw forbidden('该预警由上级处置', alert.handlingLevel === 3 ? '此类预警由县级民政部门核实处置' : '此类预警由乡镇（街道）或县级民政部门核实处置');
  }
  if (alert.status !== FROM[action]) {
    throw conflict(`当前状态「${ALERT_STATUS_NAMES[alert.status]}」不能办理「${ALERT_ACTION_NAMES[action]}」`,
      action === 'verify' ? undefined : '请先办理「核实」，记录核实情况后再作出处置');
  }
  const opinion = input.opinion?.trim() ?? '';
  if (action === 'keep' && opinion.length < 2) throw invalid('维持须说明理由', [{ path: 'opinion', message: '请填写维持的理由（如核实情况、依据）' }]);
  if (action === 'transfer') {
    if (!input.department || !(TRANSFER_DEPARTMENTS as readonly string[]).includes(input.department)) {
      throw invalid('请选择转办的部门', [{ path: 'department', message: `应为：${TRANSFER_DEPARTMENTS.join('、')}` }]);
    }
  }
  if (action === 'adjust' && opinion.length < 2) throw invalid('需调整须说明核实情况', [{ path: 'opinion', message: '请填写核实情况和调整建议' }]);
  if (opinion.length > 500) throw invalid('意见过长', [{ path: 'opinion', message: '不超过500个字' }]);
  return TO[action];
}
