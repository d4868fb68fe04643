/** The inputs of 居家社区养老服务 as zod schemas (Chinese messages): the routes parse with them. */
import { z } from 'zod';
import { isValidRegionCode, parseCreditCode } from '@mz/kernel';
import { HOMECARE_GROUPS, PROVIDER_STATUSES, SERVICE_CATEGORIES, SERVICE_UNITS } from './homecare.names.ts';
import { ORDER_STATES } from './homecare.rules.ts';

export const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期应为 YYYY-MM-DD');
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM');
/** An instant with its offset, as the browser sends it ('2026-11-02T09:00:00+08:00'). */
export const instant = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), '时间格式不正确，应含日期、时间和时区');
const regionCode = z.string().refine((s) => isValidRegionCode(s) && s.length === 12, '区划代码应为12位统计用区划代码');
const text = (label: string, min: number, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(min, min <= 1 ? `请填写${label}` : `${label}至少${min}个字`).max(max, `${label}不超过${max}个字`);
const version = z.number({ error: '缺少版本号' }).int().min(1);

export const creditCode = z.string({ error: '请填写统一社会信用代码' }).transform((s, ctx) => {
  const r = parseCreditCode(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  }
  return r.value;
});

export const providerInput = z.object({
  name: text('服务商名称', 2, 100),
  creditCode,
  contactName: text('联系人', 1, 50),
  contactPhone: z.string({ error: '请填写联系电话' }).trim().regex(/^[0-9-]{7,20}$/, '联系电话应为7至20位数字（可含-）'),
  serviceRegions: z.array(regionCode, { error: '请选择服务区域' }).min(1, '请至少选择一个服务区域').max(200),
  contractFrom: isoDate,
  contractTo: isoDate,
}).strict().refine((v) => v.contractTo >= v.contractFrom, { message: '合同截止日期不能早于开始日期', path: ['contractTo'] });
export type ProviderInput = z.infer<typeof providerInput>;

export const providerPatch = z.object({
  version,
  name: text('服务商名称', 2, 100).optional(),
  contactName: text('联系人', 1, 50).optional(),
  contactPhone: z.string().trim().regex(/^[0-9-]{7,20}$/, '联系电话应为7至20位数字（可含-）').optional(),
  serviceRegions: z.array(regionCode).min(1, '请至少选择一个服务区域').max(200).optional(),
  contractFrom: isoDate.optional(),
  contractTo: isoDate.optional(),
  status: z.enum(PROVIDER_STATUSES, { error: '状态应为 合作中/暂停派单/已终止' }).optional(),
}).strict();
export type ProviderPatch = z.infer<typeof providerPatch>;

export const catalogueInput = z.object({
  code: z.string({ error: '请填写服务项目编码' }).trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, '编码为2至20位大写字母、数字或-'),
  name: text('服务项目名称', 2, 50),
  category: z.enum(SERVICE_CATEGORIES, { error: '请选择服务类别' }),
  unit: z.enum(SERVICE_UNITS, { error: '计价单位应为 次 或 小时' }),
  priceFen: z.number({ error: '请填写单价' }).int('单价以分为单位，应为整数').min(1, '单价应大于0').max(10_000_000, '单价过大'),
  effectiveFrom: isoDate,
}).strict();
export type CatalogueInput = z.infer<typeof catalogueInput>;

export const budgetParamInput = z.object({
  regionCode,
  group: z.enum(HOMECARE_GROUPS, { error: '请选择服务对象类别' }),
  monthlyBudgetFen: z.number({ error: '请填写月预算' }).int('月预算以分为单位，应为整数').min(0).max(10_000_000, '月预算过大'),
  fromMonth: yearMonth,
}).strict();
export type BudgetParamInput = z.infer<typeof budgetParamInput>;

export const enrolInput = z.object({
  personId: z.uuid('请选择老人'),
  groups: z.array(z.enum(HOMECARE_GROUPS, { error: '服务对象类别不正确' })).min(1, '请至少选择一个服务对象类别').max(5)
    .refine((g) => new Set(g).size === g.length, '服务对象类别重复'),
  declaredReason: text('认定依据', 2, 500).optional(),
  enrolledOn: isoDate.optional(),
  note: z.string().trim().max(500, '备注不超过500个字').optional(),
}).strict();
export type EnrolInput = z.infer<typeof enrolInput>;

export const stopInput = z.object({ version, reason: text('停止原因', 2, 200), stoppedOn: isoDate.optional() }).strict();
export type StopInput = z.infer<typeof stopInput>;

export const orderInput = z.object({
  beneficiaryId: z.uuid('请选择服务对象'),
  itemCode: z.string({ error: '请选择服务项目' }).trim().min(2, '请选择服务项目').max(20),
  quantity: z.number().int('服务次数应为整数').min(1, '服务次数至少1次').max(99, '服务次数不超过99次').optional(),
  plannedOn: isoDate,
  demand: z.string().trim().max(500, '需求描述不超过500个字').optional(),
}).strict();
export type OrderInput = z.infer<typeof orderInput>;

/** One body for every order action; each action reads its own fields (checked in the service). */
export const orderActionInput = z.object({
  version,
  providerId: z.uuid('请选择服务商').optional(),
  workerName: text('服务人员姓名', 1, 50).optional(),
  startedAt: instant.optional(),
  endedAt: instant.optional(),
  quantity: z.number().int('服务次数应为整数').min(1, '服务次数至少1次').max(99, '服务次数不超过99次').optional(),
  rating: z.number({ error: '请选择满意度评分' }).int().min(1, '评分为1至5分').max(5, '评分为1至5分').optional(),
  comment: z.string().trim().max(500, '回访意见不超过500个字').optional(),
  reason: text('取消原因', 2, 200).optional(),
}).strict();
export type OrderActionInput = z.infer<typeof orderActionInput>;

export const orderQuery = z.object({
  state: z.enum(ORDER_STATES).optional(),
  month: yearMonth.optional(),
  providerId: z.uuid().optional(),
  beneficiaryId: z.uuid().optional(),
  /** A region inside the caller's jurisdiction (当前查看区划); ignored outside it. */
  regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位').optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type OrderQuery = z.infer<typeof orderQuery>;

export const timebankInput = z.object({
  personId: z.uuid('请选择志愿者'),
  counterpartPersonId: z.uuid('请选择服务对象').optional(),
  serviceDate: isoDate,
  hours: z.number({ error: '请填写服务时长' }),
  description: text('服务内容', 2, 200),
}).strict();
export type TimebankInput = z.infer<typeof timebankInput>;
