export const VERIFICATION_PERMISSIONS: Record<string, string> = {
  'verification.read': '查看核对数据目录、监测运行与预警',
  'verification.import': '导入部门核对数据',
  'verification.handle': '发起监测运行、核实处置预警',
  'verification.rules': '配置监测规则与数据保留期限',
};

export const VERIFICATION_AUDIT_ACTIONS: Record<string, string> = {
  'verification.import': '导入核对数据',
  'verification.import_failed': '核对数据导入失败',
  'verification.purge': '清除过期核对数据',
  'verification.run': '监测比对运行',
  'verification.silent_run': '静默认证运行',
  'verification.alert_view': '查看预警详情',
  'verification.alert_action': '处置预警',
  'verification.rule_update': '修改监测规则',
  'verification.source_update': '修改数据来源设置',
  'verification.request': '发起家庭经济状况核对',
  'verification.report_view': '查看家庭经济状况核对报告',
};
