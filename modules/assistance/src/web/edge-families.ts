/**
 * The 低保边缘家庭 page's rules, kept out of the components: who may recognise or end a
 * recognition (the server's own rule, so the buttons do not promise what it refuses), and the
 * bodies of the recognition and its trial calculation. What every register reads alike (a
 * recognition's state) is in `family-register.ts`.
 */
import type { Breakdown, EdgeFamilySummary } from '@mz/assistance';
import type { HouseholdDetail } from '@mz/registry';
import { dateText, dibaoEconomicsBody, toCalculateBody, type CalculateRequest, type IntakeValues } from './application.values.ts';
import type { NewEdgeFamilyBody } from './assistance.api.ts';
import { COUNTY, decides, TOWNSHIP, type Official } from './family-register.ts';
import { money } from './format.ts';

/** 低保办法第八条第二款: the township's reviewers (or approvers) recognise (刚性支出困难家庭: the county, `mayRecogniseRigid`). */
export function mayRecognise(o: Official): boolean {
  return o.regionLevel === TOWNSHIP && decides(o);
}

/** A recognition is ended by a reviewer or approver of the township or the county. */
export function mayEnd(o: Official): boolean {
  return (o.regionLevel === TOWNSHIP || o.regionLevel === COUNTY) && decides(o);
}

/** The line the recognition was measured against: '820.00 元 × 1.5'. */
export function edgeLineText(e: { standardFen?: number; edgeMultiplier?: string }): string {
  return `${money(e.standardFen)} × ${e.edgeMultiplier ?? '—'}`;
}

/** Values of the 认定 form: the household, the standard that applies, and its economic situation. */
export interface RecogniseValues {
  householdId?: string;
  hukouType?: 'urban' | 'rural';
  recognisedOn?: IntakeValues['applicationDate'];
  incomes?: IntakeValues['incomes'];
  deductions?: IntakeValues['deductions'];
  property?: IntakeValues['property'];
  note?: string;
}

/** Body of POST /assistance/edge-families; incomplete rows are sent so the server can point at them. */
export function toEdgeFamilyBody(v: RecogniseValues): NewEdgeFamilyBody {
  const { incomes, deductions, property } = dibaoEconomicsBody({ incomes: v.incomes, deductions: v.deductions, property: v.property });
  const note = v.note?.trim();
  return {
    householdId: v.householdId ?? '',
    hukouType: v.hukouType!,
    recognisedOn: dateText(v.recognisedOn) ?? null,
    incomes,
    deductions,
    property,
    note: note || null,
  };
}

/** Members whose income counts: those living, as the server counts them (低保办法第七条). */
export function livingMembers(h: Pick<HouseholdDetail, 'members'> | undefined): { personId: string; name: string }[] {
  return (h?.members ?? []).filter((m) => m.person.status === 'alive').map((m) => ({ personId: m.person.id, name: m.person.name }));
}

/**
 * The trial: the 低保 calculator over the whole household on the recognition date (today when
 * none is given), the same test the server applies. Null until a household and standard are chosen.
 */
export function edgePreviewBody(v: RecogniseValues, household: Pick<HouseholdDetail, 'regionCode' | 'members'> | undefined, today: string): CalculateRequest | null {
  if (!household) return null;
  return toCalculateBody(
    {
      programme: 'dibao',
      applicationDate: dateText(v.recognisedOn) ?? today,
      hukouType: v.hukouType,
      incomes: v.incomes,
      deductions: v.deductions,
      property: v.property,
    },
    { regionCode: household.regionCode, members: livingMembers(household) },
  );
}

export type EdgeVerdict = { kind: 'edge' | 'dibao' | 'neither'; text: string; reasons: string[] };

/** What the trial says about the household, in the words the township uses. */
export function edgeVerdict(b: Pick<Breakdown, 'eligible' | 'edgeFamily' | 'reasons'>): EdgeVerdict {
  if (b.edgeFamily) return { kind: 'edge', text: '属于低保边缘家庭', reasons: [] };
  if (b.eligible) return { kind: 'dibao', text: '符合低保条件，应按低保申请办理，不认定为低保边缘家庭', reasons: [] };
  return { kind: 'neither', text: '不属于低保边缘家庭', reasons: b.reasons };
}
