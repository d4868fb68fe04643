/** 等级评定、检查与指标: the permission and audit codes this part checks and writes. */
export const QUALITY_PERMISSIONS: Record<string, string> = {
  'elderly.quality.read': '查看养老机构等级评定、安全与服务质量检查',
  'elderly.rating.edit': '录入、提交养老机构等级评定',
  'elderly.rating.confirm': '确认或退回养老机构等级评定（县级及以上）',
  'elderly.inspection.record': '录入安全与服务质量检查、验证整改',
  'elderly.finding.rectify': '报送检查发现问题的整改情况',
  'elderly.quality.params': '设置等级评定标准与整改期限（地方参数）',
  'elderly.indicators.read': '查看养老服务指标',
};

export const QUALITY_AUDIT_ACTIONS: Record<string, string> = {
  'elderly.rating.create': '新建养老机构等级评定',
  'elderly.rating.update': '修改养老机构等级评分',
  'elderly.rating.submit': '提交养老机构等级评定',
  'elderly.rating.return': '退回养老机构等级评定',
  'elderly.rating.confirm': '确认养老机构等级',
  'elderly.inspection.create': '录入养老机构检查',
  'elderly.finding.rectify': '报送整改情况',
  'elderly.finding.verify': '验证整改通过',
  'elderly.finding.reject': '验证整改不通过',
  'elderly.quality.param': '设置等级评定与整改期限参数',
};

// The part's pure rules, exported through the module's domain entry (index.ts re-exports this file),
// so the statistics module can adopt the indicator catalogue from '@mz/elderly'.
export * from './quality.grade.ts';
export * from './quality.inspection.ts';
export * from './quality.indicators.ts';
