/**
 * 统计报表 (月报/季报): rows = the region's children plus the region's own total, columns = the
 * chosen indicators with units. Generated from the stored monthly values (a quarter combines its
 * months: stocks at the quarter's end, flows summed), kept as a snapshot, locked once submitted.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { textArray, type Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { conflict, firstDayOfMonth, invalid, notFound, subtreeRange } from '@mz/kernel';
import {
  combineMonths, indicatorValue, REPORT_KIND_NAMES, reportCellValue, reportMonths, type IndicatorDefinition, type Parts, type ReportKind,
} from '../domain/index.ts';
import { findIndicator } from './fact-source.ts';
import { regionInScope } from './dashboard.service.ts';

export interface ReportColumn { indicator: string; name: string; unit: string; format: IndicatorDefinition['format']; additive: boolean }
export interface ReportRow { regionCode: string; regionName: string; values: (number | null)[] }
export interface ReportContent { months: string[]; columns: ReportColumn[]; rows: ReportRow[]; total: ReportRow }

export interface ReportView {
  id: string; kind: ReportKind; kindName: string; period: string; regionCode: string; regionName: string | null; status: 'draft' | 'submitted';
  version: number; indicators: string[]; generatedByName: string; generatedAt: string; submittedByName: string | null; submittedAt: string | null;
}
export type ReportDetail = ReportView & { content: ReportContent };

type Who = AuditActor & { regionCode: string };

const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());

const COLUMNS = sql`f.id, f.kind, f.period, f.region_code, g.name AS region_name, f.status, f.version, f.indicators, f.generated_by_name,
  f.generated_at, f.submitted_by_name, f.submitted_at`;

interface FormRow {
  id: string; kind: ReportKind; period: string; region_code: string; region_name: string | null; status: 'draft' | 'submitted'; version: number;
  indicators: string[]; generated_by_name: string; generated_at: string; submitted_by_name: string | null; submitted_at: string | null; content?: ReportContent;
}

const toView = (r: FormRow): ReportView => ({
  id: r.id, kind: r.kind, kindName: REPORT_KIND_NAMES[r.kind], period: r.period, regionCode: r.region_code, regionName: r.region_name, status: r.status,
  version: r.version, indicators: r.indicators, generatedByName: r.generated_by_name, generatedAt: iso(r.generated_at)!,
  submittedByName: r.submitted_by_name, submittedAt: iso(r.submitted_at),
});

/** The figures of a form: read from the stored monthly values, one query. */
export async function buildReportContent(tx: Tx, regionCode: string, kind: ReportKind, period: string, indicatorCodes: string[]): Promise<ReportContent> {
  const defs = indicatorCodes.map((code, i) => {
    const d = findIndicator(code);
    if (!d) throw invalid('报表指标不存在', [{ path: `indicators.${i}`, message: `没有指标「${code}」` }]);
    return d;
  });
  if (new Set(indicatorCodes).size !== indicatorCodes.length) throw invalid('报表指标重复', [{ path: 'indicators', message: '每项指标只能选一次' }]);
  const months = reportMonths(kind, period);
  const starts = months.map(firstDayOfMonth);
  const refreshed = new Set((await tx.rows<{ period: string }>(sql`SELECT period::text FROM statistics_refresh WHERE period IN ${starts.map((s) => sql`${s}::date`)}`))
    .map((r) => r.period.slice(0, 7)));
  const missing = months.filter((m) => !refreshed.has(m));
  if (missing.length) throw conflict(`${missing.join('、')} 的统计数据尚未刷新，不能生成报表`, '请先由省级刷新该期指标数据');

  const regions = await tx.rows<{ code: string; name: string }>(sql`
    SELECT code, name FROM region WHERE parent_code = ${regionCode} ORDER BY code`);
  const [own] = await tx.rows<{ name: string }>(sql`SELECT name FROM region WHERE code = ${regionCode}`);
  const range = subtreeRange(regionCode);
  const values = await tx.rows<{ indicator: string; period: string; region_code: string; numerator: string; denominator: string | null }>(sql`
    SELECT v.indicator, v.period::text, v.region_code, v.numerator::text, v.denominator::text FROM statistics_value v
    WHERE v.indicator IN ${indicatorCodes} AND v.period IN ${starts.map((s) => sql`${s}::date`)}
      AND v.region_code >= ${range.from} AND v.region_code < ${range.to}
      AND (v.region_code = ${regionCode} OR v.region_code IN (SELECT code FROM region WHERE parent_code = ${regionCode}))`);
  const parts = new Map(values.map((v) => [`${v.indicator}|${v.region_code}|${v.period.slice(0, 7)}`,
    { numerator: Number(v.numerator), denominator: v.denominator === null ? null : Number(v.denominator) } satisfies Parts]));
  const rowOf = (code: string, name: string): ReportRow => ({
    regionCode: code, regionName: name,
    values: defs.map((d) => {
      // A refreshed month without a row had no facts there: zero parts.
      const monthly = months.map((m) => parts.get(`${d.code}|${code}|${m}`) ?? { numerator: 0, denominator: d.denominatorMeasure ? 0 : null });
      const p = combineMonths(d.nature, monthly);
      return p === null ? null : indicatorValue(p.numerator, p.denominator, d.scale);
    }),
  });
  return {
    months,
    columns: defs.map((d) => ({ indicator: d.code, name: d.name, unit: d.unit, format: d.format, additive: d.additive })),
    rows: regions.map((r) => rowOf(r.code, r.name)),
    total: rowOf(regionCode, own?.name ?? regionCode),
  };
}

export async function generateReport(tx: Tx, who: Who, input: { kind: ReportKind; period: string; regionCode?: string; indicators: string[] }): Promise<ReportDetail> {
  const region = await regionInScope(tx, who.regionCode, input.regionCode);
  const [existing] = await tx.rows<{ id: string; status: string; submitted_by_name: string | null; submitted_at: string | null }>(sql`
    SELECT id, status, submitted_by_name, submitted_at FROM statistics_report_form WHERE kind = ${input.kind} AND period = ${input.period} AND region_code = ${region.code}`);
  if (existing?.status === 'submitted') {
    throw conflict('该报表已上报，已锁定，不能重新生成', `${existing.submitted_by_name ?? ''} 于 ${iso(existing.submitted_at)} 上报`);
  }
  const content = await buildReportContent(tx, region.code, input.kind, input.period, input.indicators);
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO statistics_report_form (kind, period, region_code, indicators, content, generated_by, generated_by_name)
    VALUES (${input.kind}, ${input.period}, ${region.code}, ${textArray(input.indicators)}, ${JSON.stringify(content)}::jsonb, ${who.actorId}::uuid, ${who.actorName ?? '系统'})
    ON CONFLICT (kind, period, region_code) DO UPDATE SET indicators = EXCLUDED.indicators, content = EXCLUDED.content,
      version = statistics_report_form.version + 1, generated_by = EXCLUDED.generated_by, generated_by_name = EXCLUDED.generated_by_name, generated_at = now()
    RETURNING id`);
  await appendAudit(tx, who, {
    action: 'statistics.report_generate', entityType: 'statistics_report_form', entityId: row!.id, regionCode: region.code,
    summary: `${existing ? '重新生成' : '生成'} ${region.name} ${input.period} ${REPORT_KIND_NAMES[input.kind]}（${input.indicators.length} 项指标，${content.rows.length} 个下级区划）`,
  });
  return (await getReport(tx, row!.id))!;
}

export async function getReport(tx: Tx, id: string): Promise<ReportDetail | null> {
  const [r] = await tx.rows<FormRow>(sql`SELECT ${COLUMNS}, f.content FROM statistics_report_form f LEFT JOIN region g ON g.code = f.region_code WHERE f.id = ${id}::uuid`);
  return r ? { ...toView(r), content: r.content! } : null;
}

export async function requireReport(tx: Tx, id: string): Promise<ReportDetail> {
  const r = await getReport(tx, id);
  if (!r) throw notFound('报表不存在或不在本辖区');
  return r;
}

export async function listReports(tx: Tx, scopeRegion: string, q: { period?: string; regionCode?: string }): Promise<ReportView[]> {
  const range = subtreeRange(q.regionCode ?? scopeRegion);
  const rows = await tx.rows<FormRow>(sql`
    SELECT ${COLUMNS} FROM statistics_report_form f LEFT JOIN region g ON g.code = f.region_code
    WHERE f.region_code >= ${range.from} AND f.region_code < ${range.to} ${q.period ? sql`AND f.period = ${q.period}` : sql``}
    ORDER BY f.period DESC, f.region_code, f.kind LIMIT 500`);
  return rows.map(toView);
}

export async function submitReport(tx: Tx, who: Who, id: string, version: number): Promise<ReportDetail> {
  const r = await requireReport(tx, id);
  if (r.status === 'submitted') throw conflict('该报表已上报，不能重复上报', `${r.submittedByName ?? ''} 于 ${r.submittedAt} 上报`);
  if (r.version !== version) throw conflict('报表已被重新生成，请刷新后核对再上报');
  await tx.run(sql`UPDATE statistics_report_form SET status = 'submitted', submitted_by = ${who.actorId}::uuid, submitted_by_name = ${who.actorName},
    submitted_at = now() WHERE id = ${id}::uuid AND version = ${version}`);
  await appendAudit(tx, who, {
    action: 'statistics.report_submit', entityType: 'statistics_report_form', entityId: id, regionCode: r.regionCode,
    summary: `上报 ${r.regionName ?? r.regionCode} ${r.period} ${r.kindName}`, diff: { status: { before: 'draft', after: 'submitted' } },
  });
  return (await getReport(tx, id))!;
}

/** The form as an .xlsx: title, unit and status lines, a header row of indicator names and one of units, the rows, a bold 合计 row. */
export async function reportWorkbook(r: ReportDetail): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${r.period} ${r.kindName}`);
  const cols = r.content.columns;
  const width = cols.length + 2;
  const title = ws.addRow([`${r.regionName ?? r.regionCode} 民政统计${r.kindName}（${r.period}）`]);
  ws.mergeCells(1, 1, 1, width);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  ws.addRow([`填报单位：${r.regionName ?? r.regionCode}（${r.regionCode}）`, '', `报告期：${r.content.months.join('、')}`]);
  ws.addRow([r.status === 'submitted' ? `已上报：${r.submittedByName ?? ''} ${r.submittedAt ?? ''}` : `草稿（${r.generatedByName} 生成于 ${r.generatedAt}）`]);
  const header = ws.addRow(['区划代码', '区划名称', ...cols.map((c) => c.name)]);
  const units = ws.addRow(['', '计量单位', ...cols.map((c) => c.unit)]);
  for (const row of [header, units]) { row.font = { bold: true }; row.alignment = { horizontal: 'center', wrapText: true }; }
  const cells = (x: ReportRow) => [x.regionCode, x.regionName, ...x.values.map((v, i) => reportCellValue(v, cols[i]!.format))];
  for (const x of r.content.rows) ws.addRow(cells(x));
  const total = ws.addRow([r.content.total.regionCode, `合计（${r.content.total.regionName}）`, ...cells(r.content.total).slice(2)]);
  total.font = { bold: true };
  ws.getColumn(1).width = 15;
  ws.getColumn(2).width = 20;
  cols.forEach((c, i) => {
    const col = ws.getColumn(i + 3);
    col.width = Math.max(12, c.name.length * 2 + 2);
    col.numFmt = c.format === 'count' ? '#,##0' : '#,##0.00';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
