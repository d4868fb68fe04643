import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, addMonths, firstDayOfMonth, parseYearMonth, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { listIndicators, refreshMonth } from '@mz/statistics/server';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { ELDERLY_INDICATORS } from '../domain/quality.indicators.ts';
import { seedDemoAllowances } from './allowance.seed.ts';
import { createPerson } from './allowance.testing.ts';
import { COUNTY, RONGGUANG, seedQualityWorld } from './quality.testing.ts';
import { FACILITY_INDICATORS, LONGEVITY_INDICATORS } from './statistics.registration.ts';

// 养老服务 in the statistics module: the statistics refresh of a month gives, for every region, the
// numbers the 养老指标 page gives for its month-end date (same facts function, same parts), children
// add up to their parent for the counts, and 高龄津贴 recipients and spending match the allowance
// enrolments and the approved roll. The world: the quality suites' hand-counted institutions, beds,
// residents, caregivers and population in 二道区, plus the demo 高龄津贴 seed (parameters and this
// month's approved list) over three more people aged 80+ and 90+, and this month's approved roll.

const M = yearMonthOf(todayInShanghai());
const PREVIOUS = addMonths(M, -1);
const monthEnd = (month: string) => addCalendarDays(firstDayOfMonth(addMonths(month, 1)), -1);
const born = (age: number) => {
  const { year, month } = parseYearMonth(M);
  return `${year - age}-${String(month).padStart(2, '0')}-01`;
};
const SYSTEM = { actorId: null, actorName: '统计刷新（测试）', actorRegion: null, ip: null };

interface PageRow { regionCode: string; regionName: string; direct?: boolean; counts: Record<string, number>; values: { code: string; numerator: number; denominator: number | null; value: number | null }[] }

describe.each(testEngines())('养老服务 indicators in statistics on %s', (engine) => {
  let t: TestApp;
  let clerk: HttpSession; // 二道区 经办: statistics.report, elderly.indicators.read
  let county: HttpSession; // 二道区 审批
  let reviewer: HttpSession;

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedQualityWorld(t.db, todayInShanghai());
    [clerk, county, reviewer] = await Promise.all(['demo-county-clerk', 'demo-county', 'demo-county-reviewer'].map((u) => t.login(u)));
    const township = await t.login('demo-township');
    await createPerson(township, '统计甲', born(80));
    await createPerson(township, '统计乙', born(85));
    await createPerson(township, '统计丙', born(92));
    await createPerson(township, '统计丁', born(79)); // not yet 80: never a recipient
    // Parameters and this month's 资格名单, approved: the three aged 80+ are enrolled from this month.
    expect(await seedDemoAllowances(t.db, TEST_CIPHER)).toBeGreaterThan(0);
    // This month's 高龄津贴 roll, generated, reviewed and approved: the spending of the month.
    const roll = await clerk.post('/api/v1/payments/rolls', { programme: 'longevity', month: M });
    expect(roll.status, JSON.stringify(roll.body)).toBe(201);
    const reviewed = await reviewer.post(`/api/v1/payments/rolls/${roll.body.id}/actions/review`, { version: roll.body.version });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    const approved = await county.post(`/api/v1/payments/rolls/${roll.body.id}/actions/approve`, { version: reviewed.body.version });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    for (const month of [PREVIOUS, M]) await refreshMonth(t.db, month, SYSTEM);
  });
  afterAll(async () => { await t?.close(); });

  it('registers the page\'s catalogue, code for code, with the 高龄津贴 indicators, under 养老服务', () => {
    const catalogue = listIndicators();
    for (const d of ELDERLY_INDICATORS) {
      expect(catalogue.find((x) => x.code === d.code), d.code).toMatchObject({
        name: d.name, unit: d.unit, group: '养老服务', sourceModule: 'elderly', source: 'elderly.facilities', numeratorMeasure: d.numerator,
        denominatorMeasure: d.denominator ?? null, additive: d.additive, nature: 'stock', refresh: 'job',
      });
    }
    expect(catalogue.find((x) => x.code === 'elderly.beds_per_1000')).toMatchObject({ scale: 1000, format: 'permille' });
    expect(catalogue.find((x) => x.code === 'elderly.occupancy_rate')).toMatchObject({ scale: 100, format: 'percent' });
    expect(catalogue.find((x) => x.code === 'elderly.longevity.recipients')).toMatchObject({ source: 'elderly.longevity', additive: true, headline: true });
    expect(catalogue.find((x) => x.code === 'spending.longevity')).toMatchObject({ name: '高龄津贴发放', source: 'payments.spending', numeratorMeasure: 'p_longevity' });
  });

  it.each([PREVIOUS, M])('shows on the statistics form of %s the numbers of the 养老指标 page at the month\'s end, region by region', async (month) => {
    const date = monthEnd(month);
    const page = await clerk.get(`/api/v1/elderly/indicators?region=${COUNTY}&date=${date}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const codes = FACILITY_INDICATORS.map((d) => d.code);
    const form = await clerk.post('/api/v1/statistics/reports', { kind: 'monthly', period: month, regionCode: COUNTY, indicators: codes });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    const { rows, total } = form.body.content as { rows: { regionCode: string; values: (number | null)[] }[]; total: { regionCode: string; values: (number | null)[] } };

    const same = (statistics: (number | null)[], row: PageRow, where: string) => {
      codes.forEach((code, i) => {
        const p = row.values.find((v) => v.code === code)!;
        const s = statistics[i] ?? null;
        if (p.value === null) expect(s, `${where} ${code}`).toBeNull();
        // The page rounds a rate to one decimal, the statistics value keeps four: both from the same parts.
        else if (p.denominator !== null) expect(Math.round(s! * 10) / 10, `${where} ${code}`).toBe(p.value);
        else expect(s, `${where} ${code}`).toBe(p.value);
      });
    };
    same(total.values, page.body.total, `${month} 二道区`);
    // The hand-counted world: 8 beds in service, 4 nursing, 6 aged 60+ (today's world, as at the month's end).
    expect(total.values[codes.indexOf('elderly.beds')]).toBe(8);
    expect(total.values[codes.indexOf('elderly.nursing_bed_ratio')]).toBe(50);
    const townships = (page.body.children as PageRow[]).filter((c) => c.regionCode !== COUNTY);
    expect(townships.length).toBeGreaterThan(0);
    for (const child of townships) {
      const row = rows.find((r) => r.regionCode === child.regionCode);
      expect(row, child.regionCode).toBeDefined();
      same(row!.values, child, `${month} ${child.regionName}`);
    }
    // A township without facts: 0 beds and no rate on both.
    const empty = townships.find((c) => c.counts.beds === 0 && c.counts.residents === 0)!;
    const emptyRow = rows.find((r) => r.regionCode === empty.regionCode)!;
    expect(emptyRow.values[codes.indexOf('elderly.beds')]).toBe(0);
    expect(emptyRow.values[codes.indexOf('elderly.occupancy_rate')]).toBeNull();

    // The dashboard reads the same stored values: 荣光街道's beds per thousand aged 60+.
    const board = await county.get(`/api/v1/statistics/dashboard?regionCode=${COUNTY}&month=${month}&rankBy=elderly.beds_per_1000`);
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    const rong = (page.body.children as PageRow[]).find((c) => c.regionCode === RONGGUANG)!;
    const onBoard = board.body.children.find((c: { regionCode: string }) => c.regionCode === RONGGUANG).values['elderly.beds_per_1000'];
    expect(Math.round(onBoard * 10) / 10).toBe(rong.values.find((v) => v.code === 'elderly.beds_per_1000')!.value);
    expect(board.body.headlines.find((h: { indicator: string }) => h.indicator === 'elderly.beds').value).toBe(page.body.total.counts.beds);
  });

  it('counts 高龄津贴 recipients as the enrolments and its spending as the approved roll', async () => {
    const enrolled = (await county.get('/api/v1/elderly/allowance-enrolments?programme=longevity&status=active&pageSize=100')).body;
    // The three created here and the quality world's three aged 80+ still alive (测丙, 测辛, and 测庚 who died today is
    // still paid this month); 统计丁 (79) is not among them.
    const names = enrolled.items.map((e: { personName: string }) => e.personName);
    expect(names).toEqual(expect.arrayContaining(['统计甲', '统计乙', '统计丙']));
    expect(names).not.toContain('统计丁');
    const recipients = enrolled.total as number;
    const monthlyFen = enrolled.items.reduce((s: number, e: { monthlyFen: number }) => s + e.monthlyFen, 0);
    const form = await clerk.post('/api/v1/statistics/reports', {
      kind: 'monthly', period: M, regionCode: COUNTY, indicators: ['elderly.longevity.recipients', 'elderly.longevity.monthly', 'spending.longevity'],
    });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect(form.body.content.total.values).toEqual([recipients, monthlyFen, monthlyFen]);
    const byTownship = (code: string) => enrolled.items.filter((e: { regionCode: string }) => e.regionCode.slice(0, 9) === code.slice(0, 9));
    for (const row of form.body.content.rows as { regionCode: string; values: number[] }[]) {
      const mine = byTownship(row.regionCode);
      const fen = mine.reduce((s: number, e: { monthlyFen: number }) => s + e.monthlyFen, 0);
      expect(row.values, row.regionCode).toEqual([mine.length, fen, fen]);
    }
    // Enrolled from this month: none last month.
    const before = await clerk.post('/api/v1/statistics/reports', { kind: 'monthly', period: PREVIOUS, regionCode: COUNTY, indicators: ['elderly.longevity.recipients'] });
    expect(before.body.content.total.values).toEqual([0]);
    // The records behind the number: the three, masked.
    const records = await county.get(`/api/v1/statistics/records?indicator=elderly.longevity.recipients&month=${M}&regionCode=${COUNTY}&pageSize=100`);
    expect(records.status, JSON.stringify(records.body)).toBe(200);
    expect(records.body).toMatchObject({ total: recipients, measureTotal: recipients, recordName: '高龄津贴享受人员' });
    expect(records.body.items.map((r: { name: string }) => r.name).sort()).toEqual([...names].sort());
    expect(records.body.items.every((r: { idMasked: string; note: string }) => r.idMasked.includes('*') && r.note.startsWith('高龄津贴'))).toBe(true);
  });

  it('adds the counts of the children up to their parent at every level (what is registered on the parent itself aside)', async () => {
    const additive = [...FACILITY_INDICATORS, ...LONGEVITY_INDICATORS].filter((d) => d.additive);
    const mismatches = await t.db.transaction((tx) => tx.rows<{ indicator: string; region_code: string; parent: string; children: string }>(sql`
      WITH v AS (SELECT * FROM statistics_value WHERE period = ${firstDayOfMonth(M)}::date AND indicator IN ${additive.map((d) => d.code)}),
      kids AS (
        SELECT p.indicator, p.region_code, p.numerator AS parent, coalesce(sum(c.numerator), 0) AS children
        FROM v p LEFT JOIN v c ON c.indicator = p.indicator AND c.level = p.level + 1
          AND left(c.region_code, (ARRAY[2, 4, 6, 9])[p.level]) = left(p.region_code, (ARRAY[2, 4, 6, 9])[p.level])
        WHERE p.level < 5 GROUP BY p.indicator, p.region_code, p.numerator)
      SELECT indicator, region_code, parent::text, children::text FROM kids WHERE parent <> children ORDER BY 1, 2`));
    // Only the county's own institution (二道区社会福利院, on the county code: 1 home, 三级, 2 nursing beds)
    // is counted at the county and not in any township, exactly as the page shows it as 本级.
    const page = await clerk.get(`/api/v1/elderly/indicators?region=${COUNTY}&date=${monthEnd(M)}`);
    const direct = (page.body.children as PageRow[]).find((c) => c.regionCode === COUNTY)!;
    const byMeasure = Object.fromEntries(FACILITY_INDICATORS.map((d) => [d.code, d.numeratorMeasure]));
    expect(mismatches.length).toBeGreaterThan(0);
    for (const m of mismatches) {
      expect(m.region_code, m.indicator).toBe(COUNTY);
      expect(Number(m.parent) - Number(m.children), m.indicator).toBe(direct.counts[byMeasure[m.indicator]!]);
    }
    expect(mismatches.map((m) => m.indicator).sort()).toEqual(['elderly.beds', 'elderly.care_homes', 'elderly.care_homes_grade_3', 'elderly.institutions', 'elderly.nursing_beds'].sort());
    // And the page's own total is the sum of its rows, 本级 included.
    for (const key of Object.keys(page.body.total.counts)) {
      expect((page.body.children as PageRow[]).reduce((s, c) => s + c.counts[key]!, 0), key).toBe(page.body.total.counts[key]);
    }
  });
});
