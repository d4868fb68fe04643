/** 机构与床位: what the API returns (shared by the server's response schemas and the pages). */
import type { CertificateLevel, CheckoutReason, DocumentKind, InstitutionKind, InstitutionStatus, OperatorType, StaffRole } from './institution.rules.ts';

export interface InstitutionSummary {
  id: string;
  name: string;
  kind: InstitutionKind;
  kindName: string;
  operatorType: OperatorType;
  operatorTypeName: string;
  regionCode: string;
  regionName: string;
  address: string;
  status: InstitutionStatus;
  statusName: string;
  grade: number | null;
  filingNo: string | null;
  /** Beds in service, of which nursing-type (护理型). */
  beds: number;
  nursingBeds: number;
  residents: number;
  /** residents ÷ beds in service, percent with one decimal; null without beds. */
  occupancyPercent: number | null;
}

export interface InstitutionDocument {
  id: string;
  kind: DocumentKind;
  kindName: string;
  name: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedByName: string | null;
  uploadedAt: string;
}

export interface InstitutionOperator {
  userId: string;
  username: string;
  displayName: string;
  boundAt: string;
}

export interface InstitutionDetail extends InstitutionSummary {
  creditCode: string | null;
  longitude: number | null;
  latitude: number | null;
  legalPerson: string | null;
  contactName: string | null;
  contactPhone: string | null;
  openedOn: string | null;
  filedOn: string | null;
  filingNote: string | null;
  statusReason: string | null;
  statusChangedOn: string | null;
  gradedOn: string | null;
  staff: number;
  caregivers: number;
  certifiedCaregivers: number;
  certifiedPercent: number | null;
  documents: InstitutionDocument[];
  operators: InstitutionOperator[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface BedView {
  id: string;
  room: string;
  bedNo: string;
  nursing: boolean;
  inService: boolean;
  resident: { id: string; personName: string; idNumberMasked: string; checkedInOn: string } | null;
}

export interface ResidentView {
  id: string;
  institutionId: string;
  personId: string;
  personName: string;
  idNumberMasked: string;
  sex: 'male' | 'female' | null;
  age: number | null;
  bedId: string;
  room: string;
  bedNo: string;
  nursingBed: boolean;
  checkedInOn: string;
  checkedOutOn: string | null;
  checkoutReason: CheckoutReason | null;
  checkoutReasonName: string | null;
  assessmentId: string | null;
  /** The ability assessment's final level (GB/T 42195: 0 完好 … 4 完全丧失) when one is linked. */
  assessmentLevel: number | null;
  note: string | null;
}

export interface StaffView {
  id: string;
  name: string;
  role: StaffRole;
  roleName: string;
  certificateLevel: CertificateLevel | null;
  certificateLevelName: string | null;
  certificateNo: string | null;
  phone: string | null;
  hiredOn: string;
  leftOn: string | null;
  leftReason: string | null;
}

export interface StaffFigures {
  staff: number;
  caregivers: number;
  certifiedCaregivers: number;
  certifiedPercent: number | null;
}

export interface CheckInCandidate {
  personId: string;
  name: string;
  idNumberMasked: string;
  sex: 'male' | 'female';
  age: number;
  regionName: string;
  status: string;
  /** Name of the institution the person lives in now, if any (any jurisdiction). */
  currentStay: string | null;
}
