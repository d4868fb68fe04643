/** 居家社区养老服务: the permission and audit codes this part checks and writes, and its vocabulary. */
export const HOMECARE_PERMISSIONS: Record<string, string> = {
  'elderly.homecare.manage': '管理居家养老服务商、服务目录、预算标准与服务对象（县级）',
  'elderly.homecare.order': '登记居家养老服务需求、派单、记录上门服务与回访',
  'elderly.homecare.settle': '生成居家养老服务月度结算、导出结算表（县级）',
  'elderly.homecare.timebank': '时间银行：登记志愿服务时长与兑换',
};

export const HOMECARE_AUDIT_ACTIONS: Record<string, string> = {
  'elderly.homecare.provider_save': '保存居家养老服务商',
  'elderly.homecare.catalogue_save': '保存居家养老服务目录价格',
  'elderly.homecare.budget_param': '设定居家养老服务月预算标准',
  'elderly.homecare.enrol': '纳入居家养老服务对象',
  'elderly.homecare.stop': '停止居家养老服务对象',
  'elderly.homecare.order_register': '登记居家养老服务需求',
  'elderly.homecare.order_action': '办理居家养老服务工单',
  'elderly.homecare.settle': '生成居家养老服务月度结算',
  'elderly.homecare.settlement_export': '导出居家养老服务结算表',
  'elderly.homecare.timebank_credit': '时间银行记入服务时长',
  'elderly.homecare.timebank_redeem': '时间银行兑换服务时长',
};

/** 服务对象类别 (the government-purchased service's eligible groups). */
export const HOMECARE_GROUPS = ['shidu', 'disabled', 'dementia', 'empty_nest_80', 'low_income'] as const;
export type HomecareGroup = (typeof HOMECARE_GROUPS)[number];
export const HOMECARE_GROUP_NAMES: Record<HomecareGroup, string> = {
  shidu: '失独老人', disabled: '失能老人', dementia: '失智老人', empty_nest_80: '80岁以上空巢老人', low_income: '困难老人',
};

export const SERVICE_CATEGORIES = ['meal', 'cleaning', 'bathing', 'medical', 'mobility', 'emergency', 'companionship', 'rehab_care'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
export const SERVICE_CATEGORY_NAMES: Record<ServiceCategory, string> = {
  meal: '助餐', cleaning: '助洁', bathing: '助浴', medical: '助医', mobility: '助行', emergency: '助急', companionship: '精神慰藉', rehab_care: '康复护理',
};

export const SERVICE_UNITS = ['visit', 'hour'] as const;
export type ServiceUnit = (typeof SERVICE_UNITS)[number];
export const SERVICE_UNIT_NAMES: Record<ServiceUnit, string> = { visit: '次', hour: '小时' };

export const PROVIDER_STATUSES = ['active', 'suspended', 'terminated'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];
export const PROVIDER_STATUS_NAMES: Record<ProviderStatus, string> = { active: '合作中', suspended: '暂停派单', terminated: '已终止' };

export const TIMEBANK_KINDS = ['credit', 'redeem'] as const;
export type TimebankKind = (typeof TIMEBANK_KINDS)[number];
export const TIMEBANK_KIND_NAMES: Record<TimebankKind, string> = { credit: '存入（提供服务）', redeem: '兑换（接受服务）' };
