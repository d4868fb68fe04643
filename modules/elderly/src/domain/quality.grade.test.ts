import { describe, expect, it } from 'vitest';
import { computeGrade, DEFAULT_GRADE_THRESHOLDS, partScoreProblems, ratingActionProblem, thresholdProblems, type PartScores } from './quality.grade.ts';

// Sheets built from part shares: `at(p)` puts every part at exactly p % of its maximum.
const at = (p: number): PartScores => ({ environment: 1.2 * p, facilities: 1.3 * p, operations: 1.5 * p, service: 6 * p });

describe('GB/T 37276 grade (长沙 thresholds: 360/450/570/780/900 with every part ≥ 40/50/60/80/90 %)', () => {
  it.each([
    // [case, scores, total, grade]
    ['all parts full', at(100), 1000, 5],
    ['every part exactly 90 % → 900', at(90), 900, 5],
    ['every part exactly 80 % → 800', at(80), 800, 4],
    ['every part exactly 60 % → 600', at(60), 600, 3],
    ['every part exactly 50 % → 500', at(50), 500, 2],
    ['every part exactly 40 % → 400', at(40), 400, 1],
    ['nothing', at(0), 0, null],
  ] as const)('%s', (_c, scores, total, grade) => {
    const r = computeGrade(scores);
    expect(r.total).toBe(total);
    expect(r.grade).toBe(grade);
  });

  it('with the 长沙 numbers the part shares bind first: 40 % of every part is already 400 points', () => {
    // A finding worth reporting: 360/450/570/780 can never decide alone, since every part at
    // 40/50/60/80 % already sums to 400/500/600/800; only 五级 (900 = 90 %) coincides.
    expect(computeGrade({ environment: 48, facilities: 52, operations: 60, service: 200 })).toMatchObject({ total: 360, grade: null });
    expect(computeGrade({ environment: 108, facilities: 117, operations: 135, service: 539.9 })).toMatchObject({ total: 899.9, grade: 4 });
  });

  // Total edges under regional thresholds where the total does bind (420/540/660/840/950, same shares):
  // every part at the grade's share, the rest on 服务.
  const binding = DEFAULT_GRADE_THRESHOLDS.map((t) => ({ ...t, minTotal: [420, 540, 660, 840, 950][t.grade - 1]! }));
  it.each([
    ['419.9 is below 一级', { environment: 48, facilities: 52, operations: 60, service: 259.9 }, 419.9, null],
    ['420 is 一级', { environment: 48, facilities: 52, operations: 60, service: 260 }, 420, 1],
    ['539.9 stays 一级', { environment: 60, facilities: 65, operations: 75, service: 339.9 }, 539.9, 1],
    ['540 is 二级', { environment: 60, facilities: 65, operations: 75, service: 340 }, 540, 2],
    ['659.9 stays 二级', { environment: 72, facilities: 78, operations: 90, service: 419.9 }, 659.9, 2],
    ['660 is 三级', { environment: 72, facilities: 78, operations: 90, service: 420 }, 660, 3],
    ['839.9 stays 三级', { environment: 96, facilities: 104, operations: 120, service: 519.9 }, 839.9, 3],
    ['840 is 四级', { environment: 96, facilities: 104, operations: 120, service: 520 }, 840, 4],
    ['949.9 stays 四级', { environment: 108, facilities: 117, operations: 135, service: 589.9 }, 949.9, 4],
    ['950 is 五级', { environment: 108, facilities: 117, operations: 135, service: 590 }, 950, 5],
  ] as const)('total edge: %s', (_c, scores, total, grade) => {
    const r = computeGrade(scores, binding);
    expect(r.total).toBe(total);
    expect(r.grade).toBe(grade);
  });

  it.each([
    // Part share edges: a high total does not buy a grade when one part is short.
    ['环境 47.9 of 120 (39.9 %) → no grade despite 947.9 total', { environment: 47.9, facilities: 130, operations: 150, service: 600 }, null],
    ['环境 48 of 120 (40 %) → 一级', { environment: 48, facilities: 130, operations: 150, service: 600 }, 1],
    ['设施设备 51.9 of 130 (39.9 %) → no grade', { environment: 120, facilities: 51.9, operations: 150, service: 600 }, null],
    ['设施设备 52 of 130 (40 %) → 一级', { environment: 120, facilities: 52, operations: 150, service: 600 }, 1],
    ['运营管理 59.9 of 150 → no grade', { environment: 120, facilities: 130, operations: 59.9, service: 600 }, null],
    ['服务 239.9 of 600 → no grade', { environment: 120, facilities: 130, operations: 150, service: 239.9 }, null],
    ['服务 240 of 600 (40 %) → 一级 (total 640)', { environment: 120, facilities: 130, operations: 150, service: 240 }, 1],
    ['服务 299.9 (49.98 %) keeps 一级 at total 699.9', { environment: 120, facilities: 130, operations: 150, service: 299.9 }, 1],
    ['服务 300 (50 %) → 二级', { environment: 120, facilities: 130, operations: 150, service: 300 }, 2],
    ['环境 107.9 (89.9 %) keeps 四级 at total 987.9', { environment: 107.9, facilities: 130, operations: 150, service: 600 }, 4],
    ['环境 108 (90 %) → 五级', { environment: 108, facilities: 130, operations: 150, service: 600 }, 5],
    ['运营管理 119.9 (79.9 %) → 三级', { environment: 120, facilities: 130, operations: 119.9, service: 600 }, 3],
    ['运营管理 120 (80 %) → 四级', { environment: 120, facilities: 130, operations: 120, service: 600 }, 4],
    ['设施设备 77.9 (59.9 %) → 二级', { environment: 120, facilities: 77.9, operations: 150, service: 600 }, 2],
    ['设施设备 78 (60 %) → 三级', { environment: 120, facilities: 78, operations: 150, service: 600 }, 3],
  ] as const)('part edge: %s', (_c, scores, grade) => {
    expect(computeGrade(scores).grade).toBe(grade);
  });

  it('says why the next grade was missed, part by part', () => {
    const r = computeGrade({ environment: 107.9, facilities: 130, operations: 150, service: 600 });
    expect(r.gradeName).toBe('四级');
    expect(r.shortOfNext).toEqual(['环境得分 107.9 分，五级需达到满分 120 分的 90%（108 分）']);
    expect(r.parts.find((p) => p.key === 'environment')!.percent).toBe(89.9);
    expect(computeGrade(at(0)).gradeName).toBe('未达到一级');
  });

  it('grades by regional thresholds when a province sets its own', () => {
    const stricter = DEFAULT_GRADE_THRESHOLDS.map((t) => (t.grade === 1 ? { ...t, minTotal: 420 } : t));
    const sheet = at(40);
    expect(computeGrade(sheet).grade).toBe(1);
    expect(computeGrade(sheet, stricter).grade).toBeNull();
  });

  it('checks the sheet and the thresholds', () => {
    expect(partScoreProblems({ environment: 121, facilities: -1, operations: 10.25 })).toEqual([
      { path: 'scores.environment', message: '环境得分应在 0 至 120 分之间' },
      { path: 'scores.facilities', message: '设施设备得分应在 0 至 130 分之间' },
      { path: 'scores.operations', message: '运营管理得分最多保留一位小数' },
      { path: 'scores.service', message: '请填写服务得分' },
    ]);
    expect(partScoreProblems(at(55))).toEqual([]);
    expect(thresholdProblems(DEFAULT_GRADE_THRESHOLDS)).toEqual([]);
    expect(thresholdProblems(DEFAULT_GRADE_THRESHOLDS.map((t) => (t.grade === 3 ? { ...t, minTotal: 440 } : t)))).toContain('三级总分线应高于二级');
    expect(thresholdProblems(DEFAULT_GRADE_THRESHOLDS.slice(0, 4))).toContain('应分别设置一级至五级的标准');
  });
});

describe('rating workflow', () => {
  const county = { id: 'u-county', regionLevel: 3 };
  it.each([
    ['submit a draft', 'submit', 'draft', county, null, null],
    ['confirm by a county approver', 'confirm', 'submitted', county, 'u-clerk', null],
    ['confirm by a city approver', 'confirm', 'submitted', { id: 'u-city', regionLevel: 2 }, 'u-clerk', null],
    ['a township cannot confirm', 'confirm', 'submitted', { id: 'u-town', regionLevel: 4 }, 'u-clerk', 403],
    ['the submitter cannot confirm', 'confirm', 'submitted', county, 'u-county', 403],
    ['a draft cannot be confirmed', 'confirm', 'draft', county, null, 409],
    ['a confirmed rating cannot be returned', 'return', 'confirmed', county, 'u-clerk', 409],
  ] as const)('%s', (_c, action, status, actor, submittedBy, refused) => {
    expect(ratingActionProblem(action, status, actor, submittedBy)?.status ?? null).toBe(refused);
  });
});
