import type { ImportResult, Job } from './registry.api.ts';

/** Percent done of a job, 0–100 (0 while the total is not known yet). */
export function jobPercent(job: Pick<Job, 'status' | 'progress'> | undefined): number {
  if (!job) return 0;
  if (job.status === 'succeeded') return 100;
  const { done, total } = job.progress ?? { done: 0, total: 0 };
  if (!total || total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

/** '共 120 行，导入 115，重复跳过 3，拒绝 2' */
export function importSummary(r: Pick<ImportResult, 'total' | 'imported' | 'duplicatesSkipped' | 'rejected'>): string {
  return `共 ${r.total} 行，导入 ${r.imported}，重复跳过 ${r.duplicatesSkipped}，拒绝 ${r.rejected}`;
}

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Why a chosen file cannot be sent (before uploading it), or null. */
export function importFileProblem(file: { name: string; size: number }): string | null {
  if (!/\.(xlsx|csv)$/i.test(file.name)) return '只能导入 .xlsx 或 .csv 文件，请使用下载的模板';
  if (file.size === 0) return '文件是空的';
  if (file.size > MAX_IMPORT_BYTES) return `文件超过 20 MB（当前 ${(file.size / 1024 / 1024).toFixed(1)} MB），请拆分后分批导入`;
  return null;
}

/** The import result of a finished job, when it has the expected shape. */
export function importResultOf(job: Job | undefined): ImportResult | null {
  const r = job?.result as Partial<ImportResult> | null | undefined;
  if (!r || typeof r !== 'object' || typeof r.total !== 'number') return null;
  return {
    batchId: String(r.batchId ?? ''),
    total: r.total,
    imported: Number(r.imported ?? 0),
    duplicatesSkipped: Number(r.duplicatesSkipped ?? 0),
    rejected: Number(r.rejected ?? 0),
  };
}
