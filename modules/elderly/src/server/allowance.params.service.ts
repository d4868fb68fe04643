/**
 * 高龄津贴与养老补贴参数: effective-dated rows per province, city or county. A row is never edited;
 * the nearest ancestor's newest row in force applies (resolveParams in the domain).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { ancestorCodes, DomainError, invalid, isWithin, type YearMonth } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import {
  bracketLabel, isParamLevel, paramProblems, resolveParams, type AgeBracket, type AllowanceMode, type AllowanceParams, type LevelAmount, type StartRule,
} from '../domain/allowance.rules.ts';
import type { ParamsInput } from '../domain/allowance.schema.ts';

export interface ParamsView extends AllowanceParams {
  regionName: string | null;
  demo: boolean;
  note: string;
  createdByName: string | null;
  createdAt: string;
}

interface ParamRow {
  id: string; region_code: string; region_name: string | null; effective_from: string; brackets: AgeBracket[]; mode: AllowanceMode; proactive: boolean;
  start_rule: StartRule; subsidy_min_age: number; service_levels: LevelAmount[]; care_levels: LevelAmount[]; demo: boolean; note: string;
  created_by_name: string | null; created_at: string;
}

const COLUMNS = sql`p.id, p.region_code, g.name AS region_name, to_char(p.effective_from, 'YYYY-MM') AS effective_from, p.brackets, p.mode, p.proactive,
  p.start_rule, p.subsidy_min_age, p.service_levels, p.care_levels, p.demo, p.note, p.created_by_name, p.created_at::text`;

function view(r: ParamRow): ParamsView {
  return {
    id: r.id, regionCode: r.region_code, regionName: r.region_name, effectiveFrom: r.effective_from, brackets: r.brackets, mode: r.mode,
    proactive: r.proactive, startRule: r.start_rule, subsidyMinAge: r.subsidy_min_age, serviceLevels: r.service_levels, careLevels: r.care_levels,
    demo: r.demo, note: r.note, createdByName: r.created_by_name, createdAt: r.created_at,
  };
}

/** Rows of the caller's region, its ancestors and its subtree (what the policies let it read). */
export async function listParams(tx: Tx, scopeRegion: string): Promise<ParamsView[]> {
  const rows = await tx.rows<ParamRow>(sql`
    SELECT ${COLUMNS} FROM elderly_allowance_param p LEFT JOIN region g ON g.code = p.region_code
    ORDER BY p.region_code, p.effective_from DESC`);
  return rows.map(view).filter((r) => isWithin(r.regionCode, scopeRegion) || isWithin(scopeRegion, r.regionCode));
}

/** The parameters in force for `regionCode` in `month`, or null. */
export async function effectiveParams(tx: Tx, regionCode: string, month: YearMonth): Promise<ParamsView | null> {
  const codes = [regionCode, ...ancestorCodes(regionCode)];
  const rows = await tx.rows<ParamRow>(sql`
    SELECT ${COLUMNS} FROM elderly_allowance_param p LEFT JOIN region g ON g.code = p.region_code
    WHERE p.region_code IN ${codes} AND p.effective_from <= ${`${month}-01`}::date`);
  return resolveParams(rows.map(view), regionCode, month);
}

/** The parameters in force, or 409 NO_PARAMS naming the region. */
export async function requireParams(tx: Tx, regionCode: string, month: YearMonth): Promise<ParamsView> {
  const params = await effectiveParams(tx, regionCode, month);
  if (params) return params;
  const [region] = await tx.rows<{ name: string }>(sql`SELECT name FROM region WHERE code = ${regionCode}`);
  throw noParams(region?.name ?? regionCode, month);
}

export function noParams(regionName: string, month: string): DomainError {
  return new DomainError({
    code: 'NO_PARAMS', status: 409, title: '尚未设定高龄津贴与养老补贴参数',
    detail: `${regionName}及其上级在 ${month} 没有生效的参数，请先由县、市或省级审批人员设定`,
  });
}

/** A new row: the caller's own region or below, a province, city or county, not twice for a month. */
export async function createParams(tx: Tx, who: AuditActor, scopeRegion: string, input: ParamsInput): Promise<ParamsView> {
  if (!isWithin(input.regionCode, scopeRegion)) {
    throw invalid('只能为本辖区设定参数', [{ path: 'regionCode', message: '所选地区不在本辖区内' }]);
  }
  if (!isParamLevel(input.regionCode)) {
    throw invalid('参数由省、市、县三级设定', [{ path: 'regionCode', message: '请选择省、市或县（区）' }]);
  }
  const problems = paramProblems(input);
  if (problems.length) throw invalid('参数有误', problems);
  const [exists] = await tx.rows(sql`SELECT 1 FROM region WHERE code = ${input.regionCode}`);
  if (!exists) throw invalid('地区不存在', [{ path: 'regionCode', message: '没有这个区划代码' }]);
  const brackets = [...input.brackets].sort((a, b) => a.fromAge - b.fromAge);
  const sortLevels = (l: LevelAmount[]) => [...l].sort((a, b) => a.level - b.level);
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_allowance_param (region_code, effective_from, brackets, mode, proactive, start_rule, subsidy_min_age, service_levels, care_levels,
      note, created_by, created_by_name)
    VALUES (${input.regionCode}, ${`${input.effectiveFrom}-01`}::date, ${JSON.stringify(brackets)}::jsonb, ${input.mode}, ${input.proactive}, ${input.startRule},
      ${input.subsidyMinAge}, ${JSON.stringify(sortLevels(input.serviceLevels))}::jsonb, ${JSON.stringify(sortLevels(input.careLevels))}::jsonb, ${input.note},
      ${who.actorId}::uuid, ${who.actorName})
    ON CONFLICT (region_code, effective_from) DO NOTHING
    RETURNING id`);
  if (!row) {
    throw new DomainError({
      code: 'PARAMS_EXIST', status: 409, title: '该地区该月份已有参数',
      detail: '参数一经设定不再修改；如需调整，请设定自以后某月起生效的新参数', errors: [{ path: 'effectiveFrom', message: '该月份已设定参数' }],
    });
  }
  const summary = brackets.map((b) => `${bracketLabel(b)} ${(b.monthlyFen / 100).toFixed(2)}元`).join('，');
  await appendAudit(tx, who, {
    action: 'elderly.allowance.param_set', entityType: 'elderly_allowance_param', entityId: row.id, regionCode: input.regionCode,
    summary: `设定高龄津贴参数（${input.effectiveFrom} 起）：${summary}；${input.mode === 'universal' ? '普惠型' : '困难型'}${input.proactive ? '，主动发放' : ''}`,
    diff: {
      effectiveFrom: { before: null, after: input.effectiveFrom }, brackets: { before: null, after: brackets }, mode: { before: null, after: input.mode },
      proactive: { before: null, after: input.proactive }, startRule: { before: null, after: input.startRule },
      serviceLevels: { before: null, after: input.serviceLevels }, careLevels: { before: null, after: input.careLevels },
    },
  });
  const [created] = await tx.rows<ParamRow>(sql`SELECT ${COLUMNS} FROM elderly_allowance_param p LEFT JOIN region g ON g.code = p.region_code WHERE p.id = ${row.id}::uuid`);
  return view(created!);
}
