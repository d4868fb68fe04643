/** 机构与床位: the request bodies, checked at the edge (zod, messages in Chinese). */
import { z } from 'zod';
import { parseCreditCode } from '@mz/kernel';
import {
  CERTIFICATE_LEVELS, CHECKOUT_REASONS, DOCUMENT_KINDS, INSTITUTION_KINDS, INSTITUTION_STATUSES, MAX_BEDS_PER_REQUEST, OPERATOR_TYPES, STAFF_ROLES,
} from './institution.rules.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const regionCode = z.string().regex(/^\d{12}$/, '区划代码应为 12 位数字');
const phone = z.string().trim().regex(/^[0-9+()-]{7,20}$/, '电话号码格式不正确');
const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 字`).nullable().optional();

/** 统一社会信用代码, checked with the kernel's GB 32100 validator; upper-cased. */
export const creditCodeSchema = z.string().trim().transform((value, ctx) => {
  const parsed = parseCreditCode(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  }
  return parsed.value;
});

export const institutionInputSchema = z.object({
  name: z.string().trim().min(2, '机构名称至少 2 个字').max(100, '机构名称不能超过 100 字'),
  kind: z.enum(INSTITUTION_KINDS, '请选择机构类型'),
  operatorType: z.enum(OPERATOR_TYPES, '请选择运营方式'),
  creditCode: creditCodeSchema.nullable().optional(),
  regionCode,
  address: z.string().trim().min(2, '请填写地址').max(200, '地址不能超过 200 字'),
  longitude: z.number().min(73, '经度应在 73 到 136 之间').max(136, '经度应在 73 到 136 之间').nullable().optional(),
  latitude: z.number().min(3, '纬度应在 3 到 54 之间').max(54, '纬度应在 3 到 54 之间').nullable().optional(),
  legalPerson: optionalText(50, '法定代表人'),
  contactName: optionalText(50, '联系人'),
  contactPhone: phone.nullable().optional(),
  openedOn: isoDate.nullable().optional(),
}).strict();
export type InstitutionInput = z.infer<typeof institutionInputSchema>;

export const institutionUpdateSchema = institutionInputSchema.partial().extend({
  version: z.number().int().min(1),
}).strict();
export type InstitutionUpdate = z.infer<typeof institutionUpdateSchema>;

export const filingSchema = z.object({
  filingNo: z.string().trim().min(1, '请填写备案编号').max(40, '备案编号不能超过 40 字'),
  filedOn: isoDate,
  note: optionalText(500, '备注'),
  version: z.number().int().min(1),
}).strict();

export const statusChangeSchema = z.object({
  status: z.enum(INSTITUTION_STATUSES, '请选择状态'),
  reason: z.string().trim().max(500, '原因不能超过 500 字').optional(),
  version: z.number().int().min(1),
}).strict().refine((b) => b.status === 'operating' || (b.reason ?? '').length > 0, { message: '暂停或关闭须填写原因', path: ['reason'] });

export const institutionListQuerySchema = z.object({
  kind: z.enum(INSTITUTION_KINDS).optional(),
  operatorType: z.enum(OPERATOR_TYPES).optional(),
  status: z.enum(INSTITUTION_STATUSES).optional(),
  regionCode: regionCode.optional(),
  name: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const addBedsSchema = z.object({
  rooms: z.string().trim().min(1, '请填写房间号').max(1000),
  /** Bed labels in each room, e.g. ['1', '2'] or ['A', 'B']. */
  bedNos: z.array(z.string().trim().regex(/^[0-9A-Za-z-]{1,10}$/, '床号为 1–10 位字母或数字')).min(1, '请至少填写一个床号').max(20, '每间房最多 20 张床'),
  nursing: z.boolean().default(false),
}).strict();

export const bedServiceSchema = z.object({ inService: z.boolean() }).strict();

export const checkInSchema = z.object({
  personId: z.uuid('人员编号格式不正确').optional(),
  idNumber: z.string().trim().regex(/^(\d{17}[\dXx])$/, '身份证号应为 18 位').optional(),
  bedId: z.uuid('请选择床位'),
  checkedInOn: isoDate,
  assessmentId: z.uuid('评估编号格式不正确').nullable().optional(),
  note: optionalText(500, '备注'),
}).strict().refine((b) => Boolean(b.personId) !== Boolean(b.idNumber), { message: '请选择人员或填写身份证号（二选一）', path: ['person'] });

export const checkOutSchema = z.object({
  checkedOutOn: isoDate,
  reason: z.enum(CHECKOUT_REASONS, '请选择退住原因'),
  note: optionalText(500, '备注'),
}).strict();

export const moveBedSchema = z.object({ bedId: z.uuid('请选择床位') }).strict();

export const staffInputSchema = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(50, '姓名不能超过 50 字'),
  role: z.enum(STAFF_ROLES, '请选择岗位'),
  certificateLevel: z.enum(CERTIFICATE_LEVELS, '请选择证书等级').nullable().optional(),
  certificateNo: z.string().trim().min(1).max(40, '证书编号不能超过 40 字').nullable().optional(),
  phone: phone.nullable().optional(),
  hiredOn: isoDate,
}).strict().refine((s) => !s.certificateLevel === !s.certificateNo, { message: '证书等级与证书编号须同时填写', path: ['certificateNo'] });

export const staffUpdateSchema = z.object({
  role: z.enum(STAFF_ROLES).optional(),
  certificateLevel: z.enum(CERTIFICATE_LEVELS).nullable().optional(),
  certificateNo: z.string().trim().min(1).max(40).nullable().optional(),
  phone: phone.nullable().optional(),
}).strict();

export const staffLeaveSchema = z.object({
  leftOn: isoDate,
  reason: optionalText(200, '离职原因'),
}).strict();

export const documentKindSchema = z.enum(DOCUMENT_KINDS, '请选择材料类别');

export const bindOperatorSchema = z.object({ username: z.string().trim().min(3, '请填写账号').max(32) }).strict();

export { MAX_BEDS_PER_REQUEST };
