import type { Clock, DecisionRecord } from '@mz/workflow';
import type { Breakdown } from './breakdown.ts';
import type { CaseNotice } from './case-links.ts';

export type { Clock } from '@mz/workflow';

/** A case as lists, the queue and the workbench show it: no ID number in clear, ever. */
export interface CaseSummary {
  id: string;
  /** DB-220105-2026-000001: programme prefix, county code, year, sequence within the county and year. */
  caseNo: string;
  programme: 'dibao' | 'tekun' | 'linshi';
  state: string;
  stateName: string;
  /** The case's region: the household's village/community, or (临时救助) where the emergency happened. */
  regionCode: string;
  regionName: string;
  applicantName: string;
  applicantIdMasked: string;
  /** Persons the benefit covers (低保 household members covered; 1 for 特困 and a person-only 临时救助). */
  householdSize: number;
  /** Monthly amount (低保, 特困) or the grant (临时救助), in fen; the calculated one until a decision fixes it. */
  amountFen: number | null;
  /** The earliest running time limit. */
  nextDue: { key: string; name: string; due: string } | null;
  overdue: boolean;
  flags: string[];
  updatedAt: string;
  /**
   * 低保 in payment: the day the next re-check is due — the scheduled one (低保办法第三十一条), or
   * three months after a member's death when that is sooner (2022通知一(三)). Null once closed.
   */
  recheckDueOn: string | null;
  /** A re-check is waiting now: its day has come, or a member died since the last one. */
  recheckDue: boolean;
}

export interface CaseMember {
  personId: string;
  name: string;
  idNumberMasked: string;
  relation: string;
  relationName: string;
  sex: 'male' | 'female';
  age: number;
  /** Counted in the benefit (低保 分户施保 / 单人保 may cover only some members). */
  covered: boolean;
}

export interface CaseTimelineEntry extends DecisionRecord {
  actionName: string;
  toStateName: string;
}

export interface CaseActionChoice {
  key: string;
  name: string;
  opinionRequired: boolean;
}

/** The full case page. Reading it is audited as a view of personal data. */
export interface CaseDetail extends CaseSummary {
  /** Optimistic lock: send it back with every action. */
  version: number;
  settings: Record<string, string | number>;
  /** The application as filed (persons by id; ID numbers are never stored with it). */
  application: Record<string, unknown>;
  household: { id: string; address: string; members: CaseMember[] } | null;
  breakdown: Breakdown | null;
  /** First month paid ('YYYY-MM'): the month after the decision. */
  startMonth: string | null;
  clocks: Clock[];
  timeline: CaseTimelineEntry[];
  availableActions: CaseActionChoice[];
  /** Drawn for the county's 特困 spot check (a `spot_check` step is required before the decision). */
  spotCheck: boolean;
  // Beyond the contract's minimum, for the detail page:
  /** 特困 subject, or the person of a 临时救助 filed without a household. */
  subject: { personId: string; name: string; idNumberMasked: string; age: number | null } | null;
  /** 特困 照料护理 tier (CARE_TIERS: self 全自理, semi 半护理, full 全护理), from the application or the latest assessment. */
  tier: 'self' | 'semi' | 'full' | null;
  careMode: 'centralized' | 'dispersed' | null;
  linshiType: 'emergency' | 'expenditure' | null;
  /** Why a re-check is due early: '成员XXX于YYYY-MM-DD死亡，须于YYYY-MM-DD前完成复核（2022通知一(三)）'. */
  recheckNotes: string[];
  /** 低保办法第三十四条: members with refusals of introduced work in their current run (0 runs left out). */
  jobRefusals: { personId: string; name: string; consecutive: number; refusals: { on: string; job: string; employer: string }[] }[];
  /** Members whose own share has been stopped (低保办法第三十四条). */
  excludedMembers: { personId: string; name: string; fromMonth: string; reason: string }[];
  /** The household's latest 低保边缘家庭 recognition (低保办法第八条第二款), if it ever had one. */
  edgeFamilyRecognition: { id: string; recognisedOn: string; validUntil: string; endedOn: string | null; active: boolean; sourceName: string } | null;
  /** First month no longer paid after 停保/终止 or the end of 渐退 ('YYYY-MM'). */
  stopMonth: string | null;
  /** 临时救助: amount paid as 先行救助 (fen). */
  advancePaidFen: number | null;
  /** What other modules asked the case to act on (核对预警 需调整), open first; a benefit decision closes them. */
  notices: CaseNotice[];
}
