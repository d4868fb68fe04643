import type { HukouType, PersonStatus, Sex } from './person.codes.ts';

/** A person as lists and the masked detail show them: sensitive values masked. */
export interface PersonSummary {
  id: string;
  idNumberMasked: string;
  name: string;
  sex: Sex;
  birthDate: string;
  age: number;
  regionCode: string;
  regionName: string;
  hukouType: HukouType;
  status: PersonStatus;
  phoneMasked: string | null;
  householdId: string | null;
}

export interface PersonDetail extends PersonSummary {
  ethnicity: string | null;
  ethnicityName: string | null;
  hukouRegionCode: string;
  hukouRegionName: string;
  address: string | null;
  disabilityCertNo: string | null;
  disabilityCategory: string | null;
  disabilityGrade: number | null;
  maritalStatus: string | null;
  education: string | null;
  employment: string | null;
  bankName: string | null;
  bankAccountMasked: string | null;
  bankHolder: string | null;
  deathDate: string | null;
  source: string;
  importBatchId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The unmasked record: a separate permission, and every read of it is audited. */
export interface PersonFull extends PersonDetail {
  idNumber: string;
  phone: string | null;
  bankAccount: string | null;
  healthNotes: string | null;
}

/** One membership of a household: who, in what relation to the head, from when to when. */
export interface HouseholdMember {
  memberId: string;
  person: PersonSummary;
  relation: string;
  relationName: string;
  validFrom: string;
  /** Exclusive end; null while the person still belongs. */
  validTo: string | null;
  endedReason: string | null;
}

export interface HouseholdDetail {
  id: string;
  regionCode: string;
  regionName: string;
  address: string;
  dissolvedOn: string | null;
  head: PersonSummary | null;
  /** Members on the requested date (default today). */
  members: HouseholdMember[];
  /** Every membership this household ever had, oldest first. */
  history: HouseholdMember[];
}
