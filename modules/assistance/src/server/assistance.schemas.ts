/**
 * Response schemas of the assistance routes (the OpenAPI page documents them, and the serializer
 * drops anything a schema does not name — an accidental extra column never reaches a client).
 */
import { z } from 'zod';
import { PROGRAMME_KEYS } from '../domain/index.ts';

export const programme = z.enum(PROGRAMME_KEYS as ['dibao', 'tekun', 'linshi']);

export const breakdownSchema = z.object({
  programme,
  amountFen: z.number(),
  eligible: z.boolean(),
  reasons: z.array(z.string()),
  items: z.array(z.object({ code: z.string(), label: z.string(), amountFen: z.number(), formula: z.string(), paramIds: z.array(z.string()).optional() })),
  ruleVersion: z.string(),
  paramIds: z.array(z.string()),
  perCapitaIncomeFen: z.number().optional(),
  members: z.number().optional(),
  householdSize: z.number().optional(),
  edgeFamily: z.boolean().optional(),
  standardFen: z.number().optional(),
  edgeMultiplier: z.string().optional(),
  careTier: z.enum(['self', 'semi', 'full']).optional(),
  careMode: z.enum(['centralized', 'dispersed']).optional(),
  approvalLevel: z.enum(['county', 'township']).optional(),
  advanceAllowed: z.boolean().optional(),
  paperworkWorkingDays: z.number().optional(),
  notes: z.array(z.string()).optional(),
});

export const caseSummarySchema = z.object({
  id: z.string(),
  caseNo: z.string(),
  programme,
  state: z.string(),
  stateName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  applicantName: z.string(),
  applicantIdMasked: z.string(),
  householdSize: z.number(),
  amountFen: z.number().nullable(),
  nextDue: z.object({ key: z.string(), name: z.string(), due: z.string() }).nullable(),
  overdue: z.boolean(),
  flags: z.array(z.string()),
  updatedAt: z.string(),
  recheckDueOn: z.string().nullable(),
  recheckDue: z.boolean(),
});

const clockSchema = z.object({
  key: z.string(),
  name: z.string(),
  basis: z.string().nullable(),
  kind: z.enum(['limit', 'period']),
  unit: z.enum(['working_days', 'calendar_days', 'hours']),
  amount: z.number().nullable(),
  startedAt: z.string().nullable(),
  due: z.string().nullable(),
  metAt: z.string().nullable(),
  status: z.enum(['not_started', 'running', 'met', 'late', 'overdue']),
  remaining: z.number().nullable(),
  note: z.string().nullable(),
  frozenAt: z.string().nullable(),
});

const timelineSchema = z.object({
  seq: z.number(),
  action: z.string(),
  actionName: z.string(),
  fromState: z.string(),
  toState: z.string(),
  toStateName: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  actorLevel: z.enum(['province', 'city', 'county', 'township', 'village']),
  actorRegion: z.string(),
  at: z.string(),
  opinion: z.string().nullable(),
  attachments: z.array(z.object({ name: z.string(), ref: z.string() })).readonly(),
  data: z.unknown(),
});

export const caseDetailSchema = caseSummarySchema.extend({
  version: z.number(),
  settings: z.record(z.string(), z.union([z.string(), z.number()])),
  application: z.record(z.string(), z.unknown()),
  household: z.object({
    id: z.string(),
    address: z.string(),
    members: z.array(z.object({
      personId: z.string(), name: z.string(), idNumberMasked: z.string(), relation: z.string(), relationName: z.string(),
      sex: z.enum(['male', 'female']), age: z.number(), covered: z.boolean(),
    })),
  }).nullable(),
  breakdown: breakdownSchema.nullable(),
  startMonth: z.string().nullable(),
  clocks: z.array(clockSchema),
  timeline: z.array(timelineSchema),
  availableActions: z.array(z.object({ key: z.string(), name: z.string(), opinionRequired: z.boolean() })),
  spotCheck: z.boolean(),
  subject: z.object({ personId: z.string(), name: z.string(), idNumberMasked: z.string(), age: z.number().nullable() }).nullable(),
  tier: z.enum(['self', 'semi', 'full']).nullable(),
  careMode: z.enum(['centralized', 'dispersed']).nullable(),
  linshiType: z.enum(['emergency', 'expenditure']).nullable(),
  recheckNotes: z.array(z.string()),
  jobRefusals: z.array(z.object({
    personId: z.string(), name: z.string(), consecutive: z.number(),
    refusals: z.array(z.object({ on: z.string(), job: z.string(), employer: z.string() })),
  })),
  excludedMembers: z.array(z.object({ personId: z.string(), name: z.string(), fromMonth: z.string(), reason: z.string() })),
  edgeFamilyRecognition: z.object({
    id: z.string(), recognisedOn: z.string(), validUntil: z.string(), endedOn: z.string().nullable(), active: z.boolean(), sourceName: z.string(),
  }).nullable(),
  stopMonth: z.string().nullable(),
  advancePaidFen: z.number().nullable(),
  notices: z.array(z.object({
    id: z.string(), source: z.string(), refId: z.string(), refNo: z.string().nullable(), title: z.string(), summary: z.string(), opinion: z.string().nullable(),
    link: z.string(), raisedByName: z.string().nullable(), raisedAt: z.string(), open: z.boolean(), closedAt: z.string().nullable(),
    closedActionName: z.string().nullable(), closedSeq: z.number().nullable(), closedByName: z.string().nullable(),
  })),
});

export const edgeFamilySchema = z.object({
  id: z.string(),
  householdId: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  headName: z.string(),
  headIdMasked: z.string(),
  householdSize: z.number(),
  recognisedOn: z.string(),
  perCapitaIncomeFen: z.number(),
  edgeMultiplier: z.string(),
  standardFen: z.number(),
  hukouType: z.enum(['urban', 'rural']),
  source: z.enum(['dibao_refused', 'dibao_terminated', 'single_person', 'direct']),
  sourceName: z.string(),
  sourceCaseId: z.string().nullable(),
  sourceCaseNo: z.string().nullable(),
  validUntil: z.string(),
  endedOn: z.string().nullable(),
  endedReason: z.string().nullable(),
  active: z.boolean(),
  recognisedByName: z.string().nullable(),
});

export const rigidFamilySchema = z.object({
  id: z.string(),
  householdId: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  headName: z.string(),
  headIdMasked: z.string(),
  householdSize: z.number(),
  hukouType: z.enum(['urban', 'rural']),
  appliedOn: z.string(),
  recognisedOn: z.string(),
  decisionDueOn: z.string(),
  decidedLate: z.boolean(),
  annualIncomeFen: z.number(),
  spendingFen: z.number(),
  spendingShare: z.string(),
  validUntil: z.string(),
  endedOn: z.string().nullable(),
  endedReason: z.string().nullable(),
  active: z.boolean(),
  recognisedByName: z.string().nullable(),
});

const item = z.object({ code: z.string(), label: z.string(), amountFen: z.number(), formula: z.string(), paramIds: z.array(z.string()).optional() });
export const rigidAssessmentSchema = z.object({
  eligible: z.boolean(), reasons: z.array(z.string()), items: z.array(item), notes: z.array(z.string()), ruleVersion: z.string(), paramIds: z.array(z.string()),
  householdSize: z.number(), annualIncomeFen: z.number(), perCapitaAnnualIncomeFen: z.number(), disposableIncomeFen: z.number(), spendingFen: z.number(),
  spendingShare: z.string(), spendingThresholdFen: z.number(),
});

const paramValue = z.union([z.number(), z.string()]).nullable();
const paramUnit = z.enum(['fen', 'ratio', 'count', 'level', 'days', 'months', 'hours']);

export const effectiveParamSchema = z.object({
  key: z.string(),
  name: z.string(),
  unit: paramUnit,
  programme,
  basis: z.string(),
  value: paramValue,
  id: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  inherited: z.boolean(),
  source: z.enum(['row', 'default', 'unset']),
});

export const paramRowSchema = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  key: z.string(),
  name: z.string(),
  unit: paramUnit,
  value: paramValue,
  effectiveFrom: z.string(),
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
