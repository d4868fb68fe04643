/** 机构与床位: the permission and audit codes this part checks and writes. */
export const INSTITUTION_PERMISSIONS: Record<string, string> = {
  'elderly.institution.manage': '管理养老机构（登记、备案、状态、床位、入住、工作人员、绑定机构经办账号）',
  'elderly.institution.operate': '办理本机构业务（床位、入住退住、工作人员、备案材料；限绑定的机构）',
};

export const INSTITUTION_AUDIT_ACTIONS: Record<string, string> = {
  'elderly.institution.create': '登记养老机构',
  'elderly.institution.update': '修改养老机构信息',
  'elderly.institution.file': '养老机构备案',
  'elderly.institution.status': '变更养老机构状态（暂停、关闭、恢复）',
  'elderly.institution.document_add': '上传备案材料',
  'elderly.institution.document_remove': '撤回备案材料',
  'elderly.institution.document_view': '查看备案材料',
  'elderly.institution.operator_bind': '绑定机构经办账号',
  'elderly.institution.operator_unbind': '解除机构经办账号绑定',
  'elderly.bed.add': '新增床位',
  'elderly.bed.service': '床位停用或恢复使用',
  'elderly.resident.check_in': '办理入住',
  'elderly.resident.check_out': '办理退住',
  'elderly.resident.move': '调换床位',
  'elderly.staff.add': '登记工作人员',
  'elderly.staff.update': '修改工作人员信息',
  'elderly.staff.leave': '工作人员离职',
};
