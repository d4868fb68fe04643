/** A person's payment history, for the registry person page. */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { textArray } from '@mz/db';
import { notFound } from '@mz/kernel';
import { monthOf, type HistoryLine, type RecoveryView, type RollState } from '../domain/index.ts';
import { LINE_JOINS, LINE_SELECT, toLineView } from './roll.query.ts';
import { recoveriesOfSubjects } from './recovery.service.ts';

/**
 * Every line paid to the person, for the person, or for a household the person belongs or
 * belonged to (the household's money is the family's), in rolls past their draft; newest first.
 * Row-level security keeps it to the caller's jurisdiction.
 */
export async function paymentHistory(tx: Tx, _scopeRegion: string, personId: string): Promise<{ items: HistoryLine[]; recoveries: { outstandingFen: number; items: RecoveryView[] } }> {
  if (!/^[0-9a-f-]{36}$/i.test(personId)) throw notFound('人员不存在', '本辖区内没有该人员');
  const [person] = await tx.rows(sql`SELECT 1 FROM registry_person WHERE id = ${personId}::uuid`);
  if (!person) throw notFound('人员不存在', '本辖区内没有该人员');
  const households = await tx.rows<{ household_id: string }>(sql`SELECT DISTINCT household_id FROM registry_household_member WHERE person_id = ${personId}::uuid`);
  const subjects = [personId, ...households.map((h) => h.household_id)];
  // Regular lines are found through the no-double-pay index, keyed (programme, month, subject): the
  // subjects' programmes and the months their entitlements span give its keys. Everything else has
  // its own index by subject.
  const [span] = await tx.rows<{ programmes: string[] | null; from_month: string | null; to_month: string | null }>(sql`
    SELECT array_agg(DISTINCT programme) AS programmes, min(from_month)::text AS from_month,
           max(coalesce(to_month, date_trunc('month', now() + interval '1 year')::date))::text AS to_month
    FROM payments_entitlement WHERE subject_id IN ${subjects} AND kind = 'monthly'`);
  const regular = span?.programmes?.length
    ? sql`SELECT * FROM payments_line WHERE kind = 'regular' AND programme = ANY(${textArray(span.programmes)})
            AND period = ANY(ARRAY(SELECT generate_series(${span.from_month}::date, ${span.to_month}::date, interval '1 month')::date))
            AND subject_id IN ${subjects}`
    : sql`SELECT * FROM payments_line WHERE false`;
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT ${LINE_SELECT}, x.id AS roll_id, x.roll_no, x.month::text AS roll_month, x.state AS roll_state
    FROM (
      ${regular}
      UNION ALL
      SELECT * FROM payments_line WHERE kind <> 'regular' AND subject_id IN ${subjects}
    ) l JOIN payments_roll x ON x.id = l.roll_id ${LINE_JOINS}
    WHERE x.state <> 'draft'
    ORDER BY x.month DESC, l.period DESC, l.id DESC
    LIMIT 1000`);
  const items = rows.map((r) => ({
    ...toLineView(r as never), rollId: r.roll_id as string, rollNo: r.roll_no as string, rollMonth: monthOf(r.roll_month), rollState: r.roll_state as RollState,
  }));
  const recoveries = await recoveriesOfSubjects(tx, subjects);
  return { items, recoveries: { outstandingFen: recoveries.reduce((s, r) => s + Math.max(r.outstandingFen, 0), 0), items: recoveries } };
}
