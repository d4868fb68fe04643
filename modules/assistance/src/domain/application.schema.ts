/**
 * What a clerk files (POST /assistance/cases) and what the calculator endpoint takes
 * (POST /assistance/calculate). Messages are the Chinese a clerk sees beside the field.
 *
 * Signing the 授权核对书 and the 承诺书 is a precondition of every application (低保办法第九条,
 * 特困办法第十条), so both are `true` literals, not booleans a form could leave false.
 */
import { z } from 'zod';
import { ageOn, isIsoDate, isValidRegionCode, normalizeRegionCode, parseIdNumber, parseYearMonth } from '@mz/kernel';
import { DISABILITY_CATEGORIES, HUKOU_TYPES, type HukouType } from '@mz/registry';
import type { DibaoCalcInput, DibaoMember } from './dibao.calculator.ts';
import type { LinshiCalcInput } from './linshi.calculator.ts';
import type { Disability, TekunCalcInput } from './tekun.calculator.ts';
import {
  CARE_MODES, DEDUCTION_KINDS, DIBAO_CATEGORIES, INCOME_KINDS, LINSHI_TYPES, OBLIGOR_CIRCUMSTANCES, SELF_CARE_ITEMS, SINGLE_PERSON_REASONS,
} from './labels.ts';

// ── field builders shared with action.schema.ts ─────────────────────────────────────────────

/** z.enum over the keys of a code list, with a message listing the allowed codes and labels. */
export function codeOf<T extends Record<string, string>>(list: T, label: string) {
  const codes = Object.keys(list) as [keyof T & string, ...(keyof T & string)[]];
  return z.enum(codes, { error: `${label}应为：${Object.entries(list).map(([k, v]) => `${k}（${v}）`).join('、')}` });
}

/** Money in fen: a non-negative integer below 1 亿元 (no single benefit comes near it). */
export const fenField = (label: string) =>
  z.number({ error: `请填写${label}（以分为单位的整数）` })
    .int(`${label}应为以分为单位的整数`)
    .min(0, `${label}不能为负数`)
    .max(10_000_000_000, `${label}过大`);

export const isoDateField = (label: string) =>
  z.string({ error: `请填写${label}` }).refine((v) => isIsoDate(v), `${label}应为有效日期（YYYY-MM-DD）`);

export const yearMonthField = (label: string) =>
  z.string({ error: `请填写${label}` }).refine((v) => {
    try {
      parseYearMonth(v);
      return true;
    } catch {
      return false;
    }
  }, `${label}应为年月（YYYY-MM）`);

export const textField = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);

export const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}不超过 ${max} 个字`).optional().nullable();

export const regionCodeField = (label: string) =>
  z.string({ error: `请选择${label}` }).trim()
    .refine(isValidRegionCode, `${label}应为 2、4、6、9 或 12 位数字的区划代码`)
    .transform(normalizeRegionCode);

export const uuidField = (label: string) => z.uuid(`请选择${label}`);

/** A GB 11643 number (check character verified; a 15-digit one is upgraded), in its 18-character form. */
export const idNumberField = (label: string) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).transform((value, ctx) => {
    const parsed = parseIdNumber(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.reason });
      return z.NEVER;
    }
    return parsed.value;
  });

/** Person ids inside a calculation: registry ids, or placeholders while a household is being drafted. */
const personRef = z.string({ error: '请选择人员' }).trim().min(1, '请选择人员').max(64, '人员编号过长');

// ── economic data ─────────────────────────────────────────────────────────────────────────

const incomeItemOf = (person: z.ZodType<string>) => z.object({
  personId: person.optional().nullable(),
  kind: codeOf(INCOME_KINDS, '收入类型'),
  monthlyFen: fenField('月收入'),
  note: optionalText('说明', 200),
});
const deductionItemOf = (person: z.ZodType<string>) => z.object({
  personId: person.optional().nullable(),
  kind: codeOf(DEDUCTION_KINDS, '扣减类型'),
  monthlyFen: fenField('月扣减金额'),
  note: optionalText('说明', 200),
});

const countField = (label: string) => z.number({ error: `请填写${label}` }).int(`${label}应为整数`).min(0, `${label}不能为负数`).max(1000, `${label}过大`);

/** Household property (低保办法第十四条). Missing numbers are 0 so a family with nothing need not type zeros. */
export const propertyInput = z.object({
  depositsFen: fenField('存款').default(0),
  securitiesFen: fenField('有价证券').default(0),
  vehicleCount: countField('机动车辆数').default(0),
  vehicleValueFen: fenField('机动车辆价值').default(0),
  houseCount: countField('住房套数').default(0),
  businessCount: countField('市场主体数').default(0),
});

export const selfCareInput = z.object(
  Object.fromEntries(Object.entries(SELF_CARE_ITEMS).map(([key, label]) => [key, z.boolean({ error: `请评估能否${label}` })])) as
    Record<keyof typeof SELF_CARE_ITEMS, z.ZodBoolean>,
);

export const obligorInput = z.object({
  name: textField('义务人姓名', 50),
  relation: textField('与申请人关系', 20),
  circumstance: codeOf(OBLIGOR_CIRCUMSTANCES, '义务人情形'),
});

const singlePersonOf = (person: z.ZodType<string>) => z.object({ personId: person, reason: codeOf(SINGLE_PERSON_REASONS, '单人保事由') });
const categoryOf = (person: z.ZodType<string>) => z.object({ personId: person, category: codeOf(DIBAO_CATEGORIES, '分类施保类别') });

/** The 低保 economic part, shared by the application and the `record_economics` action. */
export const dibaoEconomics = z.object({
  coveredPersonIds: z.array(uuidField('保障对象')).min(1, '至少选择一名保障对象').max(30).optional().nullable(),
  singlePerson: singlePersonOf(uuidField('单人保对象')).optional().nullable(),
  incomes: z.array(incomeItemOf(uuidField('收入所属成员'))).max(200).default([]),
  deductions: z.array(deductionItemOf(uuidField('扣减所属成员'))).max(100).default([]),
  property: propertyInput,
  categories: z.array(categoryOf(uuidField('分类施保对象'))).max(100).default([]),
});

/**
 * 特困办法第十条: the applicant *and the obligors* authorise the economic checks. An obligor who
 * cannot sign — without civil capacity, declared missing, in prison — is the one exception; the
 * trial calculation does not ask (it decides nothing).
 */
export const OBLIGOR_AUTHORIZATION_EXEMPT = new Set<string>(['incapacitated']);
export const signedObligorInput = obligorInput.extend({ authorizationSigned: z.boolean().optional().nullable() }).superRefine((o, ctx) => {
  if (o.authorizationSigned !== true && !OBLIGOR_AUTHORIZATION_EXEMPT.has(o.circumstance)) {
    ctx.addIssue({ code: 'custom', path: ['authorizationSigned'], message: '请确认义务人已签署家庭经济状况核对授权书（特困办法第十条）' });
  }
});

/** The 特困 economic part, shared by the application and the `record_economics` action. */
export const tekunEconomics = z.object({
  obligors: z.array(signedObligorInput).max(30).default([]),
  incomes: z.array(incomeItemOf(uuidField('收入所属人员'))).max(100).default([]),
  property: propertyInput,
});

// ── applications ──────────────────────────────────────────────────────────────────────────

const common = {
  applicantPersonId: uuidField('申请人'),
  applicationDate: isoDateField('申请日期'),
  authorizationSigned: z.literal(true, { error: '须签署授权核对书' }),
  pledgeSigned: z.literal(true, { error: '须签署承诺书' }),
  note: optionalText('备注', 500),
};
const hukouType = codeOf(HUKOU_TYPES, '户籍类型');

function singlePersonConsistent(value: { singlePerson?: { personId: string } | null; coveredPersonIds?: string[] | null }, ctx: z.RefinementCtx): void {
  if (value.singlePerson && value.coveredPersonIds && (value.coveredPersonIds.length !== 1 || value.coveredPersonIds[0] !== value.singlePerson.personId)) {
    ctx.addIssue({ code: 'custom', path: ['coveredPersonIds'], message: '单人保只保障该成员本人' });
  }
}

export const dibaoApplication = z.object({
  programme: z.literal('dibao'),
  householdId: uuidField('申请家庭'),
  ...common,
  hukouType,
  ...dibaoEconomics.shape,
}).superRefine(singlePersonConsistent);

export const tekunApplication = z.object({
  programme: z.literal('tekun'),
  householdId: uuidField('申请人所在家庭').optional().nullable(),
  personId: uuidField('申请人'),
  ...common,
  /** Taken from the registry when absent (特困办法第十九条 decides urban or rural treatment). */
  hukouType: hukouType.optional().nullable(),
  careMode: codeOf(CARE_MODES, '供养方式'),
  selfCare: selfCareInput,
  otherIncapacity: optionalText('其他无劳动能力情形', 200),
  orphanAllowanceChosen: z.boolean().optional().nullable(),
  ...tekunEconomics.shape,
});

export const linshiApplication = z.object({
  programme: z.literal('linshi'),
  householdId: uuidField('申请家庭').optional().nullable(),
  personId: uuidField('申请人').optional().nullable(),
  /**
   * 救助法第三十七条第二款, 2023意见 (no 户籍 restriction for 急难): a person registered in another
   * jurisdiction is named by ID number and name instead of `personId`; the server finds the
   * registry record without showing it to the filing township.
   */
  idNumber: idNumberField('身份证号').optional().nullable(),
  name: textField('姓名', 50).optional().nullable(),
  /** Which 低保 standard the caps are multiples of, when the township cannot read the person's record. */
  hukouType: hukouType.optional().nullable(),
  ...common,
  /** The applicant; filing by ID number, the person applies for themself and this is left out. */
  applicantPersonId: uuidField('申请人').optional().nullable(),
  type: codeOf(LINSHI_TYPES, '救助类型'),
  incidentRegionCode: regionCodeField('急难发生地'),
  incidentDate: isoDateField('急难发生日期'),
  description: textField('困难情况说明', 2000),
  requestedFen: fenField('申请救助金额').min(1, '申请救助金额应大于0'),
  advance: z.boolean().default(false),
}).superRefine((value, ctx) => {
  // 救助法第三十七条第二款: a person in an emergency away from home may apply alone.
  if (value.idNumber || value.name) {
    if (!value.idNumber) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: '请填写身份证号' });
    if (!value.name) ctx.addIssue({ code: 'custom', path: ['name'], message: '请填写姓名' });
    if (value.householdId || value.personId) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: '已选择申请家庭或人员时不再填写身份证号' });
    if (value.applicantPersonId) ctx.addIssue({ code: 'custom', path: ['applicantPersonId'], message: '按身份证号申请时，申请人为救助对象本人' });
  } else {
    if (!value.householdId && !value.personId) ctx.addIssue({ code: 'custom', path: ['personId'], message: '请选择申请家庭或申请人' });
    if (!value.applicantPersonId) ctx.addIssue({ code: 'custom', path: ['applicantPersonId'], message: '请选择申请人' });
  }
  if (value.advance && value.type !== 'emergency') ctx.addIssue({ code: 'custom', path: ['advance'], message: '先行救助仅适用于急难型临时救助' });
});

export const applicationInput = z.discriminatedUnion('programme', [dibaoApplication, tekunApplication, linshiApplication], {
  error: '请选择救助项目：dibao（低保）、tekun（特困供养）或 linshi（临时救助）',
});
export type ApplicationInput = z.output<typeof applicationInput>;
export type DibaoApplication = z.output<typeof dibaoApplication>;
export type TekunApplication = z.output<typeof tekunApplication>;
export type LinshiApplication = z.output<typeof linshiApplication>;

// ── calculator inputs (POST /assistance/calculate) ──────────────────────────────────────────

export const dibaoCalcInput = z.object({
  hukouType,
  members: z.array(z.object({ personId: personRef, name: optionalText('姓名', 50) })).min(1, '至少有一名共同生活的家庭成员').max(30, '家庭成员过多'),
  coveredPersonIds: z.array(personRef).min(1, '至少选择一名保障对象').max(30).optional().nullable(),
  singlePerson: singlePersonOf(personRef).optional().nullable(),
  incomes: z.array(incomeItemOf(personRef)).max(200).default([]),
  deductions: z.array(deductionItemOf(personRef)).max(100).default([]),
  property: propertyInput,
  categories: z.array(categoryOf(personRef)).max(100).default([]),
}).superRefine(singlePersonConsistent);

export const tekunCalcInput = z.object({
  hukouType,
  age: z.number({ error: '请填写年龄' }).int('年龄应为整数').min(0, '年龄不能为负数').max(150, '年龄不正确'),
  disability: z.object({
    category: codeOf(DISABILITY_CATEGORIES, '残疾类别'),
    grade: z.number().int().min(1, '残疾等级为一至四级').max(4, '残疾等级为一至四级'),
  }).optional().nullable(),
  otherIncapacity: optionalText('其他无劳动能力情形', 200),
  incomes: z.array(incomeItemOf(personRef)).max(100).default([]),
  property: propertyInput,
  obligors: z.array(obligorInput).max(30).default([]),
  careMode: codeOf(CARE_MODES, '供养方式'),
  selfCare: selfCareInput,
  orphanAllowanceChosen: z.boolean().optional().nullable(),
});

export const linshiCalcInput = z.object({
  type: codeOf(LINSHI_TYPES, '救助类型'),
  hukouType,
  requestedFen: fenField('申请救助金额').min(1, '申请救助金额应大于0'),
  advance: z.boolean().optional().nullable(),
});

const calcCommon = { regionCode: regionCodeField('区划'), month: yearMonthField('计算月份') };

/** Body of POST /assistance/calculate: the programme's calculator input under `household`. */
export const calculateInput = z.discriminatedUnion('programme', [
  z.object({ programme: z.literal('dibao'), ...calcCommon, household: dibaoCalcInput }),
  z.object({ programme: z.literal('tekun'), ...calcCommon, household: tekunCalcInput }),
  z.object({ programme: z.literal('linshi'), ...calcCommon, household: linshiCalcInput }),
], { error: '请选择救助项目：dibao（低保）、tekun（特困供养）或 linshi（临时救助）' });
export type CalculateInput = z.output<typeof calculateInput>;

// ── from a filed application to the calculator's input ───────────────────────────────────────

/** 低保: the application's economic data plus the household's co-resident members from the registry. */
export function dibaoCalcInputOf(app: DibaoApplication, members: readonly DibaoMember[]): DibaoCalcInput {
  return {
    hukouType: app.hukouType, members, coveredPersonIds: app.coveredPersonIds ?? null, singlePerson: app.singlePerson ?? null,
    incomes: app.incomes, deductions: app.deductions, property: app.property, categories: app.categories,
  };
}

/** 特困: the application plus what the registry knows of the person (age on the application date, disability, 户籍类型). */
export function tekunCalcInputOf(
  app: TekunApplication,
  person: { birthDate: string; hukouType: HukouType; disability?: Disability | null },
): TekunCalcInput {
  return {
    hukouType: app.hukouType ?? person.hukouType, age: ageOn(person.birthDate, app.applicationDate), disability: person.disability ?? null,
    otherIncapacity: app.otherIncapacity ?? null, incomes: app.incomes, property: app.property, obligors: app.obligors,
    careMode: app.careMode, selfCare: app.selfCare, orphanAllowanceChosen: app.orphanAllowanceChosen ?? null,
  };
}

/** 临时救助: the application plus the applicant's 户籍类型 (which 低保 standard the caps are multiples of). */
export function linshiCalcInputOf(app: LinshiApplication, hukouType: HukouType): LinshiCalcInput {
  return { type: app.type, hukouType, requestedFen: app.requestedFen, advance: app.advance };
}
