/**
 * 登记新家庭 at intake: an application "for a household from the registry, or registering it
 * inline". The official types the family as the application form has it — 户主 first, then the
 * others with their relation — and the registry API does the registering: each person
 * (POST /registry/persons), then the household (POST /registry/households). The registry's own
 * rules and messages apply; this file only moves its field errors onto the dialog's rows.
 *
 * A save that fails half-way (the third person's number is wrong) leaves the first two registered;
 * saving again after the fix must not refuse them as duplicates. So a number already registered
 * in the caller's jurisdiction under the same name is taken as that person — the registry's record,
 * untouched — and any other duplicate is reported on its row.
 */
import { parseIdNumber, todayInShanghai } from '@mz/kernel';
import type { HukouType } from '@mz/registry';
import { ApiError, isApiError, type FieldError } from '@mz/ui';
import type { HouseholdDetail, PersonSummary } from './assistance.api.ts';

/** GB/T 4761: 户主. */
export const HEAD_RELATION = '02';

export interface DraftPerson {
  idNumber?: string;
  name?: string;
  /** 与户主关系 (GB/T 4761); the first row is the 户主 and has none. */
  relation?: string;
  hukouType?: HukouType;
  phone?: string;
}

export interface HouseholdDraft {
  /** The village/community the family lives in (its cases belong there). */
  regionCode?: string;
  address?: string;
  people?: DraftPerson[];
}

/** The registry calls the dialog makes (injected, so the sequence is testable without a server). */
export interface RegistryCalls {
  createPerson(body: Record<string, unknown>): Promise<{ id: string }>;
  /** Persons matching an exact ID number within the caller's jurisdiction. */
  findByIdNumber(idNumber: string): Promise<PersonSummary[]>;
  createHousehold(body: Record<string, unknown>): Promise<HouseholdDetail>;
}

const clean = (v: string | undefined) => (v ?? '').trim();

/** Problems the dialog can see before calling the server: empty fields, bad or repeated numbers. */
export function draftProblems(draft: HouseholdDraft, today = todayInShanghai()): FieldError[] {
  const errors: FieldError[] = [];
  const people = draft.people ?? [];
  if (!draft.regionCode) errors.push({ path: 'regionCode', message: '请选择家庭所在村（社区）' });
  else if (draft.regionCode.endsWith('000')) errors.push({ path: 'regionCode', message: '请选择到村（社区）一级' });
  if (!clean(draft.address)) errors.push({ path: 'address', message: '请填写家庭住址' });
  if (people.length === 0) errors.push({ path: 'people', message: '请至少填写户主' });
  const seen = new Map<string, number>();
  people.forEach((p, i) => {
    const at = (field: string, message: string) => errors.push({ path: `people[${i}].${field}`, message });
    const raw = clean(p.idNumber);
    if (!raw) at('idNumber', '请填写身份证号');
    else {
      const parsed = parseIdNumber(raw, today);
      if (!parsed.ok) at('idNumber', parsed.reason);
      else if (seen.has(parsed.value)) at('idNumber', `与第 ${seen.get(parsed.value)! + 1} 行的身份证号重复`);
      else seen.set(parsed.value, i);
    }
    if (!clean(p.name)) at('name', '请填写姓名');
    if (i > 0 && !p.relation) at('relation', '请选择与户主关系');
    if (i > 0 && p.relation === HEAD_RELATION) at('relation', '一户只能有一名户主');
    if (!p.hukouType) at('hukouType', '请选择户籍类型');
  });
  return errors;
}

/** The registry's person body for one row: living in the household's village, registered there. */
export function personBody(draft: HouseholdDraft, p: DraftPerson): Record<string, unknown> {
  const body: Record<string, unknown> = {
    idNumber: clean(p.idNumber).toUpperCase(),
    name: clean(p.name),
    hukouRegionCode: draft.regionCode,
    hukouType: p.hukouType,
    regionCode: draft.regionCode,
    address: clean(draft.address),
  };
  if (clean(p.phone)) body.phone = clean(p.phone);
  return body;
}

/** The registry's household body once every row has a person id (row order = `personIds` order). */
export function householdBody(draft: HouseholdDraft, personIds: readonly string[], today = todayInShanghai()): Record<string, unknown> {
  const people = draft.people ?? [];
  return {
    regionCode: draft.regionCode,
    address: clean(draft.address),
    headPersonId: personIds[0],
    members: people.slice(1).map((p, i) => ({ personId: personIds[i + 1], relation: p.relation })),
    validFrom: today,
  };
}

/** Fields of the registry's person form that the dialog shows on a row; the rest go to the top. */
const ROW_FIELDS = new Set(['idNumber', 'name', 'hukouType', 'phone']);

/** A person's field errors placed on row `i` of the dialog. */
export function personErrorsToRow(errors: readonly FieldError[], i: number, who: string): FieldError[] {
  return errors.map((e) => {
    const field = e.path.replace(/^\/?body[./]/, '').split(/[./[]/)[0] ?? '';
    if (ROW_FIELDS.has(field)) return { path: `people[${i}].${field}`, message: e.message };
    if (field === 'regionCode' || field === 'hukouRegionCode') return { path: 'regionCode', message: e.message };
    if (field === 'address') return { path: 'address', message: e.message };
    return { path: '', message: `${who}：${e.message}` };
  });
}

/** The household's field errors placed on the dialog (`members[j]` is row j + 1). */
export function householdErrorsToRows(errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => {
    const path = e.path.replace(/^\/?body[./]/, '');
    const member = /^members[.[](\d+)\]?\.?(\w+)?/.exec(path);
    if (member) {
      const row = Number(member[1]) + 1;
      return { path: `people[${row}].${member[2] === 'relation' ? 'relation' : 'idNumber'}`, message: e.message };
    }
    if (path.startsWith('headPersonId')) return { path: 'people[0].idNumber', message: e.message };
    if (path.startsWith('regionCode')) return { path: 'regionCode', message: e.message };
    if (path.startsWith('address')) return { path: 'address', message: e.message };
    return { path: '', message: e.message };
  });
}

function rowFailure(title: string, errors: FieldError[], detail?: string): ApiError {
  return new ApiError({ status: 422, code: 'INVALID', title, detail, errors });
}

/**
 * Registers the persons, then the household; returns the household. Throws an ApiError whose
 * field errors name the dialog's rows (`people[2].idNumber`), so the dialog shows them in place.
 */
export async function registerHousehold(draft: HouseholdDraft, api: RegistryCalls, today = todayInShanghai()): Promise<HouseholdDetail> {
  const problems = draftProblems(draft, today);
  if (problems.length > 0) throw rowFailure('请补全家庭信息', problems);
  const people = draft.people!;
  const ids: string[] = [];
  for (const [i, p] of people.entries()) {
    const who = `第 ${i + 1} 行（${clean(p.name)}）`;
    try {
      ids.push((await api.createPerson(personBody(draft, p))).id);
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.code === 'DUPLICATE_ID') {
        const number = parseIdNumber(clean(p.idNumber), today);
        const mine = number.ok ? await api.findByIdNumber(number.value) : [];
        const same = mine.find((m) => m.name === clean(p.name));
        if (same) {
          ids.push(same.id); // registered by an earlier attempt, or already known here: the registry's record stands
          continue;
        }
        const message = mine.length > 0
          ? `该身份证号已在本辖区登记，姓名为「${mine[0]!.name}」，与填写的姓名不一致，请核对`
          : (err.errors.find((e) => e.path.endsWith('idNumber'))?.message ?? '该身份证号已在其他辖区登记');
        throw rowFailure(`${who}的身份证号已登记`, [{ path: `people[${i}].${mine.length > 0 ? 'name' : 'idNumber'}`, message }], err.detail);
      }
      if (err.errors.length > 0) throw rowFailure(`${who}未通过人口库校验：${err.title}`, personErrorsToRow(err.errors, i, who), err.detail);
      throw err;
    }
  }
  try {
    return await api.createHousehold(householdBody(draft, ids, today));
  } catch (err) {
    if (isApiError(err) && err.errors.length > 0) throw rowFailure(err.title, householdErrorsToRows(err.errors), err.detail);
    throw err;
  }
}
