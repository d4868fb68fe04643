/**
 * Closed code lists of 社会救助 (低保, 特困供养, 临时救助) with the Chinese labels that forms, tables,
 * notices and the publicity list show. Codes are stable English words (docs/glossary.md); the
 * labels may be polished without touching stored data.
 */

export const PROGRAMMES = { dibao: '最低生活保障', tekun: '特困人员救助供养', linshi: '临时救助' } as const;
/** Short names for tables and menus. */
export const PROGRAMME_SHORT_NAMES = { dibao: '低保', tekun: '特困供养', linshi: '临时救助' } as const;
export type Programme = keyof typeof PROGRAMMES;
export const PROGRAMME_KEYS = Object.keys(PROGRAMMES) as Programme[];

/**
 * Kinds of monthly income. Whether a kind counts differs by programme (低保办法第十三条,
 * 特困办法第六条); the calculators hold those lists, this file only names the kinds.
 */
export const INCOME_KINDS = {
  wage: '工资性收入',
  business: '经营净收入',
  property_income: '财产净收入（租金、利息等）',
  pension: '离退休金、职工养老金等养老保险待遇',
  support_received: '收到的赡养费、抚养费、扶养费',
  transfer_other: '其他转移性收入',
  old_age_allowance: '高龄津贴',
  other: '其他收入',
  special_care: '优待抚恤金',
  family_planning: '计划生育奖励与扶助金',
  scholarship: '奖学金',
  reward: '见义勇为等奖励性补助',
  social_assistance: '政府发放的各类社会救助款物',
  basic_pension: '城乡居民基本养老保险基础养老金',
  medical_insurance: '基本医疗保险等医疗保障待遇',
  locally_exempt: '当地规定不计入家庭收入的其他项目',
} as const;
export type IncomeKind = keyof typeof INCOME_KINDS;

/** Spending deducted from household income (低保办法第十三条第一款转移净收入、第三款). */
export const DEDUCTION_KINDS = {
  disability_rigid: '因残疾产生的刚性支出',
  illness_rigid: '因患重病产生的刚性支出（医保报销后自付部分）',
  employment_cost: '必要的就业成本',
  tax_social_insurance: '个人缴纳的税费和社会保险费',
  support_paid: '支付的赡养费、抚养费、扶养费',
} as const;
export type DeductionKind = keyof typeof DEDUCTION_KINDS;

/** 分类施保 categories (低保办法第二十七条; amounts per category are local policy parameters). */
export const DIBAO_CATEGORIES = {
  elderly: '老年人',
  minor: '未成年人',
  student: '在校学生',
  single_parent: '单亲家庭成员',
  severe_disability: '重度残疾人',
  serious_illness: '重病患者',
} as const;
export type DibaoCategory = keyof typeof DIBAO_CATEGORIES;

/** Why one member of a household may be covered alone (单人保; 低保办法第八条, 2022通知一(一)). */
export const SINGLE_PERSON_REASONS = {
  severe_disability: '低保边缘家庭中持有残疾人证的一级、二级重度残疾人',
  intellectual_mental_3: '低保边缘家庭中的三级智力残疾人、三级精神残疾人',
  serious_illness: '低保边缘家庭中患有当地有关部门认定的重特大疾病的人员',
  clergy: '脱离家庭、在宗教场所居住三年以上（含三年）的生活困难的宗教教职人员',
  jobless_severely_disabled: '成年无业重度残疾人（参照单人户）',
  county_defined: '县级以上人民政府民政部门规定的其他特殊困难人员',
} as const;
export type SinglePersonReason = keyof typeof SINGLE_PERSON_REASONS;

/** Situation of a legal supporter of a 特困 applicant (特困办法第八条). Only `able` blocks recognition. */
export const OBLIGOR_CIRCUMSTANCES = {
  able: '具有履行赡养、抚养、扶养义务的能力',
  tekun: '本人为特困人员',
  dibao_elderly: '60周岁以上的最低生活保障对象',
  elderly_70_low_income: '70周岁以上的老年人，本人收入低于当地上年人均可支配收入，且财产符合当地低收入家庭财产状况规定',
  severe_disability_low_income: '重度残疾人或三级智力、精神残疾人，本人收入低于当地上年人均可支配收入，且财产符合当地低收入家庭财产状况规定',
  incapacitated: '无民事行为能力、被宣告失踪或者在监狱服刑的人员，且财产符合当地低收入家庭财产状况规定',
  provincial_other: '省、自治区、直辖市人民政府规定的其他情形',
} as const;
export type ObligorCircumstance = keyof typeof OBLIGOR_CIRCUMSTANCES;

export const CARE_MODES = { centralized: '集中供养', dispersed: '分散供养' } as const;
export type CareMode = keyof typeof CARE_MODES;

/** 照料护理 tiers from the self-care assessment (特困办法第二十二条). */
export const CARE_TIERS = { self: '全自理', semi: '半护理', full: '全护理' } as const;
export type CareTier = keyof typeof CARE_TIERS;
export const CARE_TIER_DESCRIPTIONS: Readonly<Record<CareTier, string>> = {
  self: '具备生活自理能力',
  semi: '部分丧失生活自理能力',
  full: '完全丧失生活自理能力',
};

/** The six self-care items (特困办法第二十一条); true in an assessment = the person can do it alone. */
export const SELF_CARE_ITEMS = {
  eat: '自主吃饭',
  dress: '自主穿衣',
  bed: '自主上下床',
  toilet: '自主如厕',
  walk: '室内自主行走',
  bath: '自主洗澡',
} as const;
export type SelfCareItem = keyof typeof SELF_CARE_ITEMS;

export const LINSHI_TYPES = { emergency: '急难型', expenditure: '支出型' } as const;
export type LinshiType = keyof typeof LINSHI_TYPES;

/** Forms of temporary assistance (国发〔2014〕47号). */
export const LINSHI_FORMS = { cash: '发放救助金', in_kind: '发放实物', referral: '提供转介服务' } as const;
export type LinshiForm = keyof typeof LINSHI_FORMS;

/** Who confirms 低保/特困 or approves 临时救助 (低保办法第二条; 救助法第四十四条; 暂行办法第四十八条). */
export const DECIDING_LEVELS = { county: '县级人民政府民政部门', township: '乡镇人民政府（街道办事处）' } as const;
export type DecidingLevel = keyof typeof DECIDING_LEVELS;

/** Reasons that allow the 45-working-day extension (低保办法第二十二条; 2022通知四(一)). */
export const EXTENSION_REASONS = {
  objection: '公示期间有异议',
  separated_residence: '人户分离',
  cross_region: '异地申请',
  difficult_investigation: '家庭经济状况调查核实难度较大',
  other: '其他特殊情况',
} as const;
export type ExtensionReason = keyof typeof EXTENSION_REASONS;

/** What the county checks on request (低保办法第十七条). */
export const VERIFICATION_ITEMS = {
  hukou: '户籍',
  tax: '纳税记录',
  social_insurance: '社会保险缴纳',
  real_estate: '不动产登记',
  market_entity: '市场主体登记',
  housing_fund: '住房公积金缴纳',
  vehicle: '车船登记',
  deposit: '银行存款',
  commercial_insurance: '商业保险',
  securities: '证券',
  internet_finance: '互联网金融资产',
} as const;
export type VerificationItem = keyof typeof VERIFICATION_ITEMS;

/** Why a 低保 benefit stops (低保办法第三十二至三十四条; 2022通知一(三)、五(五)). */
export const DIBAO_TERMINATION_CAUSES = {
  income_exceeds: '家庭收入、财产状况不再符合条件',
  taper_ended: '渐退期满',
  death: '保障对象死亡',
  moved: '户籍迁出或不再共同生活',
  refused_work: '无正当理由连续三次拒绝介绍的工作',
  fraud: '隐瞒收入、财产或骗取低保',
  voluntary: '本人（家庭）申请退出',
  other: '其他原因',
} as const;
export type DibaoTerminationCause = keyof typeof DIBAO_TERMINATION_CAUSES;

/** Why 特困 support ends (特困办法第二十四条). */
export const TEKUN_TERMINATION_CAUSES = {
  death: '死亡、被宣告死亡或者被宣告失踪',
  gained_capacity: '具备或者恢复劳动能力',
  imprisoned: '依法被判处刑罚，且在监狱服刑',
  no_longer_poor: '收入和财产状况不再符合规定条件',
  obligor_able: '法定义务人具有了履行义务能力或者新增具有履行义务能力的法定义务人',
  voluntary: '自愿申请退出',
  other: '其他原因',
} as const;
export type TekunTerminationCause = keyof typeof TEKUN_TERMINATION_CAUSES;

/** How a written notice reached the family. */
export const DELIVERY_METHODS = { in_person: '直接送达', post: '邮寄送达', electronic: '电子送达', via_village: '委托村（居）委会送达' } as const;
export type DeliveryMethod = keyof typeof DELIVERY_METHODS;

/** How money or goods were handed over (低保办法第二十五条: 社会化发放 by preference). */
export const PAYMENT_METHODS = { bank: '银行（信用社）账户', cash: '现金', in_kind: '实物' } as const;
export type PaymentMethod = keyof typeof PAYMENT_METHODS;

/** How a 低保边缘家庭 came to be recognised (低保办法第八条第二款; 2022通知一(四)). */
export const EDGE_FAMILY_SOURCES = {
  dibao_refused: '低保申请不予确认时认定',
  dibao_terminated: '低保停保（收入超过标准）时认定',
  single_person: '单人保申请时认定',
  direct: '乡镇（街道）直接认定',
} as const;
export type EdgeFamilySource = keyof typeof EDGE_FAMILY_SOURCES;

export const PARAM_UNITS = { fen: '元', ratio: '比例（倍数）', count: '个（辆、套）', level: '层级', days: '天', months: '个月', hours: '小时' } as const;
export type ParamUnit = keyof typeof PARAM_UNITS;
