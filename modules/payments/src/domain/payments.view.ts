import type { LineKind, OriginKind, RollKind, RollState, RunKind, SettlementMethod, TransferStatus } from './payments.names.ts';
import type { RollOperation } from './roll.workflow.ts';
import type { BankProfile } from './bank-format.ts';

/** What a module declared with registerProgramme(). */
export interface Programme {
  code: string;
  name: string;
  shortName: string;
  ownerModule: string;
  /** 'household': one line per household (paid to its head or applicant); 'person': one per person. */
  basis: 'household' | 'person';
  monthly: boolean;
  oneOff: boolean;
}

export interface RollSummary {
  id: string;
  rollNo: string;
  kind: RollKind;
  programme: string | null;
  programmeName: string | null;
  runId: string | null;
  runName: string | null;
  reissueOfRollId: string | null;
  regionCode: string;
  regionName: string;
  month: string;
  state: RollState;
  stateName: string;
  version: number;
  lineCount: number;
  personCount: number;
  householdCount: number;
  amountFen: number;
  recoveryFen: number;
  paidFen: number | null;
  failedFen: number | null;
  generatedAt: string;
  generatedByName: string | null;
  updatedAt: string;
}

export interface RollEvent {
  action: string;
  actionName: string;
  fromState: RollState | null;
  toState: RollState | null;
  byName: string | null;
  at: string;
  opinion: string | null;
}

export interface RollDetail extends RollSummary {
  byKind: { kind: LineKind; kindName: string; lines: number; amountFen: number }[];
  missingAccounts: number;
  /** Beneficiaries left out of this roll by an open payment hold (暂停发放) when it was generated. */
  held: { count: number; amountFen: number };
  transfers: { total: number; sent: number; paid: number; failed: number; reissued: number; abandoned: number } | null;
  events: RollEvent[];
  availableActions: { key: RollOperation; name: string; opinionRequired: boolean }[];
}

export interface RegionTotal {
  regionCode: string;
  regionName: string;
  level: 1 | 2 | 3 | 4 | 5;
  lines: number;
  persons: number;
  households: number;
  amountFen: number;
  recoveryFen: number;
}

export interface LineView {
  id: string;
  lineNo: number;
  kind: LineKind;
  kindName: string;
  programme: string;
  period: string;
  regionCode: string;
  regionName: string;
  payeeName: string;
  payeeIdMasked: string;
  householdId: string | null;
  personId: string | null;
  personCount: number;
  amountFen: number;
  reason: string | null;
  entitlementId: string | null;
  source: { module: string; id: string } | null;
  ruleVersion: string | null;
  reissueOfLineId: string | null;
  recoveryOfLineId: string | null;
  transferNo: number | null;
  transferStatus: TransferStatus | null;
  failureReason: string | null;
}

export interface HistoryLine extends LineView {
  rollId: string;
  rollNo: string;
  rollMonth: string;
  rollState: RollState;
}

export interface TransferView {
  transferNo: number;
  regionCode: string;
  payeeName: string;
  payeeIdMasked: string;
  accountMasked: string | null;
  bankName: string | null;
  amountFen: number;
  status: TransferStatus;
  failureReason: string | null;
  reissuedInRollId: string | null;
  abandonedReason: string | null;
}

export interface EntitlementView {
  id: string;
  programme: string;
  kind: 'monthly' | 'grant';
  personId: string | null;
  householdId: string | null;
  payeeName: string;
  payeeIdMasked: string;
  personCount: number;
  regionCode: string;
  regionName: string;
  fromMonth: string;
  toMonth: string | null;
  monthlyAmountFen: number;
  breakdown: unknown;
  ruleVersion: string;
  origin: { kind: OriginKind; sourceModule: string; sourceId: string; reason: string };
  seriesVersion: number;
  current: boolean;
  supersededAt: string | null;
  createdAt: string;
  createdByName: string | null;
  paidOutsideOn: string | null;
}

export interface RecoveryView {
  lineId: string;
  programme: string;
  period: string;
  regionCode: string;
  payeeName: string;
  payeeIdMasked: string;
  /** The recovery as recorded (negative). */
  amountFen: number;
  offsetFen: number;
  settledFen: number;
  outstandingFen: number;
  reason: string | null;
  rollId: string;
  rollNo: string;
  settlements: { amountFen: number; method: SettlementMethod | 'offset'; reason: string | null; byName: string | null; at: string }[];
}

export interface RunView {
  id: string;
  kind: RunKind;
  name: string;
  programmes: string[];
  basis: 'person' | 'household';
  amountFen: number;
  month: string;
  note: string;
  trigger: { indicator: 'cpi' | 'food_cpi'; thresholdPct: string; observedPct: string; observedMonth: string; source: string; reason: string } | null;
  regionCode: string;
  regionName: string;
  createdByName: string | null;
  createdAt: string;
}

export interface BankProfileView extends BankProfile {
  regionCode: string | null;
  builtIn: boolean;
  createdAt: string | null;
}

export interface SpendingRow {
  regionCode: string;
  regionName: string;
  level: number;
  programme: string;
  programmeName: string;
  households: number;
  persons: number;
  regularFen: number;
  grantFen: number;
  runFen: number;
  backpayFen: number;
  recoveryFen: number;
  offsetFen: number;
  reissueFen: number;
  payableFen: number;
  paidFen: number;
  failedFen: number;
}

export interface ReturnResult {
  id: string;
  status: 'accepted' | 'rejected';
  rows: number;
  paidRows: number;
  paidFen: number;
  failedRows: number;
  failedFen: number;
  state: RollState;
}

export interface ReturnProblem {
  row: number;
  transferNo: string;
  problem: string;
}

/** A beneficiary a roll left out because of a payment hold (暂停发放). */
export interface HeldView {
  subjectId: string; personId: string | null; householdId: string | null; payeeName: string; payeeIdMasked: string;
  regionCode: string; regionName: string; amountFen: number; fromMonth: string; reason: string;
  source: { module: string; id: string }; heldAt: string; releasedAt: string | null;
}
