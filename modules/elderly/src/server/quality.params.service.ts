/**
 * Regional, effective-dated parameters of the quality part: GB/T 37276 grade thresholds and the
 * rectification days per finding severity. A region's own row beats its city's, which beats the
 * province's; among one region's rows the latest in force on the date wins; with no row at all the
 * defaults of the domain code apply (长沙 rules; 7/30 days).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { ancestorCodes, conflict, invalid, todayInShanghai } from '@mz/kernel';
import {
  DEFAULT_GRADE_THRESHOLDS, DEFAULT_GRADE_THRESHOLDS_SOURCE, DEFAULT_RECTIFY_DAYS, DEFAULT_RECTIFY_DAYS_SOURCE,
  rectifyDaysProblems, thresholdProblems, type GradeThreshold, type RectifyDays,
} from '../domain/index.ts';

export type QualityParamKind = 'grade_thresholds' | 'rectify_days';
type ParamValue<K extends QualityParamKind> = K extends 'grade_thresholds' ? GradeThreshold[] : RectifyDays;

export type ResolvedParam<K extends QualityParamKind> = {
  id: string | null;
  kind: K;
  regionCode: string | null;
  regionName: string | null;
  effectiveFrom: string | null;
  value: ParamValue<K>;
  /** Where it comes from, in words the page shows (they are regional, not national). */
  source: string;
};

function defaults<K extends QualityParamKind>(kind: K): ResolvedParam<K> {
  const value = (kind === 'grade_thresholds' ? DEFAULT_GRADE_THRESHOLDS.map((t) => ({ ...t })) : { ...DEFAULT_RECTIFY_DAYS }) as ParamValue<K>;
  return { id: null, kind, regionCode: null, regionName: null, effectiveFrom: null, value, source: kind === 'grade_thresholds' ? DEFAULT_GRADE_THRESHOLDS_SOURCE : DEFAULT_RECTIFY_DAYS_SOURCE };
}

/** The parameter in force for `regionCode` on `date`. */
export async function resolveParam<K extends QualityParamKind>(tx: Tx, kind: K, regionCode: string, date: string): Promise<ResolvedParam<K>> {
  const chain = [...ancestorCodes(regionCode), regionCode];
  const [r] = await tx.rows<{ id: string; region_code: string; region_name: string | null; effective_from: string; value: unknown }>(sql`
    SELECT p.id, p.region_code, rg.name AS region_name, p.effective_from::text, p.value
    FROM elderly_quality_param p JOIN region rg ON rg.code = p.region_code
    WHERE p.kind = ${kind} AND p.region_code IN ${chain} AND p.effective_from <= ${date}::date
    ORDER BY rg.level DESC, p.effective_from DESC LIMIT 1`);
  if (!r) return defaults(kind);
  return {
    id: r.id, kind, regionCode: r.region_code, regionName: r.region_name, effectiveFrom: r.effective_from, value: r.value as ParamValue<K>,
    source: `${r.region_name ?? r.region_code}自 ${r.effective_from} 起执行的地方标准`,
  };
}

export type ParamRow = { id: string; kind: QualityParamKind; regionCode: string; regionName: string | null; effectiveFrom: string; value: unknown; note: string | null; createdByName: string | null; createdAt: string };

/** Every row that may apply to the actor's region (its own, its ancestors') and those set below it. */
export async function listParams(tx: Tx, regionCode: string, scope: { from: string; to: string }): Promise<ParamRow[]> {
  const chain = [...ancestorCodes(regionCode), regionCode];
  const rows = await tx.rows<{ id: string; kind: QualityParamKind; region_code: string; region_name: string | null; effective_from: string; value: unknown; note: string | null; created_by_name: string | null; created_at: string }>(sql`
    SELECT p.id, p.kind, p.region_code, rg.name AS region_name, p.effective_from::text, p.value, p.note, p.created_by_name, p.created_at
    FROM elderly_quality_param p LEFT JOIN region rg ON rg.code = p.region_code
    WHERE p.region_code IN ${chain} OR (p.region_code >= ${scope.from} AND p.region_code < ${scope.to})
    ORDER BY p.kind, p.region_code, p.effective_from DESC`);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, regionCode: r.region_code, regionName: r.region_name, effectiveFrom: r.effective_from, value: r.value,
    note: r.note, createdByName: r.created_by_name, createdAt: new Date(r.created_at).toISOString(),
  }));
}

export interface ParamInput { kind: QualityParamKind; regionCode: string; effectiveFrom: string; value: unknown; note?: string }

/**
 * Adds a parameter version. Versions are never edited: a correction is a new row from its date.
 * A date in the past is refused, so a rating or deadline already given cannot change under it.
 */
export async function addParam(tx: Tx, who: AuditActor, input: ParamInput, today = todayInShanghai()): Promise<ParamRow> {
  if (input.effectiveFrom < today) throw invalid('生效日期不能早于今天', [{ path: 'effectiveFrom', message: '参数只能从今天或以后生效，已作出的评定和期限不受影响' }]);
  let problems: string[];
  if (input.kind === 'grade_thresholds') {
    const v = input.value as GradeThreshold[];
    problems = Array.isArray(v) ? thresholdProblems(v) : ['应分别设置一级至五级的标准'];
  } else {
    problems = input.value && typeof input.value === 'object' ? rectifyDaysProblems(input.value as Record<string, unknown>) : ['请设置整改期限'];
  }
  if (problems.length) throw invalid('参数不正确', problems.map((message) => ({ path: 'value', message })));
  const value = input.kind === 'grade_thresholds'
    ? [...(input.value as GradeThreshold[])].sort((a, b) => a.grade - b.grade).map((t) => ({ grade: t.grade, minTotal: t.minTotal, minPartPercent: t.minPartPercent }))
    : { major: (input.value as RectifyDays).major, general: (input.value as RectifyDays).general };
  const rows = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_quality_param (kind, region_code, effective_from, value, note, created_by, created_by_name)
    VALUES (${input.kind}, ${input.regionCode}, ${input.effectiveFrom}::date, ${JSON.stringify(value)}::jsonb, ${input.note ?? null}, ${who.actorId}, ${who.actorName})
    ON CONFLICT (kind, region_code, effective_from) DO NOTHING RETURNING id`);
  if (!rows[0]) throw conflict('该区划在这一天已有同类参数', '参数版本不能修改；请选择其他生效日期');
  await appendAudit(tx, who, {
    action: 'elderly.quality.param', entityType: 'elderly_quality_param', entityId: rows[0].id, regionCode: input.regionCode,
    summary: `设置${input.kind === 'grade_thresholds' ? '等级评定标准' : '整改期限'}（${input.regionCode}），自 ${input.effectiveFrom} 起执行`,
    diff: diffFields(null, { kind: input.kind, regionCode: input.regionCode, effectiveFrom: input.effectiveFrom, value, note: input.note ?? null }),
  });
  const [row] = await tx.rows<{ region_name: string | null; created_at: string }>(sql`
    SELECT rg.name AS region_name, p.created_at FROM elderly_quality_param p LEFT JOIN region rg ON rg.code = p.region_code WHERE p.id = ${rows[0].id}::uuid`);
  return {
    id: rows[0].id, kind: input.kind, regionCode: input.regionCode, regionName: row?.region_name ?? null, effectiveFrom: input.effectiveFrom, value,
    note: input.note ?? null, createdByName: who.actorName, createdAt: new Date(row!.created_at).toISOString(),
  };
}
