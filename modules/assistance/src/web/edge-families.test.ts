import { calculateInput, edgeFamilyInput } from '@mz/assistance';
import type { HouseholdDetail, HouseholdMember } from '@mz/registry';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { edgeLineText, edgePreviewBody, edgeVerdict, mayEnd, mayRecognise, toEdgeFamilyBody, type RecogniseValues } from './edge-families.ts';

const HH = '8f0b1c4e-4a57-4a8e-9a8e-0d1c2b3a4f50';
const A = '1d2c3b4a-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const B = '2d2c3b4a-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const C = '3d2c3b4a-5e6f-4a1b-8c2d-3e4f5a6b7c8d';

const official = (regionLevel: number, roles: string[], permissions = ['assistance.read', 'assistance.handle']) => ({ regionLevel, roles, permissions });

describe('who may recognise and end', () => {
  it.each([
    ['township reviewer', official(4, ['reviewer']), true, true],
    ['township approver', official(4, ['approver']), true, true],
    ['township clerk', official(4, ['clerk']), false, false],
    ['county approver', official(3, ['approver']), false, true],
    ['village clerk', official(5, ['clerk']), false, false],
    ['city reviewer', official(2, ['reviewer']), false, false],
    ['auditor with the reviewer role but no handle permission', official(4, ['reviewer'], ['assistance.read']), false, false],
  ])('%s', (_, o, recognise, end) => {
    expect(mayRecognise(o)).toBe(recognise);
    expect(mayEnd(o)).toBe(end);
  });
});

it('shows the line as standard × multiplier in 元', () => {
  expect(edgeLineText({ standardFen: 82_000, edgeMultiplier: '1.5' })).toBe('¥820.00 × 1.5');
});

const values: RecogniseValues = {
  householdId: HH,
  hukouType: 'urban',
  recognisedOn: dayjs('2026-05-11'),
  incomes: [
    { personId: A, kind: 'wage', monthlyFen: 170_000 },
    { personId: B, kind: 'pension' }, // still being typed
  ],
  deductions: [],
  property: { depositsFen: 500_000 },
  note: '  走访发现  ',
};

const member = (id: string, name: string, status: 'alive' | 'deceased'): HouseholdMember =>
  ({ person: { id, name, status } }) as unknown as HouseholdMember;
const household = { regionCode: '220105003005', members: [member(A, '甲', 'alive'), member(B, '乙', 'alive'), member(C, '丙', 'deceased')] } as Pick<
  HouseholdDetail,
  'regionCode' | 'members'
>;

describe('toEdgeFamilyBody', () => {
  it('sends what was typed, property blanks as 0, and passes the domain schema once complete', () => {
    const body = toEdgeFamilyBody(values);
    expect(body).toMatchObject({ householdId: HH, hukouType: 'urban', recognisedOn: '2026-05-11', note: '走访发现' });
    expect(edgeFamilyInput.safeParse(body).error?.issues.map((i) => i.path.join('.'))).toEqual(['incomes.1.monthlyFen']);
    const complete = toEdgeFamilyBody({ ...values, incomes: [values.incomes![0]!], note: ' ' });
    expect(complete.note).toBeNull();
    expect(edgeFamilyInput.parse(complete).property).toEqual({
      depositsFen: 500_000, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 0, businessCount: 0,
    });
  });
});

describe('edgePreviewBody', () => {
  it('waits for the household and the standard', () => {
    expect(edgePreviewBody(values, undefined, '2026-05-11')).toBeNull();
    expect(edgePreviewBody({ ...values, hukouType: undefined }, household, '2026-05-11')).toBeNull();
  });

  it('tests every living member on the recognition date, rows still being typed left out', () => {
    const body = edgePreviewBody(values, household, '2026-06-01')!;
    expect(body).toMatchObject({ programme: 'dibao', regionCode: '220105003005', month: '2026-05' });
    expect(body.household).toMatchObject({
      hukouType: 'urban',
      members: [{ personId: A, name: '甲' }, { personId: B, name: '乙' }],
      incomes: [{ personId: A, kind: 'wage', monthlyFen: 170_000, note: null }],
      categories: [],
    });
    expect(calculateInput.safeParse(body).success).toBe(true);
  });

  it('uses today when no recognition date is given', () => {
    expect(edgePreviewBody({ ...values, recognisedOn: null }, household, '2026-06-01')!.month).toBe('2026-06');
  });
});

describe('edgeVerdict', () => {
  it.each([
    [{ eligible: false, edgeFamily: true, reasons: ['家庭月人均收入高于低保标准'] }, 'edge'],
    [{ eligible: true, edgeFamily: false, reasons: [] }, 'dibao'],
    [{ eligible: false, edgeFamily: false, reasons: ['存款超过限额（低保办法第十四条）'] }, 'neither'],
  ] as const)('%o → %s', (b, kind) => {
    const v = edgeVerdict({ ...b, reasons: [...b.reasons] });
    expect(v.kind).toBe(kind);
    if (kind === 'neither') expect(v.reasons).toEqual(b.reasons);
  });
});
