/** 高龄津贴与养老补贴: request bodies and queries as zod schemas (Chinese messages for the forms). */
import { z } from 'zod';

export const monthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const regionCode = z.string().regex(/^\d{12}$/, '区划代码应为12位数字');
const fen = z.number({ error: '金额应为整数（分）' }).int('金额应为整数（分）').min(0, '金额不能为负').max(10_000_000, '金额过大（每月不超过10万元）');
const age = z.number({ error: '年龄应为整数' }).int('年龄应为整数').min(0, '年龄不能为负').max(150, '年龄不超过150周岁');
const level = z.number({ error: '能力等级应为0–4' }).int('能力等级应为0–4').min(0, '能力等级应为0–4').max(4, '能力等级应为0–4');

export const bracketInput = z.object({ fromAge: age, toAge: age.nullable(), monthlyFen: fen }).strict();
export const levelAmountInput = z.object({ level, monthlyFen: fen }).strict();

export const paramsInput = z.object({
  regionCode,
  effectiveFrom: monthText,
  brackets: z.array(bracketInput).min(1, '至少设定一个年龄段').max(10, '年龄段不超过10个'),
  mode: z.enum(['universal', 'means_tested'], { error: '请选择发放方式' }),
  proactive: z.boolean({ error: '请选择是否主动发放' }),
  startRule: z.enum(['birthday_month', 'next_month'], { error: '请选择起始月份规则' }),
  subsidyMinAge: z.number().int().min(60, '养老补贴的起始年龄不能低于60周岁').max(120).default(60),
  serviceLevels: z.array(levelAmountInput).max(5).default([]),
  careLevels: z.array(levelAmountInput).max(5).default([]),
  note: z.string().max(500, '说明不超过500字').default(''),
}).strict();
export type ParamsInput = z.output<typeof paramsInput>;

export const runInput = z.object({
  month: monthText,
  /** 高龄津贴资格名单 (default) or 养老补贴复核名单. */
  scheme: z.enum(['longevity', 'subsidies'], { error: '名单类别应为 longevity（高龄津贴）或 subsidies（养老补贴）' }).default('longevity'),
}).strict();

export const programmeCode = z.enum(['longevity', 'elderly_service', 'elderly_care'], { error: '请选择项目（高龄津贴、养老服务补贴或护理补贴）' });

export const applicationInput = z.object({
  programme: programmeCode,
  personId: z.uuid('人员编号格式不正确'),
  fromMonth: monthText.optional(),
  incomeConfirmed: z.boolean().default(false),
  incomeNote: z.string().trim().max(500, '核实说明不超过500字').optional(),
  note: z.string().trim().max(500, '备注不超过500字').optional(),
}).strict();
export type ApplicationInput = z.output<typeof applicationInput>;

export const decisionInput = z.object({ version: z.number().int().min(1), opinion: z.string().trim().max(500, '意见不超过500字').optional() }).strict();

export const stopInput = z.object({
  version: z.number().int().min(1),
  reason: z.enum(['death', 'moved', 'refused', 'ineligible', 'other'], { error: '请选择停发原因' }),
  lastMonth: monthText,
  note: z.string().trim().min(1, '请填写停发说明').max(500, '说明不超过500字'),
}).strict();
export type StopInput = z.output<typeof stopInput>;

export const levelChangeInput = z.object({ version: z.number().int().min(1), fromMonth: monthText }).strict();
