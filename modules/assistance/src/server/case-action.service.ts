/**
 * Taking a workflow action on a case: the engine checks and records the step (state, events,
 * decision row, optimistic version), then this service applies what the step means for the
 * benefit — a new breakdown after the investigation, the amount and first month on approval, the
 * care tier after a self-care assessment, the last month on termination — in the same
 * transaction, with one audit entry.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import {
  addMonths, addMonthsToDate, ageOn, DomainError, fenToYuanString, firstDayOfMonth, invalid, isDomainError, nextMonthOf, todayInShanghai,
  type FieldError, type IsoDate,
} from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { getHousehold, getPerson, type HouseholdDetail } from '@mz/registry/server';
import type { HukouType } from '@mz/registry';
import { actionName, levelOf, planTransition, stateName, type CaseSnapshot, type DecisionRecord } from '@mz/workflow';
import { addFlag, applyTransition, loadCase, removeFlag, updateSettings, versionConflict } from '@mz/workflow/server';
import {
  actionDataSchema, ASSISTANCE_GUARDS, DIBAO_TERMINATION_CAUSES, incapacityReasons, membersOverRefusalLimit, PROGRAMME_SHORT_NAMES, requireParam,
  findingsOfReport, resultOfConclusion, selfCareTier, SINGLE_PERSON_NEEDS_EDGE_FAMILY, SINGLE_PERSON_REASONS,
  type Breakdown, type CareMode, type CaseDetail, type VerificationReportSummary, type VerificationResultData, type Disability, type EdgeFamilySource, type ResolvedParams, type SelfCareItems, type SinglePersonReason,
} from '../domain/index.ts';
import { caseAfterWrite, CASE_NOT_FOUND, workflowActor } from './case-query.service.ts';
import { definitionOf, findCaseRow, type CaseRow, type ExcludedMemberRow } from './case.repository.ts';
import { recompute } from './case-economics.ts';
import { activeEdgeFamily, endEdgeFamilyOnAdmission, recordEdgeFamily } from './edge-family.service.ts';
import { paramsFor } from './params.service.ts';
import { recordInLedger } from './payments-handoff.ts';
import { afterCaseDecision, investigationVerifier } from './case-links.ts';

export interface ActionBody {
  version: number;
  opinion?: string | null;
  attachments?: { name: string; ref: string }[];
  data?: unknown;
}

/** zod issues as the form's field paths under `data` ('data.incomes[0].monthlyFen'). */
export function dataErrors(error: z.ZodError, prefix = 'data'): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`), prefix),
    message: issue.message,
  }));
}

/** The self-care items and care mode of the latest assessment in the decision log, if any. */
function latestAssessment(decisions: readonly DecisionRecord[]): { selfCare?: SelfCareItems; careMode?: CareMode } {
  const last = [...decisions].reverse().find((d) => d.action === 'assess_self_care');
  const data = last?.data as { items?: SelfCareItems; careMode?: CareMode | null } | undefined;
  return { ...(data?.items ? { selfCare: data.items } : {}), ...(data?.careMode ? { careMode: data.careMode } : {}) };
}

/** Column changes of assistance_case an action makes, with the before/after the audit entry shows. */
type Changes = Partial<{
  economics: unknown; breakdown: unknown; amount_fen: number | null; amount_override_reason: string | null; start_month: string | null;
  stop_month: string | null; covered_person_ids: string[]; tier: string | null; care_mode: string | null; advance_paid_fen: number | null;
  recheck_due_on: string | null; last_rechecked_on: string | null; excluded_members: ExcludedMemberRow[];
}>;

/**
 * 低保办法第三十一条: households whose income changes little are re-checked yearly, those with
 * unstable income or members able to work every six months. Wages and business income stand for
 * the second kind; the periods are policy parameters.
 */
function recheckDue(row: CaseRow, params: ResolvedParams, today: string): string {
  const incomes = ((row.economics as { incomes?: { kind: string; monthlyFen: number }[] } | null)?.incomes ?? []);
  const unstable = incomes.some((i) => (i.kind === 'wage' || i.kind === 'business') && i.monthlyFen > 0);
  const months = requireParam(params, unstable ? 'dibao.recheck.unstableMonths' : 'dibao.recheck.stableMonths', 'months').value;
  return addMonthsToDate(today, months);
}

function guardRefusal(title: string, detail?: string): DomainError {
  return new DomainError({ code: 'GUARD', status: 409, title, ...(detail ? { detail } : {}) });
}

/** The registry's household, or null when it has left the reader's jurisdiction since the case was filed. */
async function householdOrNull(tx: Tx, actor: Actor, id: string | null): Promise<HouseholdDetail | null> {
  if (!id) return null;
  try {
    return await getHousehold(tx, actor, id);
  } catch (err) {
    if (isDomainError(err) && err.status === 404) return null;
    throw err;
  }
}

/** 低保办法第三十四条 concerns covered members only: the others receive nothing to reduce. */
function requireCovered(row: CaseRow, personId: string): void {
  if (!row.covered_person_ids.includes(personId)) {
    throw invalid('该成员不是本案保障对象', [{ path: 'data.personId', message: '该成员不在本案保障对象中，或其本人保障金已停发' }]);
  }
}

function notAfterToday(value: string, today: IsoDate, path: string, label: string): void {
  if (value > today) throw invalid(`${label}不正确`, [{ path, message: `${label}不能晚于今天` }]);
}

/**
 * 低保办法第三十四条 speaks of members with the capacity to work. A member who by 特困办法第五条
 * has none (under 16, 60 or older, the listed disability grades) cannot have refusals counted.
 * A member whose registry record lies outside the official's jurisdiction is not checked here;
 * the confirming level sees the record before any decision.
 */
async function requireWorkCapacity(tx: Tx, actor: Actor, personId: string, on: IsoDate): Promise<void> {
  let person;
  try {
    person = await getPerson(tx, actor, personId);
  } catch (err) {
    if (isDomainError(err) && err.status === 404) return;
    throw err;
  }
  const disability: Disability | null = person.disabilityCategory && person.disabilityGrade
    ? { category: person.disabilityCategory as Disability['category'], grade: person.disabilityGrade } : null;
  const reasons = incapacityReasons(ageOn(person.birthDate, on), disability);
  if (reasons.length > 0) {
    throw invalid('该成员无劳动能力', [{
      path: 'data.personId', message: `${person.name}${reasons.join('、')}，属于无劳动能力人员，不适用拒绝介绍工作的规定（低保办法第三十四条；特困办法第五条）`,
    }]);
  }
}

/**
 * 低保边缘家庭 from a decided 低保 case (低保办法第八条第二款; 2022通知一(四)): recorded when the
 * case's breakdown establishes it. The case's assessment is the newest, so it replaces a
 * recognition in force and its validity starts again.
 */
async function recogniseFromCase(tx: Tx, actor: Actor, who: AuditActor, row: CaseRow, breakdown: Breakdown | null, source: EdgeFamilySource, today: IsoDate) {
  if (!breakdown?.edgeFamily || !row.household_id) return;
  const household = await householdOrNull(tx, actor, row.household_id);
  if (!household) return;
  const hukouType = (row.application as { hukouType?: HukouType }).hukouType ?? 'urban';
  await recordEdgeFamily(tx, actor, who, {
    household, recognisedOn: today, breakdown, hukouType, source, sourceCaseId: row.id, sourceLabel: `案件 ${row.case_no}`,
  }, await paramsFor(tx, row.region_code, today));
}

/**
 * 单人保 on the grounds of 低保办法第八条第一款第一、二项 needs a 低保边缘家庭: one recognised and in
 * force, or one this case's own breakdown establishes (then recognised with the decision). An
 * amount set by the approver does not lift the condition.
 */
async function singlePersonDecision(tx: Tx, actor: Actor, who: AuditActor, row: CaseRow, today: IsoDate): Promise<void> {
  const single = (row.economics as { singlePerson?: { personId: string; reason: SinglePersonReason } | null } | null)?.singlePerson;
  if (!single) {
    if (row.household_id) await endEdgeFamilyOnAdmission(tx, actor, who, row.household_id, today, row.case_no);
    return;
  }
  if (!SINGLE_PERSON_NEEDS_EDGE_FAMILY.has(single.reason)) return;
  if (row.breakdown?.edgeFamily) {
    await recogniseFromCase(tx, actor, who, row, row.breakdown, 'single_person', today);
    return;
  }
  const recognised = row.household_id ? await activeEdgeFamily(tx, row.household_id, today) : null;
  if (!recognised) {
    throw guardRefusal(
      '该家庭不是低保边缘家庭，不能按此事由单人纳入低保（低保办法第八条）',
      `「${SINGLE_PERSON_REASONS[single.reason]}」须所在家庭为低保边缘家庭：既无有效的低保边缘家庭认定，本案测算也不属于低保边缘家庭`,
    );
  }
}

async function sideEffects(
  tx: Tx, actor: Actor, who: AuditActor, row: CaseRow, action: string, data: any, snapshot: CaseSnapshot, now: Date,
): Promise<Changes> {
  const today = todayInShanghai(now);
  // Once decided, the amount moves only through a decision (调整/停保), never by re-entering figures.
  const decided = snapshot.events.decided !== undefined && action !== 'approve';
  switch (action) {
    case 'record_economics': {
      const params = await paramsFor(tx, row.region_code, today);
      // 临时救助 keeps what was noted at filing (户籍类型, amount asked) beside the verified need.
      const economics = row.programme === 'linshi' ? { ...(row.economics ?? {}), ...data } : data;
      const { breakdown, covered } = await recompute(tx, actor, row, params, today, { economics, ...latestAssessment(snapshot.decisions) });
      return { economics, breakdown, covered_person_ids: covered, ...(decided ? {} : { amount_fen: breakdown.amountFen }) };
    }
    case 'assess_self_care': {
      const careMode: CareMode = data.careMode ?? row.care_mode ?? 'dispersed';
      const params = await paramsFor(tx, row.region_code, today);
      const { breakdown } = await recompute(tx, actor, row, params, today, { selfCare: data.items, careMode });
      return { tier: selfCareTier(data.items), care_mode: careMode, breakdown, ...(decided ? {} : { amount_fen: breakdown.amountFen }) };
    }
    case 'approve': {
      const calculated = row.breakdown?.amountFen ?? 0;
      const amount = data?.overrideAmountFen ?? calculated;
      if (data?.overrideAmountFen == null && row.breakdown && !row.breakdown.eligible) {
        throw new DomainError({
          code: 'GUARD', status: 409, title: '测算结果为不符合条件，不能按测算金额确认',
          detail: `${row.breakdown.reasons.join('；')}。如经审核仍应予以保障，请核定金额并说明理由`,
        });
      }
      // The quota is checked on the final amount too: the investigation may have raised the need
      // above what the township was allowed to approve when the case was filed.
      const quota = Number(snapshot.settings.townshipQuotaFen ?? 0);
      if (row.programme === 'linshi' && levelOf(actor.regionCode) === 'township' && amount > quota) {
        throw new DomainError({
          code: 'GUARD', status: 409,
          title: `核定金额 ${fenToYuanString(amount)} 元超过乡镇（街道）审批额度 ${fenToYuanString(quota)} 元，须报县级民政部门审批（暂行办法第四十八条）`,
        });
      }
      const changes: Changes = {
        amount_fen: amount,
        amount_override_reason: amount !== calculated ? data.overrideReason ?? null : null,
      };
      // 低保办法第二十一条, 特困办法第十七条: paid from the month after the decision. 临时救助 is one grant.
      if (row.programme !== 'linshi') changes.start_month = nextMonthOf(todayInShanghai(new Date(snapshot.events.decided!)));
      if (row.programme === 'dibao') {
        changes.recheck_due_on = recheckDue(row, await paramsFor(tx, row.region_code, today), today);
        await singlePersonDecision(tx, actor, who, row, today);
      }
      return changes;
    }
    case 'refuse':
      if (row.programme === 'dibao') await recogniseFromCase(tx, actor, who, row, row.breakdown, 'dibao_refused', today);
      return {};
    case 'recheck': {
      if (row.programme !== 'dibao') return {};
      notAfterToday(data.checkedOn, today, 'data.checkedOn', '复核日期');
      // The re-check's own date clears the deaths before it (2022通知一(三)).
      return { recheck_due_on: recheckDue(row, await paramsFor(tx, row.region_code, today), today), last_rechecked_on: data.checkedOn };
    }
    case 'record_job_refusal': {
      requireCovered(row, data.personId);
      notAfterToday(data.offeredOn, today, 'data.offeredOn', '介绍工作日期');
      await requireWorkCapacity(tx, actor, data.personId, data.offeredOn);
      await markJobRefusals(tx, row.id, snapshot);
      return {};
    }
    case 'record_job_accepted':
      requireCovered(row, data.personId);
      notAfterToday(data.acceptedOn, today, 'data.acceptedOn', '上岗日期');
      await markJobRefusals(tx, row.id, snapshot);
      return {};
    case 'exclude_member': {
      const changes = await excludeMember(tx, actor, row, data, today);
      await markJobRefusals(tx, row.id, snapshot);
      return changes;
    }
    case 'adjust':
      return { amount_fen: data.newAmountFen };
    case 'taper':
      return { stop_month: addMonths(data.fromMonth, data.months) };
    case 'terminate': {
      // 特困办法第二十六条 "次月停止": the month of the decision has been paid, so the earliest stop is the next one.
      const earliest = nextMonthOf(today);
      if (data.stopMonth < earliest) {
        throw invalid('停发月份不正确', [{ path: 'data.stopMonth', message: `停发月份不能早于 ${earliest}（决定次月起停止发放）` }]);
      }
      // 收入超过标准 but still under the 边缘 line: the household becomes a 低保边缘家庭 (2022通知一(四)).
      if (row.programme === 'dibao' && data.cause === 'income_exceeds') await recogniseFromCase(tx, actor, who, row, row.breakdown, 'dibao_terminated', today);
      return { stop_month: data.stopMonth };
    }
    case 'advance_grant':
      return { advance_paid_fen: data.amountFen, amount_fen: data.amountFen };
    default:
      return {};
  }
}

/**
 * The `job_refusals` flag follows the log: on while some member has three refusals in a row without
 * a stop decided, off once every such run is broken (good reason, a job taken) or acted on, so
 * lists and the confirming level find exactly the cases waiting for a decision.
 */
async function markJobRefusals(tx: Tx, caseId: string, snapshot: CaseSnapshot): Promise<void> {
  if (membersOverRefusalLimit(snapshot.decisions).length > 0) await addFlag(tx, caseId, 'job_refusals');
  else await removeFlag(tx, caseId, 'job_refusals');
}

/**
 * 低保办法第三十四条: stop one member's own share from `fromMonth`. The member stays in the
 * household (their income still counts); the benefit is recomputed for the others, and the
 * breakdown says whose share stopped and why.
 */
async function excludeMember(tx: Tx, actor: Actor, row: CaseRow, data: { personId: string; fromMonth: string; reasons: string }, today: IsoDate): Promise<Changes> {
  requireCovered(row, data.personId);
  if (row.covered_person_ids.length === 1) {
    throw guardRefusal(
      '该成员是本案唯一的保障对象，停发其保障金即停止保障，请办理「停保」',
      `停保原因选择「${DIBAO_TERMINATION_CAUSES.refused_work}」（低保办法第三十四条）`,
    );
  }
  const earliest = nextMonthOf(today);
  if (data.fromMonth < earliest) {
    throw invalid('停发月份不正确', [{ path: 'data.fromMonth', message: `停发起始月份不能早于 ${earliest}（决定次月起停止发放）` }]);
  }
  const household = await householdOrNull(tx, actor, row.household_id);
  const name = household?.members.find((m) => m.person.id === data.personId)?.person.name ?? '';
  const excluded: ExcludedMemberRow[] = [
    ...row.excluded_members,
    { personId: data.personId, name, fromMonth: data.fromMonth, reason: DIBAO_TERMINATION_CAUSES.refused_work, decidedOn: today },
  ];
  // The parameters in force in the first month without the share.
  const params = await paramsFor(tx, row.region_code, firstDayOfMonth(data.fromMonth));
  const { breakdown, covered } = await recompute(tx, actor, row, params, today, { excluded });
  if (!breakdown.eligible) {
    throw guardRefusal('按现有家庭经济状况重新测算不符合低保条件，请先复核', breakdown.reasons.join('；'));
  }
  return { excluded_members: excluded, breakdown, covered_person_ids: covered, amount_fen: breakdown.amountFen, amount_override_reason: null };
}

async function writeChanges(tx: Tx, id: string, changes: Changes): Promise<void> {
  const sets = Object.entries(changes).map(([column, value]) => {
    const name = sql.raw(column); // keys of `Changes`, never input
    if (column === 'economics' || column === 'breakdown' || column === 'excluded_members') return sql`${name} = ${value === null ? null : JSON.stringify(value)}::jsonb`;
    if (column === 'covered_person_ids') return sql`${name} = ${sql.param(value as string[])}::uuid[]`;
    if (column === 'recheck_due_on' || column === 'last_rechecked_on') return sql`${name} = ${value as string | null}::date`;
    return sql`${name} = ${value as string | number | null}`;
  });
  await tx.run(sql`UPDATE assistance_case SET ${sql.join([...sets, sql`updated_at = now()`], sql`, `)} WHERE id = ${id}::uuid`);
}

/** What the audit entry shows of a change: figures and months, not the whole economics document. */
function auditDiff(row: CaseRow, changes: Changes, from: string, to: string, fromName: string, toName: string) {
  const diff: Record<string, { before: unknown; after: unknown }> = {};
  if (from !== to) diff.state = { before: fromName, after: toName };
  const before: Record<string, unknown> = {
    amount_fen: row.amount_fen === null ? null : Number(row.amount_fen), start_month: row.start_month, stop_month: row.stop_month, tier: row.tier,
    care_mode: row.care_mode, recheck_due_on: row.recheck_due_on, amount_override_reason: row.amount_override_reason,
    advance_paid_fen: row.advance_paid_fen === null ? null : Number(row.advance_paid_fen), covered_person_ids: row.covered_person_ids,
    last_rechecked_on: row.last_rechecked_on, excluded_members: row.excluded_members,
  };
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'economics') diff.economics = { before: '（原申报/调查数据）', after: '（新录入数据）' };
    else if (key === 'breakdown') {
      const b = value as { amountFen: number; eligible: boolean };
      diff.breakdown = { before: row.breakdown ? `${row.breakdown.eligible ? '符合' : '不符合'}，${row.breakdown.amountFen} 分` : null, after: `${b.eligible ? '符合' : '不符合'}，${b.amountFen} 分` };
    } else if (JSON.stringify(before[key] ?? null) !== JSON.stringify(value ?? null)) diff[key] = { before: before[key] ?? null, after: value };
  }
  return Object.keys(diff).length ? diff : null;
}

/**
 * 录入核对结果 from a household verification report: the report of this case recorded by its
 * 申请信息核对 step, or one made on the verification pages (read through the registered verifier).
 * The report gives the date and the findings, and the result unless it says 需人工核实.
 */
async function resultFromReport(tx: Tx, caseId: string, decisions: readonly DecisionRecord[], data: VerificationResultData): Promise<VerificationResultData> {
  const requestId = data.verificationRequestId!;
  const recorded = [...decisions].reverse()
    .map((d) => (d.action === 'request_verification' ? (d.data as { report?: VerificationReportSummary } | null)?.report : undefined))
    .find((r) => r?.requestId === requestId);
  const verifier = investigationVerifier();
  const report = recorded ?? (verifier ? await verifier.find(tx, caseId, requestId) : null);
  if (!report) {
    throw invalid('核对报告不存在或不属于本案', [{ path: 'data.verificationRequestId', message: '请选择本案的家庭经济状况核对报告，或手工录入核对结果' }]);
  }
  const result = resultOfConclusion(report.conclusion) ?? data.result;
  if (!result) {
    throw invalid('核对报告结论为「需人工核实」，请录入人工核实后的核对结果', [{ path: 'data.result', message: '请选择核对结果（与申报相符/与申报不符）' }]);
  }
  return { verificationRequestId: requestId, checkedOn: report.requestedOn, result, findings: findingsOfReport(report, data.findings) };
}

/**
 * POST /assistance/cases/{id}/actions/{action}. `links.report` is the household verification
 * report the route obtained for 申请信息核对 (never taken from the request body).
 */
export async function takeAction(
  tx: Tx, actor: Actor, who: AuditActor, id: string, action: string, body: ActionBody, now = new Date(), links: { report?: VerificationReportSummary } = {},
): Promise<CaseDetail> {
  const row = await findCaseRow(tx, actor.regionCode, id);
  if (!row) throw CASE_NOT_FOUND();
  const def = definitionOf(row.programme);
  const wf = workflowActor(actor);

  let data: unknown = undefined;
  const schema = actionDataSchema(row.programme, action);
  if (schema) {
    const parsed = schema.safeParse(body.data ?? undefined);
    if (!parsed.success) {
      // The engine's refusal (wrong state, level, role, stale page) explains more than a field
      // problem would, so it goes first: only a step the official may take hears about its data.
      const snapshot = await loadCase(tx, id);
      if (!snapshot) throw CASE_NOT_FOUND();
      if (snapshot.version !== body.version) throw versionConflict();
      planTransition(def, ASSISTANCE_GUARDS, snapshot, wf, action, { data: undefined, opinion: body.opinion, now });
      throw invalid(`「${actionName(def, action)}」的填写内容有误`, dataErrors(parsed.error));
    }
    data = parsed.data;
  }
  if (action === 'request_verification' && links.report) data = { ...(data as object), report: links.report };
  if (action === 'record_verification' && (data as VerificationResultData).verificationRequestId) {
    const stored = await loadCase(tx, id);
    if (!stored) throw CASE_NOT_FOUND();
    if (stored.version !== body.version) throw versionConflict(); // a stale page hears that first, as for any step
    data = await resultFromReport(tx, id, stored.decisions, data as VerificationResultData);
  }

  const { snapshot, decision } = await applyTransition(tx, def, ASSISTANCE_GUARDS, {
    caseId: id, expectedVersion: body.version, actor: wf, action, opinion: body.opinion ?? null, attachments: body.attachments ?? [], data, now,
  });
  const changes = await sideEffects(tx, actor, who, row, action, data, snapshot, now);
  await writeChanges(tx, id, changes);
  // 临时救助: the verified need decides who approves (暂行办法第四十八条). Above the township quota
  // the case moves to the county, within it back to the township — before the decision only.
  const level = (changes.breakdown as { approvalLevel?: string } | undefined)?.approvalLevel;
  if (row.programme === 'linshi' && !snapshot.events.decided && level && level !== snapshot.settings.approvalLevel) {
    await updateSettings(tx, def, id, { approvalLevel: level }, now);
  }
  // The payment side of the decision (payments contract, "How assistance calls it"), in this
  // transaction: a refusal by the ledger undoes the decision too.
  await recordInLedger(tx, who, {
    row,
    amountFen: 'amount_fen' in changes ? changes.amount_fen ?? null : row.amount_fen === null ? null : Number(row.amount_fen),
    startMonth: 'start_month' in changes ? changes.start_month ?? null : row.start_month,
    breakdown: 'breakdown' in changes ? (changes.breakdown as Breakdown | null) : row.breakdown,
    coveredPersonIds: changes.covered_person_ids ?? row.covered_person_ids,
    events: snapshot.events,
    decisions: snapshot.decisions,
  }, action, data, body.opinion ?? null, now);

  const name = actionName(def, action);
  // Notices other modules attached (a 核对预警 to act on) close with a benefit decision, and their
  // modules close their own items in this transaction (case-links.ts).
  await afterCaseDecision(tx, {
    caseId: id, caseNo: row.case_no, programme: row.programme, action, actionName: name, seq: decision.seq, opinion: body.opinion ?? null, who, at: now,
  });
  const fromName = stateName(def, decision.fromState);
  const toName = stateName(def, decision.toState);
  await appendAudit(tx, who, {
    action: 'assistance.case_action', entityType: 'assistance_case', entityId: id, regionCode: row.region_code,
    summary: `${PROGRAMME_SHORT_NAMES[row.programme]}案件 ${row.case_no}「${name}」：${fromName} → ${toName}`,
    diff: { action: { before: null, after: action }, ...(auditDiff(row, changes, decision.fromState, decision.toState, fromName, toName) ?? {}) },
  });
  return caseAfterWrite(tx, actor, id);
}
