import { describe, expect, it } from 'vitest';
import { importFileProblem, importResultOf, importSummary, jobPercent, MAX_IMPORT_BYTES } from './import-summary.ts';
import type { Job } from './registry.api.ts';

const job = (over: Partial<Job>): Job => ({
  id: 'j1',
  kind: 'registry.import',
  status: 'running',
  progress: { done: 0, total: 0 },
  result: null,
  error: null,
  createdAt: '2026-11-22T10:00:00+08:00',
  finishedAt: null,
  ...over,
});

describe('jobPercent', () => {
  it.each([
    [job({ progress: { done: 0, total: 0 } }), 0],
    [job({ progress: { done: 50, total: 200 } }), 25],
    [job({ progress: { done: 199, total: 200 } }), 99],
    [job({ status: 'succeeded', progress: { done: 0, total: 0 } }), 100],
    [undefined, 0],
  ])('%#', (j, pct) => {
    expect(jobPercent(j)).toBe(pct);
  });
});

describe('import result', () => {
  it('reads the counts and words them', () => {
    const r = importResultOf(job({ status: 'succeeded', result: { batchId: 'b1', total: 120, imported: 115, duplicatesSkipped: 3, rejected: 2 } }));
    expect(r).toEqual({ batchId: 'b1', total: 120, imported: 115, duplicatesSkipped: 3, rejected: 2 });
    expect(importSummary(r!)).toBe('共 120 行，导入 115，重复跳过 3，拒绝 2');
  });

  it('is null without a result', () => {
    expect(importResultOf(job({ status: 'failed', error: '文件无法读取' }))).toBeNull();
  });
});

describe('importFileProblem', () => {
  it.each([
    [{ name: '人员.xlsx', size: 1000 }, null],
    [{ name: 'persons.CSV', size: 1000 }, null],
    [{ name: '人员.xls', size: 1000 }, /只能导入/],
    [{ name: '人员.xlsx', size: 0 }, /空/],
    [{ name: '人员.xlsx', size: MAX_IMPORT_BYTES + 1 }, /超过 20 MB/],
  ])('%o', (file, expected) => {
    const problem = importFileProblem(file);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
