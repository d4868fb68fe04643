/**
 * 养老服务 indicators in the statistics module (docs/api/statistics-contract.md, "How elderly
 * registers its indicators"): registered at import of the elderly server index, before statistics
 * reads its catalogue (at a refresh, a dashboard, a form — never at import).
 *
 * Two fact sources:
 * - `elderly.facilities`: the quality part's `elderly_indicator_facts(date, from, to)` (migration
 *   0044) at the month's last day, one row per institution, bed, resident, caregiver and person aged
 *   60+. The 养老指标 page sums the very same rows (`elderly_indicator_counts`), so the dashboard and
 *   the page cannot disagree for a region and a month-end date; the indicators are the page's
 *   catalogue `ELDERLY_INDICATORS`, code for code.
 * - `elderly.longevity`: 高龄津贴 recipients, the current version in the month of each person's
 *   monthly `longevity` entitlement in the payments ledger (effective-dated, so any past month can be
 *   recomputed; a stop ends the series after its last month paid). The allowance part writes every
 *   enrolment there (allowance.ledger.ts).
 * Money paid: payments' spending source with the `longevity` programme (`spending.longevity`).
 */
import { sql } from 'drizzle-orm';
import { spendingIndicator, type IndicatorDefinition as StatisticsIndicator } from '@mz/statistics';
import { registerIndicators, spendingSource, type FactSource } from '@mz/statistics/server';
import { ELDERLY_INDICATORS, INDICATOR_COUNT_KEYS, type IndicatorDefinition as ElderlyIndicator } from '../domain/quality.indicators.ts';

const GROUP = '养老服务';
/** After the built-in catalogue (社会救助, 资金发放, 核对监测: orders 10–200). */
const FIRST_ORDER = 500;

/** Every 12-digit region code is in ['000000000000', thirteen 9s) — digits only, so every collation agrees. */
const ALL_REGIONS = { from: '000000000000', to: '9999999999999' };

export const facilitiesSource: FactSource = {
  code: 'elderly.facilities', module: 'elderly', recordName: '养老机构、床位、在住老人、护理员及老年人口', personal: true,
  hasMeasure: (m) => (INDICATOR_COUNT_KEYS as readonly string[]).includes(m),
  // Stock figures at the end of the month: the day before the next month's first day.
  facts: (w, _measures, within) => {
    const range = within ?? ALL_REGIONS;
    return sql`SELECT * FROM elderly_indicator_facts((${w.next}::date - 1), ${range.from}, ${range.to})`;
  },
};

export const longevitySource: FactSource = {
  code: 'elderly.longevity', module: 'elderly', recordName: '高龄津贴享受人员', personal: true,
  hasMeasure: (m) => m === 'recipients' || m === 'monthly_fen',
  facts: (w, _measures, within) => {
    const inRange = within ? sql`AND e.region_code >= ${within.from} AND e.region_code < ${within.to}` : sql``;
    return sql`
      SELECT e.region_code, e.subject_id::text AS record_id, p.name AS record_name, p.id_masked AS record_id_masked,
        '高龄津贴' || coalesce('，' || (e.breakdown->>'bracket'), '') AS record_note, e.monthly_amount_fen AS record_amount_fen,
        1 AS recipients, e.monthly_amount_fen AS monthly_fen
      FROM (
        SELECT DISTINCT ON (e.subject_id) e.* FROM payments_entitlement e
        WHERE e.programme = 'longevity' AND e.kind = 'monthly' AND e.superseded_at IS NULL
          AND e.from_month <= ${w.start}::date AND (e.to_month IS NULL OR e.to_month >= ${w.start}::date) ${inRange}
        ORDER BY e.subject_id, e.from_month DESC, e.created_at DESC) e
      LEFT JOIN registry_person p ON p.id = e.payee_person_id`;
  },
};

/** How the page's catalogue shows a rate in the statistics module (same rounding to one decimal on screen). */
function formatOf(d: ElderlyIndicator): StatisticsIndicator['format'] {
  if (!d.denominator) return 'count';
  if (d.scale === 100) return 'percent';
  if (d.scale === 1000) return 'permille';
  return 'ratio';
}

const HEADLINES = new Set(['elderly.beds', 'elderly.beds_per_1000']);

/** The page's indicator as a statistics indicator over the facilities source: same code, name, parts. */
export function facilityIndicator(d: ElderlyIndicator, order: number): StatisticsIndicator {
  return {
    code: d.code, name: d.name, unit: d.unit, group: GROUP,
    numerator: d.definition,
    denominator: d.denominator ? `${ELDERLY_INDICATORS.find((x) => x.numerator === d.denominator && !x.denominator)?.name ?? d.denominator}` : null,
    sourceModule: 'elderly', source: facilitiesSource.code,
    numeratorMeasure: d.numerator, denominatorMeasure: d.denominator ?? null,
    scale: d.denominator ? (d.scale ?? 1) : 1,
    period: 'month', nature: 'stock', additive: d.additive, refresh: 'job', format: formatOf(d),
    headline: HEADLINES.has(d.code), order,
  };
}

export const FACILITY_INDICATORS: readonly StatisticsIndicator[] = ELDERLY_INDICATORS.map((d, i) => facilityIndicator(d, FIRST_ORDER + i));

const longevityOrder = FIRST_ORDER + ELDERLY_INDICATORS.length;

export const LONGEVITY_INDICATORS: readonly StatisticsIndicator[] = [
  {
    code: 'elderly.longevity.recipients', name: '高龄津贴享受人数', unit: '人', group: GROUP,
    numerator: '当月有效的高龄津贴按月待遇（资金发放待遇台账中当月有效的版本，一人一条；停发的自停发次月起不计）',
    denominator: null, sourceModule: 'elderly', source: longevitySource.code, numeratorMeasure: 'recipients', denominatorMeasure: null,
    scale: 1, period: 'month', nature: 'stock', additive: true, refresh: 'job', format: 'count', headline: true, order: longevityOrder,
  },
  {
    code: 'elderly.longevity.monthly', name: '高龄津贴月核定金额', unit: '元', group: GROUP,
    numerator: '同上各人当月核定的高龄津贴月标准之和（按年龄段标准，不含补发、追回）',
    denominator: null, sourceModule: 'elderly', source: longevitySource.code, numeratorMeasure: 'monthly_fen', denominatorMeasure: null,
    scale: 1, period: 'month', nature: 'stock', additive: true, refresh: 'job', format: 'fen', headline: false, order: longevityOrder + 1,
  },
];

export const LONGEVITY_SPENDING = spendingIndicator('longevity', '高龄津贴发放', longevityOrder + 2);

registerIndicators({ source: facilitiesSource, indicators: FACILITY_INDICATORS });
registerIndicators({ source: longevitySource, indicators: LONGEVITY_INDICATORS });
registerIndicators({ source: spendingSource, indicators: [LONGEVITY_SPENDING] });
