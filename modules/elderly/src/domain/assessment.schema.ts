/** Request shapes of the 老年人能力评估 API (docs/api/elderly-assessment-contract.md), with Chinese messages. */
import { z } from 'zod';
import { isIsoDate, isValidRegionCode, normalizeRegionCode } from '@mz/kernel';
import { isIcd10Code, normalizeIcd10 } from './assessment.rules.ts';

export const isoDateField = (label: string) =>
  z.string({ error: `请填写${label}` }).refine((v) => isIsoDate(v), `${label}应为有效日期（YYYY-MM-DD）`);

export const assessmentReason = z.enum(['initial', 'routine', 'change'], { error: '评估原因只能是首次评估、常规评估或即时评估' });
export const riskEventKind = z.enum(['fall', 'choking', 'suicide', 'self_harm', 'wandering', 'other'], { error: '风险事件类型不正确' });

export const diagnosisInput = z.object({
  code: z.string({ error: '请填写诊断编码' }).transform(normalizeIcd10)
    .refine(isIcd10Code, 'ICD-10 编码格式不正确（如 F03、F00.1、F20.0）'),
  name: z.string().trim().max(100, '诊断名称不超过 100 个字').nullish(),
});

export const riskEventInput = z.object({
  kind: riskEventKind,
  date: isoDateField('风险事件日期'),
  note: z.string().trim().max(200, '说明不超过 200 个字').nullish(),
});

export const assessorInput = z.object({
  name: z.string({ error: '请填写评估员姓名' }).trim().min(1, '请填写评估员姓名').max(50, '姓名不超过 50 个字'),
  certNo: z.string({ error: '请填写证书编号' }).trim().min(1, '请填写评估员资格证书编号').max(40, '证书编号不超过 40 个字符'),
});

/** Item code → score; which codes and scores are allowed is checked against the catalogue (answerProblems). */
export const answersInput = z.record(z.string().regex(/^B[1-4]\.\d{1,2}$/, '评估项目编号不正确'), z.number().int('得分应为整数'));

export const createAssessmentInput = z.object({
  personId: z.uuid('请选择被评估的老年人'),
  assessedOn: isoDateField('评估日期'),
  reason: assessmentReason.default('initial'),
});

export const updateAssessmentInput = z.object({
  version: z.number().int().min(1),
  assessedOn: isoDateField('评估日期').optional(),
  reason: assessmentReason.optional(),
  place: z.string().trim().max(100, '评估地点不超过 100 个字').nullish(),
  /** Merged into what is saved; a null score clears the item. */
  answers: z.record(z.string().regex(/^B[1-4]\.\d{1,2}$/, '评估项目编号不正确'), z.number().int('得分应为整数').nullable()).optional(),
  diagnoses: z.array(diagnosisInput).max(20, '诊断不超过 20 条').optional(),
  riskEvents: z.array(riskEventInput).max(50, '风险事件不超过 50 条').optional(),
  assessors: z.array(assessorInput.partial()).max(2, '评估员为 2 名').optional(),
}).strict();

export const completeAssessmentInput = z.object({ version: z.number().int().min(1) });

export const voidAssessmentInput = z.object({
  version: z.number().int().min(1),
  reason: z.string({ error: '请填写作废原因' }).trim().min(2, '请填写作废原因（至少 2 个字）').max(500, '作废原因不超过 500 个字'),
});

export const listAssessmentsQuery = z.object({
  status: z.enum(['draft', 'completed', 'voided']).optional(),
  level: z.coerce.number().int().min(0).max(4).optional(),
  /** Current assessments due for reassessment within this many days (overdue included). */
  dueWithinDays: z.coerce.number().int().min(0, '天数不能为负').max(366, '天数不超过 366').optional(),
  overdue: z.enum(['true', 'false']).optional(),
  regionCode: z.string().refine(isValidRegionCode, '区划代码应为 2、4、6、9 或 12 位数字').transform(normalizeRegionCode).optional(),
  personId: z.uuid('人员编号格式不正确').optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export type CreateAssessmentInput = z.infer<typeof createAssessmentInput>;
export type UpdateAssessmentInput = z.infer<typeof updateAssessmentInput>;
export type ListAssessmentsQuery = z.infer<typeof listAssessmentsQuery>;
