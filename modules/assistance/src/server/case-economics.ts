/**
 * Calculator inputs assembled from what the registry knows about a person or household and what
 * was declared or investigated for the case. Filing and the `record_economics` /
 * `assess_self_care` actions build them the same way, so a recomputed breakdown differs from the
 * first only by what the investigation changed.
 */
import type { Tx } from '@mz/db';
import type { Actor } from '@mz/http';
import { ageOn, type IsoDate } from '@mz/kernel';
import { getHousehold, getPerson } from '@mz/registry/server';
import type { DisabilityCategory, HukouType, PersonDetail } from '@mz/registry';
import {
  calculateDibao, calculateLinshi, calculateTekun,
  type Breakdown, type CareMode, type DibaoApplication, type DibaoCalcInput, type ExcludedMember, type LinshiApplication, type ResolvedParams, type SelfCareItems,
  type TekunApplication, type TekunCalcInput,
} from '../domain/index.ts';
import type { CaseRow } from './case.repository.ts';

export interface TekunEconomics {
  obligors: TekunCalcInput['obligors'];
  incomes: TekunCalcInput['incomes'];
  property: TekunCalcInput['property'];
}

export function tekunCalcInputOf(person: PersonDetail, onDate: IsoDate, c: {
  hukouType: HukouType; otherIncapacity: string | null; orphanAllowanceChosen: boolean | null; careMode: CareMode; selfCare: SelfCareItems; economics: TekunEconomics;
}): TekunCalcInput {
  return {
    hukouType: c.hukouType,
    // 特困办法第五条 looks at age and disability: both come from the registry, not from the form.
    age: ageOn(person.birthDate, onDate),
    disability: person.disabilityCategory && person.disabilityGrade
      ? { category: person.disabilityCategory as DisabilityCategory, grade: person.disabilityGrade } : null,
    otherIncapacity: c.otherIncapacity,
    incomes: c.economics.incomes,
    property: c.economics.property,
    obligors: c.economics.obligors,
    careMode: c.careMode,
    selfCare: c.selfCare,
    orphanAllowanceChosen: c.orphanAllowanceChosen,
  };
}

export type DibaoEconomics = Pick<DibaoCalcInput, 'coveredPersonIds' | 'singlePerson' | 'incomes' | 'deductions' | 'property' | 'categories'>;

/**
 * Recomputes a case's breakdown from its latest economics with the given parameters. `selfCare`
 * and `careMode` are the latest 自理能力评估's when there is one (the caller reads the decision
 * log). Members are the household's current co-resident members: a person who left since filing
 * no longer counts. Members whose own share was stopped (低保办法第三十四条) stay uncovered
 * whatever the economics list: a new investigation does not undo a decision.
 */
export async function recompute(tx: Tx, actor: Actor, row: CaseRow, params: ResolvedParams, onDate: IsoDate,
  override: { economics?: Record<string, unknown>; selfCare?: SelfCareItems; careMode?: CareMode; excluded?: readonly ExcludedMember[] } = {},
): Promise<{ breakdown: Breakdown; covered: string[] }> {
  const economics = (override.economics ?? row.economics ?? {}) as Record<string, unknown>;
  if (row.programme === 'dibao') {
    const app = row.application as unknown as DibaoApplication;
    const e = economics as unknown as DibaoEconomics;
    const household = await getHousehold(tx, actor, row.household_id!);
    const members = household.members.map((m) => m.person).filter((p) => p.status === 'alive');
    const excluded = (override.excluded ?? row.excluded_members ?? []).filter((x) => members.some((m) => m.id === x.personId));
    const stopped = new Set(excluded.map((x) => x.personId));
    const covered = (e.singlePerson ? [e.singlePerson.personId]
      : e.coveredPersonIds ? [...e.coveredPersonIds] : row.covered_person_ids.filter((id) => members.some((m) => m.id === id)))
      .filter((id) => !stopped.has(id));
    const breakdown = calculateDibao({
      hukouType: app.hukouType, members: members.map((m) => ({ personId: m.id, name: m.name })),
      coveredPersonIds: covered, singlePerson: e.singlePerson ?? null,
      incomes: e.incomes ?? [], deductions: e.deductions ?? [], property: e.property, categories: e.categories ?? [],
      excluded: excluded.map((x) => ({ personId: x.personId, reason: x.reason, fromMonth: x.fromMonth ?? null })),
    }, params);
    return { breakdown, covered };
  }
  if (row.programme === 'tekun') {
    const app = row.application as unknown as TekunApplication;
    const person = await getPerson(tx, actor, row.person_id!);
    const breakdown = calculateTekun(tekunCalcInputOf(person, onDate, {
      hukouType: app.hukouType ?? person.hukouType, otherIncapacity: app.otherIncapacity ?? null, orphanAllowanceChosen: app.orphanAllowanceChosen ?? null,
      careMode: override.careMode ?? row.care_mode ?? app.careMode, selfCare: override.selfCare ?? app.selfCare,
      economics: economics as unknown as TekunEconomics,
    }), params);
    return { breakdown, covered: [row.person_id!] };
  }
  const app = row.application as unknown as LinshiApplication;
  // The township's verified need replaces the amount asked for; the 户籍类型 was noted at filing
  // (the applicant may live outside the jurisdiction of the officials handling the case).
  const need = typeof economics.assessedNeedFen === 'number' ? economics.assessedNeedFen : app.requestedFen;
  const hukouType = (economics.hukouType as HukouType | undefined) ?? 'urban';
  const breakdown = calculateLinshi({ type: app.type, hukouType, requestedFen: need, advance: app.advance }, params);
  return { breakdown, covered: row.covered_person_ids };
}
