/**
 * The 救助申请 form's values → the bodies of POST /assistance/cases and POST /assistance/calculate.
 *
 * Submitting sends what the clerk entered, incomplete rows included, so the server's field errors
 * point at them. The live 试算 is lenient instead: it leaves out rows still being typed and
 * waits (returns null) until the inputs the calculator needs are there.
 */
import type { Programme } from '@mz/assistance';
import type { HukouType } from '@mz/registry';
import type { Dayjs } from 'dayjs';

export type SelfCare = Record<'eat' | 'dress' | 'bed' | 'toilet' | 'walk' | 'bath', boolean>;

export const ALL_SELF_CARE: SelfCare = { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: true };

export interface MoneyRow {
  personId?: string | null;
  kind?: string;
  monthlyFen?: number | null;
  note?: string;
}

export interface PropertyValues {
  depositsFen?: number | null;
  securitiesFen?: number | null;
  vehicleCount?: number | null;
  vehicleValueFen?: number | null;
  houseCount?: number | null;
  businessCount?: number | null;
}

export interface IntakeValues {
  programme?: Programme;
  /**
   * 临时救助 may be filed for a household or for a person alone (救助法第三十七条第二款); a person
   * registered in another jurisdiction is named by ID number and name (`identity`), since the
   * township cannot search a record it may not read.
   */
  subjectMode?: 'household' | 'person' | 'identity';
  householdId?: string;
  /** 特困: the person to be supported; 临时救助 in person mode: the person in difficulty. */
  personId?: string;
  applicantPersonId?: string;
  /** 临时救助 in identity mode: the person's 身份证号 and 姓名 as on the ID card. */
  idNumber?: string;
  name?: string;
  applicationDate?: Dayjs | string | null;
  hukouType?: HukouType;
  note?: string;
  authorizationSigned?: boolean;
  pledgeSigned?: boolean;
  // 低保
  coveredPersonIds?: string[];
  singlePersonOn?: boolean;
  singlePerson?: { personId?: string; reason?: string };
  incomes?: MoneyRow[];
  deductions?: MoneyRow[];
  property?: PropertyValues;
  categories?: { personId?: string; category?: string }[];
  // 特困
  obligors?: { name?: string; relation?: string; circumstance?: string; authorizationSigned?: boolean }[];
  careMode?: 'centralized' | 'dispersed';
  selfCare?: Partial<SelfCare>;
  otherIncapacity?: string;
  orphanAllowanceChosen?: boolean;
  // 临时救助
  type?: 'emergency' | 'expenditure';
  incidentRegionCode?: string;
  incidentDate?: Dayjs | string | null;
  description?: string;
  requestedFen?: number | null;
  advance?: boolean;
}

/** A Dayjs or a 'YYYY-MM-DD' string → 'YYYY-MM-DD', else undefined. */
export function dateText(v: Dayjs | string | null | undefined): string | undefined {
  if (!v) return undefined;
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
  return v.isValid() ? v.format('YYYY-MM-DD') : undefined;
}

const trimmed = (s: string | undefined | null) => (s && s.trim() ? s.trim() : undefined);

export function propertyBody(p: PropertyValues | undefined) {
  // A family with nothing need not type zeros: blanks are 0, as the schema's defaults say.
  return {
    depositsFen: p?.depositsFen ?? 0,
    securitiesFen: p?.securitiesFen ?? 0,
    vehicleCount: p?.vehicleCount ?? 0,
    vehicleValueFen: p?.vehicleValueFen ?? 0,
    houseCount: p?.houseCount ?? 0,
    businessCount: p?.businessCount ?? 0,
  };
}

function moneyRows(rows: MoneyRow[] | undefined, complete: boolean) {
  return (rows ?? [])
    .filter((r) => !complete || (!!r?.kind && typeof r.monthlyFen === 'number'))
    .map((r) => ({ personId: r?.personId || null, kind: r?.kind, monthlyFen: r?.monthlyFen ?? undefined, note: trimmed(r?.note) ?? null }));
}

function selfCareBody(s: Partial<SelfCare> | undefined): SelfCare {
  // An item nobody has ticked off is one the person can do: the form starts with all six achieved.
  return { ...ALL_SELF_CARE, ...s };
}

/** The economic part of 低保 shared by the application and the `record_economics` action. */
export function dibaoEconomicsBody(v: IntakeValues, complete = false) {
  const single = v.singlePersonOn && v.singlePerson?.personId ? { personId: v.singlePerson.personId, reason: v.singlePerson.reason } : null;
  return {
    // 单人保 covers that member alone (the schema insists on it).
    coveredPersonIds: single ? [single.personId] : v.coveredPersonIds?.length ? v.coveredPersonIds : null,
    singlePerson: single,
    incomes: moneyRows(v.incomes, complete),
    deductions: moneyRows(v.deductions, complete),
    property: propertyBody(v.property),
    categories: (v.categories ?? []).filter((c) => !complete || (c?.personId && c.category)).map((c) => ({ personId: c?.personId, category: c?.category })),
  };
}

export function tekunEconomicsBody(v: IntakeValues, complete = false) {
  return {
    obligors: (v.obligors ?? [])
      .filter((o) => !complete || (trimmed(o?.name) && trimmed(o?.relation) && o?.circumstance))
      .map((o) => ({ name: trimmed(o?.name), relation: trimmed(o?.relation), circumstance: o?.circumstance, authorizationSigned: o?.authorizationSigned === true })),
    incomes: moneyRows(v.incomes, complete),
    property: propertyBody(v.property),
  };
}

/** Body of POST /assistance/cases. */
export function toApplicationInput(v: IntakeValues): Record<string, unknown> {
  const common = {
    programme: v.programme,
    applicantPersonId: v.applicantPersonId,
    applicationDate: dateText(v.applicationDate),
    // Sent as ticked; an unticked box goes as false so the server names the missing signature.
    authorizationSigned: v.authorizationSigned === true,
    pledgeSigned: v.pledgeSigned === true,
    note: trimmed(v.note) ?? null,
  };
  switch (v.programme) {
    case 'dibao':
      return { ...common, householdId: v.householdId, hukouType: v.hukouType, ...dibaoEconomicsBody(v) };
    case 'tekun':
      return {
        ...common,
        householdId: v.householdId ?? null,
        personId: v.personId,
        hukouType: v.hukouType ?? null,
        careMode: v.careMode,
        selfCare: selfCareBody(v.selfCare),
        otherIncapacity: trimmed(v.otherIncapacity) ?? null,
        orphanAllowanceChosen: v.orphanAllowanceChosen ?? null,
        ...tekunEconomicsBody(v),
      };
    case 'linshi': {
      const alone = v.subjectMode === 'person';
      // By ID number the person applies for themself: no household, no registry ids, no separate applicant.
      const identity = v.subjectMode === 'identity'
        ? { idNumber: trimmed(v.idNumber)?.toUpperCase() ?? null, name: trimmed(v.name) ?? null, hukouType: v.hukouType ?? null, applicantPersonId: null }
        : {};
      return {
        ...common,
        ...identity,
        householdId: alone || v.subjectMode === 'identity' ? null : (v.householdId ?? null),
        personId: alone ? (v.personId ?? null) : null,
        type: v.type,
        incidentRegionCode: v.incidentRegionCode,
        incidentDate: dateText(v.incidentDate),
        description: trimmed(v.description),
        requestedFen: v.requestedFen ?? undefined,
        advance: v.type === 'emergency' && v.advance === true,
      };
    }
    default:
      return common;
  }
}

/** What the page knows besides the form: the chosen household or person from the registry. */
export interface CalcContext {
  /** Region whose policy parameters apply (the household's; for 临时救助 the incident place). */
  regionCode?: string;
  /** Current members of the household (低保: everyone whose income counts). */
  members?: { personId: string; name: string }[];
  /** 特困 subject's age and disability, and the hukou type when the form has none. */
  age?: number;
  disability?: { category: string; grade: number } | null;
  hukouType?: HukouType;
}

export interface CalculateRequest {
  programme: Programme;
  regionCode: string;
  month: string;
  household: Record<string, unknown>;
}

/** Body of POST /assistance/calculate for the 试算 panel, or null while inputs are missing. */
export function toCalculateBody(v: IntakeValues, ctx: CalcContext): CalculateRequest | null {
  const date = dateText(v.applicationDate);
  const regionCode = v.programme === 'linshi' ? v.incidentRegionCode : ctx.regionCode;
  if (!v.programme || !date || !regionCode) return null;
  const month = date.slice(0, 7);
  const hukouType = v.hukouType ?? ctx.hukouType;
  if (!hukouType) return null;

  switch (v.programme) {
    case 'dibao': {
      if (!ctx.members?.length) return null;
      return {
        programme: 'dibao',
        regionCode,
        month,
        household: { hukouType, members: ctx.members.map((m) => ({ personId: m.personId, name: m.name })), ...dibaoEconomicsBody(v, true) },
      };
    }
    case 'tekun': {
      if (ctx.age === undefined || !v.careMode) return null;
      return {
        programme: 'tekun',
        regionCode,
        month,
        household: {
          hukouType,
          age: ctx.age,
          disability: ctx.disability ?? null,
          otherIncapacity: trimmed(v.otherIncapacity) ?? null,
          careMode: v.careMode,
          selfCare: selfCareBody(v.selfCare),
          orphanAllowanceChosen: v.orphanAllowanceChosen ?? null,
          ...tekunEconomicsBody(v, true),
        },
      };
    }
    case 'linshi': {
      if (!v.type || !v.requestedFen || v.requestedFen <= 0) return null;
      return {
        programme: 'linshi',
        regionCode,
        month,
        household: { type: v.type, hukouType, requestedFen: v.requestedFen, advance: v.type === 'emergency' && v.advance === true },
      };
    }
  }
}
