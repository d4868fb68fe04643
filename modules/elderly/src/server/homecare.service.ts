/**
 * 居家社区养老服务 — providers, the service catalogue, budget standards, enrolled elders and the
 * eligibility suggestion list. SQL lives here; routes stay thin. Every write is audited in its
 * own transaction; every list is limited to the actor's jurisdiction (repository range filters,
 * and row-level security on the tables with personal data).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { textArray } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import {
  ancestorCodes, conflict, firstDayOfMonth, forbidden, invalid, isWithin, notFound, regionLevel, subtreeRange, todayInShanghai, yearMonthOf,
} from '@mz/kernel';
import {
  HOMECARE_GROUP_NAMES, PROVIDER_STATUS_NAMES, SERVICE_CATEGORY_NAMES, SERVICE_UNIT_NAMES, type HomecareGroup, type ProviderStatus,
  type ServiceCategory, type ServiceUnit,
} from '../domain/homecare.names.ts';
import { resolveBudget, type BudgetParam } from '../domain/homecare.rules.ts';
import type { BudgetParamInput, CatalogueInput, EnrolInput, ProviderInput, ProviderPatch, StopInput } from '../domain/homecare.schema.ts';

/** Who acts: the audit fields and the home region (jurisdiction). */
export type HomecareActor = AuditActor & { regionCode: string };

/** 失能 = an assessment whose final level is at least this (GB/T 42195: 2 = 中度受损). */
export const DISABLED_MIN_LEVEL = 2;

/** Providers, catalogue and budget standards are the county's (or a higher level's) to keep. */
export function requireCountyLevel(actor: HomecareActor, what: string): void {
  if (regionLevel(actor.regionCode) > 3) throw forbidden(`${what}由县级民政部门办理`, '乡镇（街道）、村（社区）可以查看和使用，不能修改');
}

/**
 * Organisation data (providers, catalogue, standards) an actor sees: what its own region and the
 * regions above it keep (a township uses its county's providers) and what the regions below keep.
 */
function orgScope(column: string, regionCode: string) {
  const { from, to } = subtreeRange(regionCode);
  const col = sql.raw(column);
  return sql`(${col} = ANY(${textArray(ancestorCodes(regionCode).concat(regionCode))}) OR (${col} >= ${from} AND ${col} < ${to}))`;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

// ---------------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------------

export type ProviderView = {
  id: string; regionCode: string; regionName: string | null; name: string; creditCode: string; contactName: string; contactPhone: string;
  serviceRegions: { code: string; name: string | null }[]; contractFrom: string; contractTo: string; status: ProviderStatus; statusName: string;
  inContract: boolean; version: number;
};

async function providerRows(tx: Tx, where: ReturnType<typeof sql>): Promise<ProviderView[]> {
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT p.id, p.region_code, r.name AS region_name, p.name, p.credit_code, p.contact_name, p.contact_phone, p.contract_from, p.contract_to,
           p.status, p.version, (current_date BETWEEN p.contract_from AND p.contract_to) AS in_contract,
           (SELECT coalesce(json_agg(json_build_object('code', s.code, 'name', rr.name) ORDER BY s.ord), '[]'::json)
              FROM unnest(p.service_regions) WITH ORDINALITY AS s(code, ord) LEFT JOIN region rr ON rr.code = s.code) AS service_regions
    FROM elderly_homecare_provider p LEFT JOIN region r ON r.code = p.region_code
    WHERE ${where} ORDER BY p.status, p.name`);
  return rows.map((r) => ({
    id: r.id, regionCode: r.region_code, regionName: r.region_name, name: r.name, creditCode: r.credit_code, contactName: r.contact_name,
    contactPhone: r.contact_phone, serviceRegions: typeof r.service_regions === 'string' ? JSON.parse(r.service_regions) : r.service_regions,
    contractFrom: r.contract_from, contractTo: r.contract_to, status: r.status, statusName: PROVIDER_STATUS_NAMES[r.status as ProviderStatus],
    inContract: r.in_contract === true || r.in_contract === 't', version: Number(r.version),
  }));
}

export function listProviders(tx: Tx, regionCode: string): Promise<ProviderView[]> {
  return providerRows(tx, orgScope('p.region_code', regionCode));
}

export async function getProvider(tx: Tx, regionCode: string, id: string): Promise<ProviderView> {
  const [p] = await providerRows(tx, sql`p.id = ${id}::uuid AND ${orgScope('p.region_code', regionCode)}`);
  if (!p) throw notFound('服务商不存在或不在本辖区');
  return p;
}

function checkServiceRegions(owner: string, regions: readonly string[]): void {
  const outside = regions.filter((r) => !isWithin(r, owner));
  if (outside.length) throw invalid('服务区域应在本辖区内', [{ path: 'serviceRegions', message: `不在本辖区：${outside.join('、')}` }]);
}

export async function createProvider(tx: Tx, actor: HomecareActor, input: ProviderInput): Promise<ProviderView> {
  requireCountyLevel(actor, '服务商登记');
  checkServiceRegions(actor.regionCode, input.serviceRegions);
  const [dup] = await tx.rows(sql`SELECT 1 FROM elderly_homecare_provider WHERE region_code = ${actor.regionCode} AND credit_code = ${input.creditCode}`);
  if (dup) throw conflict('该统一社会信用代码的服务商已登记', '请在列表中找到并修改它');
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_homecare_provider (region_code, name, credit_code, contact_name, contact_phone, service_regions, contract_from, contract_to, created_by)
    VALUES (${actor.regionCode}, ${input.name}, ${input.creditCode}, ${input.contactName}, ${input.contactPhone},
            ${textArray(input.serviceRegions)}::varchar(12)[], ${input.contractFrom}::date, ${input.contractTo}::date, ${actor.actorId}::uuid)
    RETURNING id`);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.provider_save', entityType: 'elderly_homecare_provider', entityId: row!.id, regionCode: actor.regionCode,
    summary: `登记居家养老服务商 ${input.name}（${input.creditCode}）`, diff: diffFields(null, { ...input }),
  });
  return getProvider(tx, actor.regionCode, row!.id);
}

export async function updateProvider(tx: Tx, actor: HomecareActor, id: string, patch: ProviderPatch): Promise<ProviderView> {
  requireCountyLevel(actor, '服务商修改');
  const before = await getProvider(tx, actor.regionCode, id);
  if (!isWithin(before.regionCode, actor.regionCode)) throw forbidden('该服务商由上级登记', '请联系登记它的民政部门修改');
  if (before.version !== patch.version) throw conflict('服务商已被他人修改，请刷新后重试');
  if (patch.serviceRegions) checkServiceRegions(before.regionCode, patch.serviceRegions);
  const from = patch.contractFrom ?? before.contractFrom;
  const to = patch.contractTo ?? before.contractTo;
  if (to < from) throw invalid('合同截止日期不能早于开始日期', [{ path: 'contractTo', message: '合同截止日期不能早于开始日期' }]);
  await tx.run(sql`
    UPDATE elderly_homecare_provider SET
      name = coalesce(${patch.name ?? null}, name), contact_name = coalesce(${patch.contactName ?? null}, contact_name),
      contact_phone = coalesce(${patch.contactPhone ?? null}, contact_phone),
      service_regions = coalesce(${patch.serviceRegions ? textArray(patch.serviceRegions) : null}::varchar(12)[], service_regions),
      contract_from = ${from}::date, contract_to = ${to}::date, status = coalesce(${patch.status ?? null}, status),
      updated_at = now(), version = version + 1
    WHERE id = ${id}::uuid`);
  const after = await getProvider(tx, actor.regionCode, id);
  const pick = (p: ProviderView) => ({ name: p.name, contactName: p.contactName, contactPhone: p.contactPhone, serviceRegions: p.serviceRegions.map((r) => r.code).join(','), contractFrom: p.contractFrom, contractTo: p.contractTo, status: p.status });
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.provider_save', entityType: 'elderly_homecare_provider', entityId: id, regionCode: before.regionCode,
    summary: `修改居家养老服务商 ${after.name}`, diff: diffFields(pick(before), pick(after)),
  });
  return after;
}

// ---------------------------------------------------------------------------------------------
// Catalogue (effective-dated prices)
// ---------------------------------------------------------------------------------------------

export type CatalogueView = {
  id: string; regionCode: string; code: string; name: string; category: ServiceCategory; categoryName: string; unit: ServiceUnit; unitName: string;
  priceFen: number; effectiveFrom: string; effectiveTo: string | null;
};

function catalogueView(r: Record<string, any>): CatalogueView {
  return {
    id: r.id, regionCode: r.region_code, code: r.code, name: r.name, category: r.category, categoryName: SERVICE_CATEGORY_NAMES[r.category as ServiceCategory],
    unit: r.unit, unitName: SERVICE_UNIT_NAMES[r.unit as ServiceUnit], priceFen: Number(r.price_fen), effectiveFrom: r.effective_from, effectiveTo: r.effective_to,
  };
}

/** The catalogue in force on `on` (default today), or every version with `history`. */
export async function listCatalogue(tx: Tx, regionCode: string, opts: { on?: string; history?: boolean } = {}): Promise<CatalogueView[]> {
  const on = opts.on ?? todayInShanghai();
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT * FROM elderly_homecare_catalogue_item c
    WHERE ${orgScope('c.region_code', regionCode)}
      ${opts.history ? sql`` : sql`AND c.effective_from <= ${on}::date AND (c.effective_to IS NULL OR c.effective_to >= ${on}::date)`}
    ORDER BY c.category, c.code, c.effective_from DESC`);
  return rows.map(catalogueView);
}

/**
 * The price row of `code` for an elder living in `regionCode` on `on`: the deepest region above
 * the elder that lists the item (a township may price an item differently from its county).
 */
export async function catalogueItemFor(tx: Tx, regionCode: string, code: string, on: string): Promise<CatalogueView | null> {
  const [r] = await tx.rows<Record<string, any>>(sql`
    SELECT * FROM elderly_homecare_catalogue_item c
    WHERE c.code = ${code} AND c.region_code = ANY(${textArray(ancestorCodes(regionCode).concat(regionCode))})
      AND c.effective_from <= ${on}::date AND (c.effective_to IS NULL OR c.effective_to >= ${on}::date)
    ORDER BY c.region_code DESC LIMIT 1`);
  return r ? catalogueView(r) : null;
}

/** A new item, or a new price of an existing code from `effectiveFrom` (the current row ends the day before). */
export async function saveCatalogueItem(tx: Tx, actor: HomecareActor, input: CatalogueInput): Promise<CatalogueView> {
  requireCountyLevel(actor, '服务目录');
  const [current] = await tx.rows<Record<string, any>>(sql`
    SELECT * FROM elderly_homecare_catalogue_item WHERE region_code = ${actor.regionCode} AND code = ${input.code} AND effective_to IS NULL FOR UPDATE`);
  if (current) {
    if (input.effectiveFrom <= current.effective_from) {
      throw invalid('新价格的执行日期应晚于现行价格的执行日期', [{ path: 'effectiveFrom', message: `现行价格自 ${current.effective_from} 起执行` }]);
    }
    if (current.unit !== input.unit) throw invalid('同一服务项目不能改变计价单位', [{ path: 'unit', message: '如需改变计价单位，请新设服务项目编码' }]);
    await tx.run(sql`UPDATE elderly_homecare_catalogue_item SET effective_to = ${input.effectiveFrom}::date - 1 WHERE id = ${current.id}::uuid`);
  }
  const [row] = await tx.rows<Record<string, any>>(sql`
    INSERT INTO elderly_homecare_catalogue_item (region_code, code, name, category, unit, price_fen, effective_from, created_by)
    VALUES (${actor.regionCode}, ${input.code}, ${input.name}, ${input.category}, ${input.unit}, ${input.priceFen}, ${input.effectiveFrom}::date, ${actor.actorId}::uuid)
    RETURNING *`);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.catalogue_save', entityType: 'elderly_homecare_catalogue_item', entityId: row!.id, regionCode: actor.regionCode,
    summary: current ? `调整服务项目 ${input.code} ${input.name} 价格，自 ${input.effectiveFrom} 起执行` : `新增服务项目 ${input.code} ${input.name}`,
    diff: diffFields(current ? { name: current.name, category: current.category, priceFen: Number(current.price_fen) } : null,
      { name: input.name, category: input.category, unit: input.unit, priceFen: input.priceFen, effectiveFrom: input.effectiveFrom }),
  });
  return catalogueView(row!);
}

// ---------------------------------------------------------------------------------------------
// Budget standards
// ---------------------------------------------------------------------------------------------

export type BudgetParamView = BudgetParam & { regionName: string | null; groupName: string; fromMonth: string; toMonth: string | null };

/** The standards in force in `month` (default this month) that the actor's region and the ones above and below set. */
export async function listBudgetParams(tx: Tx, regionCode: string, month?: string): Promise<BudgetParamView[]> {
  const day = firstDayOfMonth(month ?? yearMonthOf(todayInShanghai()));
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT b.id, b.region_code, r.name AS region_name, b.group_code, b.monthly_budget_fen, b.effective_from, b.effective_to
    FROM elderly_homecare_budget_param b LEFT JOIN region r ON r.code = b.region_code
    WHERE ${orgScope('b.region_code', regionCode)} AND b.effective_from <= ${day}::date AND (b.effective_to IS NULL OR b.effective_to >= ${day}::date)
    ORDER BY b.region_code, b.group_code`);
  return rows.map((r) => ({
    id: r.id, regionCode: r.region_code, regionName: r.region_name, group: r.group_code, groupName: HOMECARE_GROUP_NAMES[r.group_code as HomecareGroup],
    monthlyBudgetFen: Number(r.monthly_budget_fen), fromMonth: String(r.effective_from).slice(0, 7), toMonth: r.effective_to ? String(r.effective_to).slice(0, 7) : null,
  }));
}

export async function setBudgetParam(tx: Tx, actor: HomecareActor, input: BudgetParamInput): Promise<BudgetParamView[]> {
  requireCountyLevel(actor, '月预算标准');
  if (!isWithin(input.regionCode, actor.regionCode)) throw invalid('只能为本辖区设定标准', [{ path: 'regionCode', message: '区划不在本辖区' }]);
  const from = firstDayOfMonth(input.fromMonth);
  const [current] = await tx.rows<Record<string, any>>(sql`
    SELECT * FROM elderly_homecare_budget_param WHERE region_code = ${input.regionCode} AND group_code = ${input.group} AND effective_to IS NULL FOR UPDATE`);
  if (current) {
    if (from <= current.effective_from) throw invalid('新标准的起始月份应晚于现行标准', [{ path: 'fromMonth', message: `现行标准自 ${String(current.effective_from).slice(0, 7)} 起执行` }]);
    await tx.run(sql`UPDATE elderly_homecare_budget_param SET effective_to = ${from}::date - 1 WHERE id = ${current.id}::uuid`);
  }
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_homecare_budget_param (region_code, group_code, monthly_budget_fen, effective_from, created_by)
    VALUES (${input.regionCode}, ${input.group}, ${input.monthlyBudgetFen}, ${from}::date, ${actor.actorId}::uuid) RETURNING id`);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.budget_param', entityType: 'elderly_homecare_budget_param', entityId: row!.id, regionCode: input.regionCode,
    summary: `设定${HOMECARE_GROUP_NAMES[input.group]}居家养老服务月预算 ${(input.monthlyBudgetFen / 100).toFixed(2)} 元，自 ${input.fromMonth} 起`,
    diff: diffFields(current ? { monthlyBudgetFen: Number(current.monthly_budget_fen) } : null, { monthlyBudgetFen: input.monthlyBudgetFen, fromMonth: input.fromMonth }),
  });
  return listBudgetParams(tx, actor.regionCode, input.fromMonth);
}

// ---------------------------------------------------------------------------------------------
// Eligibility (set-based over the registry, assessments and assistance programmes)
// ---------------------------------------------------------------------------------------------

export type EligibilityRow = {
  personId: string; name: string; idMasked: string; sex: string; birthDate: string; age: number; regionCode: string; regionName: string | null;
  groups: HomecareGroup[]; groupNames: string[]; assessmentLevel: number | null; suggestedBudgetFen: number | null;
};

/**
 * One statement: every living person aged 60+ in scope, not enrolled, not living in an
 * institution, with the groups the data supports —
 *   失能: current assessment final level ≥ `disabledMinLevel` (elderly_current_assessment);
 *   80岁以上空巢: aged 80+ and every current member of their household is 60+ (a one-person household counts);
 *   困难老人: a current 低保 or 特困 entitlement of the person or their household, or a current 低保边缘 recognition.
 *   失智: that assessment was raised by a dementia diagnosis (change reason 'dementia').
 * 失独 has no data source: it is declared at enrolment with its basis, as is a 失智 no assessment records.
 * `personIds` restricts it to given persons (enrolment checks one person with the same rule).
 */
export async function eligibility(tx: Tx, regionCode: string, opts: { personIds?: string[]; includeEnrolled?: boolean; page?: number; pageSize?: number; disabledMinLevel?: number } = {}): Promise<{ items: EligibilityRow[]; total: number; notes: string[] }> {
  const today = todayInShanghai();
  const month = firstDayOfMonth(yearMonthOf(today));
  const { from, to } = subtreeRange(regionCode);
  const minLevel = opts.disabledMinLevel ?? DISABLED_MIN_LEVEL;
  const notes: string[] = [
    `失能按最近一次完成的能力评估最终等级（${minLevel}级及以上）识别；失智按该次评估记录的痴呆诊断（F00–F03）识别`,
    '失独无数据来源，由经办人在纳入时声明并说明依据；未经评估记录的失智也须说明依据',
  ];
  const pageSize = opts.pageSize ?? 20;
  const offset = ((opts.page ?? 1) - 1) * pageSize;
  const rows = await tx.rows<Record<string, any>>(sql`
    WITH elder AS MATERIALIZED (
      SELECT p.id, m.household_id, extract(year FROM age(${today}::date, p.birth_date))::int AS age
      FROM registry_person p
      LEFT JOIN registry_household_member m ON m.person_id = p.id AND m.valid_to IS NULL AND m.valid_from <= ${today}::date
      WHERE p.region_code >= ${from} AND p.region_code < ${to} AND p.status = 'alive'
        AND p.birth_date <= (${today}::date - interval '60 years')::date
        ${opts.personIds ? sql`AND p.id = ANY(${textArray(opts.personIds)}::uuid[])` : sql``}
        ${opts.includeEnrolled ? sql`` : sql`AND NOT EXISTS (SELECT 1 FROM elderly_homecare_beneficiary b WHERE b.person_id = p.id AND b.stopped_on IS NULL)`}
        AND NOT EXISTS (SELECT 1 FROM elderly_resident res WHERE res.person_id = p.id AND res.checked_out_on IS NULL)
    ),
    -- One row per (elder, group) the data supports, each source read once; then one row per elder.
    -- (No joins of the elders against other CTEs: PGlite has no statistics, and the planner would
    -- nest-loop them.)
    facts AS (
      SELECT a.person_id, 'disabled'::text AS grp FROM elderly_current_assessment a
      WHERE a.final_level >= ${minLevel} AND a.person_id IN (SELECT id FROM elder)
      UNION ALL
      -- 失智: the current assessment was raised by a dementia diagnosis (ICD-10 F00–F03), which the
      -- assessment part records as change reason 'dementia' (docs/api/elderly-assessment-contract.md).
      SELECT ca.person_id, 'dementia' FROM elderly_current_assessment ca JOIN elderly_assessment a ON a.id = ca.assessment_id
      WHERE ca.person_id IN (SELECT id FROM elder) AND a.change_reasons @> '[{"rule": "dementia"}]'::jsonb
      UNION ALL
      SELECT e.id, 'empty_nest_80' FROM elder e
      WHERE e.age >= 80 AND e.household_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM registry_household_member m JOIN registry_person q ON q.id = m.person_id
        WHERE m.household_id = e.household_id AND m.valid_to IS NULL AND q.status = 'alive'
          AND q.birth_date > (${today}::date - interval '60 years')::date)
      UNION ALL
      SELECT e.id, 'low_income' FROM elder e
      WHERE e.id IN (
          SELECT en.person_id FROM payments_entitlement en
          WHERE en.programme IN ('dibao', 'tekun') AND en.kind = 'monthly' AND en.superseded_at IS NULL AND en.person_id IS NOT NULL
            AND en.from_month <= ${month}::date AND (en.to_month IS NULL OR en.to_month >= ${month}::date))
        OR e.household_id IN (
          SELECT en.household_id FROM payments_entitlement en
          WHERE en.programme IN ('dibao', 'tekun') AND en.kind = 'monthly' AND en.superseded_at IS NULL AND en.household_id IS NOT NULL
            AND en.from_month <= ${month}::date AND (en.to_month IS NULL OR en.to_month >= ${month}::date)
          UNION SELECT ef.household_id FROM assistance_edge_family ef WHERE ef.ended_on IS NULL AND ef.valid_until >= ${today}::date)
    ),
    grouped AS (
      SELECT person_id, array_agg(grp ORDER BY array_position(ARRAY['disabled', 'dementia', 'empty_nest_80', 'low_income'], grp)) AS groups
      FROM facts GROUP BY person_id
    )
    SELECT x.*, (SELECT a.final_level FROM elderly_current_assessment a WHERE a.person_id = x.id) AS assessment_level
    FROM (
      SELECT p.id, p.name, p.id_masked, p.sex, p.birth_date, extract(year FROM age(${today}::date, p.birth_date))::int AS age, p.region_code,
             r.name AS region_name, coalesce(g.groups, '{}'::text[]) AS groups, count(*) OVER () AS total
      FROM ${opts.personIds ? sql`elder e LEFT JOIN grouped g ON g.person_id = e.id JOIN registry_person p ON p.id = e.id` : sql`grouped g JOIN registry_person p ON p.id = g.person_id`}
      LEFT JOIN region r ON r.code = p.region_code
      ORDER BY cardinality(coalesce(g.groups, '{}'::text[])) DESC, p.birth_date, p.id
      LIMIT ${pageSize} OFFSET ${offset}) x
    ORDER BY cardinality(x.groups) DESC, x.birth_date, x.id`);
  const params = rows.length ? await listBudgetParams(tx, regionCode) : [];
  const items = rows.map((r) => {
    const groups = (Array.isArray(r.groups) ? r.groups : String(r.groups).replace(/[{}]/g, '').split(',').filter(Boolean)) as HomecareGroup[];
    return {
      personId: r.id, name: r.name, idMasked: r.id_masked, sex: r.sex, birthDate: r.birth_date, age: Number(r.age), regionCode: r.region_code, regionName: r.region_name,
      groups, groupNames: groups.map((g) => HOMECARE_GROUP_NAMES[g]), assessmentLevel: num(r.assessment_level),
      suggestedBudgetFen: resolveBudget(r.region_code, groups, params)?.monthlyBudgetFen ?? null,
    };
  });
  return { items, total: rows.length ? Number(rows[0]!.total) : 0, notes };
}

// ---------------------------------------------------------------------------------------------
// Beneficiaries (服务对象)
// ---------------------------------------------------------------------------------------------

export type BeneficiaryView = {
  id: string; personId: string; name: string; idMasked: string; sex: string; age: number; regionCode: string; regionName: string | null;
  groups: HomecareGroup[]; groupNames: string[]; declaredReason: string | null; monthlyBudgetFen: number; month: string; spentFen: number; remainingFen: number;
  enrolledOn: string; stoppedOn: string | null; stopReason: string | null; note: string | null; createdByName: string | null; version: number;
};

const parseArray = (v: unknown): string[] => (Array.isArray(v) ? v : String(v ?? '').replace(/[{}]/g, '').split(',').filter(Boolean));

function beneficiaryView(r: Record<string, any>, month: string): BeneficiaryView {
  const groups = parseArray(r.groups) as HomecareGroup[];
  const budget = Number(r.month_budget_fen ?? r.monthly_budget_fen);
  const spent = Number(r.spent_fen ?? 0);
  return {
    id: r.id, personId: r.person_id, name: r.name, idMasked: r.id_masked, sex: r.sex, age: Number(r.age), regionCode: r.region_code, regionName: r.region_name,
    groups, groupNames: groups.map((g) => HOMECARE_GROUP_NAMES[g]), declaredReason: r.declared_reason, monthlyBudgetFen: Number(r.monthly_budget_fen),
    month, spentFen: spent, remainingFen: r.stopped_on ? 0 : Math.max(budget - spent, 0), enrolledOn: r.enrolled_on, stoppedOn: r.stopped_on,
    stopReason: r.stop_reason, note: r.note, createdByName: r.created_by_name, version: Number(r.version),
  };
}

export type BeneficiaryQuery = { status?: 'current' | 'stopped'; group?: string; q?: string; regionCode?: string; page: number; pageSize: number };

function beneficiarySelect(month: string) {
  return sql`
    SELECT b.*, p.name, p.id_masked, p.sex, extract(year FROM age(current_date, p.birth_date))::int AS age, r.name AS region_name,
           bm.budget_fen AS month_budget_fen, bm.spent_fen
    FROM elderly_homecare_beneficiary b
    JOIN registry_person p ON p.id = b.person_id
    LEFT JOIN region r ON r.code = b.region_code
    LEFT JOIN elderly_homecare_budget_month bm ON bm.beneficiary_id = b.id AND bm.month = ${firstDayOfMonth(month)}::date`;
}

export async function listBeneficiaries(tx: Tx, scopeRegion: string, q: BeneficiaryQuery): Promise<{ items: BeneficiaryView[]; total: number; month: string }> {
  const month = yearMonthOf(todayInShanghai());
  const { from, to } = subtreeRange(q.regionCode && isWithin(q.regionCode, scopeRegion) ? q.regionCode : scopeRegion);
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT x.*, count(*) OVER () AS total FROM (${beneficiarySelect(month)}
      WHERE b.region_code >= ${from} AND b.region_code < ${to}
        ${q.status === 'stopped' ? sql`AND b.stopped_on IS NOT NULL` : q.status === 'current' ? sql`AND b.stopped_on IS NULL` : sql``}
        ${q.group ? sql`AND ${q.group} = ANY(b.groups)` : sql``}
        ${q.q ? sql`AND p.name = ${q.q}` : sql``}) x
    ORDER BY x.stopped_on NULLS FIRST, x.region_code, x.name
    LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return { items: rows.map((r) => beneficiaryView(r, month)), total: rows.length ? Number(rows[0]!.total) : 0, month };
}

export async function getBeneficiary(tx: Tx, scopeRegion: string, id: string, month = yearMonthOf(todayInShanghai())): Promise<BeneficiaryView> {
  const { from, to } = subtreeRange(scopeRegion);
  const [r] = await tx.rows<Record<string, any>>(sql`${beneficiarySelect(month)} WHERE b.id = ${id}::uuid AND b.region_code >= ${from} AND b.region_code < ${to}`);
  if (!r) throw notFound('服务对象不存在或不在本辖区');
  return beneficiaryView(r, month);
}

export async function enrol(tx: Tx, actor: HomecareActor, input: EnrolInput): Promise<BeneficiaryView> {
  const today = todayInShanghai();
  const enrolledOn = input.enrolledOn ?? today;
  if (enrolledOn > today) throw invalid('纳入日期不能晚于今天', [{ path: 'enrolledOn', message: '纳入日期不能晚于今天' }]);
  const [person] = await tx.rows<Record<string, any>>(sql`
    SELECT id, name, region_code, status, birth_date FROM registry_person
    WHERE id = ${input.personId}::uuid AND region_code >= ${subtreeRange(actor.regionCode).from} AND region_code < ${subtreeRange(actor.regionCode).to}`);
  if (!person) throw notFound('人员不存在或不在本辖区');
  if (person.status !== 'alive') throw invalid('该人员不在世或状态异常，不能纳入', [{ path: 'personId', message: '人员状态不是“正常”' }]);
  const [existing] = await tx.rows(sql`SELECT 1 FROM elderly_homecare_beneficiary WHERE person_id = ${input.personId}::uuid AND stopped_on IS NULL`);
  if (existing) throw conflict('该老人已是居家养老服务对象', '如需变更类别，请先停止再重新纳入');
  const check = await eligibility(tx, actor.regionCode, { personIds: [input.personId], includeEnrolled: true });
  const row = check.items[0];
  if (!row) throw invalid('该老人不符合居家养老服务条件', [{ path: 'personId', message: '应年满60周岁且未入住养老机构' }]);
  // 失独 is always declared; 失智 only when no assessment records the diagnosis.
  const declared = input.groups.filter((g) => g === 'shidu' || (g === 'dementia' && !row.groups.includes('dementia')));
  const unsupported = input.groups.filter((g) => !declared.includes(g) && !row.groups.includes(g));
  if (unsupported.length) {
    throw invalid('所选类别与基础数据不符', [{ path: 'groups', message: `数据不支持：${unsupported.map((g) => HOMECARE_GROUP_NAMES[g]).join('、')}（数据支持：${row.groupNames.join('、') || '无'}）` }]);
  }
  const reason = input.declaredReason?.trim() || null;
  if (declared.length && !reason) {
    throw invalid('失独、失智须说明认定依据', [{ path: 'declaredReason', message: `请填写${declared.map((g) => HOMECARE_GROUP_NAMES[g]).join('、')}的认定依据（如证明材料）` }]);
  }
  const params = await listBudgetParams(tx, person.region_code, yearMonthOf(enrolledOn));
  const budget = resolveBudget(person.region_code, input.groups, params);
  if (!budget) throw invalid('本地区尚未设定这些类别的月预算标准', [{ path: 'groups', message: '请县级民政部门先设定月预算标准' }]);
  const [b] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_homecare_beneficiary (person_id, region_code, groups, declared_reason, monthly_budget_fen, budget_param_ids, enrolled_on, note, created_by, created_by_name)
    VALUES (${input.personId}::uuid, ${person.region_code}, ${textArray(input.groups)}, ${declared.length ? reason : null}, ${budget.monthlyBudgetFen},
            ${textArray(budget.paramIds)}::uuid[], ${enrolledOn}::date, ${input.note?.trim() || null}, ${actor.actorId}::uuid, ${actor.actorName})
    RETURNING id`);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.enrol', entityType: 'elderly_homecare_beneficiary', entityId: b!.id, regionCode: person.region_code,
    summary: `纳入居家养老服务对象 ${person.name}（${input.groups.map((g) => HOMECARE_GROUP_NAMES[g]).join('、')}），月预算 ${(budget.monthlyBudgetFen / 100).toFixed(2)} 元`
      + (declared.length ? `；声明${declared.map((g) => HOMECARE_GROUP_NAMES[g]).join('、')}，依据：${reason}` : ''),
    diff: diffFields(null, { groups: input.groups.join(','), monthlyBudgetFen: budget.monthlyBudgetFen, declaredReason: declared.length ? reason : null, enrolledOn }),
  });
  return getBeneficiary(tx, actor.regionCode, b!.id);
}

export async function stopBeneficiary(tx: Tx, actor: HomecareActor, id: string, input: StopInput): Promise<BeneficiaryView> {
  const before = await getBeneficiary(tx, actor.regionCode, id);
  if (before.stoppedOn) throw conflict('该服务对象已停止');
  if (before.version !== input.version) throw conflict('服务对象已被他人修改，请刷新后重试');
  const stoppedOn = input.stoppedOn ?? todayInShanghai();
  if (stoppedOn < before.enrolledOn) throw invalid('停止日期不能早于纳入日期', [{ path: 'stoppedOn', message: `纳入日期为 ${before.enrolledOn}` }]);
  const [open] = await tx.rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM elderly_homecare_order WHERE beneficiary_id = ${id}::uuid AND state IN ('registered', 'dispatched', 'in_service')`);
  if (Number(open!.n) > 0) throw conflict('该服务对象还有未完成的服务工单', `请先办结或取消 ${open!.n} 个工单`);
  await tx.run(sql`UPDATE elderly_homecare_beneficiary SET stopped_on = ${stoppedOn}::date, stop_reason = ${input.reason}, version = version + 1 WHERE id = ${id}::uuid`);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.stop', entityType: 'elderly_homecare_beneficiary', entityId: id, regionCode: before.regionCode,
    summary: `停止居家养老服务对象 ${before.name}：${input.reason}`, diff: diffFields({ stoppedOn: null }, { stoppedOn, stopReason: input.reason }),
  });
  return getBeneficiary(tx, actor.regionCode, id);
}
