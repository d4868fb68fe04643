export const STATISTICS_PERMISSIONS: Record<string, string> = {
  'statistics.read': '查看统计指标、监测看板及数字背后的明细（本辖区）',
  'statistics.report': '生成、上报统计报表；刷新指标数据（省级）',
};

export const STATISTICS_AUDIT_ACTIONS: Record<string, string> = {
  'statistics.refresh': '刷新统计指标',
  'statistics.records_view': '查看统计数字背后的明细',
  'statistics.report_generate': '生成统计报表',
  'statistics.report_submit': '上报统计报表',
  'statistics.report_export': '导出统计报表',
};
