/**
 * What goes into the printed documents: the decision notice of one case and the 公示名单 of a
 * village or township. The services read and audit inside the request's transaction and return
 * the renderer's input; the PDF itself is drawn after the transaction has committed (drawing takes
 * far longer than the reads, and on PGlite a transaction holds the only session).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { ancestorCodes, conflict, isWithin, notFound, regionLevel, subtreeRange, todayInShanghai, type IsoDate } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { regionNames } from '@mz/regions/server';
import { loadCase } from '@mz/workflow/server';
import { PROGRAMME_SHORT_NAMES, type Programme } from '../domain/index.ts';
import type { DecisionNoticeInput, PublicityInput, PublicityRow, PublicityStage } from './print/index.ts';
import { CASE_NOT_FOUND } from './case-query.service.ts';
import { findCaseRow } from './case.repository.ts';

/** 街道 are run by a 办事处, 乡 and 镇 by a people's government. */
function townshipBody(name: string): string {
  return name.endsWith('街道') ? `${name}办事处` : `${name}人民政府`;
}

/**
 * The names a document needs around a region: the county's 民政局 decides, the county government
 * hears 行政复议 (行政复议法 2023 第二十四条), the county's court hears the action.
 */
async function bodiesOf(tx: Tx, regionCode: string) {
  const city = `${regionCode.slice(0, 4)}00000000`;
  const county = `${regionCode.slice(0, 6)}000000`;
  const township = `${regionCode.slice(0, 9)}000`;
  const names = await regionNames(tx, [city, county, township, regionCode, ...ancestorCodes(regionCode)]);
  // 直辖市 and 省直辖县 have no named city between province and county.
  const cityName = names.get(city);
  const prefix = `${cityName && cityName !== '市辖区' && cityName !== '县' ? cityName : ''}${names.get(county) ?? ''}`;
  return {
    names,
    county: `${prefix}民政局`,
    township: regionLevel(regionCode) >= 4 ? `${prefix}${townshipBody(names.get(township) ?? '')}` : null,
    townshipName: names.get(township) ?? null,
    reviewBody: `${prefix}人民政府`,
    court: `${prefix}人民法院`,
  };
}

/** The decision notice of a decided case: approval, refusal or termination. Audited. */
export async function decisionNotice(tx: Tx, actor: Actor, who: AuditActor, id: string): Promise<DecisionNoticeInput> {
  const row = await findCaseRow(tx, actor.regionCode, id);
  const snapshot = row ? await loadCase(tx, id) : null;
  if (!row || !snapshot) throw CASE_NOT_FOUND();
  const last = (action: string) => [...snapshot.decisions].reverse().find((d) => d.action === action);
  const decision = last('terminate') ?? last('refuse') ?? last('approve') ?? last('advance_grant');
  if (!decision || !snapshot.events.decided) throw conflict('案件尚未作出决定', '审批（确认）或终止后方可打印决定通知书');
  const bodies = await bodiesOf(tx, row.region_code);
  const issuedOn: IsoDate = todayInShanghai(new Date(decision.at));
  const common = {
    caseNo: row.case_no, applicantName: row.applicant_name, applicationDate: (row.application as { applicationDate?: string }).applicationDate,
    // Whoever decided signs: the township where confirmation or approval is delegated to it.
    issuer: decision.actorLevel === 'township' ? bodies.township ?? bodies.county : bodies.county,
    issuedOn, reviewBody: bodies.reviewBody, court: bodies.court,
  };
  const reasonsOf = (text: string | null | undefined, extra: readonly string[] = []): [string, ...string[]] => {
    const all = [...extra, ...(text ? [text] : [])].filter((r) => r.trim());
    return all.length ? (all as [string, ...string[]]) : ['详见审核意见'];
  };
  let input: DecisionNoticeInput;
  if (decision.action === 'terminate' && row.programme !== 'linshi') {
    const reasons = (decision.data as { reasons?: string } | null)?.reasons;
    input = { ...common, kind: 'termination', programme: row.programme, stopMonth: row.stop_month!, reasons: reasonsOf(reasons ?? decision.opinion) };
  } else if (decision.action === 'refuse') {
    input = { ...common, kind: 'refusal', programme: row.programme, reasons: reasonsOf(decision.opinion, row.breakdown?.eligible === false ? row.breakdown.reasons : []) };
  } else if (row.programme === 'linshi') {
    input = { ...common, kind: 'approval', programme: 'linshi', amountFen: Number(row.amount_fen ?? 0) };
  } else {
    input = {
      ...common, kind: 'approval', programme: row.programme, monthlyAmountFen: Number(row.amount_fen ?? 0), startMonth: row.start_month!,
      ...(row.programme === 'dibao' ? { coveredPersons: row.covered_person_ids.length } : {}),
    };
  }
  await appendAudit(tx, who, {
    action: 'assistance.notice_print', entityType: 'assistance_case', entityId: row.id, regionCode: row.region_code,
    summary: `打印${PROGRAMME_SHORT_NAMES[row.programme]}案件 ${row.case_no} 的决定通知书（${row.applicant_name}）`,
  });
  return input;
}

export interface PublicityQuery {
  regionCode: string;
  programme: Programme;
  stage: PublicityStage;
  periodFrom?: string;
  complaintPhone?: string;
}

/**
 * The 公示名单 of a village (or a whole township): name, household size and amount only. At the
 * 初审 stage the cases now in 公示; at the decided stage those approved and not ended.
 */
export async function publicityList(tx: Tx, actor: Actor, who: AuditActor, q: PublicityQuery): Promise<PublicityInput<PublicityRow>> {
  if (!isWithin(q.regionCode, actor.regionCode)) throw notFound('区划不在管辖范围内', '只能打印本辖区的公示名单');
  const { from, to } = subtreeRange(q.regionCode);
  const stage = q.stage === 'preliminary'
    ? sql`w.state = 'in_publicity'`
    : sql`(w.events ? 'decided') AND NOT (w.events ? 'refused') AND NOT (w.events ? 'terminated') AND w.state NOT IN ('withdrawn', 'not_accepted')`;
  const rows = await tx.rows<{ name: string; size: number; amount: string | null }>(sql`
    SELECT a.applicant_name AS name, greatest(cardinality(a.covered_person_ids), 1) AS size, a.amount_fen::text AS amount
    FROM assistance_case a JOIN workflow_case w ON w.id = a.id
    WHERE a.region_code >= ${from} AND a.region_code < ${to} AND a.programme = ${q.programme} AND ${stage}
    ORDER BY w.case_no`);
  if (rows.length === 0) throw conflict('没有需要公示的案件', '该区划当前没有处于该公示阶段的案件');
  const bodies = await bodiesOf(tx, q.regionCode);
  const path = [...ancestorCodes(q.regionCode), q.regionCode].map((c) => bodies.names.get(c) ?? '').join('');
  const today = todayInShanghai();
  await appendAudit(tx, who, {
    action: 'assistance.publicity_print', entityType: 'assistance_publicity', regionCode: q.regionCode,
    summary: `打印${PROGRAMME_SHORT_NAMES[q.programme]}${q.stage === 'preliminary' ? '初审' : '确认（审批）'}公示名单：${path}，${rows.length} 户（人）`,
  });
  return {
    programme: q.programme, stage: q.stage, regionName: path, periodFrom: q.periodFrom ?? today,
    rows: rows.map((r) => ({ name: r.name, householdSize: Number(r.size), amountFen: Number(r.amount ?? 0) })),
    // Objections go to the township that posts the list, or to the county for a county-wide list.
    complaintBody: `${bodies.township ? bodies.townshipName : bodies.county}社会救助窗口`,
    complaintPhone: q.complaintPhone?.trim() || '见公示栏',
    issuer: bodies.township ?? bodies.county,
    issuedOn: today,
  };
}
