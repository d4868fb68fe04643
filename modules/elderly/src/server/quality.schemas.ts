/** zod schemas of the quality routes: what they accept (Chinese messages) and what they return (OpenAPI). */
import { z } from 'zod';
import { isValidRegionCode } from '@mz/kernel';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期不存在');
export const idParam = z.object({ id: z.uuid('编号格式不正确') });
export const regionCode = z.string().refine(isValidRegionCode, '区划代码应为 2、4、6、9 或 12 位数字').transform((c) => c.padEnd(12, '0'));
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
const boolFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

const score = (name: string, max: number) => z.number({ error: `请填写${name}得分` }).min(0, `${name}得分不能为负`).max(max, `${name}得分不能超过 ${max} 分`);
export const scoresSchema = z.object({
  environment: score('环境', 120), facilities: score('设施设备', 130), operations: score('运营管理', 150), service: score('服务', 600),
}).strict();
const note = z.string().max(500, '说明不能超过 500 字');
export const itemNotesSchema = z.object({ environment: note.optional(), facilities: note.optional(), operations: note.optional(), service: note.optional() }).strict();

export const ratingCreateBody = z.object({
  institutionId: z.uuid('请选择机构'), ratedOn: isoDate, scores: scoresSchema, itemNotes: itemNotesSchema.optional(),
  evaluators: z.string().trim().max(200, '评定人员不能超过 200 字').optional(),
}).strict();
export const ratingUpdateBody = ratingCreateBody.omit({ institutionId: true }).extend({ version: z.number().int() }).strict();
export const ratingActionBody = z.object({
  action: z.enum(['submit', 'return', 'confirm'], '操作应为 提交/退回/确认'), opinion: z.string().trim().max(500, '意见不能超过 500 字').optional(), version: z.number().int(),
}).strict();
export const ratingListQuery = z.object({
  status: z.enum(['draft', 'submitted', 'confirmed']).optional(), institutionId: z.uuid('机构编号格式不正确').optional(), regionCode: regionCode.optional(), ...page,
});

const severity = z.enum(['major', 'general'], '问题等级应为 重大隐患/一般问题');
export const inspectionCreateBody = z.object({
  institutionId: z.uuid('请选择机构'),
  kind: z.enum(['fire', 'service', 'combined'], '检查类别应为 消防安全/服务质量/综合'),
  inspectedOn: isoDate,
  inspectors: z.array(z.string().trim().min(1, '检查人员姓名不能为空').max(20, '姓名不能超过 20 字')).min(1, '请填写检查人员').max(10, '检查人员不超过 10 人'),
  summary: z.string().trim().max(1000, '检查小结不能超过 1000 字').optional(),
  items: z.array(z.object({
    itemCode: z.string().max(20), result: z.enum(['pass', 'fail', 'na'], '结果应为 符合/不符合/不适用'), note: note.optional(),
    severity: severity.optional(), deadline: isoDate.optional(), description: z.string().trim().max(500, '问题描述不能超过 500 字').optional(),
  }).strict()).min(1, '请填写检查结果').max(200),
}).strict();
export const inspectionListQuery = z.object({
  institutionId: z.uuid('机构编号格式不正确').optional(), kind: z.enum(['fire', 'service', 'combined']).optional(), regionCode: regionCode.optional(), ...page,
});
export const findingListQuery = z.object({
  status: z.enum(['open', 'rectified', 'verified', 'unresolved']).optional(), overdue: boolFlag.optional(), severity: severity.optional(),
  institutionId: z.uuid('机构编号格式不正确').optional(), regionCode: regionCode.optional(), ...page,
});
export const findingActionBody = z.object({
  action: z.enum(['rectify', 'verify', 'reject'], '操作应为 报送整改/验证通过/验证不通过'),
  note: z.string().trim().max(1000, '说明不能超过 1000 字').optional(), rectifiedOn: isoDate.optional(), version: z.number().int(),
}).strict();

export const paramBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('grade_thresholds'), regionCode: regionCode.optional(), effectiveFrom: isoDate, note: z.string().trim().max(500).optional(),
    value: z.array(z.object({
      grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], '等级应为 1 至 5'),
      minTotal: z.number().int('总分线应为整数'), minPartPercent: z.number().int('得分率应为整数'),
    }).strict()).length(5, '应分别设置一级至五级的标准'),
  }).strict(),
  z.object({
    kind: z.literal('rectify_days'), regionCode: regionCode.optional(), effectiveFrom: isoDate, note: z.string().trim().max(500).optional(),
    value: z.object({ major: z.number().int('天数应为整数'), general: z.number().int('天数应为整数') }).strict(),
  }).strict(),
], { error: '参数类别应为 grade_thresholds 或 rectify_days' });

export const indicatorQuery = z.object({ region: regionCode.optional(), date: isoDate.optional() });
export const institutionPickQuery = z.object({ q: z.string().trim().max(50).optional(), careHomesOnly: boolFlag.optional() });

// ---- responses (loose: the service views are the contract, docs/api/elderly-quality-contract.md) ----
const scores = z.object({ environment: z.number(), facilities: z.number(), operations: z.number(), service: z.number() });
export const ratingView = z.looseObject({
  id: z.string(), ratingNo: z.number(), institutionId: z.string(), institutionName: z.string(), regionCode: z.string(), regionName: z.string().nullable(),
  status: z.enum(['draft', 'submitted', 'confirmed']), statusName: z.string(), ratedOn: z.string(), scores, total: z.number(),
  grade: z.number().nullable(), gradeName: z.string(), gradedOn: z.string().nullable(), version: z.number(),
});
export const ratingDetail = ratingView.extend({
  result: z.looseObject({ total: z.number(), grade: z.number().nullable(), gradeName: z.string(), parts: z.array(z.looseObject({ key: z.string(), score: z.number(), percent: z.number() })), shortOfNext: z.array(z.string()) }),
  thresholds: z.array(z.object({ grade: z.number(), minTotal: z.number(), minPartPercent: z.number() })), thresholdsSource: z.string(),
  events: z.array(z.looseObject({ action: z.string(), actionName: z.string(), toStatus: z.string(), at: z.string() })),
  availableActions: z.array(z.object({ key: z.string(), name: z.string() })),
});
export const checkItemView = z.object({ code: z.string(), category: z.enum(['fire', 'service']), categoryName: z.string(), seq: z.number(), title: z.string(), basis: z.string(), usualSeverity: z.enum(['major', 'general']) });
export const findingView = z.looseObject({
  id: z.string(), institutionId: z.string(), institutionName: z.string(), itemCode: z.string(), itemTitle: z.string(), severity: z.enum(['major', 'general']), severityName: z.string(),
  description: z.string(), foundOn: z.string(), deadline: z.string(), status: z.enum(['open', 'rectified', 'verified']), statusName: z.string(), overdue: z.boolean(), daysLeft: z.number(), version: z.number(),
});
export const findingDetail = findingView.extend({
  events: z.array(z.looseObject({ action: z.string(), actionName: z.string(), at: z.string() })), availableActions: z.array(z.object({ key: z.string(), name: z.string() })),
});
export const inspectionView = z.looseObject({
  id: z.string(), inspectionNo: z.number(), institutionId: z.string(), institutionName: z.string(), kind: z.enum(['fire', 'service', 'combined']), kindName: z.string(),
  inspectedOn: z.string(), inspectors: z.array(z.string()), itemsChecked: z.number(), itemsFailed: z.number(), openFindings: z.number(), overdueFindings: z.number(),
});
export const inspectionDetail = inspectionView.extend({
  summary: z.string().nullable(), items: z.array(z.looseObject({ itemCode: z.string(), result: z.enum(['pass', 'fail', 'na']), resultName: z.string() })), findings: z.array(findingView),
});
export const openFindingsRow = z.object({
  institutionId: z.string(), institutionName: z.string(), regionCode: z.string(), regionName: z.string().nullable(),
  open: z.number(), awaitingVerification: z.number(), overdue: z.number(), major: z.number(), earliestDeadline: z.string().nullable(),
});
const counts = z.record(z.string(), z.number());
const indicatorRow = z.object({
  regionCode: z.string(), regionName: z.string(), level: z.number(), hasChildren: z.boolean(), direct: z.boolean(), counts,
  values: z.array(z.object({ code: z.string(), numerator: z.number(), denominator: z.number().nullable(), value: z.number().nullable() })),
});
export const indicatorReportView = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.number(), parentCode: z.string().nullable() }), date: z.string(),
  total: indicatorRow, children: z.array(indicatorRow),
});
export const indicatorCatalogueView = z.object({ items: z.array(z.looseObject({ code: z.string(), name: z.string(), unit: z.string(), definition: z.string(), numerator: z.string(), additive: z.boolean() })) });
export const paramRowView = z.looseObject({ id: z.string(), kind: z.string(), regionCode: z.string(), regionName: z.string().nullable(), effectiveFrom: z.string(), value: z.unknown() });
export const resolvedParamView = z.looseObject({ id: z.string().nullable(), regionCode: z.string().nullable(), effectiveFrom: z.string().nullable(), value: z.unknown(), source: z.string() });
export const institutionPickView = z.object({
  id: z.string(), name: z.string(), kind: z.string(), status: z.string(), regionCode: z.string(), regionName: z.string().nullable(), grade: z.number().nullable(), gradedOn: z.string().nullable(),
});
