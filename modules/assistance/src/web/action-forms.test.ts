import { actionDataSchema, ASSISTANCE_WORKFLOWS, type Programme } from '@mz/assistance';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { actionForm, buildActionData, type FieldSpec } from './action-forms.ts';

const PROGRAMMES: Programme[] = ['dibao', 'tekun', 'linshi'];
const MEMBER = '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7';
const ACTIONS = PROGRAMMES.flatMap((p) => Object.keys(ASSISTANCE_WORKFLOWS[p].actions).map((a) => [p, a] as const));

/** What an official would type into each kind of field. */
function sample(f: FieldSpec): unknown {
  switch (f.kind) {
    case 'date':
      return dayjs('2026-05-11');
    case 'month':
      return dayjs('2026-06-01');
    case 'text':
      return '  李明  ';
    case 'textarea':
      return '经入户核实，情况属实。';
    case 'money':
      return 120000;
    case 'int':
      return f.min ?? 1;
    case 'select':
    case 'radio':
      return typeof f.initial === 'string' ? f.initial : Object.keys(f.options ?? {})[0];
    case 'tags':
      return ['王芳', '赵强'];
    case 'checks':
      return [Object.keys(f.options ?? {})[0]];
    case 'confirm':
      return true;
    case 'switch':
      return false;
    case 'member':
      // The picker holds a registry person id.
      return MEMBER;
  }
}

function filled(programme: Programme, action: string): Record<string, unknown> {
  const spec = actionForm(programme, action);
  const values: Record<string, unknown> = Object.fromEntries(spec.fields.map((f) => [f.name, sample(f)]));
  if (spec.special === 'dibaoEconomics' || spec.special === 'tekunEconomics') {
    Object.assign(values, { incomes: [{ personId: '', kind: 'wage', monthlyFen: 80000 }], property: { depositsFen: 100000 } });
  }
  return values;
}

describe('action forms', () => {
  it.each(ACTIONS)('%s · %s: the payload of a filled form passes the domain schema', (programme, action) => {
    const schema = actionDataSchema(programme, action);
    expect(schema, `no data schema for ${programme}.${action}`).not.toBeNull();
    const data = buildActionData(programme, action, filled(programme, action));
    const result = schema!.safeParse(data);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('trims text and formats dates and months for the wire', () => {
    const data = buildActionData('dibao', 'record_home_visit', filled('dibao', 'record_home_visit'));
    expect(data).toMatchObject({ visitedOn: '2026-05-11', householdMemberPresent: '李明', investigators: ['王芳', '赵强'], remote: false });
    expect(buildActionData('dibao', 'suspend', filled('dibao', 'suspend'))).toMatchObject({ fromMonth: '2026-06' });
  });

  it('needs two investigators on a home visit, as the schema does', () => {
    const data = buildActionData('dibao', 'record_home_visit', { ...filled('dibao', 'record_home_visit'), investigators: ['王芳'] });
    expect(actionDataSchema('dibao', 'record_home_visit')!.safeParse(data).success).toBe(false);
  });

  it('approves at the calculated amount unless an override is switched on', () => {
    expect(buildActionData('dibao', 'approve', { overrideAmountFen: 5000, overrideReason: '忘了关' })).toEqual({ overrideAmountFen: null, overrideReason: null });
    expect(buildActionData('dibao', 'approve', { override: true, overrideAmountFen: 5000, overrideReason: ' 核减 ' })).toEqual({
      overrideAmountFen: 5000,
      overrideReason: '核减',
    });
  });

  it('sends nothing for steps that carry no data', () => {
    expect(buildActionData('dibao', 'accept', {})).toBeUndefined();
    expect(buildActionData('linshi', 'end_publicity', {})).toBeUndefined();
  });

  it('asks the family to be heard only before a reduction', () => {
    const familyHeard = actionForm('dibao', 'adjust').fields.find((f) => f.name === 'familyHeardOn')!;
    expect(familyHeard.requiredWhen!({ direction: 'decrease' })).toBe(true);
    expect(familyHeard.requiredWhen!({ direction: 'increase' })).toBe(false);
  });

  it('records a job refused with good reason only with the reason written down', () => {
    const note = actionForm('dibao', 'record_job_refusal').fields.find((f) => f.name === 'note')!;
    expect(note.requiredWhen!({ goodReason: true })).toBe(true);
    expect(note.requiredWhen!({ goodReason: false })).toBe(false);
    const values = { ...filled('dibao', 'record_job_refusal'), goodReason: true, note: '  ' };
    const data = buildActionData('dibao', 'record_job_refusal', values);
    expect(data).toMatchObject({ personId: MEMBER, offeredOn: '2026-05-11', goodReason: true });
    expect(actionDataSchema('dibao', 'record_job_refusal')!.safeParse(data).error?.issues.map((i) => i.path.join('.'))).toEqual(['note']);
  });

  it('stops a member\'s share only with the family heard, from the month given', () => {
    const spec = actionForm('dibao', 'exclude_member');
    expect(spec.danger).toBe(true);
    expect(spec.fields.find((f) => f.name === 'personId')).toMatchObject({ kind: 'member', members: 'refusedThrice' });
    const data = buildActionData('dibao', 'exclude_member', { ...filled('dibao', 'exclude_member'), familyHeardOn: undefined });
    expect(data).toMatchObject({ personId: MEMBER, fromMonth: '2026-06' });
    expect(actionDataSchema('dibao', 'exclude_member')!.safeParse(data).error?.issues.map((i) => i.path.join('.'))).toEqual(['familyHeardOn']);
  });

  it('assesses self-care with all six items achieved unless unticked', () => {
    const data = buildActionData('tekun', 'assess_self_care', { ...filled('tekun', 'assess_self_care'), items: { bath: false, walk: false } });
    expect(data).toMatchObject({ items: { eat: true, bath: false, walk: false }, careMode: null });
  });

  it('records the verification result from a report, or by hand with every field', () => {
    const schema = actionDataSchema('dibao', 'record_verification')!;
    const report = '5b0c7a52-8f3e-4d71-9a55-1f2e3d4c5b6a';
    const fromReport = buildActionData('dibao', 'record_verification', { verificationRequestId: report, checkedOn: dayjs('2026-05-11') });
    expect(fromReport).toEqual({ verificationRequestId: report, checkedOn: '2026-05-11' });
    expect(schema.safeParse(fromReport).success).toBe(true);
    const spec = actionForm('dibao', 'record_verification');
    expect(spec.fields.map((f) => f.requiredWhen?.({ verificationRequestId: report }))).toEqual([false, false, false]);
    expect(spec.fields.map((f) => f.requiredWhen?.({}))).toEqual([true, true, true]);
    const byHand = buildActionData('dibao', 'record_verification', { checkedOn: dayjs('2026-05-11'), result: 'consistent' });
    const parsed = schema.safeParse(byHand);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['findings', '请填写核对情况']]);
  });
});
