/**
 * Response schemas of the 资金发放 routes (docs/api/payments-contract.md), for the OpenAPI page and
 * the serializer: they mirror the view types in payments.view.ts field for field.
 */
import { z } from 'zod';
import { BANK_FIELDS } from './bank-format.ts';
import { LINE_KINDS, ORIGIN_KINDS, ROLL_KINDS, ROLL_STATES, RUN_KINDS, SETTLEMENT_METHODS, TRANSFER_STATUSES } from './payments.names.ts';

const fen = z.number().int();
const instant = z.string().describe('ISO 8601');
const month = z.string().describe('YYYY-MM');
const rollState = z.enum(ROLL_STATES);
const lineKind = z.enum(LINE_KINDS);
const transferStatus = z.enum(TRANSFER_STATUSES);
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

export const programmeSchema = z.object({
  code: z.string(), name: z.string(), shortName: z.string(), ownerModule: z.string(), basis: z.enum(['household', 'person']), monthly: z.boolean(), oneOff: z.boolean(),
});

export const rollSummarySchema = z.object({
  id: z.string(), rollNo: z.string(), kind: z.enum(ROLL_KINDS), programme: z.string().nullable(), programmeName: z.string().nullable(),
  runId: z.string().nullable(), runName: z.string().nullable(), reissueOfRollId: z.string().nullable(),
  regionCode: z.string(), regionName: z.string(), month, state: rollState, stateName: z.string(), version: z.number().int(),
  lineCount: z.number().int(), personCount: z.number().int(), householdCount: z.number().int(),
  amountFen: fen.describe('应发：除追回外的全部明细（= 银行代发文件合计）'), recoveryFen: fen.describe('本表新记录的追回（≤ 0）'),
  paidFen: fen.nullable(), failedFen: fen.nullable(), generatedAt: instant, generatedByName: z.string().nullable(), updatedAt: instant,
});

export const rollDetailSchema = rollSummarySchema.extend({
  byKind: z.array(z.object({ kind: lineKind, kindName: z.string(), lines: z.number().int(), amountFen: fen })),
  missingAccounts: z.number().int(),
  held: z.object({ count: z.number().int(), amountFen: fen }).describe('生成时因暂停发放未列入本表的对象'),
  transfers: z.object({
    total: z.number().int(), sent: z.number().int(), paid: z.number().int(), failed: z.number().int(), reissued: z.number().int(), abandoned: z.number().int(),
  }).nullable(),
  events: z.array(z.object({
    action: z.string(), actionName: z.string(), fromState: rollState.nullable(), toState: rollState.nullable(), byName: z.string().nullable(), at: instant,
    opinion: z.string().nullable(),
  })),
  availableActions: z.array(z.object({
    key: z.enum(['review', 'approve', 'return', 'reconcile', 'regenerate', 'discard', 'export', 'import_return', 'reissue']), name: z.string(), opinionRequired: z.boolean(),
  })),
});

export const regionTotalSchema = z.object({
  regionCode: z.string(), regionName: z.string(), level: z.number().int().min(1).max(5), lines: z.number().int(), persons: z.number().int(),
  households: z.number().int(), amountFen: fen, recoveryFen: fen,
});

export const lineViewSchema = z.object({
  id: z.string(), lineNo: z.number().int(), kind: lineKind, kindName: z.string(), programme: z.string(), period: month,
  regionCode: z.string(), regionName: z.string(), payeeName: z.string(), payeeIdMasked: z.string(),
  householdId: z.string().nullable(), personId: z.string().nullable(), personCount: z.number().int(), amountFen: fen, reason: z.string().nullable(),
  entitlementId: z.string().nullable(), source: z.object({ module: z.string(), id: z.string() }).nullable().describe('来源业务（如救助案件）'),
  ruleVersion: z.string().nullable(), reissueOfLineId: z.string().nullable(), recoveryOfLineId: z.string().nullable(),
  transferNo: z.number().int().nullable(), transferStatus: transferStatus.nullable(), failureReason: z.string().nullable(),
});

export const transferViewSchema = z.object({
  transferNo: z.number().int(), regionCode: z.string(), payeeName: z.string(), payeeIdMasked: z.string(), accountMasked: z.string().nullable(),
  bankName: z.string().nullable(), amountFen: fen, status: transferStatus, failureReason: z.string().nullable(), reissuedInRollId: z.string().nullable(),
  abandonedReason: z.string().nullable(),
});

export const entitlementViewSchema = z.object({
  id: z.string(), programme: z.string(), kind: z.enum(['monthly', 'grant']), personId: z.string().nullable(), householdId: z.string().nullable(),
  payeeName: z.string(), payeeIdMasked: z.string(), personCount: z.number().int(), regionCode: z.string(), regionName: z.string(),
  fromMonth: month, toMonth: month.nullable(), monthlyAmountFen: fen, breakdown: z.unknown().describe('测算明细（由发放项目的业务模块给出）'), ruleVersion: z.string(),
  origin: z.object({ kind: z.enum(ORIGIN_KINDS), sourceModule: z.string(), sourceId: z.string(), reason: z.string() }),
  seriesVersion: z.number().int(), current: z.boolean(), supersededAt: instant.nullable(), createdAt: instant, createdByName: z.string().nullable(),
  paidOutsideOn: z.string().nullable(),
});

export const entitlementDetailSchema = entitlementViewSchema.extend({ versions: z.array(entitlementViewSchema) });

export const recoveryViewSchema = z.object({
  lineId: z.string(), programme: z.string(), period: month, regionCode: z.string(), payeeName: z.string(), payeeIdMasked: z.string(),
  amountFen: fen, offsetFen: fen, settledFen: fen, outstandingFen: fen, reason: z.string().nullable(), rollId: z.string(), rollNo: z.string(),
  settlements: z.array(z.object({ amountFen: fen, method: z.enum([...SETTLEMENT_METHODS, 'offset']), reason: z.string().nullable(), byName: z.string().nullable(), at: instant })),
});

export const runViewSchema = z.object({
  id: z.string(), kind: z.enum(RUN_KINDS), name: z.string(), programmes: z.array(z.string()), basis: z.enum(['person', 'household']), amountFen: fen, month,
  note: z.string(),
  trigger: z.object({
    indicator: z.enum(['cpi', 'food_cpi']), thresholdPct: z.string(), observedPct: z.string(), observedMonth: month, source: z.string(), reason: z.string(),
  }).nullable(),
  regionCode: z.string(), regionName: z.string(), createdByName: z.string().nullable(), createdAt: instant,
});

export const bankProfileViewSchema = z.object({
  code: z.string(), name: z.string(), bankName: z.string(), encoding: z.enum(['utf8', 'utf8-bom']), amountUnit: z.enum(['yuan', 'fen']),
  columns: z.array(z.object({ header: z.string(), field: z.enum(BANK_FIELDS) })),
  returnColumns: z.object({ transferNo: z.string(), account: z.string(), amount: z.string(), status: z.string(), reason: z.string() }),
  successValues: z.array(z.string()), regionCode: z.string().nullable(), builtIn: z.boolean(), createdAt: instant.nullable(),
});

export const exportRecordSchema = z.object({
  id: z.string(), profileCode: z.string(), format: z.enum(['csv', 'xlsx']), rows: z.number().int(), amountFen: fen, sha256: z.string(),
  byName: z.string().nullable(), at: instant,
});

export const returnRecordSchema = z.object({
  id: z.string(), fileName: z.string(), status: z.enum(['accepted', 'rejected']), rows: z.number().int(), paidRows: z.number().int(),
  failedRows: z.number().int(), problems: z.number().int(), byName: z.string().nullable(), at: instant,
});

export const returnResultSchema = z.object({
  id: z.string(), status: z.enum(['accepted', 'rejected']), rows: z.number().int(), paidRows: z.number().int(), paidFen: fen,
  failedRows: z.number().int(), failedFen: fen, state: rollState,
});

/**
 * 422 of a return upload: RETURN_MISMATCH with the line-by-line report, or any other refusal of the
 * file (its problem's own fields are kept).
 */
export const returnMismatchSchema = z.looseObject({
  type: z.string().optional(), title: z.string(), status: z.number().int(), code: z.string(), detail: z.string().optional(),
  returnId: z.string().optional().describe('被拒收的回盘记录（可下载逐行报告）'),
  report: z.array(z.object({ row: z.number().int().describe('文件行号；0 = 文件中缺少'), transferNo: z.string(), problem: z.string() })).optional(),
});

export const spendingRowSchema = z.object({
  regionCode: z.string(), regionName: z.string(), level: z.number().int(), programme: z.string(), programmeName: z.string(),
  households: z.number().int(), persons: z.number().int(), regularFen: fen, grantFen: fen, runFen: fen, backpayFen: fen, recoveryFen: fen,
  offsetFen: fen, reissueFen: fen, payableFen: fen, paidFen: fen, failedFen: fen,
});

export const spendingReportSchema = z.object({
  month, regionCode: z.string(), level: z.number().int(), rows: z.array(spendingRowSchema), total: z.array(spendingRowSchema),
});

export const historySchema = z.object({
  items: z.array(lineViewSchema.extend({ rollId: z.string(), rollNo: z.string(), rollMonth: month, rollState })),
  recoveries: z.object({ outstandingFen: fen, items: z.array(recoveryViewSchema) }),
});

export const heldViewSchema = z.object({
  subjectId: z.string(), personId: z.string().nullable(), householdId: z.string().nullable(), payeeName: z.string(), payeeIdMasked: z.string(),
  regionCode: z.string(), regionName: z.string(), amountFen: fen.describe('本月应发（暂停）'), fromMonth: month, reason: z.string(),
  source: z.object({ module: z.string(), id: z.string() }).describe('提出暂停的业务（如核对预警）'), heldAt: instant, releasedAt: instant.nullable(),
});

export const responses = {
  held: page(heldViewSchema),
  programmes: z.object({ items: z.array(programmeSchema) }),
  rolls: page(rollSummarySchema),
  totals: z.object({ items: z.array(regionTotalSchema) }),
  lines: page(lineViewSchema),
  transfers: page(transferViewSchema),
  entitlements: page(entitlementViewSchema),
  recoveries: page(recoveryViewSchema),
  runs: page(runViewSchema),
  bankProfiles: z.object({ items: z.array(bankProfileViewSchema) }),
  exports: z.object({ items: z.array(exportRecordSchema) }),
  returns: z.object({ items: z.array(returnRecordSchema) }),
};
