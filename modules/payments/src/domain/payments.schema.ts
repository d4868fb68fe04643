import { z } from 'zod';
import { monthSchema } from './months.ts';
import { BANK_FIELDS } from './bank-format.ts';
import { RUN_KINDS, SETTLEMENT_METHODS } from './payments.names.ts';

const fen = z.number().int('金额必须是以分为单位的整数').min(0, '金额不能为负数').max(1_000_000_000_00, '金额过大');
const positiveFen = fen.min(1, '金额必须大于 0');
const programmeCode = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '项目代码格式不正确');
const moduleCode = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '来源模块代码格式不正确');
const reason = z.string().trim().min(1, '请填写原因').max(500, '原因不能超过 500 字');

/** Who a line is for. */
export const beneficiarySchema = z.object({
  personId: z.uuid('人员编号格式不正确').optional(),
  householdId: z.uuid('家庭编号格式不正确').optional(),
}).refine((b) => b.personId || b.householdId, { message: '请指定受益人员或家庭' });

const common = {
  programme: programmeCode,
  beneficiary: beneficiarySchema,
  payeePersonId: z.uuid('收款人编号格式不正确').optional(),
  personCount: z.number().int().min(0).max(99).optional(),
  regionCode: z.string().regex(/^\d{12}$/, '区划代码应为 12 位数字'),
  breakdown: z.unknown(),
  ruleVersion: z.string().trim().min(1, '请注明计算规则版本').max(100),
};

/** recordEntitlement's input (service API for programme modules). */
export const entitlementInput = z.object({
  ...common,
  fromMonth: monthSchema,
  toMonth: monthSchema.nullish(),
  monthlyAmountFen: fen,
  origin: z.object({ kind: z.enum(['case_decision', 'adjustment']), sourceModule: moduleCode, sourceId: z.string().min(1).max(100), reason }),
}).refine((e) => !e.toMonth || e.toMonth >= e.fromMonth, { message: '截止月份不能早于起始月份', path: ['toMonth'] });
export type EntitlementInput = z.input<typeof entitlementInput>;

export const endEntitlementInput = z.object({
  sourceModule: moduleCode, sourceId: z.string().min(1).max(100), lastMonth: monthSchema, reason,
});
export type EndEntitlementInput = z.input<typeof endEntitlementInput>;

export const grantInput = z.object({
  ...common,
  month: monthSchema,
  amountFen: positiveFen,
  origin: z.object({ kind: z.literal('one_off'), sourceModule: moduleCode, sourceId: z.string().min(1).max(100), reason }),
  paidOutside: z.object({ paidOn: z.iso.date('日期格式应为 YYYY-MM-DD'), note: z.string().max(200).default('') }).optional(),
});
export type GrantInput = z.input<typeof grantInput>;

/** POST /payments/rolls */
export const rollCreateBody = z.object({ programme: programmeCode, month: monthSchema });

export const versionBody = z.object({ version: z.number().int().min(1) });

/** POST /payments/rolls/{id}/actions/{action} */
export const rollActionBody = z.object({
  version: z.number().int().min(1),
  opinion: z.string().trim().max(500, '意见不能超过 500 字').nullish(),
});

export const exportBody = z.object({
  profileCode: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, '银行格式代码不正确').default('standard'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
});

export const reissueBody = z.object({
  transferNos: z.array(z.number().int().min(1)).max(100_000).optional(),
  includeUnchangedAccounts: z.boolean().default(false),
});

export const abandonBody = z.object({ reason });

export const settlementBody = z.object({
  amountFen: positiveFen,
  method: z.enum(SETTLEMENT_METHODS),
  reason,
});

const decimal = z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, '请填写百分数，如 3.5');

export const runInput = z.object({
  kind: z.enum(RUN_KINDS),
  name: z.string().trim().min(2, '请填写名称').max(100),
  programmes: z.array(programmeCode).min(1, '请至少选择一个项目').max(20),
  basis: z.enum(['person', 'household']),
  amountFen: positiveFen,
  month: monthSchema,
  note: z.string().max(500).default(''),
  trigger: z.object({
    indicator: z.enum(['cpi', 'food_cpi']),
    thresholdPct: decimal,
    observedPct: decimal,
    observedMonth: monthSchema,
    source: z.string().trim().min(2, '请注明数据来源（发布机关和文号或网址）').max(200),
    reason: z.string().trim().min(2, '请说明启动理由').max(500),
  }).optional(),
}).superRefine((r, ctx) => {
  if (r.kind === 'price_subsidy' && !r.trigger) ctx.addIssue({ code: 'custom', path: ['trigger'], message: '物价补贴须填写启动条件和实际指标' });
  if (r.kind === 'holiday' && r.trigger) ctx.addIssue({ code: 'custom', path: ['trigger'], message: '节日生活补贴没有启动条件' });
  if (new Set(r.programmes).size !== r.programmes.length) ctx.addIssue({ code: 'custom', path: ['programmes'], message: '项目重复' });
  if (r.trigger && r.trigger.observedMonth > r.month) {
    ctx.addIssue({ code: 'custom', path: ['trigger', 'observedMonth'], message: '指标月份不能晚于发放月份' });
  }
});
export type RunInput = z.input<typeof runInput>;

const header = z.string().trim().min(1, '请填写列名').max(30);

export const bankProfileInput = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, '代码为小写字母开头的字母、数字、-、_'),
  name: z.string().trim().min(1).max(50),
  bankName: z.string().trim().max(50).default(''),
  encoding: z.enum(['utf8', 'utf8-bom']).default('utf8-bom'),
  amountUnit: z.enum(['yuan', 'fen']).default('yuan'),
  columns: z.array(z.object({ header, field: z.enum(BANK_FIELDS) })).min(1).max(20),
  returnColumns: z.object({ transferNo: header, account: header, amount: header, status: header, reason: header }),
  successValues: z.array(z.string().trim().min(1).max(20)).min(1).max(10),
}).superRefine((p, ctx) => {
  for (const required of ['transferNo', 'account', 'amount'] as const) {
    if (!p.columns.some((c) => c.field === required)) ctx.addIssue({ code: 'custom', path: ['columns'], message: `代发文件必须包含「${required}」列` });
  }
  const headers = p.columns.map((c) => c.header);
  if (new Set(headers).size !== headers.length) ctx.addIssue({ code: 'custom', path: ['columns'], message: '列名重复' });
  if (p.code === 'standard') ctx.addIssue({ code: 'custom', path: ['code'], message: 'standard 是内置通用格式的代码' });
});
export type BankProfileInput = z.input<typeof bankProfileInput>;

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
