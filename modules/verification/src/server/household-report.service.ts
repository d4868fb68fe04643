/**
 * 家庭经济状况核对: a verification request for an assistance case and its report.
 *
 * The request is system work in the official's request: the departments' records are not
 * readable by the application role, so the case's scope is applied explicitly (the case must lie
 * in the caller's jurisdiction), exactly as a monitoring run applies its region. Reading the
 * records is a use of other departments' data about named persons: the request is audited with
 * the snapshots it read, and so is every later look at the report.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { addWorkingDays, invalid, notFound, subtreeRange, todayInShanghai, type IsoDate } from '@mz/kernel';
import { dibaoPropertyLimits, dibaoStandard, type ResolvedParams } from '@mz/assistance';
import { paramsFor } from '@mz/assistance/server';
import {
  assessHousehold, CONCLUSION_NAMES, findRule, isStale, REQUEST_STATUS_NAMES, REQUEST_WORKING_DAYS, SOURCES,
  type Conclusion, type HouseholdReport, type ReportHit, type ReportLimits, type ReportSource, type RequestStatus,
} from '../domain/index.ts';
import { ruleConfigs } from './catalogue.service.ts';

export interface Requester extends AuditActor {
  regionCode: string;
}

export interface RequestView {
  id: string; requestNo: number; caseId: string; caseNo: string; programme: string; regionCode: string; regionName: string | null;
  applicantName: string; members: number; status: RequestStatus; statusName: string;
  conclusion: Conclusion | null; conclusionName: string | null; requestedOn: string; dueOn: string; reportedAt: string | null;
  createdByName: string | null; createdAt: string;
}
export interface RequestDetail extends RequestView { report: HouseholdReport | null; error: string | null }

interface CaseRow {
  id: string; case_no: string; programme: string; region_code: string; household_id: string | null; person_id: string | null;
  applicant_person_id: string; applicant_name: string; covered_person_ids: string[]; authorized: boolean | null; hukou_type: string | null;
}

const PROGRAMME_NAMES: Record<string, string> = { dibao: '最低生活保障', tekun: '特困人员救助供养', linshi: '临时救助' };

/** The local limits in force today for the case's region; a parameter the region has not set stays null. */
function limitsOf(params: ResolvedParams, hukouType: 'urban' | 'rural'): ReportLimits {
  const safe = <T>(f: () => T): T | null => {
    try {
      return f();
    } catch {
      return null;
    }
  };
  const standard = safe(() => dibaoStandard(params, hukouType).value);
  const property = safe(() => dibaoPropertyLimits(params));
  return {
    standardFen: standard, standardName: hukouType === 'rural' ? '农村低保标准' : '城市低保标准',
    financialPerCapitaFen: property?.financialPerCapita.value ?? null, vehicleCount: property?.vehicleCount.value ?? null,
    vehicleValueFen: property?.vehicleValue?.value ?? null, houseCount: property?.houseCount.value ?? null, businessCount: property?.businessCount.value ?? null,
  };
}

/**
 * Makes the request and its report in one transaction: the case in the caller's scope with the
 * recorded 授权核对, every member, the current snapshots serving the case's region (stale ones
 * listed, not read), one indexed probe of the records per member hash, the limits, the assessment.
 */
export async function createVerificationRequest(db: Database, who: Requester, caseId: string, options: { today?: IsoDate } = {}): Promise<string> {
  const today = options.today ?? todayInShanghai();
  const scope = subtreeRange(who.regionCode);
  return db.transaction(async (tx) => {
    const [c] = await tx.rows<CaseRow>(sql`
      SELECT a.id, w.case_no, a.programme, a.region_code, a.household_id, a.person_id, a.applicant_person_id, a.applicant_name, a.covered_person_ids,
        (a.application ->> 'authorizationSigned')::boolean AS authorized, coalesce(a.application ->> 'hukouType', p.hukou_type) AS hukou_type
      FROM assistance_case a JOIN workflow_case w ON w.id = a.id JOIN registry_person p ON p.id = a.applicant_person_id
      WHERE a.id = ${caseId}::uuid AND a.region_code >= ${scope.from} AND a.region_code < ${scope.to}`);
    if (!c) throw notFound('救助案件不存在或不在本辖区');
    if (c.authorized !== true) throw invalid('该申请未记录授权核对书，不能发起家庭经济状况核对', [{ path: 'caseId', message: '请先由申请人签署授权核对书' }]);

    // Every member: 低保 and 临时救助 — the household's current members and anyone the case covers;
    // 特困 — the person (and anyone covered), as 特困 is assessed for the person.
    const members = await tx.rows<{ person_id: string; name: string; id_masked: string; id_hash: string }>(sql`
      SELECT p.id AS person_id, p.name, p.id_masked, p.id_hash FROM registry_person p
      WHERE p.id IN (
        SELECT m.person_id FROM registry_household_member m
          WHERE ${c.programme !== 'tekun'} AND m.household_id = ${c.household_id}::uuid AND m.valid_to IS NULL
        UNION SELECT unnest(${`{${c.covered_person_ids.join(',')}}`}::uuid[])
        UNION SELECT ${c.person_id ?? c.applicant_person_id}::uuid)
      ORDER BY (p.id = ${c.applicant_person_id}::uuid) DESC, p.birth_date, p.id`);

    const snaps = await tx.rows<{ id: string; source_code: string; as_of: string; version: number; refresh_days: number }>(sql`
      SELECT s.id, s.source_code, s.as_of::text, s.version, src.refresh_days FROM verification_snapshot s JOIN verification_source src ON src.code = s.source_code
      WHERE s.status = 'current' AND verification_region_covers(s.region_code, ${c.region_code})`);
    const fresh = snaps.filter((s) => !isStale({ asOf: s.as_of, refreshDays: s.refresh_days }, today));
    const rows = fresh.length === 0 ? [] : await tx.rows<{
      person_id: string; source_code: string; snapshot_id: string; version: number; as_of: string; event_date: string | null; end_date: string | null;
      amount_fen: string | null; quantity: string | null; category: string | null; ref_masked: string | null;
    }>(sql`
      SELECT m.person_id, s.source_code, s.id AS snapshot_id, s.version, s.as_of::text, r.event_date::text, r.end_date::text, r.amount_fen, r.quantity,
        r.category, r.ref_masked
      FROM jsonb_to_recordset(${JSON.stringify(members.map((m) => ({ person_id: m.person_id, id_hash: m.id_hash })))}::jsonb) AS m(person_id uuid, id_hash text)
      JOIN verification_record r ON r.id_hash = m.id_hash AND r.snapshot_id = ANY(${`{${fresh.map((s) => s.id).join(',')}}`}::uuid[])
      JOIN verification_snapshot s ON s.id = r.snapshot_id`);
    const hits: ReportHit[] = rows.map((r) => ({
      personId: r.person_id, source: r.source_code, snapshotId: r.snapshot_id, version: r.version, asOf: r.as_of, eventDate: r.event_date, endDate: r.end_date,
      amountFen: r.amount_fen === null ? null : Number(r.amount_fen), quantity: r.quantity === null ? null : Number(r.quantity), category: r.category, ref: r.ref_masked,
    }));

    const sources: ReportSource[] = SOURCES.filter((s) => s.kind === 'file').map((def) => {
      const own = snaps.filter((s) => s.source_code === def.code).sort((a, b) => b.as_of.localeCompare(a.as_of));
      const usable = own.find((s) => fresh.includes(s));
      const shown = usable ?? own[0];
      return {
        code: def.code, name: def.name, status: usable ? 'used' : own.length ? 'stale' : 'missing', asOf: shown?.as_of ?? null, version: shown?.version ?? null,
        hits: hits.filter((h) => h.source === def.code).length,
      };
    });

    const params = await paramsFor(tx, c.region_code, today);
    const configs = await ruleConfigs(tx);
    const paramsOf = (code: string) => ({ ...findRule(code)?.defaults, ...configs.find((x) => x.code === code)?.params }) as Record<string, unknown>;
    const report = assessHousehold({
      today, members: members.map((m) => ({ personId: m.person_id, name: m.name, idMasked: m.id_masked })), hits, sources,
      limits: limitsOf(params, c.hukou_type === 'rural' ? 'rural' : 'urban'),
      exempt: {
        vehicleCategories: (paramsOf('vehicle_over').exemptCategories as string[] | undefined) ?? [],
        businessCategories: (paramsOf('business_over').exemptCategories as string[] | undefined) ?? [],
      },
    });

    const used = fresh.map((s) => s.id);
    const [row] = await tx.rows<{ id: string; request_no: string }>(sql`
      INSERT INTO verification_request (case_id, case_no, programme, region_code, household_id, applicant_name, person_ids, status, conclusion,
        requested_on, due_on, report, snapshot_ids, created_by, created_by_name, reported_at)
      VALUES (${c.id}::uuid, ${c.case_no}, ${c.programme}, ${c.region_code}, ${c.household_id}::uuid, ${c.applicant_name},
        ${`{${members.map((m) => m.person_id).join(',')}}`}::uuid[], 'reported', ${report.conclusion}, ${today}::date,
        ${addWorkingDays(today, REQUEST_WORKING_DAYS)}::date, ${JSON.stringify(report)}::jsonb, ${`{${used.join(',')}}`}::uuid[],
        ${who.actorId}::uuid, ${who.actorName}, now())
      RETURNING id, request_no`);
    await appendAudit(tx, who, {
      action: 'verification.request', entityType: 'verification_request', entityId: row!.id, regionCode: c.region_code,
      summary: `家庭经济状况核对 ${row!.request_no}：${PROGRAMME_NAMES[c.programme] ?? c.programme}案件 ${c.case_no}（${c.applicant_name}），核对 ${members.length} 人，`
        + `命中 ${hits.length} 条，使用数据快照 ${used.length} 个，结论：${CONCLUSION_NAMES[report.conclusion]}`,
      diff: { snapshots: { before: null, after: used }, conclusion: { before: null, after: report.conclusion } },
    });
    return row!.id;
  });
}

interface RequestRow {
  id: string; request_no: string; case_id: string; case_no: string; programme: string; region_code: string; region_name: string | null;
  applicant_name: string; members: number; status: RequestStatus; conclusion: Conclusion | null; requested_on: string; due_on: string;
  reported_at: string | null; created_by_name: string | null; created_at: string; report?: HouseholdReport | null; error?: string | null;
}

const COLUMNS = sql`q.id, q.request_no, q.case_id, q.case_no, q.programme, q.region_code, rg.name AS region_name, q.applicant_name,
  cardinality(q.person_ids) AS members, q.status, q.conclusion, q.requested_on::text, q.due_on::text, q.reported_at, q.created_by_name, q.created_at`;

function view(r: RequestRow): RequestView {
  return {
    id: r.id, requestNo: Number(r.request_no), caseId: r.case_id, caseNo: r.case_no, programme: r.programme, regionCode: r.region_code, regionName: r.region_name,
    applicantName: r.applicant_name, members: Number(r.members), status: r.status, statusName: REQUEST_STATUS_NAMES[r.status],
    conclusion: r.conclusion, conclusionName: r.conclusion ? CONCLUSION_NAMES[r.conclusion] : null, requestedOn: r.requested_on, dueOn: r.due_on,
    reportedAt: r.reported_at ? new Date(r.reported_at).toISOString() : null, createdByName: r.created_by_name, createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Requests of the caller's jurisdiction, newest first; optionally of one case. */
export async function listVerificationRequests(tx: Tx, scopeRegion: string, f: { caseId?: string; page: number; pageSize: number }): Promise<{ items: RequestView[]; total: number }> {
  const scope = subtreeRange(scopeRegion);
  const where = sql`q.region_code >= ${scope.from} AND q.region_code < ${scope.to} ${f.caseId ? sql`AND q.case_id = ${f.caseId}::uuid` : sql``}`;
  const [{ total }] = await tx.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM verification_request q WHERE ${where}`) as [{ total: number }];
  const rows = await tx.rows<RequestRow>(sql`
    SELECT ${COLUMNS} FROM verification_request q LEFT JOIN region rg ON rg.code = q.region_code WHERE ${where}
    ORDER BY q.created_at DESC, q.request_no DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map(view), total };
}

/** One request with its report; every look is audited (it shows other departments' data about named persons). */
export async function getVerificationRequest(tx: Tx, scopeRegion: string, who: AuditActor, id: string, options: { audit?: boolean } = {}): Promise<RequestDetail> {
  const scope = subtreeRange(scopeRegion);
  const [r] = await tx.rows<RequestRow>(sql`
    SELECT ${COLUMNS}, q.report, q.error FROM verification_request q LEFT JOIN region rg ON rg.code = q.region_code
    WHERE q.id = ${id}::uuid AND q.region_code >= ${scope.from} AND q.region_code < ${scope.to}`);
  if (!r) throw notFound('核对请求不存在或不在本辖区');
  if (options.audit !== false) await appendAudit(tx, who, {
    action: 'verification.report_view', entityType: 'verification_request', entityId: id, regionCode: r.region_code,
    summary: `查看家庭经济状况核对报告 ${r.request_no}（案件 ${r.case_no}，${r.applicant_name}）`,
  });
  return { ...view(r), report: r.report ?? null, error: r.error ?? null };
}
