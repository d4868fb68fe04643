/**
 * 政策参数: effective-dated rows per region. Reading resolves, for a region and a date, the row of
 * the nearest region in force (domain `resolveParams`); writing appends a row — rows are never
 * edited, a later row supersedes an earlier one from its own date.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { ancestorCodes, DomainError, invalid, isWithin, notFound, todayInShanghai, type IsoDate } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { regionExists, regionNames } from '@mz/regions/server';
import {
  PARAM_CATALOG, PROGRAMME_SHORT_NAMES, paramDef, resolveParams,
  type ParamInput, type ParamRow, type ParamUnit, type ParamValue, type Programme, type ResolvedParams, type ResolveOptions,
} from '../domain/index.ts';

export interface StoredParamRow {
  id: string;
  regionCode: string;
  regionName: string;
  key: string;
  name: string;
  unit: ParamUnit;
  value: ParamValue;
  effectiveFrom: string;
  note: string | null;
  createdByName: string | null;
  createdAt: string;
}

export interface EffectiveParam {
  key: string;
  name: string;
  unit: ParamUnit;
  programme: Programme;
  basis: string;
  value: ParamValue;
  id: string | null;
  regionCode: string | null;
  regionName: string | null;
  effectiveFrom: string | null;
  inherited: boolean;
  /** 'row' = set by a region; 'default' = the national/common value of the catalog; 'unset' = nobody set a required or optional key. */
  source: 'row' | 'default' | 'unset';
}

interface Row { id: string; region_code: string; key: string; value: unknown; effective_from: string; note: string; created_by_name: string | null; created_at: string }

const COLUMNS = sql`p.id, p.region_code, p.key, p.value, p.effective_from::text AS effective_from, p.note, p.created_by_name,
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

/**
 * The rows that can apply to a region: its own and its ancestors', in force by `onDate` when given.
 * Row-level security lets a township read its ancestors' rows (0011), so this works in any scope.
 */
export async function loadParamRows(tx: Tx, regionCode: string, onDate?: IsoDate): Promise<ParamRow[]> {
  const chain = [...ancestorCodes(regionCode), regionCode];
  const rows = await tx.rows<Row>(sql`SELECT ${COLUMNS} FROM assistance_policy_param p
    WHERE p.region_code IN ${chain} ${onDate ? sql`AND p.effective_from <= ${onDate}::date` : sql``}
    ORDER BY p.effective_from, p.created_at`);
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, key: r.key, value: r.value, effectiveFrom: r.effective_from, createdAt: r.created_at, note: r.note }));
}

/** The parameters in force for a region on a date (what calculators and case settings use). */
export async function paramsFor(tx: Tx, regionCode: string, onDate: IsoDate, options: ResolveOptions = {}): Promise<ResolvedParams> {
  return resolveParams(await loadParamRows(tx, regionCode, onDate), regionCode, onDate, options);
}

/**
 * Parameters may be read for the caller's jurisdiction and for the regions above it (a township
 * reads the standard its city set); a neighbour's are refused as if the region did not exist.
 */
function readable(actor: Actor, regionCode: string): boolean {
  return isWithin(regionCode, actor.regionCode) || isWithin(actor.regionCode, regionCode);
}

function outOfScope(): DomainError {
  return notFound('区划不在管辖范围内', '只能查看本辖区及上级区划的政策参数');
}

export async function listEffectiveParams(tx: Tx, actor: Actor, q: { regionCode?: string; on?: string }): Promise<{ items: EffectiveParam[] }> {
  const regionCode = q.regionCode ?? actor.regionCode;
  if (!readable(actor, regionCode)) throw outOfScope();
  const resolved = await paramsFor(tx, regionCode, q.on ?? todayInShanghai());
  const names = await regionNames(tx, Object.values(resolved.values).flatMap((v) => (v.regionCode ? [v.regionCode] : [])));
  return {
    items: Object.values(resolved.values).map((v) => ({
      key: v.key, name: v.name, unit: v.unit, programme: v.programme, basis: PARAM_CATALOG[v.key]!.basis, value: v.value,
      id: v.id, regionCode: v.regionCode, regionName: v.regionCode ? names.get(v.regionCode) ?? null : null,
      effectiveFrom: v.effectiveFrom, inherited: v.inherited, source: v.source,
    })),
  };
}

/** Every row of a key that bears on the region: its own and its ancestors', newest first. */
export async function paramHistory(tx: Tx, actor: Actor, q: { regionCode?: string; key: string }): Promise<{ items: StoredParamRow[] }> {
  const regionCode = q.regionCode ?? actor.regionCode;
  if (!readable(actor, regionCode)) throw outOfScope();
  const def = paramDef(q.key);
  const chain = [...ancestorCodes(regionCode), regionCode];
  const rows = await tx.rows<Row>(sql`SELECT ${COLUMNS} FROM assistance_policy_param p
    WHERE p.key = ${q.key} AND p.region_code IN ${chain} ORDER BY p.effective_from DESC, p.region_code DESC, p.created_at DESC`);
  const names = await regionNames(tx, rows.map((r) => r.region_code));
  return { items: rows.map((r) => toStored(r, def.name, def.unit, names)) };
}

function toStored(r: Row, name: string, unit: ParamUnit, names: Map<string, string>): StoredParamRow {
  return {
    id: r.id, regionCode: r.region_code, regionName: names.get(r.region_code) ?? r.region_code, key: r.key, name, unit,
    value: r.value as ParamValue, effectiveFrom: r.effective_from, note: r.note || null, createdByName: r.created_by_name, createdAt: r.created_at,
  };
}

/** Appends a row (validated by the domain's `paramInput` at the route). Audited. */
export async function createParam(tx: Tx, actor: Actor, who: AuditActor, input: ParamInput): Promise<StoredParamRow> {
  if (!isWithin(input.regionCode, actor.regionCode)) {
    throw invalid('区划超出管辖范围', [{ path: 'regionCode', message: '只能为本辖区设置政策参数' }]);
  }
  if (!(await regionExists(tx, input.regionCode))) throw invalid('区划不存在', [{ path: 'regionCode', message: '没有这个区划代码' }]);
  const def = paramDef(input.key);
  const [dup] = await tx.rows(sql`SELECT 1 FROM assistance_policy_param WHERE region_code = ${input.regionCode} AND key = ${input.key} AND effective_from = ${input.effectiveFrom}::date`);
  if (dup) {
    throw new DomainError({
      code: 'PARAM_EXISTS', status: 409, title: '该区划该参数在这一天已有设置',
      detail: '已设置的参数不能修改；如需更正，请另选生效日期新增一条',
      errors: [{ path: 'effectiveFrom', message: '该日期已有设置' }],
    });
  }
  const [row] = await tx.rows<Row>(sql`
    INSERT INTO assistance_policy_param AS p (region_code, key, value, effective_from, note, created_by, created_by_name)
    VALUES (${input.regionCode}, ${input.key}, ${JSON.stringify(input.value)}::jsonb, ${input.effectiveFrom}::date, ${input.note ?? ''},
      ${actor.kind === 'user' ? actor.id : null}::uuid, ${actor.name})
    RETURNING ${COLUMNS}`);
  const names = await regionNames(tx, [input.regionCode]);
  const stored = toStored(row!, def.name, def.unit, names);
  await appendAudit(tx, who, {
    action: 'assistance.param_create', entityType: 'assistance_param', entityId: stored.id, regionCode: input.regionCode,
    summary: `设置政策参数（${PROGRAMME_SHORT_NAMES[def.programme]}）「${def.name}」= ${JSON.stringify(input.value)}，${stored.regionName}，自 ${input.effectiveFrom} 起`,
    diff: { [input.key]: { before: null, after: input.value }, effectiveFrom: { before: null, after: input.effectiveFrom } },
  });
  return stored;
}
