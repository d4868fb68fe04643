/**
 * The records behind a number: the indicator's fact query for the month, limited to the region's
 * subtree and to the facts that count in the numerator, run in the official's scoped transaction
 * (row-level security on the source tables applies as in the owning module's own lists). Only the
 * masked columns a source declares are shown; a list of persons or households is audited.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { invalid, subtreeRange } from '@mz/kernel';
import { findIndicator, findSource, measuresOf } from './fact-source.ts';
import { regionInScope } from './dashboard.service.ts';
import { monthWindow } from './refresh.service.ts';

export interface RecordRow {
  recordId: string; regionCode: string; regionName: string | null; name: string | null; idMasked: string | null; note: string | null;
  amountFen: number | null; measure: number;
}

export interface RecordsPage {
  indicator: string; indicatorName: string; unit: string; recordName: string; regionCode: string; regionName: string; month: string;
  total: number; measureTotal: number; items: RecordRow[];
}

export async function listRecords(
  tx: Tx, who: AuditActor & { regionCode: string },
  q: { indicator: string; month: string; regionCode?: string; page: number; pageSize: number },
): Promise<RecordsPage> {
  const d = findIndicator(q.indicator);
  if (!d) throw invalid('指标不存在', [{ path: 'indicator', message: `没有指标「${q.indicator}」` }]);
  const source = findSource(d.source)!;
  const region = await regionInScope(tx, who.regionCode, q.regionCode);
  const w = monthWindow(q.month);
  const range = subtreeRange(region.code);
  const measure = sql.identifier(d.numeratorMeasure);
  const base = sql`
    WITH f AS (${source.facts(w, measuresOf([d]), range)})
    SELECT f.*, f.${measure}::numeric AS measure FROM f
    WHERE f.region_code >= ${range.from} AND f.region_code < ${range.to} AND coalesce(f.${measure}, 0) <> 0`;
  const [{ total, measure_total }] = await tx.rows<{ total: number; measure_total: string | null }>(sql`
    SELECT count(*)::int AS total, sum(measure)::text AS measure_total FROM (${base}) b`) as [{ total: number; measure_total: string | null }];
  const rows = await tx.rows<{
    record_id: string; region_code: string; region_name: string | null; record_name: string | null; record_id_masked: string | null;
    record_note: string | null; record_amount_fen: string | null; measure: string;
  }>(sql`
    SELECT b.*, g.name AS region_name FROM (${base}) b LEFT JOIN region g ON g.code = b.region_code
    ORDER BY b.region_code, b.record_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  if (source.personal) {
    await appendAudit(tx, who, {
      action: 'statistics.records_view', entityType: 'statistics_records', entityId: d.code, regionCode: region.code,
      summary: `查看 ${region.name} ${q.month}「${d.name}」明细（${source.recordName}，第 ${q.page} 页，共 ${total} 条）`,
    });
  }
  return {
    indicator: d.code, indicatorName: d.name, unit: d.unit, recordName: source.recordName, regionCode: region.code, regionName: region.name,
    month: q.month, total, measureTotal: Number(measure_total ?? 0),
    items: rows.map((r) => ({
      recordId: r.record_id, regionCode: r.region_code, regionName: r.region_name, name: r.record_name, idMasked: r.record_id_masked,
      note: r.record_note, amountFen: r.record_amount_fen === null ? null : Number(r.record_amount_fen), measure: Number(r.measure),
    })),
  };
}
