/**
 * 核对监测 facts: monitoring alerts. "Handled" is the first 维持/转办/需调整 step in the alert's
 * append-only event log (the alert row's own handled_at moves with every step), so a past month's
 * open and handled counts can be recomputed and do not change when an alert is handled later.
 */
import { sql } from 'drizzle-orm';
import { withinRange, type FactSource } from '../fact-source.ts';

export const alertSource: FactSource = {
  code: 'verification.alerts', module: 'verification', recordName: '监测预警', personal: true,
  hasMeasure: (m) => ['open_at_end', 'raised', 'handled'].includes(m),
  facts: (w, _measures, within) => sql`
    SELECT a.region_code, a.id::text AS record_id, a.person_name AS record_name, a.id_masked AS record_id_masked,
      a.rule_code || '，' || to_char(a.raised_on, 'YYYY-MM-DD') || ' 发现' AS record_note, NULL::bigint AS record_amount_fen,
      (h.first_at IS NULL OR h.first_at >= b.next_at)::int AS open_at_end,
      (a.raised_on >= ${w.start}::date)::int AS raised,
      (h.first_at >= b.start_at AND h.first_at < b.next_at)::int AS handled
    FROM verification_alert a
    CROSS JOIN (SELECT (${w.start}::timestamp AT TIME ZONE 'Asia/Shanghai') AS start_at, (${w.next}::timestamp AT TIME ZONE 'Asia/Shanghai') AS next_at) b
    LEFT JOIN LATERAL (SELECT min(e.at) AS first_at FROM verification_alert_event e
      WHERE e.alert_id = a.id AND e.action IN ('keep', 'transfer', 'adjust')) h ON true
    WHERE a.raised_on < ${w.next}::date ${withinRange(sql`a.region_code`, within)}`,
};
