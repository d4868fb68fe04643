/** Names shared by the payments server and its pages: permissions, audit actions, states, kinds. */

export const PAYMENTS_PERMISSIONS: Record<string, string> = {
  'payments.read': '查看资金发放（发放表、待遇、发放记录、报表）',
  'payments.prepare': '生成发放表、生成重发批次',
  'payments.review': '复核发放表',
  'payments.approve': '审批发放表、对账，设定一次性发放与银行格式，追回核销',
  'payments.export': '导出银行代发文件、导入银行回盘',
};

export const PAYMENTS_AUDIT_ACTIONS: Record<string, string> = {
  'payments.entitlement_record': '记录待遇',
  'payments.entitlement_end': '停发待遇',
  'payments.entitlement_record_bulk': '批量记录待遇',
  'payments.entitlement_end_bulk': '批量停发待遇',
  'payments.grant_record': '记录一次性救助金',
  'payments.roll_generate': '生成发放表',
  'payments.roll_regenerate': '重新生成发放表',
  'payments.roll_discard': '删除发放表草稿',
  'payments.roll_action': '办理发放表',
  'payments.export': '导出银行代发文件',
  'payments.roll_export_xlsx': '导出发放表',
  'payments.return_accept': '导入银行回盘',
  'payments.return_reject': '拒收银行回盘',
  'payments.reissue': '生成重发批次',
  'payments.transfer_abandon': '放弃重发',
  'payments.recovery_settle': '追回款结清登记',
  'payments.run_create': '设定一次性发放',
  'payments.bank_profile': '设定银行格式',
  'payments.report_export': '导出发放报表',
  'payments.hold': '暂停发放',
  'payments.hold_release': '恢复发放',
};

export const ROLL_STATES = ['draft', 'reviewed', 'approved', 'exported', 'returned', 'reconciled'] as const;
export type RollState = (typeof ROLL_STATES)[number];

export const ROLL_STATE_NAMES: Record<RollState, string> = {
  draft: '草稿',
  reviewed: '已复核',
  approved: '已审批',
  exported: '已导出',
  returned: '银行已回盘',
  reconciled: '已对账',
};

export const ROLL_KINDS = ['regular', 'run', 'reissue'] as const;
export type RollKind = (typeof ROLL_KINDS)[number];
export const ROLL_KIND_NAMES: Record<RollKind, string> = { regular: '月度发放', run: '一次性发放', reissue: '失败重发' };

export const LINE_KINDS = ['regular', 'grant', 'run', 'backpay', 'recovery', 'offset', 'reissue'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export const LINE_KIND_NAMES: Record<LineKind, string> = {
  regular: '按月发放',
  grant: '一次性救助',
  run: '一次性补贴',
  backpay: '补发',
  recovery: '追回',
  offset: '抵扣追回款',
  reissue: '失败重发',
};

export const TRANSFER_STATUSES = ['sent', 'paid', 'failed'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export const TRANSFER_STATUS_NAMES: Record<TransferStatus, string> = { sent: '已发送银行', paid: '成功', failed: '失败' };

export const RUN_KINDS = ['holiday', 'price_subsidy'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const RUN_KIND_NAMES: Record<RunKind, string> = { holiday: '节日生活补贴', price_subsidy: '物价补贴' };

export const ORIGIN_KINDS = ['case_decision', 'adjustment', 'one_off', 'end'] as const;
export type OriginKind = (typeof ORIGIN_KINDS)[number];
export const ORIGIN_KIND_NAMES: Record<OriginKind, string> = {
  case_decision: '审批决定', adjustment: '调整', one_off: '一次性救助', end: '停发',
};

export const SETTLEMENT_METHODS = ['refund', 'waived'] as const;
export type SettlementMethod = (typeof SETTLEMENT_METHODS)[number];
export const SETTLEMENT_METHOD_NAMES: Record<SettlementMethod | 'offset', string> = { refund: '退回', waived: '核销', offset: '抵扣' };
