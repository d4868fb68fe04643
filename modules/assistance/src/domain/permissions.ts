/**
 * Permission codes of 社会救助 (checked on routes) and the audit action codes its case, parameter
 * and print services write, with the Chinese names the role pages and the audit viewer show. (The
 * near-kin register declares its own two codes beside its service.)
 */

export const ASSISTANCE_PERMISSIONS: Readonly<Record<string, string>> = {
  'assistance.read': '查询社会救助案件（脱敏）',
  'assistance.apply': '登记社会救助申请',
  'assistance.handle': '办理社会救助案件（受理、调查、审核、审批）',
  'assistance.params': '维护社会救助政策参数与近亲属备案',
  'assistance.supervise': '社会救助督办（超期案件、特困抽查）',
};

export const ASSISTANCE_AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  'assistance.case_apply': '登记社会救助申请',
  'assistance.case_action': '办理社会救助案件',
  'assistance.case_view': '查看社会救助案件',
  'assistance.param_create': '新增政策参数',
  'assistance.spot_check': '特困抽查抽取',
  'assistance.notice_print': '打印救助决定书',
  'assistance.publicity_print': '打印公示名单',
  'assistance.edge_family_recognise': '认定低保边缘家庭',
  'assistance.edge_family_end': '终止低保边缘家庭认定',
  'assistance.rigid_family_recognise': '认定刚性支出困难家庭',
  'assistance.rigid_family_end': '终止刚性支出困难家庭认定',
};
