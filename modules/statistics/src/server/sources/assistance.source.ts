/**
 * 社会救助 facts, read from the payments ledger (what was decided to be paid, effective-dated, so
 * any past month can be recomputed) joined to the assistance case that decided it (户籍类型, 供养方式,
 * and the masked applicant copies the case keeps for lists). An entitlement not decided by an
 * assistance case (recorded by another path) still counts, with the registry's masked record.
 */
import { sql } from 'drizzle-orm';
import { withinRange, type FactSource, type MonthWindow, type RegionRange } from '../fact-source.ts';

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The current version, in the month, of each subject's monthly entitlement of a programme (one row per subject). */
function inPayment(programme: string, w: MonthWindow, within: RegionRange | undefined) {
  return sql`(
    SELECT DISTINCT ON (e.subject_id) e.* FROM payments_entitlement e
    WHERE e.programme = ${programme} AND e.kind = 'monthly' AND e.superseded_at IS NULL
      AND e.from_month <= ${w.start}::date AND (e.to_month IS NULL OR e.to_month >= ${w.start}::date) ${withinRange(sql`e.region_code`, within)}
    ORDER BY e.subject_id, e.from_month DESC, e.created_at DESC)`;
}

/** The deciding case of an entitlement (its series is `assistance/<caseId>`; a 临时救助 instalment is `<caseId>:<n>`). */
const caseJoin = sql`LEFT JOIN assistance_case a ON e.source_module = 'assistance'
  AND a.id = (CASE WHEN split_part(e.source_id, ':', 1) ~ ${UUID} THEN split_part(e.source_id, ':', 1)::uuid END)
  LEFT JOIN registry_person p ON a.id IS NULL AND p.id = e.payee_person_id`;

const fixed = (measures: readonly string[]) => (m: string) => measures.includes(m);

const DIBAO_MEASURES = ['households', 'urban_households', 'rural_households', 'persons', 'urban_persons', 'rural_persons', 'standard_person_fen', 'standard_persons'];

export const dibaoSource: FactSource = {
  code: 'assistance.dibao', module: 'assistance', recordName: '低保家庭', personal: true,
  hasMeasure: fixed(DIBAO_MEASURES),
  facts: (w, _measures, within) => sql`
    SELECT e.region_code, e.subject_id::text AS record_id,
      coalesce(a.applicant_name, p.name) AS record_name, coalesce(a.applicant_id_masked, p.id_masked) AS record_id_masked,
      (CASE WHEN f.rural THEN '农村' ELSE '城市' END) || '，' || e.person_count || ' 人' AS record_note,
      e.monthly_amount_fen AS record_amount_fen,
      1 AS households, (NOT f.rural)::int AS urban_households, f.rural::int AS rural_households,
      e.person_count::int AS persons, CASE WHEN f.rural THEN 0 ELSE e.person_count::int END AS urban_persons,
      CASE WHEN f.rural THEN e.person_count::int ELSE 0 END AS rural_persons,
      f.standard_fen * e.person_count AS standard_person_fen,
      CASE WHEN f.standard_fen IS NULL THEN NULL ELSE e.person_count::int END AS standard_persons
    FROM ${inPayment('dibao', w, within)} e
    ${caseJoin}
    CROSS JOIN LATERAL (SELECT coalesce(a.application->>'hukouType', 'urban') = 'rural' AS rural,
      CASE WHEN jsonb_typeof(e.breakdown->'standardFen') = 'number' THEN (e.breakdown->>'standardFen')::bigint END AS standard_fen) f`,
};

export const tekunSource: FactSource = {
  code: 'assistance.tekun', module: 'assistance', recordName: '特困供养人员', personal: true,
  hasMeasure: fixed(['persons', 'centralized', 'dispersed']),
  facts: (w, _measures, within) => sql`
    SELECT e.region_code, e.subject_id::text AS record_id,
      coalesce(a.applicant_name, p.name) AS record_name, coalesce(a.applicant_id_masked, p.id_masked) AS record_id_masked,
      CASE WHEN a.care_mode = 'centralized' THEN '集中供养' ELSE '分散供养' END AS record_note,
      e.monthly_amount_fen AS record_amount_fen,
      1 AS persons, (a.care_mode = 'centralized')::int AS centralized, (a.care_mode IS DISTINCT FROM 'centralized')::int AS dispersed
    FROM ${inPayment('tekun', w, within)} e
    ${caseJoin}`,
};

export const linshiSource: FactSource = {
  code: 'assistance.linshi', module: 'assistance', recordName: '临时救助', personal: true,
  hasMeasure: fixed(['cases', 'amount_fen']),
  facts: (w, _measures, within) => sql`
    SELECT e.region_code, e.id::text AS record_id,
      coalesce(a.applicant_name, p.name) AS record_name, coalesce(a.applicant_id_masked, p.id_masked) AS record_id_masked,
      CASE WHEN a.linshi_type = 'expenditure' THEN '支出型' WHEN a.linshi_type = 'emergency' THEN '急难型' ELSE '临时救助' END
        || CASE WHEN e.paid_outside_on IS NOT NULL THEN '（先行救助）' ELSE '' END AS record_note,
      e.monthly_amount_fen AS record_amount_fen,
      1 AS cases, e.monthly_amount_fen AS amount_fen
    FROM payments_entitlement e
    ${caseJoin}
    WHERE e.programme = 'linshi' AND e.kind = 'grant' AND e.superseded_at IS NULL AND e.from_month = ${w.start}::date ${withinRange(sql`e.region_code`, within)}`,
};
