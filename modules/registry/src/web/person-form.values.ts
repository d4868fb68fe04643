import type { PersonDetail, PersonFull, PersonInput } from '@mz/registry';
import dayjs, { type Dayjs } from 'dayjs';
import type { DisabilityCategory, HukouType, MaritalStatus, PersonStatus, Sex } from '../domain/person.codes.ts';

/** What POST/PATCH /registry/persons accept: `personInput`'s fields, any of them null to clear. */
export type PersonBody = { [K in keyof PersonInput]?: PersonInput[K] | null };

/** The person form's fields (antd names = API names, so server field errors land on them). */
export interface PersonFormValues {
  idNumber?: string;
  name?: string;
  sex?: Sex | null;
  birthDate?: string | null;
  ethnicity?: string | null;
  phone?: string;
  hukouRegionCode?: string;
  hukouType?: HukouType;
  regionCode?: string;
  address?: string;
  disabilityCertNo?: string;
  disabilityCategory?: DisabilityCategory | null;
  disabilityGrade?: number | null;
  maritalStatus?: MaritalStatus | null;
  education?: string;
  employment?: string;
  healthNotes?: string;
  bankName?: string;
  bankAccount?: string;
  bankHolder?: string;
  status?: PersonStatus;
  deathDate?: Dayjs | null;
}

/**
 * Fields the masked detail does not show in clear. When editing from the masked record they start
 * empty and are sent only when the clerk typed something ("留空不修改").
 */
export const SENSITIVE_FIELDS = ['idNumber', 'phone', 'bankAccount', 'healthNotes'] as const;

const DAY = 'YYYY-MM-DD';

const text = (v: string | null | undefined): string | null => {
  const t = (v ?? '').trim();
  return t ? t : null;
};

/** Form values → request body: trimmed text, empty → null, dates as YYYY-MM-DD, ID upper-case. */
export function toPersonBody(v: PersonFormValues): PersonBody {
  const idNumber = text(v.idNumber)?.replace(/\s+/g, '').toUpperCase() ?? null;
  const status = v.status ?? 'alive';
  return {
    idNumber,
    name: text(v.name),
    sex: v.sex ?? null,
    birthDate: v.birthDate ?? null,
    ethnicity: v.ethnicity ?? null,
    phone: text(v.phone)?.replace(/\s+/g, '') ?? null,
    hukouRegionCode: v.hukouRegionCode ?? null,
    hukouType: v.hukouType ?? null,
    regionCode: v.regionCode ?? null,
    address: text(v.address),
    disabilityCertNo: text(v.disabilityCertNo),
    disabilityCategory: v.disabilityCategory ?? null,
    disabilityGrade: v.disabilityGrade ?? null,
    maritalStatus: v.maritalStatus ?? null,
    education: text(v.education),
    employment: text(v.employment),
    healthNotes: text(v.healthNotes),
    bankName: text(v.bankName),
    bankAccount: text(v.bankAccount)?.replace(/[\s-]/g, '') ?? null,
    bankHolder: text(v.bankHolder),
    status,
    // A death date belongs only to 死亡; a stale one left in a hidden field is not sent.
    deathDate: status === 'deceased' && v.deathDate ? v.deathDate.format(DAY) : null,
  };
}

/** Body of POST /registry/persons: empty optional fields left out. */
export function toCreateBody(v: PersonFormValues): PersonBody {
  return Object.fromEntries(Object.entries(toPersonBody(v)).filter(([, value]) => value !== null)) as PersonBody;
}

/**
 * Body of PATCH /registry/persons/{id}: only what changed against the loaded record, plus `version`.
 * A sensitive field is sent only when filled in (it started empty because the record is masked,
 * unless the full record was loaded). Returns `null` when nothing changed.
 */
export function toPatchBody(
  initial: PersonFormValues,
  current: PersonFormValues,
  version: number,
  opts: { maskedStart: boolean },
): (PersonBody & { version: number }) | null {
  const before = toPersonBody(initial);
  const after = toPersonBody(current);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof PersonBody)[]) {
    const value = after[key];
    if (opts.maskedStart && (SENSITIVE_FIELDS as readonly string[]).includes(key) && value === null) continue;
    if (JSON.stringify(value) !== JSON.stringify(before[key])) patch[key] = value;
  }
  return Object.keys(patch).length ? { ...(patch as PersonBody), version } : null;
}

/** The loaded record → form values. Masked values are not put into the form (they would be saved as stars). */
export function formValuesFromPerson(p: PersonDetail | PersonFull): PersonFormValues {
  const full = 'idNumber' in p ? p : null;
  return {
    idNumber: full?.idNumber ?? '',
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    ethnicity: p.ethnicity,
    phone: full?.phone ?? '',
    hukouRegionCode: p.hukouRegionCode,
    hukouType: p.hukouType,
    regionCode: p.regionCode,
    address: p.address ?? '',
    disabilityCertNo: p.disabilityCertNo ?? '',
    disabilityCategory: (p.disabilityCategory as DisabilityCategory | null) ?? null,
    disabilityGrade: p.disabilityGrade,
    maritalStatus: (p.maritalStatus as MaritalStatus | null) ?? null,
    education: p.education ?? '',
    employment: p.employment ?? '',
    healthNotes: full?.healthNotes ?? '',
    bankName: p.bankName ?? '',
    bankAccount: full?.bankAccount ?? '',
    bankHolder: p.bankHolder ?? '',
    status: p.status,
    deathDate: p.deathDate ? dayjs(p.deathDate, DAY) : null,
  };
}
