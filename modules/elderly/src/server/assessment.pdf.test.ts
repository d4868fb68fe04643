import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSESSMENT_ITEMS } from '../domain/assessment.catalog.ts';
import { evaluateAssessment } from '../domain/assessment.rules.ts';
import { renderAssessmentReportPdf } from './assessment.pdf.ts';
import type { AssessmentDetail } from './assessment.service.ts';

const answers = { ...Object.fromEntries(ASSESSMENT_ITEMS.map((i) => [i.code, i.max])), 'B1.1': 1, 'B3.9': 1 };
const e = evaluateAssessment({ answers, diagnoses: [{ code: 'F03' }], riskEvents: [], assessedOn: '2026-06-30' });

const sample: AssessmentDetail = {
  id: '00000000-0000-0000-0000-000000000001', personId: '00000000-0000-0000-0000-000000000002', personName: '赵评老', idMasked: '2201**********123X',
  regionCode: '220105003005', regionName: '岭东社区', assessedOn: '2026-06-30', reason: 'routine', reasonName: '常规评估（复评）', status: 'completed',
  statusName: '已完成', totalScore: e.total, preliminaryLevel: e.levels!.preliminaryLevel, finalLevel: e.levels!.finalLevel, finalLevelName: '',
  nextDueOn: '2027-06-30', current: true, dueState: null, completedByName: '荣光街道经办员', createdByName: '荣光街道经办员', updatedAt: '2026-06-30T08:00:00.000Z', version: 3,
  sex: 'male', birthDate: '1948-03-15', ageOnAssessment: 78, place: '岭东社区养老服务站', answers,
  dimensionScores: e.dimensions.map((d) => ({ code: d.code, name: d.name, score: d.score, max: d.max })), preliminaryLevelName: '',
  changeReasons: e.levels!.reasons, diagnoses: [{ code: 'F03', name: '未特指的痴呆' }], riskEvents: [{ kind: 'fall', kindName: '跌倒', date: '2026-06-20' }],
  assessors: [{ name: '王评估', certNo: 'PG-001' }, { name: '李评估', certNo: 'PG-002' }],
  completedAt: '2026-06-30T08:00:00.000Z', voidedAt: null, voidedByName: null, voidReason: null, createdAt: '2026-06-30T07:00:00.000Z',
};

const hasPdftotext = (() => { try { execFileSync('pdftotext', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; } })();

describe('老年人能力评估报告 PDF', () => {
  it('is a small PDF with the font subset embedded', async () => {
    const pdf = await renderAssessmentReportPdf(sample);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    expect(pdf.length).toBeLessThan(400_000);
  });

  it.skipIf(!hasPdftotext)('carries the person, every item, the levels with reasons, the due date and signature lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assessment-pdf-'));
    const file = join(dir, 'report.pdf');
    writeFileSync(file, await renderAssessmentReportPdf(sample));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
    for (const s of ['老年人能力评估报告', '赵评老', '2201**********123X', '2026年6月30日', '自理能力（得分 29 / 32）', '意识水平', '嗜睡或意识模糊',
      `${e.total} / 90`, '初步等级', '最终等级', '确诊痴呆（F03）', '2027年6月30日', '王评估', 'PG-002', '签名', '评估机构（盖章）']) {
      expect(text, s).toContain(s);
    }
    for (const item of ASSESSMENT_ITEMS) expect(text).toContain(item.name.slice(0, 4));
    expect(existsSync(file)).toBe(true);
  });

  it('says which package to install when the font is missing', async () => {
    await expect(renderAssessmentReportPdf(sample, { fontPath: '/nonexistent/font.ttf' })).rejects.toThrow(/fonts-lxgw-wenkai/);
  });
});
