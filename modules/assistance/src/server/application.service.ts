/**
 * Filing an application: the one way an assistance case comes into being. It checks the household
 * or person against the registry (in the filer's jurisdiction, current members, the applicant one
 * of them), flags what the rules single out (近亲属备案, 单人保, 先行救助), writes the case settings
 * from the policy parameters of the case's region, numbers the case and opens it in the workflow's
 * initial state — never further along (rules §1.7).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, invalid, isDomainError, isWithin, maskIdNumber, regionLevel, todayInShanghai, type FieldError } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { regionExists } from '@mz/regions/server';
import { getHousehold, getPerson, type HouseholdDetail } from '@mz/registry/server';
import type { HukouType, PersonDetail } from '@mz/registry';
import { createCase } from '@mz/workflow/server';
import {
  calculateDibao, calculateLinshi, calculateTekun, dibaoCaseSettings, linshiCaseSettings, PROGRAMME_SHORT_NAMES, selfCareTier, tekunCaseSettings,
  type ApplicationInput, type Breakdown, type CaseDetail, type DibaoApplication, type LinshiApplication, type Programme, type TekunApplication,
} from '../domain/index.ts';
import { nearKinMatches } from './near-kin/index.ts';
import { caseAfterWrite, workflowActor } from './case-query.service.ts';
import { definitionOf } from './case.repository.ts';
import { paramsFor } from './params.service.ts';
import { tekunCalcInputOf } from './case-economics.ts';

const CASE_NO_PREFIX: Readonly<Record<Programme, string>> = { dibao: 'DB', tekun: 'TK', linshi: 'LS' };

/**
 * A person as the filing needs them: the registry's record when the filer may read it, otherwise
 * (a 临时救助 applicant from another jurisdiction) what the filer was told, checked against the
 * registry without showing it.
 */
interface Party {
  id: string;
  name: string;
  idNumberMasked: string;
  /** Null when the filer cannot read the record and was not told. */
  hukouType: HukouType | null;
}

/** Who and what a filing is about, as the registry has it. */
interface Subject {
  regionCode: string;
  household: HouseholdDetail | null;
  /** 特困 subject, or the person of a 临时救助 filed without a household. */
  person: Party | null;
  /** The 特困 subject's full (masked) registry record: age and disability decide 无劳动能力. */
  subjectDetail?: PersonDetail;
  applicant: Party;
  /** 共同生活的家庭成员 whose income counts: current members, not deceased, missing or in prison (低保办法第七条). */
  members: Party[];
}

/** What the filing may need besides the transaction: the field cipher, to find a person by ID number. */
export interface FilingServices {
  cipher?: FieldCipher;
}

function refuse(title: string, path: string, message: string): DomainError {
  return invalid(title, [{ path, message }]);
}

function checkDates(input: ApplicationInput, today: string): void {
  const errors: FieldError[] = [];
  if (input.applicationDate > today) errors.push({ path: 'applicationDate', message: '申请日期不能晚于今天' });
  if (input.programme === 'linshi' && input.incidentDate > today) errors.push({ path: 'incidentDate', message: '急难发生日期不能晚于今天' });
  if (errors.length) throw invalid('日期不正确', errors);
}

/** The household as of today, in the filer's jurisdiction (404 otherwise), not dissolved. */
async function householdOf(tx: Tx, actor: Actor, id: string): Promise<HouseholdDetail> {
  const household = await getHousehold(tx, actor, id);
  if (household.dissolvedOn) throw refuse('家庭已撤销', 'householdId', '该家庭已撤销（分户或合户），请选择现在的家庭');
  return household;
}

function countedMembers(household: HouseholdDetail): Party[] {
  return household.members.map((m) => m.person).filter((p) => p.status === 'alive');
}

function memberOf(members: readonly Party[], personId: string, path: string, what: string): Party {
  const found = members.find((m) => m.id === personId);
  if (!found) throw refuse(`${what}不是该家庭的在册成员`, path, `${what}须为该家庭现有的共同生活成员`);
  return found;
}

async function alivePerson(tx: Tx, actor: Actor, id: string, path: string, what: string) {
  const person = await getPerson(tx, actor, id);
  if (person.status !== 'alive') throw refuse(`${what}状态不符`, path, `${what}在人口库中的状态为非在世（死亡、失踪或服刑），不能申请`);
  return person;
}

async function dibaoSubject(tx: Tx, actor: Actor, input: DibaoApplication): Promise<Subject> {
  const household = await householdOf(tx, actor, input.householdId);
  const members = countedMembers(household);
  const applicant = memberOf(members, input.applicantPersonId, 'applicantPersonId', '申请人');
  return { regionCode: household.regionCode, household, person: null, applicant, members };
}

async function tekunSubject(tx: Tx, actor: Actor, input: TekunApplication): Promise<Subject> {
  const person = await alivePerson(tx, actor, input.personId, 'personId', '申请人');
  if (input.householdId) {
    const household = await householdOf(tx, actor, input.householdId);
    const members = countedMembers(household);
    memberOf(members, input.personId, 'personId', '特困供养申请人');
    const applicant = memberOf(members, input.applicantPersonId, 'applicantPersonId', '提出申请的人');
    return { regionCode: household.regionCode, household, person, subjectDetail: person, applicant, members };
  }
  // Without a household record the person applies for themself (or through a 委托 noted on file).
  if (input.applicantPersonId !== input.personId) {
    throw refuse('申请人不一致', 'applicantPersonId', '未选择家庭时，申请人须为特困供养对象本人');
  }
  return { regionCode: person.regionCode, household: null, person, subjectDetail: person, applicant: person, members: [person] };
}

/**
 * 临时救助 is filed at the township where the emergency happened (救助法第三十七条第二款), which
 * need not be where the applicant lives or holds 户籍: the case belongs to the incident region.
 */
async function linshiSubject(tx: Tx, actor: Actor, input: LinshiApplication, services: FilingServices): Promise<Subject> {
  const incident = input.incidentRegionCode;
  if (regionLevel(incident) < 4) throw refuse('急难发生地不够具体', 'incidentRegionCode', '急难发生地应具体到乡镇（街道）或村（社区）');
  if (!isWithin(incident, actor.regionCode)) {
    throw refuse('急难发生地不在管辖范围内', 'incidentRegionCode', '临时救助由急难发生地的乡镇（街道）受理，请由发生地受理');
  }
  if (!(await regionExists(tx, incident))) throw refuse('区划不存在', 'incidentRegionCode', '没有这个区划代码');
  if (input.householdId) {
    const household = await householdOf(tx, actor, input.householdId);
    const members = countedMembers(household);
    const applicant = memberOf(members, input.applicantPersonId!, 'applicantPersonId', '申请人');
    const person = input.personId ? memberOf(members, input.personId, 'personId', '救助对象') : null;
    return { regionCode: incident, household, person, applicant, members };
  }
  if (input.idNumber) {
    const person = await personByIdentity(tx, actor, input.idNumber, input.name!, input.hukouType ?? null, services);
    return { regionCode: incident, household: null, person, applicant: person, members: [person] };
  }
  const person = await alivePerson(tx, actor, input.personId!, 'personId', '申请人');
  if (input.applicantPersonId !== person.id) throw refuse('申请人不一致', 'applicantPersonId', '未选择家庭时，申请人须为救助对象本人');
  return { regionCode: incident, household: null, person, applicant: person, members: [person] };
}

/**
 * 临时救助 for a person met in an emergency away from home (救助法第三十七条第二款; 2023意见: no
 * 户籍 restriction for 急难), named by ID number and name. The registry record is found by the keyed
 * hash through `assistance_person_by_identity`, which answers with the id only when the name matches
 * a living record; the township files against that record without reading it, and the case keeps
 * the name and the masked number it was given. Nobody is registered here: a person unknown to the
 * registry is registered first, under the registry's own rules — registering them with the
 * incident township as their residence would take over the record of someone who lives elsewhere.
 */
async function personByIdentity(tx: Tx, actor: Actor, idNumber: string, name: string, hukouType: HukouType | null, services: FilingServices): Promise<Party> {
  if (!services.cipher) throw new Error('fileApplication: filing by ID number needs the field cipher');
  const hash = services.cipher.hash('id_number', idNumber);
  const [{ id }] = await tx.rows<{ id: string | null }>(sql`SELECT assistance_person_by_identity(${hash}, ${name}) AS id`);
  if (!id) {
    const [{ holder }] = await tx.rows<{ holder: string | null }>(sql`SELECT registry_id_holder(${hash}) AS holder`);
    if (!holder) {
      throw new DomainError({
        code: 'PERSON_NOT_REGISTERED', status: 422, title: '人口库中没有该人员',
        detail: '该身份证号尚未在人口与家庭基础库登记。请先在人口库登记该人员（现居住地、户籍地按实际填写），再提出临时救助申请',
        errors: [{ path: 'idNumber', message: '该身份证号尚未在人口库登记，请先登记' }],
      });
    }
    throw invalid('身份证号与姓名不符', [
      { path: 'name', message: '人口库中没有与该身份证号、姓名一致的在世人员，请核对身份证件' },
    ]);
  }
  // Within the filer's own jurisdiction the record is read as usual (its 户籍类型 picks the standard).
  let visible: PersonDetail | null = null;
  try {
    visible = await getPerson(tx, actor, id);
  } catch (err) {
    if (!(isDomainError(err) && err.status === 404)) throw err;
  }
  if (visible) return { id, name: visible.name, idNumberMasked: visible.idNumberMasked, hukouType: visible.hukouType };
  if (!hukouType) {
    throw refuse('请选择适用的低保标准', 'hukouType', '申请人不在本辖区登记，请按其户籍类型选择城市或农村低保标准（决定救助上限和审批额度）');
  }
  return { id, name: name.trim(), idNumberMasked: maskIdNumber(idNumber), hukouType };
}

/** One open case per household (低保) or person (特困): a second filing would be decided twice. */
async function refuseDuplicate(tx: Tx, programme: Programme, column: 'household_id' | 'person_id', id: string): Promise<void> {
  // Serialises two filings for the same household; both would otherwise pass the check below.
  await tx.run(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`assistance:${programme}:${id}`}, 0))`);
  const [open] = await tx.rows<{ case_no: string; state: string }>(sql`
    SELECT w.case_no, w.state FROM assistance_case a JOIN workflow_case w ON w.id = a.id
    WHERE a.programme = ${programme} AND a.${sql.raw(column)} = ${id}::uuid AND w.closed_at IS NULL LIMIT 1`);
  if (open) {
    throw new DomainError({
      code: 'CASE_OPEN', status: 409, title: `已有未办结的${PROGRAMME_SHORT_NAMES[programme]}案件`,
      detail: `案件 ${open.case_no} 尚未办结，不能重复申请；家庭情况变化请在原案件中办理`,
    });
  }
}

async function nextCaseNo(tx: Tx, programme: Programme, regionCode: string, today: string): Promise<string> {
  const county = regionCode.slice(0, 6);
  const year = Number(today.slice(0, 4));
  const [{ n }] = await tx.rows<{ n: number }>(sql`SELECT assistance_next_case_no(${programme}, ${county}, ${year}) AS n`);
  return `${CASE_NO_PREFIX[programme]}-${county}-${year}-${String(n).padStart(6, '0')}`;
}

/**
 * The application as the case keeps it: persons by id only, never an ID number in clear (the
 * number given for a person from elsewhere is kept masked; the case's person_id names the record).
 */
function storedApplication(input: ApplicationInput): Record<string, unknown> {
  if (input.programme !== 'linshi' || !input.idNumber) return input;
  const { idNumber, ...rest } = input;
  return { ...rest, idNumberMasked: maskIdNumber(idNumber) };
}

/** Files an application (permission `assistance.apply`); the answer is the new case page. */
export async function fileApplication(
  tx: Tx, actor: Actor, who: AuditActor, input: ApplicationInput, now = new Date(), services: FilingServices = {},
): Promise<CaseDetail> {
  const today = todayInShanghai(now);
  checkDates(input, today);
  const programme = input.programme;
  const def = definitionOf(programme);

  const subject = input.programme === 'dibao' ? await dibaoSubject(tx, actor, input)
    : input.programme === 'tekun' ? await tekunSubject(tx, actor, input)
      : await linshiSubject(tx, actor, input, services);
  if (programme === 'dibao') await refuseDuplicate(tx, programme, 'household_id', subject.household!.id);
  if (programme === 'tekun') await refuseDuplicate(tx, programme, 'person_id', subject.person!.id);

  // Settings and the first breakdown use the parameters in force in the case's region today.
  const params = await paramsFor(tx, subject.regionCode, today);
  const memberIds = subject.members.map((m) => m.id);
  let settings: Record<string, string | number>;
  let breakdown: Breakdown;
  let covered: string[];
  const flags: string[] = [];
  let tier: string | null = null;
  let economics: Record<string, unknown> | null = null;

  if (input.programme === 'dibao') {
    covered = input.singlePerson ? [input.singlePerson.personId] : input.coveredPersonIds ?? memberIds;
    breakdown = calculateDibao({
      hukouType: input.hukouType, members: subject.members.map((m) => ({ personId: m.id, name: m.name })),
      coveredPersonIds: input.coveredPersonIds ?? null, singlePerson: input.singlePerson ?? null,
      incomes: input.incomes, deductions: input.deductions, property: input.property, categories: input.categories,
    }, params);
    settings = { ...dibaoCaseSettings(params) };
    if (input.singlePerson) flags.push('single_person');
    economics = {
      coveredPersonIds: input.coveredPersonIds ?? null, singlePerson: input.singlePerson ?? null,
      incomes: input.incomes, deductions: input.deductions, property: input.property, categories: input.categories,
    };
  } else if (input.programme === 'tekun') {
    const person = subject.subjectDetail!;
    covered = [input.personId];
    breakdown = calculateTekun(tekunCalcInputOf(person, input.applicationDate, {
      hukouType: input.hukouType ?? person.hukouType, otherIncapacity: input.otherIncapacity ?? null, orphanAllowanceChosen: input.orphanAllowanceChosen ?? null,
      careMode: input.careMode, selfCare: input.selfCare, economics: { obligors: input.obligors, incomes: input.incomes, property: input.property },
    }), params);
    settings = { ...tekunCaseSettings(params) };
    tier = selfCareTier(input.selfCare);
    economics = { obligors: input.obligors, incomes: input.incomes, property: input.property };
  } else {
    covered = subject.person ? [subject.person.id] : memberIds;
    // The clerk's choice of standard wins over the record's 户籍类型 only when the record is not theirs to read.
    const hukouType = (subject.applicant.hukouType ?? input.hukouType ?? 'urban') as HukouType;
    const calc = { type: input.type, hukouType, requestedFen: input.requestedFen, advance: input.advance };
    breakdown = calculateLinshi(calc, params);
    settings = { ...linshiCaseSettings(params, calc) };
    // Noted for recalculation: the officials of the incident region may not see the applicant's record.
    economics = { hukouType: calc.hukouType, requestedFen: input.requestedFen };
    if (input.advance) flags.push('advance');
  }

  // 低保办法第十一条: a household with a registered relative of a case worker or committee member.
  const watched = [...new Set([...memberIds, subject.applicant.id, ...(subject.person ? [subject.person.id] : [])])];
  if (def.flags?.near_kin && (await nearKinMatches(tx, watched)).length > 0) flags.push('near_kin');

  const caseNo = await nextCaseNo(tx, programme, subject.regionCode, today);
  const stored = await createCase(tx, def, {
    regionCode: subject.regionCode,
    subjectKind: subject.household ? 'household' : 'person',
    subjectId: subject.household?.id ?? subject.person!.id,
    caseNo, flags, settings, events: { applied: now.toISOString() }, actor: workflowActor(actor), now,
  });

  await tx.run(sql`
    INSERT INTO assistance_case (id, programme, household_id, applicant_person_id, person_id, region_code, applicant_name, applicant_id_masked,
      application, economics, breakdown, amount_fen, covered_person_ids, tier, care_mode, linshi_type, created_by)
    VALUES (${stored.id}::uuid, ${programme}, ${subject.household?.id ?? null}::uuid, ${subject.applicant.id}::uuid, ${subject.person?.id ?? null}::uuid,
      ${subject.regionCode}, ${subject.applicant.name}, ${subject.applicant.idNumberMasked}, ${JSON.stringify(storedApplication(input))}::jsonb,
      ${economics === null ? null : JSON.stringify(economics)}::jsonb, ${JSON.stringify(breakdown)}::jsonb, ${breakdown.amountFen},
      ${sql.param(covered)}::uuid[], ${tier}, ${input.programme === 'tekun' ? input.careMode : null}, ${input.programme === 'linshi' ? input.type : null},
      ${actor.kind === 'user' ? actor.id : null}::uuid)`);

  await appendAudit(tx, who, {
    action: 'assistance.case_apply', entityType: 'assistance_case', entityId: stored.id, regionCode: subject.regionCode,
    summary: `登记${PROGRAMME_SHORT_NAMES[programme]}申请 ${caseNo}：申请人 ${subject.applicant.name}（${subject.applicant.idNumberMasked}），保障 ${covered.length} 人`,
    diff: {
      caseNo: { before: null, after: caseNo }, state: { before: null, after: stored.state }, flags: { before: null, after: flags },
      amountFen: { before: null, after: breakdown.amountFen }, settings: { before: null, after: settings },
    },
  });
  return caseAfterWrite(tx, actor, stored.id);
}
