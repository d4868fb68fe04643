/**
 * 安全与服务质量检查: the checklist catalogue (data), inspections with a result per item, findings for
 * the failed items with a rectification deadline, and the follow-up (the institution reports what it
 * did, an inspector verifies or rejects). Operators see their own institutions' inspections and
 * findings and may report rectification; they never verify.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { DomainError, invalid, notFound, subtreeRange, todayInShanghai } from '@mz/kernel';
import {
  categoriesOf, CHECK_CATEGORY_NAMES, CHECK_RESULT_NAMES, defaultDeadline, FINDING_ACTION_NAMES, FINDING_SEVERITY_NAMES, FINDING_STATUS_NAMES,
  FINDING_TRANSITIONS, findingActionProblem, INSPECTION_KIND_NAMES, isOverdue,
  type CheckCategory, type CheckResult, type FindingAction, type FindingSeverity, type FindingStatus, type InspectionKind,
} from '../domain/index.ts';
import { resolveParam } from './quality.params.service.ts';
import { operatorInstitutionIds, ownInstitutions, requireOfficial, visibleInstitution } from './quality.scope.ts';

export type CheckItem = { code: string; category: CheckCategory; categoryName: string; seq: number; title: string; basis: string; usualSeverity: FindingSeverity };

export async function listCheckItems(tx: Tx, category?: CheckCategory): Promise<CheckItem[]> {
  const rows = await tx.rows<{ code: string; category: CheckCategory; seq: number; title: string; basis: string; usual_severity: FindingSeverity }>(sql`
    SELECT code, category, seq, title, basis, usual_severity FROM elderly_quality_check_item
    WHERE active ${category ? sql`AND category = ${category}` : sql``} ORDER BY category, seq`);
  return rows.map((r) => ({ code: r.code, category: r.category, categoryName: CHECK_CATEGORY_NAMES[r.category], seq: Number(r.seq), title: r.title, basis: r.basis, usualSeverity: r.usual_severity }));
}

export interface ItemInput { itemCode: string; result: CheckResult; note?: string; severity?: FindingSeverity; deadline?: string; description?: string }
export interface InspectionInput { institutionId: string; kind: InspectionKind; inspectedOn: string; inspectors: string[]; summary?: string; items: ItemInput[] }

export type InspectionView = {
  id: string; inspectionNo: number; institutionId: string; institutionName: string; regionCode: string; regionName: string | null;
  kind: InspectionKind; kindName: string; inspectedOn: string; inspectors: string[]; itemsChecked: number; itemsFailed: number;
  openFindings: number; overdueFindings: number; createdByName: string | null; createdAt: string;
};
export type FindingView = {
  id: string; inspectionId: string; inspectionNo: number; institutionId: string; institutionName: string; regionCode: string; regionName: string | null;
  itemCode: string; itemTitle: string; category: CheckCategory; severity: FindingSeverity; severityName: string; description: string;
  foundOn: string; deadline: string; status: FindingStatus; statusName: string; overdue: boolean; daysLeft: number;
  rectifiedOn: string | null; rectification: string | null; rectifiedByName: string | null; verifiedOn: string | null; verifiedByName: string | null; version: number;
};
export type InspectionDetail = InspectionView & {
  summary: string | null;
  items: { itemCode: string; category: CheckCategory; title: string; result: CheckResult; resultName: string; note: string | null }[];
  findings: FindingView[];
};
export type FindingDetail = FindingView & {
  events: { action: FindingAction; actionName: string; fromStatus: FindingStatus; toStatus: FindingStatus; note: string | null; byName: string | null; at: string }[];
  availableActions: { key: FindingAction; name: string }[];
};

/**
 * Records an inspection with every active item of its categories answered once. Each failed item
 * becomes a finding; its severity defaults to the item's usual one and its deadline to the
 * regional days for that severity (effective on the inspection day).
 */
export async function createInspection(tx: Tx, actor: Actor, who: AuditActor, input: InspectionInput, today = todayInShanghai()): Promise<InspectionDetail> {
  await requireOfficial(tx, actor, '录入检查');
  const inst = await visibleInstitution(tx, actor, input.institutionId);
  const problems: { path: string; message: string }[] = [];
  if (input.inspectedOn > today) problems.push({ path: 'inspectedOn', message: '检查日期不能晚于今天' });
  const inspectors = [...new Set(input.inspectors.map((n) => n.trim()).filter(Boolean))];
  if (!inspectors.length) problems.push({ path: 'inspectors', message: '请填写检查人员' });
  const catalogue = (await listCheckItems(tx)).filter((i) => categoriesOf(input.kind).includes(i.category));
  const byCode = new Map(catalogue.map((i) => [i.code, i]));
  const seen = new Set<string>();
  input.items.forEach((it, idx) => {
    if (!byCode.has(it.itemCode)) problems.push({ path: `items.${idx}.itemCode`, message: `检查项 ${it.itemCode} 不属于${INSPECTION_KIND_NAMES[input.kind]}` });
    else if (seen.has(it.itemCode)) problems.push({ path: `items.${idx}.itemCode`, message: `检查项 ${it.itemCode} 重复填写` });
    seen.add(it.itemCode);
    if (it.result === 'fail' && it.deadline && it.deadline < input.inspectedOn) problems.push({ path: `items.${idx}.deadline`, message: '整改期限不能早于检查日期' });
    if (it.result !== 'fail' && (it.severity || it.deadline)) problems.push({ path: `items.${idx}.result`, message: '只有“不符合”的检查项才有问题等级和整改期限' });
  });
  const missing = catalogue.filter((i) => !seen.has(i.code));
  if (missing.length) problems.push({ path: 'items', message: `还有 ${missing.length} 个检查项未填写：${missing.slice(0, 5).map((i) => i.code).join('、')}${missing.length > 5 ? '等' : ''}` });
  if (problems.length) throw invalid('检查记录填写有误', problems);

  const days = (await resolveParam(tx, 'rectify_days', inst.regionCode, input.inspectedOn)).value;
  const failed = input.items.filter((i) => i.result === 'fail');
  const [ins] = await tx.rows<{ id: string; inspection_no: string }>(sql`
    INSERT INTO elderly_quality_inspection (institution_id, region_code, kind, inspected_on, inspectors, summary, items_checked, items_failed, created_by, created_by_name)
    VALUES (${inst.id}::uuid, ${inst.regionCode}, ${input.kind}, ${input.inspectedOn}::date, ${sql.param(inspectors)}::text[], ${input.summary?.trim() || null},
            ${input.items.filter((i) => i.result !== 'na').length}, ${failed.length}, ${who.actorId}, ${who.actorName})
    RETURNING id, inspection_no`);
  // One statement each for the item results and the findings (tens of rows).
  await tx.run(sql`INSERT INTO elderly_quality_inspection_item (inspection_id, item_code, institution_id, region_code, result, note) VALUES
    ${sql.join(input.items.map((it) => sql`(${ins!.id}::uuid, ${it.itemCode}, ${inst.id}::uuid, ${inst.regionCode}, ${it.result}, ${it.note?.trim() || null})`), sql`, `)}`);
  if (failed.length) {
    await tx.run(sql`INSERT INTO elderly_quality_finding (inspection_id, institution_id, region_code, item_code, severity, description, found_on, deadline) VALUES
      ${sql.join(failed.map((it) => {
        const item = byCode.get(it.itemCode)!;
        const severity = it.severity ?? item.usualSeverity;
        const description = it.description?.trim() || it.note?.trim() || item.title;
        return sql`(${ins!.id}::uuid, ${inst.id}::uuid, ${inst.regionCode}, ${it.itemCode}, ${severity}, ${description.slice(0, 500)}, ${input.inspectedOn}::date,
          ${it.deadline ?? defaultDeadline(input.inspectedOn, severity, days)}::date)`;
      }), sql`, `)}`);
  }
  await appendAudit(tx, who, {
    action: 'elderly.inspection.create', entityType: 'elderly_quality_inspection', entityId: ins!.id, regionCode: inst.regionCode,
    summary: `录入${inst.name}${INSPECTION_KIND_NAMES[input.kind]}（${input.inspectedOn}）：不符合 ${failed.length} 项`,
    diff: diffFields(null, { institution: inst.name, kind: input.kind, inspectedOn: input.inspectedOn, inspectors, failed: failed.map((f) => f.itemCode) }),
  });
  return getInspection(tx, actor, ins!.id, today);
}

const FINDING_COLUMNS = sql`f.id, f.inspection_id, n.inspection_no, f.institution_id, i.name AS institution_name, f.region_code, rg.name AS region_name,
  f.item_code, ci.title AS item_title, ci.category, f.severity, f.description, f.found_on::text, f.deadline::text, f.status,
  f.rectified_on::text, f.rectification, f.rectified_by_name, f.verified_on::text, f.verified_by_name, f.version`;
const FINDING_FROM = sql`elderly_quality_finding f JOIN elderly_quality_inspection n ON n.id = f.inspection_id
  JOIN elderly_institution i ON i.id = f.institution_id JOIN elderly_quality_check_item ci ON ci.code = f.item_code
  LEFT JOIN region rg ON rg.code = f.region_code`;

interface FindingRow {
  id: string; inspection_id: string; inspection_no: string; institution_id: string; institution_name: string; region_code: string; region_name: string | null;
  item_code: string; item_title: string; category: CheckCategory; severity: FindingSeverity; description: string; found_on: string; deadline: string;
  status: FindingStatus; rectified_on: string | null; rectification: string | null; rectified_by_name: string | null; verified_on: string | null;
  verified_by_name: string | null; version: number;
}

function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);
}

function findingView(r: FindingRow, today: string): FindingView {
  return {
    id: r.id, inspectionId: r.inspection_id, inspectionNo: Number(r.inspection_no), institutionId: r.institution_id, institutionName: r.institution_name,
    regionCode: r.region_code, regionName: r.region_name, itemCode: r.item_code, itemTitle: r.item_title, category: r.category,
    severity: r.severity, severityName: FINDING_SEVERITY_NAMES[r.severity], description: r.description, foundOn: r.found_on, deadline: r.deadline,
    status: r.status, statusName: FINDING_STATUS_NAMES[r.status], overdue: isOverdue(r.status, r.deadline, today), daysLeft: dayDiff(r.deadline, today),
    rectifiedOn: r.rectified_on, rectification: r.rectification, rectifiedByName: r.rectified_by_name, verifiedOn: r.verified_on,
    verifiedByName: r.verified_by_name, version: r.version,
  };
}

async function scopeWhere(tx: Tx, actor: Actor, alias: 'f' | 'n', regionCode?: string) {
  const scope = subtreeRange(actor.regionCode);
  const part = regionCode ? subtreeRange(regionCode) : scope;
  const own = await operatorInstitutionIds(tx, actor);
  const col = sql.raw(`${alias}.region_code`);
  const inst = sql.raw(`${alias}.institution_id`);
  return sql`${col} >= ${scope.from} AND ${col} < ${scope.to} AND ${col} >= ${part.from} AND ${col} < ${part.to}
    ${ownInstitutions(own, inst)}`;
}

export interface InspectionFilter { id?: string; institutionId?: string; kind?: InspectionKind; regionCode?: string; page: number; pageSize: number }

export async function listInspections(tx: Tx, actor: Actor, f: InspectionFilter, today = todayInShanghai()): Promise<{ items: InspectionView[]; total: number }> {
  const where = sql`${await scopeWhere(tx, actor, 'n', f.regionCode)}
    ${f.id ? sql`AND n.id = ${f.id}::uuid` : sql``} ${f.institutionId ? sql`AND n.institution_id = ${f.institutionId}::uuid` : sql``} ${f.kind ? sql`AND n.kind = ${f.kind}` : sql``}`;
  const [{ total }] = await tx.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM elderly_quality_inspection n WHERE ${where}`) as [{ total: number }];
  const rows = await tx.rows<{
    id: string; inspection_no: string; institution_id: string; institution_name: string; region_code: string; region_name: string | null; kind: InspectionKind;
    inspected_on: string; inspectors: string[]; items_checked: number; items_failed: number; open_findings: number; overdue_findings: number;
    created_by_name: string | null; created_at: string; summary: string | null;
  }>(sql`
    SELECT n.id, n.inspection_no, n.institution_id, i.name AS institution_name, n.region_code, rg.name AS region_name, n.kind, n.inspected_on::text,
           n.inspectors, n.items_checked, n.items_failed, n.created_by_name, n.created_at, n.summary,
           (SELECT count(*)::int FROM elderly_quality_finding f WHERE f.inspection_id = n.id AND f.status <> 'verified') AS open_findings,
           (SELECT count(*)::int FROM elderly_quality_finding f WHERE f.inspection_id = n.id AND f.status = 'open' AND f.deadline < ${today}::date) AS overdue_findings
    FROM elderly_quality_inspection n JOIN elderly_institution i ON i.id = n.institution_id LEFT JOIN region rg ON rg.code = n.region_code
    WHERE ${where} ORDER BY n.inspected_on DESC, n.inspection_no DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id, inspectionNo: Number(r.inspection_no), institutionId: r.institution_id, institutionName: r.institution_name, regionCode: r.region_code,
      regionName: r.region_name, kind: r.kind, kindName: INSPECTION_KIND_NAMES[r.kind], inspectedOn: r.inspected_on, inspectors: r.inspectors,
      itemsChecked: Number(r.items_checked), itemsFailed: Number(r.items_failed), openFindings: Number(r.open_findings), overdueFindings: Number(r.overdue_findings),
      createdByName: r.created_by_name, createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

export async function getInspection(tx: Tx, actor: Actor, id: string, today = todayInShanghai()): Promise<InspectionDetail> {
  const own = await operatorInstitutionIds(tx, actor);
  const [head] = await tx.rows<{ institution_id: string; summary: string | null }>(sql`SELECT institution_id, summary FROM elderly_quality_inspection WHERE id = ${id}::uuid`);
  if (!head || (own && !own.includes(head.institution_id))) throw notFound('检查记录不存在或不在您的管辖范围内');
  const { items: [view] } = await listInspections(tx, actor, { id, page: 1, pageSize: 1 }, today);
  const items = await tx.rows<{ item_code: string; category: CheckCategory; title: string; result: CheckResult; note: string | null }>(sql`
    SELECT it.item_code, ci.category, ci.title, it.result, it.note FROM elderly_quality_inspection_item it
    JOIN elderly_quality_check_item ci ON ci.code = it.item_code WHERE it.inspection_id = ${id}::uuid ORDER BY ci.category, ci.seq`);
  const findings = await tx.rows<FindingRow>(sql`SELECT ${FINDING_COLUMNS} FROM ${FINDING_FROM} WHERE f.inspection_id = ${id}::uuid ORDER BY f.deadline, f.item_code`);
  return {
    ...view!, summary: head.summary,
    items: items.map((i) => ({ itemCode: i.item_code, category: i.category, title: i.title, result: i.result, resultName: CHECK_RESULT_NAMES[i.result], note: i.note })),
    findings: findings.map((f) => findingView(f, today)),
  };
}

export interface FindingFilter {
  status?: FindingStatus | 'unresolved'; overdue?: boolean; severity?: FindingSeverity; institutionId?: string; regionCode?: string; page: number; pageSize: number;
}

export async function listFindings(tx: Tx, actor: Actor, f: FindingFilter, today = todayInShanghai()): Promise<{ items: FindingView[]; total: number }> {
  const where = sql`${await scopeWhere(tx, actor, 'f', f.regionCode)}
    ${f.status === 'unresolved' ? sql`AND f.status <> 'verified'` : f.status ? sql`AND f.status = ${f.status}` : sql``}
    ${f.overdue ? sql`AND f.status = 'open' AND f.deadline < ${today}::date` : sql``}
    ${f.severity ? sql`AND f.severity = ${f.severity}` : sql``}
    ${f.institutionId ? sql`AND f.institution_id = ${f.institutionId}::uuid` : sql``}`;
  const [{ total }] = await tx.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM elderly_quality_finding f WHERE ${where}`) as [{ total: number }];
  const rows = await tx.rows<FindingRow>(sql`SELECT ${FINDING_COLUMNS} FROM ${FINDING_FROM} WHERE ${where}
    ORDER BY CASE f.status WHEN 'open' THEN 0 WHEN 'rectified' THEN 1 ELSE 2 END, f.deadline, f.item_code
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { total, items: rows.map((r) => findingView(r, today)) };
}

export interface OpenFindingsRow {
  institutionId: string; institutionName: string; regionCode: string; regionName: string | null;
  open: number; awaitingVerification: number; overdue: number; major: number; earliestDeadline: string | null;
}

/** Institutions with unresolved findings, most overdue first (one GROUP BY). */
export async function institutionsWithOpenFindings(tx: Tx, actor: Actor, regionCode: string | undefined, today = todayInShanghai()): Promise<OpenFindingsRow[]> {
  const rows = await tx.rows<{ institution_id: string; institution_name: string; region_code: string; region_name: string | null; open: number; awaiting: number; overdue: number; major: number; earliest: string | null }>(sql`
    SELECT f.institution_id, i.name AS institution_name, i.region_code, rg.name AS region_name,
           count(*) FILTER (WHERE f.status = 'open')::int AS open, count(*) FILTER (WHERE f.status = 'rectified')::int AS awaiting,
           count(*) FILTER (WHERE f.status = 'open' AND f.deadline < ${today}::date)::int AS overdue,
           count(*) FILTER (WHERE f.severity = 'major')::int AS major,
           (min(f.deadline) FILTER (WHERE f.status = 'open'))::text AS earliest
    FROM elderly_quality_finding f JOIN elderly_institution i ON i.id = f.institution_id LEFT JOIN region rg ON rg.code = i.region_code
    WHERE ${await scopeWhere(tx, actor, 'f', regionCode)} AND f.status <> 'verified'
    GROUP BY f.institution_id, i.name, i.region_code, rg.name
    ORDER BY 7 DESC, 9 NULLS LAST, 2`);
  return rows.map((r) => ({
    institutionId: r.institution_id, institutionName: r.institution_name, regionCode: r.region_code, regionName: r.region_name,
    open: Number(r.open), awaitingVerification: Number(r.awaiting), overdue: Number(r.overdue), major: Number(r.major), earliestDeadline: r.earliest,
  }));
}

async function loadFinding(tx: Tx, actor: Actor, id: string, lock = false): Promise<FindingRow> {
  const own = await operatorInstitutionIds(tx, actor);
  const [r] = await tx.rows<FindingRow>(sql`SELECT ${FINDING_COLUMNS} FROM ${FINDING_FROM} WHERE f.id = ${id}::uuid ${lock ? sql`FOR UPDATE OF f` : sql``}`);
  if (!r || (own && !own.includes(r.institution_id))) throw notFound('问题记录不存在或不在您的管辖范围内');
  return r;
}

export async function getFinding(tx: Tx, actor: Actor, id: string, today = todayInShanghai()): Promise<FindingDetail> {
  const r = await loadFinding(tx, actor, id);
  const isOperator = (await operatorInstitutionIds(tx, actor)) !== null;
  const events = await tx.rows<{ action: FindingAction; from_status: FindingStatus; to_status: FindingStatus; note: string | null; by_name: string | null; at: string }>(sql`
    SELECT action, from_status, to_status, note, by_name, at FROM elderly_quality_finding_event WHERE finding_id = ${id}::uuid ORDER BY id`);
  const can = (a: FindingAction) => (a === 'rectify' ? actor.permissions.has('elderly.finding.rectify') : !isOperator && actor.permissions.has('elderly.inspection.record'));
  return {
    ...findingView(r, today),
    events: events.map((e) => ({ action: e.action, actionName: FINDING_ACTION_NAMES[e.action], fromStatus: e.from_status, toStatus: e.to_status, note: e.note, byName: e.by_name, at: new Date(e.at).toISOString() })),
    availableActions: (['rectify', 'verify', 'reject'] as const).filter((a) => can(a) && !findingActionProblem(a, r.status)).map((key) => ({ key, name: FINDING_ACTION_NAMES[key] })),
  };
}

export interface FindingActionInput { action: FindingAction; note?: string; rectifiedOn?: string; version: number }

/**
 * rectify: the institution's report with its evidence (what was done, photos or documents kept on
 * file) and the day it was done; verify/reject: an inspector's check of that report.
 */
export async function actOnFinding(tx: Tx, actor: Actor, who: AuditActor, id: string, input: FindingActionInput, today = todayInShanghai()): Promise<FindingDetail> {
  if (input.action !== 'rectify') await requireOfficial(tx, actor, '验证整改');
  const r = await loadFinding(tx, actor, id, true);
  if (r.version !== input.version) throw new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '该问题已被他人办理，请刷新后重试' });
  const problem = findingActionProblem(input.action, r.status);
  if (problem) throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: problem });
  const note = input.note?.trim() || null;
  if (input.action === 'rectify') {
    const rectifiedOn = input.rectifiedOn ?? today;
    const problems: { path: string; message: string }[] = [];
    if (!note || note.length < 4) problems.push({ path: 'note', message: '请说明整改措施和佐证材料（至少 4 个字）' });
    if (rectifiedOn > today) problems.push({ path: 'rectifiedOn', message: '整改完成日期不能晚于今天' });
    if (rectifiedOn < r.found_on) problems.push({ path: 'rectifiedOn', message: '整改完成日期不能早于检查日期' });
    if (problems.length) throw invalid('整改情况填写有误', problems);
    await tx.run(sql`UPDATE elderly_quality_finding SET status = 'rectified', rectified_on = ${rectifiedOn}::date, rectification = ${note},
        rectified_by_name = ${who.actorName}, version = version + 1 WHERE id = ${id}::uuid`);
  } else if (input.action === 'verify') {
    await tx.run(sql`UPDATE elderly_quality_finding SET status = 'verified', verified_on = ${today}::date, verified_by_name = ${who.actorName}, version = version + 1
      WHERE id = ${id}::uuid`);
  } else {
    if (!note) throw invalid('请填写验证不通过的原因', [{ path: 'note', message: '退回整改时须说明原因' }]);
    // Back to open with the original deadline: a late fix stays late.
    await tx.run(sql`UPDATE elderly_quality_finding SET status = 'open', version = version + 1 WHERE id = ${id}::uuid`);
  }
  const to = FINDING_TRANSITIONS[input.action].to;
  await tx.run(sql`INSERT INTO elderly_quality_finding_event (finding_id, institution_id, region_code, action, from_status, to_status, note, by_id, by_name)
    VALUES (${id}::uuid, ${r.institution_id}::uuid, ${r.region_code}, ${input.action}, ${r.status}, ${to}, ${note}, ${who.actorId}, ${who.actorName})`);
  await appendAudit(tx, who, {
    action: `elderly.finding.${input.action}`, entityType: 'elderly_quality_finding', entityId: id, regionCode: r.region_code,
    summary: `${FINDING_ACTION_NAMES[input.action]}：${r.institution_name} ${r.item_code} ${r.description.slice(0, 60)}`,
    diff: diffFields({ status: r.status }, { status: to, ...(note ? { note } : {}) }),
  });
  return getFinding(tx, actor, id, today);
}
