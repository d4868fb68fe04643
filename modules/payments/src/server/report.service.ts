/**
 * Reports straight from the ledger: the lines of the month's rolls that are past approval (what
 * was decided to pay), with the bank's answer for each. Nothing is kept in a separate table, so a
 * report can never disagree with the rolls it sums.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { forbidden, invalid, isValidRegionCode, isWithin, LEVEL_NAMES, REGION_LEVEL_DIGITS, regionLevel, subtreeRange, type RegionLevel } from '@mz/kernel';
import { monthDate, type SpendingRow } from '../domain/index.ts';
import { programmeName } from './programmes.ts';

export interface SpendingQuery {
  month: string;
  regionCode?: string;
  programme?: string;
  level?: number;
}

interface Row {
  code: string; name: string | null; programme: string; households: number; persons: number; regular: string; grant: string; run: string;
  backpay: string; recovery: string; offset: string; reissue: string; payable: string; paid: string; failed: string;
}

const toRow = (r: Row, level: number): SpendingRow => ({
  regionCode: r.code, regionName: r.name ?? r.code, level, programme: r.programme, programmeName: programmeName(r.programme) ?? r.programme,
  households: r.households, persons: r.persons, regularFen: Number(r.regular), grantFen: Number(r.grant), runFen: Number(r.run),
  backpayFen: Number(r.backpay), recoveryFen: Number(r.recovery), offsetFen: Number(r.offset), reissueFen: Number(r.reissue),
  payableFen: Number(r.payable), paidFen: Number(r.paid), failedFen: Number(r.failed),
});

export async function spendingReport(tx: Tx, scopeRegion: string, q: SpendingQuery): Promise<{ month: string; regionCode: string; level: number; rows: SpendingRow[]; total: SpendingRow[] }> {
  const region = q.regionCode ?? scopeRegion;
  if (!isValidRegionCode(region)) throw invalid('区划代码不正确', [{ path: 'regionCode', message: '应为 12 位区划代码' }]);
  if (!isWithin(region, scopeRegion)) throw forbidden('超出管辖范围', '只能查看本辖区的发放报表');
  const own = regionLevel(region);
  const level = q.level ?? Math.min(own + 1, 5);
  if (level < own || level > 5) throw invalid('汇总层级不正确', [{ path: 'level', message: `应在 ${LEVEL_NAMES[own]} 与村（社区）之间` }]);
  const digits = REGION_LEVEL_DIGITS[level as RegionLevel];
  const range = subtreeRange(region);
  const base = sql`
    FROM payments_line l JOIN payments_roll r ON r.id = l.roll_id
    LEFT JOIN payments_transfer t ON l.kind <> 'recovery' AND t.roll_id = l.roll_id AND t.subject_id = l.subject_id AND t.payee_person_id = l.payee_person_id
    WHERE r.month = ${monthDate(q.month)}::date AND r.state IN ('approved', 'exported', 'returned', 'reconciled')
      AND l.region_code >= ${range.from} AND l.region_code < ${range.to}
      ${q.programme ? sql`AND l.programme = ${q.programme}` : sql``}`;
  // Caseload counts the beneficiaries of the month's own payments (按月, 一次性), not corrections.
  const measures = sql`
    count(DISTINCT l.subject_id) FILTER (WHERE l.kind IN ('regular', 'grant', 'run') AND l.household_id IS NOT NULL)::int AS households,
    coalesce(sum(l.person_count) FILTER (WHERE l.kind IN ('regular', 'grant', 'run')), 0)::int AS persons,
    coalesce(sum(l.amount_fen) FILTER (WHERE l.kind = 'regular'), 0) AS regular,
    coalesce(sum(l.amount_fen) FILTER (WHERE l.kind = 'grant'), 0) AS "grant",
    coalesce(sum(l.amount_fen) FILTER (WHERE l.kind = 'run'), 0) AS run,
    coalesce(sum(l.amount_fen) FILTER (WHERE l.kind = 'backpay'), 0) AS backpay,
    coalesce(sum(l.amount_fen) FILTER (WHERE l.kind = 'recovery'), 0) AS recovery,
    coalesce(sum(l.amount_fen) FILTER (WHERE l.kind = 'offset'), 0) AS "offset",
    coalesce(sum(l.amount_fen) FILTER (WHERE l.kind = 'reissue'), 0) AS reissue,
    coalesce(sum(l.amount_fen) FILTER (WHERE l.kind <> 'recovery'), 0) AS payable,
    coalesce(sum(l.amount_fen) FILTER (WHERE t.status = 'paid'), 0) AS paid,
    coalesce(sum(l.amount_fen) FILTER (WHERE t.status = 'failed'), 0) AS failed`;
  const rows = await tx.rows<Row>(sql`
    SELECT s.*, g.name FROM (
      SELECT rpad(left(l.region_code, ${digits}), 12, '0') AS code, l.programme, ${measures} ${base}
      GROUP BY 1, 2
    ) s LEFT JOIN region g ON g.code = s.code ORDER BY s.code, s.programme`);
  const totals = await tx.rows<Row>(sql`
    SELECT ${region} AS code, (SELECT name FROM region WHERE code = ${region}) AS name, l.programme, ${measures} ${base} GROUP BY l.programme ORDER BY l.programme`);
  return { month: q.month, regionCode: region, level, rows: rows.map((r) => toRow(r, level)), total: totals.map((r) => toRow(r, own)) };
}

export const SPENDING_HEADERS = ['区划代码', '区划', '项目', '户数', '人数', '按月发放（元）', '一次性救助（元）', '一次性补贴（元）', '补发（元）',
  '追回（元）', '抵扣（元）', '重发（元）', '应发合计（元）', '成功（元）', '失败（元）'];

export function spendingSheetRows(rows: SpendingRow[]): unknown[][] {
  const y = (fen: number) => Number((fen / 100).toFixed(2));
  return rows.map((r) => [r.regionCode, r.regionName, r.programmeName, r.households, r.persons, y(r.regularFen), y(r.grantFen), y(r.runFen),
    y(r.backpayFen), y(r.recoveryFen), y(r.offsetFen), y(r.reissueFen), y(r.payableFen), y(r.paidFen), y(r.failedFen)]);
}
