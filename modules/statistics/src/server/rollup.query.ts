/**
 * The one statement per fact source: its facts for a month, summed with GROUP BY ROLLUP over the
 * five region-code prefixes (province 2 digits, city 4, county 6, township 9, village 12, each padded
 * back to 12 with zeros), then one row per indicator and region. A level a code skips (东莞 has no
 * county, so its 6-digit prefix would repeat the city) and a fact recorded above the village (a
 * 临时救助 at a township) have no code at that level, and their group is dropped there — they still
 * count in every level above.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { IndicatorDefinition } from '../domain/index.ts';
import { measuresOf, type FactSource, type MonthWindow } from './fact-source.ts';

export function rollupSelect(source: FactSource, indicators: readonly IndicatorDefinition[], w: MonthWindow): SQL {
  const measures = measuresOf(indicators);
  const sums = sql.join(measures.map((m) => sql`sum(k.${sql.identifier(m)})::numeric AS ${sql.identifier(m)}`), sql`, `);
  const rows = sql.join(indicators.map((d) => sql`(${d.code}, coalesce(g.${sql.identifier(d.numeratorMeasure)}, 0), ${
    d.denominatorMeasure ? sql`coalesce(g.${sql.identifier(d.denominatorMeasure)}, 0)` : sql`NULL::numeric`}, ${d.scale}::numeric)`), sql`, `);
  return sql`
    WITH f AS (${source.facts(w, measures)}),
    k AS (
      SELECT f.*, rpad(left(f.region_code, 2), 12, '0') AS c1,
        CASE WHEN substr(f.region_code, 3, 2) <> '00' THEN rpad(left(f.region_code, 4), 12, '0') END AS c2,
        CASE WHEN substr(f.region_code, 5, 2) <> '00' THEN rpad(left(f.region_code, 6), 12, '0') END AS c3,
        CASE WHEN substr(f.region_code, 7, 3) <> '000' THEN rpad(left(f.region_code, 9), 12, '0') END AS c4,
        CASE WHEN substr(f.region_code, 10, 3) <> '000' THEN f.region_code END AS c5
      FROM f),
    r AS (
      SELECT grouping(c1, c2, c3, c4, c5) AS g, c1, c2, c3, c4, c5, ${sums}
      FROM k GROUP BY ROLLUP (c1, c2, c3, c4, c5)),
    g AS (
      SELECT CASE r.g WHEN 0 THEN r.c5 WHEN 1 THEN r.c4 WHEN 3 THEN r.c3 WHEN 7 THEN r.c2 WHEN 15 THEN r.c1 END AS region_code,
        CASE r.g WHEN 0 THEN 5 WHEN 1 THEN 4 WHEN 3 THEN 3 WHEN 7 THEN 2 WHEN 15 THEN 1 END AS level, r.*
      FROM r WHERE r.g <> 31)
    SELECT v.indicator, ${w.start}::date AS period, g.region_code, g.level, v.num AS numerator, v.den AS denominator,
      CASE WHEN v.den IS NULL THEN v.num WHEN v.den = 0 THEN NULL ELSE round(v.num * v.scale / v.den, 4) END AS value
    FROM g CROSS JOIN LATERAL (VALUES ${rows}) AS v(indicator, num, den, scale)
    -- A value with nothing in it is not stored: readers take a refreshed month's missing row as zero
    -- (a count) or no figure (a ratio of 0/0). Most regions have no facts for most indicators, and
    -- writing those rows was most of a refresh's cost.
    WHERE g.region_code IS NOT NULL AND (v.num <> 0 OR coalesce(v.den, 0) <> 0)`;
}
