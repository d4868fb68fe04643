import { sql, type SQL } from 'drizzle-orm';
import { textArray } from '@mz/db';

/**
 * The set-based SQL of a monitoring run. Everything works on session-local tables built once per
 * run (dropped at commit):
 *
 *   vm_case    persons of open 低保/特困 cases in the jurisdiction, with their case
 *   vm_person  one row per covered person: persons with a current monthly entitlement in the
 *              jurisdiction for the month, every person a current household entitlement counts
 *              (the deciding case's covered persons, else the household's members since the
 *              entitlement began), and the persons of vm_case; with keyed ID hash, unit (the
 *              household the registry has them in, else the person), region (the beneficiary's
 *              village), whether paid there this month, and the household whose entitlement pays
 *              for them when it does not name them (静默认证 holds it when they fail a person rule)
 *              (names, masked IDs and birth dates are read from the registry for matches only)
 *   vm_ent     (only when a ledger or 主动发现 rule runs) every current monthly entitlement of
 *              those persons, in any jurisdiction: "two jurisdictions" must see the other county
 *   vm_unit    (only when a household rule runs) per household: members covered and the head
 *   vm_candidate  what the rules found: (rule, subject, person, household, basis, evidence)
 *
 * Each file rule is one INSERT … SELECT into vm_candidate, a hash join of vm_person with the
 * records of the rule's fresh snapshots on the keyed hash.
 */

export interface RunWindow {
  /** First day of the month. */
  monthStart: string;
  /** Last day of the month. */
  monthEnd: string;
  from: string;
  to: string;
}

const CURRENT = (e: string, w: RunWindow) => sql`${sql.raw(e)}.superseded_at IS NULL AND ${sql.raw(e)}.kind = 'monthly'
  AND ${sql.raw(e)}.from_month <= ${w.monthStart}::date AND coalesce(${sql.raw(e)}.to_month, 'infinity'::date) >= ${w.monthStart}::date`;

export interface PopulationNeeds {
  /** vm_ent: every current entitlement of the covered persons (ledger and 主动发现 rules). */
  entitlements: boolean;
  /** vm_unit: household sizes and heads (household rules). */
  units: boolean;
}

/**
 * The household a covered member is paid through — null for the applicant the entitlement names,
 * who is paid in their own name (what names them is held, and their evidence needs no "member").
 */
const VIA_HOUSEHOLD = (m: string) => sql`CASE WHEN ${sql.raw(m)}.person_id IS DISTINCT FROM e.person_id THEN e.household_id END`;

export function buildPopulation(w: RunWindow, needs: PopulationNeeds): SQL[] {
  const stmts: SQL[] = [
    // Persons of open 低保/特困 cases (few next to the entitlements): kept apart so an alert can name
    // its cases without every person carrying an array.
    sql`CREATE TEMP TABLE vm_case ON COMMIT DROP AS
      SELECT DISTINCT p.person_id, a.id AS case_id, a.household_id, a.region_code
      FROM assistance_case a JOIN workflow_case wc ON wc.id = a.id
      CROSS JOIN LATERAL (
        SELECT unnest(a.covered_person_ids) AS person_id
        UNION SELECT a.person_id WHERE a.person_id IS NOT NULL
        UNION SELECT m.person_id FROM registry_household_member m
          WHERE cardinality(a.covered_person_ids) = 0 AND m.household_id = a.household_id AND m.valid_to IS NULL) p
      WHERE wc.closed_at IS NULL AND a.programme IN ('dibao', 'tekun') AND a.region_code >= ${w.from} AND a.region_code < ${w.to}`,
    sql`CREATE INDEX ON vm_case (person_id)`,
    // One row per covered person. The union is aggregated as it streams (never written out), by
    // the uuid alone and with fixed-size aggregates (an array per group would cost an allocation
    // per person), then joined to the person's keyed hash. The unit is the household the registry
    // has the person in now; a case or entitlement naming another household is what member_twice
    // and two_rolls report.
    sql`CREATE TEMP TABLE vm_person ON COMMIT DROP AS
      WITH base AS (
        SELECT e.person_id, p.id_hash, e.household_id, e.region_code, true AS paid, NULL::uuid AS paid_household_id
        FROM payments_entitlement e JOIN registry_person p ON p.id = e.person_id
        WHERE ${CURRENT('e', w)} AND e.person_id IS NOT NULL AND e.region_code >= ${w.from} AND e.region_code < ${w.to}
        UNION ALL
        -- A household-basis entitlement (低保) names the applicant as payee, but its amount counts
        -- every covered member: each of them is paid by it. The covered members are the deciding
        -- case's (assistance records them as the entitlement's source) …
        SELECT x.person_id, p.id_hash, e.household_id, e.region_code, true, ${VIA_HOUSEHOLD('x')}
        FROM payments_entitlement e JOIN assistance_case a ON a.id::text = e.source_id
        CROSS JOIN LATERAL unnest(a.covered_person_ids) AS x(person_id)
        JOIN registry_person p ON p.id = x.person_id
        WHERE ${CURRENT('e', w)} AND e.subject_id = e.household_id AND e.source_module = 'assistance'
          AND e.region_code >= ${w.from} AND e.region_code < ${w.to}
        UNION ALL
        -- … else (another programme, or a case that lists nobody) whoever the registry had in the
        -- household at any time since this version of the entitlement began: a member who died or
        -- left after the decision is still counted in what is paid (the registry ends the membership,
        -- the amount does not change until the entitlement is superseded).
        SELECT m.person_id, p.id_hash, e.household_id, e.region_code, true, ${VIA_HOUSEHOLD('m')}
        FROM payments_entitlement e JOIN registry_household_member m ON m.household_id = e.household_id
          AND m.valid_from <= ${w.monthEnd}::date AND (m.valid_to IS NULL OR m.valid_to > e.from_month)
        JOIN registry_person p ON p.id = m.person_id
        WHERE ${CURRENT('e', w)} AND e.subject_id = e.household_id AND e.region_code >= ${w.from} AND e.region_code < ${w.to}
          AND NOT EXISTS (SELECT 1 FROM assistance_case a WHERE e.source_module = 'assistance' AND a.id::text = e.source_id
            AND cardinality(a.covered_person_ids) > 0)
        UNION ALL
        SELECT c.person_id, p.id_hash, c.household_id, c.region_code, false, NULL FROM vm_case c JOIN registry_person p ON p.id = c.person_id),
      -- The keyed hash is joined in each branch, where the row counts are known (after a
      -- grouping the planner cannot estimate them and would probe the registry row by row).
      agg AS (
        SELECT person_id, id_hash, min(household_id::text) AS household_id, min(region_code) AS region_code, bool_or(paid) AS paid,
          min(paid_household_id::text) AS paid_household_id
        FROM base GROUP BY person_id, id_hash)
      SELECT a.person_id, a.id_hash,
        coalesce(m.household_id, a.household_id::uuid, a.person_id) AS unit_id, coalesce(m.household_id, a.household_id::uuid) AS household_id,
        a.region_code, a.paid, a.paid_household_id::uuid AS paid_household_id
      FROM agg a LEFT JOIN registry_household_member m ON m.person_id = a.person_id AND m.valid_to IS NULL`,
    sql`ANALYZE vm_person`,
    sql`CREATE TEMP TABLE vm_candidate (rule_code text, subject_key uuid, person_id uuid, household_id uuid, basis text, evidence jsonb) ON COMMIT DROP`,
  ];
  if (needs.entitlements) {
    stmts.push(
      sql`CREATE TEMP TABLE vm_ent ON COMMIT DROP AS
        SELECT v.person_id, e.id AS entitlement_id, e.programme, e.region_code, e.subject_id, false AS via_household
        FROM vm_person v JOIN payments_entitlement e ON e.person_id = v.person_id
        WHERE ${CURRENT('e', w)}
        UNION ALL
        SELECT v.person_id, e.id, e.programme, e.region_code, e.subject_id, true
        FROM vm_person v JOIN registry_household_member m ON m.person_id = v.person_id AND m.valid_to IS NULL
        JOIN payments_entitlement e ON e.subject_id = m.household_id AND e.person_id IS NULL
        WHERE ${CURRENT('e', w)}`,
      // Evidence subqueries look up one person's entitlements; the joins themselves hash.
      sql`CREATE INDEX ON vm_ent (person_id)`,
      sql`ANALYZE vm_ent`,
    );
  }
  if (needs.units) {
    // Households only: a person outside any household is a unit of one (members 1, themselves).
    stmts.push(
      sql`CREATE TEMP TABLE vm_unit ON COMMIT DROP AS
        SELECT v.unit_id, count(*)::int AS members,
          coalesce(max(CASE WHEN h.head_person_id = v.person_id THEN v.person_id::text END), min(v.person_id::text))::uuid AS rep_person_id
        FROM vm_person v LEFT JOIN registry_household h ON h.id = v.household_id
        WHERE v.household_id IS NOT NULL
        GROUP BY v.unit_id`,
      sql`ANALYZE vm_unit`,
    );
  }
  return stmts;
}

/** Which population tables a rule reads beyond vm_person. */
export const RULE_NEEDS: Record<string, Partial<PopulationNeeds>> = {
  vehicle_over: { units: true }, property_over: { units: true }, business_over: { units: true }, income_over: { units: true },
  deposit_over: { units: true }, medical_large: { units: true },
  two_rolls: { entitlements: true }, dibao_tekun: { entitlements: true }, disabled_no_subsidy: { entitlements: true }, aged80_no_allowance: { entitlements: true },
};

/**
 * A unit's columns, grouped by `k` (its unit id) with vm_unit u LEFT JOINed: a person outside any
 * household is a unit of one, addressed to themselves.
 */
const UNIT_COLUMNS = (k: string) => sql`${sql.raw(k)}, coalesce(u.rep_person_id, ${sql.raw(k)}), u.unit_id`;
const UNIT_GROUP = (k: string) => sql`${sql.raw(k)}, u.unit_id, u.rep_person_id, u.members`;
const MEMBERS = sql`coalesce(u.members, 1)`;

/** Records of the given snapshots joined to the covered persons (the probe of every file rule). */
const RECORDS = (ids: readonly string[]) => sql`vm_person v
  JOIN verification_record r ON r.id_hash = v.id_hash AND r.snapshot_id = ANY(${textArray(ids)}::uuid[])
  JOIN verification_snapshot s ON s.id = r.snapshot_id`;

/** What a finding from file sources rests on: the snapshots the rule read this run. */
const basisOf = (ids: readonly string[]) => sql`${[...ids].sort().join(',')}::text`;

/** A person rule's candidate columns. */
const PERSON = sql`v.person_id, v.person_id, v.household_id`;

/** Who is paid this month: a current monthly entitlement in the run's jurisdiction. */
const PAID = sql`v.paid`;

/**
 * A person paid through a household entitlement is named in the evidence as the member the
 * household is paid for (the alert is about them, the payment goes to the applicant); null, and
 * so left out of the summary, for a person paid in their own name. Looked up for matches only.
 */
const MEMBER = sql`CASE WHEN v.paid_household_id IS NOT NULL THEN (SELECT mp.name FROM registry_person mp WHERE mp.id = v.person_id) END`;

type RuleSql = (w: RunWindow, ids: readonly string[], params: any) => SQL;

export const RULE_SQL: Record<string, RuleSql> = {
  deceased_paid: (w, ids) => sql`
    INSERT INTO vm_candidate
    SELECT DISTINCT ON (v.person_id) 'deceased_paid', ${PERSON}, r.snapshot_id::text,
      jsonb_build_object('source', s.source_code, 'asOf', s.as_of, 'version', s.version, 'date', r.event_date, 'member', ${MEMBER})
    FROM ${RECORDS(ids)}
    WHERE r.event_date <= ${w.monthEnd}::date AND ${PAID}
    ORDER BY v.person_id, r.event_date, s.source_code`,

  custody_paid: (w, ids, p: { minDays: number }) => sql`
    INSERT INTO vm_candidate
    SELECT DISTINCT ON (v.person_id) 'custody_paid', ${PERSON}, r.snapshot_id::text,
      jsonb_build_object('source', s.source_code, 'asOf', s.as_of, 'version', s.version, 'from', r.event_date, 'to', r.end_date, 'kind', r.category,
        'daysInMonth', least(coalesce(r.end_date, ${w.monthEnd}::date), ${w.monthEnd}::date) - greatest(r.event_date, ${w.monthStart}::date) + 1,
        'member', ${MEMBER})
    FROM ${RECORDS(ids)}
    WHERE r.event_date <= ${w.monthEnd}::date AND (r.end_date IS NULL OR r.end_date >= ${w.monthStart}::date)
      AND least(coalesce(r.end_date, ${w.monthEnd}::date), ${w.monthEnd}::date) - greatest(r.event_date, ${w.monthStart}::date) + 1 >= ${p.minDays}
      AND ${PAID}
    ORDER BY v.person_id, r.event_date DESC`,

  vehicle_over: (w, ids, p: { maxCount: number; exemptCategories: string[]; exemptValueFen: number }) => unitRule('vehicle_over', ids, sql`
      r.event_date <= ${w.monthEnd}::date AND NOT (r.category = ANY(${textArray(p.exemptCategories)}))
      AND (r.amount_fen IS NULL OR r.amount_fen > ${p.exemptValueFen})`,
    sql`count(*) > ${p.maxCount}`,
    sql`jsonb_build_object('count', count(*), 'maxCount', ${p.maxCount}::int,
      'items', jsonb_agg(jsonb_build_object('name', pp.name, 'category', r.category, 'ref', r.ref_masked, 'amountFen', r.amount_fen, 'date', r.event_date) ORDER BY r.event_date))`),

  property_over: (w, ids, p: { maxDwellings: number; forbidNonResidential: boolean }) => unitRule('property_over', ids, sql`r.event_date <= ${w.monthEnd}::date`,
    sql`(count(*) FILTER (WHERE r.category = '住宅') > ${p.maxDwellings}
      OR (${p.forbidNonResidential} AND count(*) FILTER (WHERE r.category IN ('商业', '办公', '工业')) > 0))`,
    sql`jsonb_build_object('dwellings', count(*) FILTER (WHERE r.category = '住宅'), 'maxDwellings', ${p.maxDwellings}::int,
      'nonResidential', count(*) FILTER (WHERE r.category IN ('商业', '办公', '工业')),
      'items', jsonb_agg(jsonb_build_object('name', pp.name, 'use', r.category, 'area', r.quantity, 'ref', r.ref_masked, 'date', r.event_date) ORDER BY r.event_date))`),

  business_over: (w, ids, p: { maxCapitalFen: number; exemptCategories: string[] }) => unitRule('business_over', ids, sql`
      r.event_date <= ${w.monthEnd}::date AND (r.end_date IS NULL OR r.end_date > ${w.monthEnd}::date)
      AND NOT (r.category = ANY(${textArray(p.exemptCategories)})) AND coalesce(r.amount_fen, 0) > ${p.maxCapitalFen}`,
    sql`count(*) > 0`,
    sql`jsonb_build_object('count', count(*), 'maxCapitalFen', ${p.maxCapitalFen}::bigint,
      'items', jsonb_agg(jsonb_build_object('name', pp.name, 'type', r.category, 'capitalFen', r.amount_fen, 'ref', r.ref_masked, 'since', r.event_date) ORDER BY r.event_date))`),

  income_over: (w, ids, p: { perCapitaMonthlyFen: number }) => sql`
    INSERT INTO vm_candidate
    WITH src AS (
      SELECT v.person_id, v.unit_id, s.source_code, r.event_date, r.end_date, r.amount_fen, r.snapshot_id
      FROM ${RECORDS(ids)} WHERE r.event_date <= ${w.monthEnd}::date AND r.event_date > ${w.monthStart}::date - interval '12 months'),
    hrss AS (
      SELECT person_id, sum(amount_fen) AS fen FROM (
        SELECT person_id, amount_fen, rank() OVER (PARTITION BY person_id ORDER BY date_trunc('month', event_date) DESC) AS rk
        FROM src WHERE source_code = 'hrss') x
      WHERE rk = 1 GROUP BY person_id),
    fund AS (SELECT DISTINCT ON (person_id) person_id, amount_fen AS fen FROM src WHERE source_code = 'housing_fund' ORDER BY person_id, event_date DESC),
    tax AS (
      SELECT DISTINCT ON (person_id) person_id,
        amount_fen / greatest(1, (extract(year FROM age(end_date + 1, event_date)) * 12 + extract(month FROM age(end_date + 1, event_date)))::int) AS fen
      FROM src WHERE source_code = 'tax' ORDER BY person_id, end_date DESC),
    person AS (
      SELECT v.person_id, v.unit_id, pp.name, h.fen AS hrss, f.fen AS fund, t.fen AS tax,
        greatest(coalesce(h.fen, 0), coalesce(f.fen, 0), coalesce(t.fen, 0)) AS income
      FROM vm_person v JOIN registry_person pp ON pp.id = v.person_id LEFT JOIN hrss h ON h.person_id = v.person_id LEFT JOIN fund f ON f.person_id = v.person_id LEFT JOIN tax t ON t.person_id = v.person_id
      WHERE h.person_id IS NOT NULL OR f.person_id IS NOT NULL OR t.person_id IS NOT NULL)
    SELECT 'income_over', ${UNIT_COLUMNS('x.unit_id')}, ${basisOf(ids)},
      jsonb_build_object('members', ${MEMBERS}, 'totalFen', sum(x.income), 'perCapitaFen', sum(x.income) / ${MEMBERS},
        'limitFen', ${p.perCapitaMonthlyFen}::bigint,
        'items', jsonb_agg(jsonb_build_object('name', x.name, 'incomeFen', x.income, 'hrssFen', x.hrss, 'housingFundFen', x.fund, 'taxFen', x.tax) ORDER BY x.name))
    FROM person x LEFT JOIN vm_unit u ON u.unit_id = x.unit_id
    GROUP BY ${UNIT_GROUP('x.unit_id')}
    HAVING sum(x.income) / ${MEMBERS} > ${p.perCapitaMonthlyFen}`,

  deposit_over: (w, ids, p: { perCapitaFen: number }) => sql`
    INSERT INTO vm_candidate
    WITH latest AS MATERIALIZED (
      SELECT DISTINCT ON (v.person_id) v.person_id, v.unit_id, r.amount_fen, r.event_date
      FROM ${RECORDS(ids)} WHERE r.event_date <= ${w.monthEnd}::date
      ORDER BY v.person_id, r.event_date DESC),
    hit AS (
      SELECT l.unit_id FROM latest l LEFT JOIN vm_unit u ON u.unit_id = l.unit_id
      GROUP BY ${UNIT_GROUP('l.unit_id')} HAVING sum(l.amount_fen) / ${MEMBERS} > ${p.perCapitaFen})
    SELECT 'deposit_over', ${UNIT_COLUMNS('l.unit_id')}, ${basisOf(ids)},
      jsonb_build_object('members', ${MEMBERS}, 'totalFen', sum(l.amount_fen), 'perCapitaFen', sum(l.amount_fen) / ${MEMBERS}, 'limitFen', ${p.perCapitaFen}::bigint,
        'items', jsonb_agg(jsonb_build_object('name', pp.name, 'amountFen', l.amount_fen, 'date', l.event_date) ORDER BY pp.name))
    FROM latest l JOIN hit h ON h.unit_id = l.unit_id JOIN registry_person pp ON pp.id = l.person_id LEFT JOIN vm_unit u ON u.unit_id = l.unit_id
    GROUP BY ${UNIT_GROUP('l.unit_id')}`,

  medical_large: (w, ids, p: { thresholdFen: number }) => unitRule('medical_large', ids, sql`
      r.event_date <= ${w.monthEnd}::date AND r.event_date > ${w.monthEnd}::date - interval '12 months'`,
    sql`sum(r.amount_fen) > ${p.thresholdFen}`,
    sql`jsonb_build_object('totalFen', sum(r.amount_fen), 'thresholdFen', ${p.thresholdFen}::bigint, 'settlements', count(*),
      'from', min(r.event_date), 'to', max(r.event_date))`),

  two_rolls: () => sql`
    INSERT INTO vm_candidate
    WITH flagged AS (
      SELECT person_id FROM (SELECT person_id, programme FROM vm_ent GROUP BY person_id, programme HAVING count(DISTINCT subject_id) > 1) d
      UNION
      SELECT person_id FROM vm_ent GROUP BY person_id HAVING count(DISTINCT left(region_code, 6)) > 1)
    SELECT 'two_rolls', v.person_id, v.person_id, v.household_id,
      string_agg(pe.entitlement_id::text, ',' ORDER BY pe.entitlement_id::text),
      jsonb_build_object('entitlements', jsonb_agg(jsonb_build_object('programme', pe.programme, 'regionCode', pe.region_code,
        'entitlementId', pe.entitlement_id, 'viaHousehold', pe.via_household) ORDER BY pe.region_code, pe.programme))
    FROM flagged f JOIN vm_person v ON v.person_id = f.person_id JOIN vm_ent pe ON pe.person_id = v.person_id
    GROUP BY v.person_id, v.household_id`,

  dibao_tekun: () => sql`
    INSERT INTO vm_candidate
    SELECT 'dibao_tekun', v.person_id, v.person_id, v.household_id,
      string_agg(pe.entitlement_id::text, ',' ORDER BY pe.entitlement_id::text),
      jsonb_build_object('entitlements', jsonb_agg(jsonb_build_object('programme', pe.programme, 'regionCode', pe.region_code, 'entitlementId', pe.entitlement_id)
        ORDER BY pe.programme))
    FROM vm_person v JOIN vm_ent pe ON pe.person_id = v.person_id AND pe.programme IN ('dibao', 'tekun')
    GROUP BY v.person_id, v.household_id
    HAVING count(*) FILTER (WHERE pe.programme = 'dibao') > 0 AND count(*) FILTER (WHERE pe.programme = 'tekun') > 0`,

  member_twice: () => sql`
    INSERT INTO vm_candidate
    WITH covered AS (
      SELECT unnest(c.covered_person_ids) AS person_id, c.id, c.programme, c.household_id, c.region_code
      FROM assistance_case c JOIN workflow_case wc ON wc.id = c.id AND wc.closed_at IS NULL
      WHERE c.programme = 'dibao')
    SELECT 'member_twice', v.person_id, v.person_id, v.household_id,
      string_agg(c.id::text, ',' ORDER BY c.id::text),
      jsonb_build_object('cases', jsonb_agg(jsonb_build_object('caseId', c.id, 'programme', c.programme, 'householdId', c.household_id, 'regionCode', c.region_code)
        ORDER BY c.region_code))
    FROM covered c JOIN vm_person v ON v.person_id = c.person_id
    GROUP BY v.person_id, v.household_id
    HAVING count(DISTINCT coalesce(c.household_id, c.id)) > 1`,

  disabled_no_subsidy: (w, ids, p: { careMaxGrade: number }) => sql`
    INSERT INTO vm_candidate
    SELECT DISTINCT ON (v.person_id) 'disabled_no_subsidy', ${PERSON}, r.snapshot_id::text,
      jsonb_build_object('category', r.category, 'grade', r.quantity::int, 'validTo', r.end_date,
        'missing', to_jsonb(array_remove(ARRAY[
          CASE WHEN NOT EXISTS (SELECT 1 FROM vm_ent pe WHERE pe.person_id = v.person_id AND pe.programme = 'disability_living') THEN 'disability_living' END,
          CASE WHEN r.quantity <= ${p.careMaxGrade} AND NOT EXISTS (SELECT 1 FROM vm_ent pe WHERE pe.person_id = v.person_id AND pe.programme = 'disability_care') THEN 'disability_care' END
        ], NULL)))
    FROM ${RECORDS(ids)}
    WHERE (r.end_date IS NULL OR r.end_date >= ${w.monthStart}::date)
      AND (NOT EXISTS (SELECT 1 FROM vm_ent pe WHERE pe.person_id = v.person_id AND pe.programme = 'disability_living')
        OR (r.quantity <= ${p.careMaxGrade} AND NOT EXISTS (SELECT 1 FROM vm_ent pe WHERE pe.person_id = v.person_id AND pe.programme = 'disability_care')))
    ORDER BY v.person_id, r.quantity, r.event_date DESC`,

  aged80_no_allowance: (w, _ids, p: { minAge: number }) => sql`
    INSERT INTO vm_candidate
    SELECT 'aged80_no_allowance', ${PERSON}, ${w.monthStart},
      jsonb_build_object('birthDate', pp.birth_date, 'age', extract(year FROM age(${w.monthEnd}::date, pp.birth_date))::int, 'minAge', ${p.minAge}::int)
    FROM vm_person v JOIN registry_person pp ON pp.id = v.person_id
    WHERE pp.birth_date <= ${w.monthEnd}::date - make_interval(years => ${p.minAge}) AND pp.status = 'alive'
      AND NOT EXISTS (SELECT 1 FROM vm_ent pe WHERE pe.person_id = v.person_id AND pe.programme = 'longevity')
      -- Nobody is proposed an allowance whom a current 公安 death or 殡葬 record reports dead (the
      -- registry may not know yet: deceased_paid raises that alert).
      AND NOT EXISTS (SELECT 1 FROM verification_record r JOIN verification_snapshot s ON s.id = r.snapshot_id
        WHERE r.id_hash = v.id_hash AND s.status = 'current' AND s.source_code IN ('police_death', 'cremation') AND r.event_date <= ${w.monthEnd}::date)`,
};

/**
 * A household rule: the records of the unit's members that count, aggregated per unit; an alert
 * when `having` holds. The alert is addressed to the unit's head and routed to its region.
 */
function unitRule(code: string, ids: readonly string[], where: SQL, having: SQL, evidence: SQL): SQL {
  // Two passes over the matched records (kept in memory): which units qualify, then the evidence —
  // with names from the registry — for those units only.
  return sql`
    INSERT INTO vm_candidate
    WITH r AS MATERIALIZED (
      SELECT v.person_id, v.unit_id, r.snapshot_id, r.event_date, r.end_date, r.amount_fen, r.quantity, r.category, r.ref_masked
      FROM vm_person v JOIN verification_record r ON r.id_hash = v.id_hash AND r.snapshot_id = ANY(${textArray(ids)}::uuid[])
      WHERE ${where}),
    hit AS (
      SELECT r.unit_id FROM r LEFT JOIN vm_unit u ON u.unit_id = r.unit_id
      GROUP BY ${UNIT_GROUP('r.unit_id')} HAVING ${having})
    SELECT ${code}, ${UNIT_COLUMNS('r.unit_id')}, ${basisOf(ids)},
      ${evidence} || jsonb_build_object('source', min(s.source_code), 'asOf', min(s.as_of), 'version', min(s.version), 'members', ${MEMBERS})
    FROM r JOIN hit h ON h.unit_id = r.unit_id JOIN verification_snapshot s ON s.id = r.snapshot_id
    JOIN registry_person pp ON pp.id = r.person_id LEFT JOIN vm_unit u ON u.unit_id = r.unit_id
    GROUP BY ${UNIT_GROUP('r.unit_id')}`;
}
