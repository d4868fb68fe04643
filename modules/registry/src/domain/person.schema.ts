import { z } from 'zod';
import { isValidRegionCode, isIsoDate, normalizeRegionCode } from '@mz/kernel';
import { DISABILITY_CATEGORIES, HUKOU_TYPES, MARITAL_STATUSES, PERSON_STATUSES, SEXES } from './person.codes.ts';

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const oneOf = <T extends Record<string, string>>(o: T, label: string) =>
  z.enum(keys(o), { error: `${label}应为：${Object.entries(o).map(([k, v]) => `${k}（${v}）`).join('、')}` });

export const regionCodeField = (label: string) =>
  z.string({ error: `请填写${label}` }).trim()
    .refine(isValidRegionCode, `${label}应为 2、4、6、9 或 12 位数字的区划代码`)
    .transform(normalizeRegionCode);
const isoDate = (label: string) => z.string().refine((v) => isIsoDate(v), `${label}应为有效日期（YYYY-MM-DD）`);
const text = (label: string, max: number) => z.string().trim().max(max, `${label}不超过 ${max} 个字`);
const optional = <T extends z.ZodTypeAny>(t: T) => t.optional().nullable();

const personStatus = oneOf(PERSON_STATUSES, '人员状态');

/** The fields a clerk enters for a person (POST /api/v1/registry/persons). */
export const personInput = z.object({
  idNumber: z.string({ error: '请填写身份证号' }).trim().min(1, '请填写身份证号').max(20, '身份证号过长'),
  name: z.string({ error: '请填写姓名' }).trim().min(1, '请填写姓名').max(50, '姓名不超过 50 个字')
    .refine((v) => !/[<>{}\\[\]=;]/.test(v), '姓名含有不允许的字符'),
  sex: optional(oneOf(SEXES, '性别')),
  birthDate: optional(isoDate('出生日期')),
  ethnicity: optional(z.string().regex(/^\d{2}$/, '民族应为 GB/T 3304 的两位代码，如 01（汉族）')),
  phone: optional(z.string().trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '联系电话应为 11 位手机号或带区号的固定电话')),
  hukouRegionCode: regionCodeField('户籍地区划'),
  hukouType: oneOf(HUKOU_TYPES, '户籍类型'),
  regionCode: optional(regionCodeField('现居住地区划')),
  address: optional(text('现居住地址', 200)),
  disabilityCertNo: optional(text('残疾证号', 30)),
  disabilityCategory: optional(oneOf(DISABILITY_CATEGORIES, '残疾类别')),
  disabilityGrade: optional(z.number().int().min(1, '残疾等级为一至四级').max(4, '残疾等级为一至四级')),
  maritalStatus: optional(oneOf(MARITAL_STATUSES, '婚姻状况')),
  education: optional(text('文化程度', 20)),
  employment: optional(text('就业状况', 50)),
  healthNotes: optional(text('健康状况', 500)),
  bankName: optional(text('开户银行', 50)),
  bankAccount: optional(z.string().trim().regex(/^\d{8,30}$/, '银行账号应为 8–30 位数字')),
  bankHolder: optional(text('账户持有人', 50)),
  status: personStatus.default('alive'),
  deathDate: optional(isoDate('死亡日期')),
});
export type PersonInput = z.infer<typeof personInput>;

/**
 * An edit (PATCH): any subset of the fields plus the version read. No defaults here — an edit that
 * does not mention the status must not reset a deceased person to 在世.
 */
export const personChanges = personInput.extend({ status: personStatus }).partial().extend({ version: z.number().int().min(1) });
