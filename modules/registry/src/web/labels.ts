import type { StatusOption } from '@mz/ui';
import {
  DISABILITY_CATEGORIES,
  DISABILITY_GRADES,
  HUKOU_TYPES,
  MARITAL_STATUSES,
  PERSON_STATUSES,
  SEXES,
} from '../domain/person.codes.ts';
import type { DuplicateReason, ImportStatus, JobStatus } from './registry.api.ts';

/** 人员状态 colours for StatusTag. */
export const PERSON_STATUS_TAGS: Record<string, StatusOption> = {
  alive: { text: PERSON_STATUSES.alive, tone: 'success' },
  deceased: { text: PERSON_STATUSES.deceased, tone: 'default' },
  missing: { text: PERSON_STATUSES.missing, tone: 'warning' },
  imprisoned: { text: PERSON_STATUSES.imprisoned, tone: 'processing' },
};

export const IMPORT_STATUS_TAGS: Record<ImportStatus, StatusOption> = {
  running: { text: '导入中', tone: 'processing' },
  done: { text: '已完成', tone: 'success' },
  failed: { text: '失败', tone: 'error' },
  undone: { text: '已撤销', tone: 'default' },
};

export const JOB_STATUS_TEXT: Record<JobStatus, string> = {
  queued: '排队中',
  running: '导入中',
  succeeded: '已完成',
  failed: '失败',
};

export const DUPLICATE_REASONS: Record<DuplicateReason, string> = {
  name_birth: '同名同生日',
  id_typo: '身份证号相差一位',
};

/** Antd Select options from a `{ code: label }` table. */
export function optionsOf<T extends Record<string | number, string>>(table: T) {
  return Object.entries(table).map(([value, label]) => ({ value, label }));
}

export const SEX_OPTIONS = optionsOf(SEXES);
export const HUKOU_TYPE_OPTIONS = optionsOf(HUKOU_TYPES);
export const PERSON_STATUS_OPTIONS = optionsOf(PERSON_STATUSES);
export const MARITAL_OPTIONS = optionsOf(MARITAL_STATUSES);
export const DISABILITY_CATEGORY_OPTIONS = optionsOf(DISABILITY_CATEGORIES);
export const DISABILITY_GRADE_OPTIONS = Object.entries(DISABILITY_GRADES).map(([value, label]) => ({ value: Number(value), label }));

/** Common answers; the fields are free text, so these are suggestions only. */
export const EDUCATION_SUGGESTIONS = ['学龄前', '文盲或半文盲', '小学', '初中', '高中', '中专', '大专', '本科', '研究生'].map((value) => ({ value }));
export const EMPLOYMENT_SUGGESTIONS = ['在业', '灵活就业', '务农', '失业', '无业', '离退休', '在校学生', '学龄前儿童'].map((value) => ({ value }));
/** 迁出原因 suggestions (free text on the wire). */
export const LEAVE_REASON_SUGGESTIONS = ['迁出本辖区', '死亡', '婚嫁迁出', '分户', '参军', '升学', '其他'].map((value) => ({ value }));

export const label = (table: Record<string, string>, code: string | null | undefined): string | undefined =>
  code == null ? undefined : (table[code] ?? code);

export const sexLabel = (v: string | null | undefined) => label(SEXES, v);
export const hukouLabel = (v: string | null | undefined) => label(HUKOU_TYPES, v);
export const maritalLabel = (v: string | null | undefined) => label(MARITAL_STATUSES, v);
export const disabilityCategoryLabel = (v: string | null | undefined) => label(DISABILITY_CATEGORIES, v);
export const disabilityGradeLabel = (v: number | null | undefined) =>
  v == null ? undefined : (DISABILITY_GRADES as Record<number, string>)[v] ?? String(v);
