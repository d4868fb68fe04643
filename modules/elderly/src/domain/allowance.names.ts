/** 高龄津贴与养老补贴: the permission and audit codes this part checks and writes. */
export const ALLOWANCE_PERMISSIONS: Record<string, string> = {
  'elderly.allowance.apply': '高龄津贴与养老补贴：代老年人提出申请、生成高龄津贴资格名单和养老补贴复核名单（经办）',
  'elderly.allowance.approve': '高龄津贴与养老补贴：审批申请、资格名单与复核名单、停发（县级审批）',
  'elderly.allowance.params': '高龄津贴与养老补贴：设定年龄段、标准与发放方式（省、市、县）',
};

export const ALLOWANCE_AUDIT_ACTIONS: Record<string, string> = {
  'elderly.allowance.param_set': '设定高龄津贴与养老补贴参数',
  'elderly.allowance.run_create': '生成高龄津贴资格名单或养老补贴复核名单',
  'elderly.allowance.run_approve': '审批高龄津贴资格名单或养老补贴复核名单',
  'elderly.allowance.apply': '提出高龄津贴或养老补贴申请',
  'elderly.allowance.approve': '批准高龄津贴或养老补贴申请',
  'elderly.allowance.reject': '不予批准高龄津贴或养老补贴申请',
  'elderly.allowance.stop': '停发高龄津贴或养老补贴',
  'elderly.allowance.level_change': '按新评估等级调整养老补贴',
};
