/**
 * 资金发放 facts: the lines of the month's rolls past approval (what was decided to pay; the
 * same lines and states as payments' own spending report), recoveries left out (they are
 * receivables, not spending). One measure per programme, `p_<programme>`, so a programme that
 * registers later (高龄津贴) only adds an indicator, never a query.
 */
import { sql } from 'drizzle-orm';
import { withinRange, type FactSource } from '../fact-source.ts';

const PROGRAMME_MEASURE = /^p_([a-z][a-z0-9_]{1,31})$/;

export const spendingSource: FactSource = {
  code: 'payments.spending', module: 'payments', recordName: '发放明细', personal: true,
  hasMeasure: (m) => m === 'total_fen' || PROGRAMME_MEASURE.test(m),
  facts: (w, measures, within) => {
    const perProgramme = measures.flatMap((m) => {
      const match = PROGRAMME_MEASURE.exec(m);
      return match ? [sql`, CASE WHEN l.programme = ${match[1]} THEN l.amount_fen ELSE 0 END AS ${sql.identifier(m)}`] : [];
    });
    return sql`
      SELECT l.region_code, l.id::text AS record_id, p.name AS record_name, p.id_masked AS record_id_masked,
        l.programme || '，' || CASE l.kind WHEN 'regular' THEN '按月' WHEN 'grant' THEN '一次性救助' WHEN 'run' THEN '一次性补贴'
          WHEN 'backpay' THEN '补发' WHEN 'offset' THEN '抵扣' WHEN 'reissue' THEN '重发' ELSE l.kind END
          || '，' || to_char(l.period, 'YYYY-MM') AS record_note,
        l.amount_fen AS record_amount_fen, l.amount_fen AS total_fen ${sql.join(perProgramme, sql``)}
      FROM payments_line l JOIN payments_roll r ON r.id = l.roll_id
      LEFT JOIN registry_person p ON p.id = l.payee_person_id
      WHERE r.month = ${w.start}::date AND r.state IN ('approved', 'exported', 'returned', 'reconciled') AND l.kind <> 'recovery' ${withinRange(sql`l.region_code`, within)}`;
  },
};
