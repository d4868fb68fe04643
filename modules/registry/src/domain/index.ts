export * from './person.codes.ts';
export * from './person.schema.ts';
export * from './person.rules.ts';
export type * from './person.view.ts';
export * from './name-initials.ts';

/** Permissions of the registry. */
export const REGISTRY_PERMISSIONS: Record<string, string> = {
  'person.read': '查询人员与家庭（脱敏）',
  'person.write': '录入、修改人员与家庭',
  'person.read_full': '查看人员完整信息（不脱敏，逐次审计）',
  'person.import': '批量导入人员与家庭',
  'person.export_full': '导出不脱敏数据（逐次审计）',
};

export const REGISTRY_AUDIT_ACTIONS: Record<string, string> = {
  'person.create': '登记人员',
  'person.update': '修改人员',
  'person.view_full': '查看人员完整信息',
  'person.merge': '合并重复人员',
  'person.duplicate_dismiss': '确认非重复人员',
  'person.duplicate_detect': '查找疑似重复人员',
  'household.create': '建立家庭',
  'household.member_add': '家庭成员迁入',
  'household.member_leave': '家庭成员迁出',
  'household.split': '分户',
  'household.merge': '合户',
  'registry.import': '批量导入',
  'registry.import_undo': '撤销导入批次',
  'registry.export': '导出人员名单',
};
