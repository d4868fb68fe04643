/**
 * SQL fragments shared by the allowance services. They mirror the pure rules in
 * `../domain/allowance.rules.ts` (allowance.rules.test.ts pins the pure side; the HTTP tests pin
 * that the SQL gives the same answers on the same birthdays).
 */
import { sql, type SQL } from 'drizzle-orm';
import { parseYearMonth } from '@mz/kernel';
import type { StartRule } from '../domain/allowance.rules.ts';

/**
 * The age that decides `month`'s bracket, for the registry person `p`: whole months from the birth
 * month to the month (minus one under 'next_month'), divided by 12 — ageForMonth() in SQL. A 02-29
 * birth has its birthday in February every year (民法典第二百零二条), so whole months are exact.
 */
export function ageForMonthSql(alias: string, month: string, rule: StartRule): SQL {
  const { year, month: m } = parseYearMonth(month);
  const index = year * 12 + m - (rule === 'next_month' ? 1 : 0);
  const b = sql.raw(`${alias}.birth_date`);
  return sql`div(${index}::int - (extract(year FROM ${b})::int * 12 + extract(month FROM ${b})::int), 12)`;
}

/**
 * The last birth date that has reached `age` by `month` under the rule (an index range on
 * registry_person (region_code, birth_date) instead of computing everyone's age).
 */
export function latestBirthForAge(month: string, age: number, rule: StartRule): string {
  const { year, month: m } = parseYearMonth(month);
  const index = year * 12 + (m - 1) - (rule === 'next_month' ? 1 : 0) - age * 12;
  const y = Math.floor(index / 12);
  const mm = (index % 12) + 1;
  const last = new Date(Date.UTC(y, mm, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

/** Current monthly entitlement of a programme in the month starting `monthStart`. */
const CURRENT = (e: string, monthStart: string) => sql`${sql.raw(e)}.kind = 'monthly' AND ${sql.raw(e)}.superseded_at IS NULL
  AND ${sql.raw(e)}.from_month <= ${monthStart}::date AND coalesce(${sql.raw(e)}.to_month, 'infinity'::date) >= ${monthStart}::date`;

/**
 * Why the person `p` counts as low-income in the month, or null: 特困 (their own current
 * entitlement), 低保 (their household's current entitlement, or one naming them), 低保边缘 (their
 * household's current recognition). Read from the ledger and the assistance register as the
 * caller's scope allows — the same rows verification's runs read.
 */
export function lowIncomeSql(alias: string, monthStart: string): SQL {
  const p = sql.raw(alias);
  return sql`(CASE
    WHEN EXISTS (SELECT 1 FROM payments_entitlement e WHERE e.person_id = ${p}.id AND e.programme = 'tekun' AND ${CURRENT('e', monthStart)}) THEN 'tekun'
    WHEN EXISTS (SELECT 1 FROM payments_entitlement e WHERE e.person_id = ${p}.id AND e.programme = 'dibao' AND ${CURRENT('e', monthStart)})
      OR EXISTS (SELECT 1 FROM registry_household_member m JOIN payments_entitlement e ON e.subject_id = m.household_id AND e.programme = 'dibao'
                 WHERE m.person_id = ${p}.id AND m.valid_to IS NULL AND ${CURRENT('e', monthStart)}) THEN 'dibao'
    WHEN EXISTS (SELECT 1 FROM registry_household_member m JOIN assistance_edge_family f ON f.household_id = m.household_id
                 WHERE m.person_id = ${p}.id AND m.valid_to IS NULL AND f.ended_on IS NULL AND f.valid_until >= ${monthStart}::date) THEN 'edge'
  END)`;
}

/** The brackets of a parameter row as a relation b(from_age, to_age, monthly_fen). */
export function bracketsRelation(bracketsJson: string): SQL {
  return sql`(SELECT "fromAge" AS from_age, "toAge" AS to_age, "monthlyFen" AS monthly_fen
    FROM jsonb_to_recordset(${bracketsJson}::jsonb) AS x("fromAge" int, "toAge" int, "monthlyFen" bigint))`;
}

/**
 * The last month before `monthStart` in which the person `p` was 特困, 低保 or 低保边缘, as the
 * first of that month, or null: the end of their own 特困/低保 entitlements, of their households'
 * 低保 (cut at the month they left the household) and of their current household's 低保边缘
 * recognition (ended or expired). lowIncomeStopMonth() in the domain turns it into the last month
 * paid: a status that ended in month X stops the subsidy from X + 1.
 */
export function lowIncomeUntilSql(alias: string, monthStart: string): SQL {
  const p = sql.raw(alias);
  return sql`(SELECT max(u.until) FROM (
      SELECT e.to_month AS until FROM payments_entitlement e
      WHERE e.person_id = ${p}.id AND e.programme IN ('tekun', 'dibao') AND e.kind = 'monthly' AND e.superseded_at IS NULL AND e.to_month IS NOT NULL
      UNION ALL
      SELECT least(coalesce(e.to_month, 'infinity'::date), coalesce(date_trunc('month', m.valid_to - 1)::date, 'infinity'::date))
      FROM registry_household_member m JOIN payments_entitlement e ON e.subject_id = m.household_id AND e.programme = 'dibao'
      WHERE m.person_id = ${p}.id AND e.kind = 'monthly' AND e.superseded_at IS NULL AND e.from_month < coalesce(m.valid_to, 'infinity'::date)
      UNION ALL
      SELECT date_trunc('month', least(coalesce(f.ended_on, 'infinity'::date), f.valid_until))::date
      FROM registry_household_member m JOIN assistance_edge_family f ON f.household_id = m.household_id
      WHERE m.person_id = ${p}.id AND m.valid_to IS NULL
    ) u WHERE u.until < ${monthStart}::date)`;
}

/** The subsidies' level amounts of a parameter row as a relation l(programme, level, monthly_fen). */
export function levelsRelation(serviceLevelsJson: string, careLevelsJson: string): SQL {
  return sql`(SELECT 'elderly_service'::text AS programme, level, "monthlyFen" AS monthly_fen
      FROM jsonb_to_recordset(${serviceLevelsJson}::jsonb) AS x(level int, "monthlyFen" bigint)
    UNION ALL
    SELECT 'elderly_care'::text, level, "monthlyFen" FROM jsonb_to_recordset(${careLevelsJson}::jsonb) AS y(level int, "monthlyFen" bigint))`;
}
