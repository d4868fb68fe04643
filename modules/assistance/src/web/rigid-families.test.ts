import { rigidFamilyInput } from '@mz/assistance';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { mayRecogniseRigid, toRigidFamilyBody } from './rigid-families.ts';

const HOUSEHOLD = '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7';

describe('刚性支出困难家庭 page rules', () => {
  it.each([
    [{ regionLevel: 3, roles: ['approver'], permissions: ['assistance.handle'] }, true],
    [{ regionLevel: 3, roles: ['reviewer'], permissions: ['assistance.handle'] }, true],
    [{ regionLevel: 3, roles: ['clerk'], permissions: ['assistance.handle'] }, false],
    [{ regionLevel: 4, roles: ['reviewer'], permissions: ['assistance.handle'] }, false], // the township investigates, the county decides
    [{ regionLevel: 3, roles: ['approver'], permissions: ['assistance.read'] }, false],
  ])('offers recognition to %j: %s', (official, offered) => {
    expect(mayRecogniseRigid(official)).toBe(offered);
  });

  it('builds a body the domain schema accepts, property defaulting to none', () => {
    const body = toRigidFamilyBody({
      householdId: HOUSEHOLD, hukouType: 'urban', appliedOn: dayjs('2026-10-12'), recognisedOn: dayjs('2026-11-02'), annualIncomeFen: 6_000_000,
      spending: [{ kind: 'medical', annualFen: 2_500_000, note: ' 住院自付 ' }, { kind: 'education', annualFen: 800_000, note: '' }],
      property: { depositsFen: 100_000 }, note: '  ',
    });
    expect(body).toEqual({
      householdId: HOUSEHOLD, hukouType: 'urban', appliedOn: '2026-10-12', recognisedOn: '2026-11-02', annualIncomeFen: 6_000_000,
      spending: [{ kind: 'medical', annualFen: 2_500_000, note: '住院自付' }, { kind: 'education', annualFen: 800_000, note: null }],
      property: { depositsFen: 100_000, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 0, businessCount: 0 },
      note: null,
    });
    expect(rigidFamilyInput.safeParse(body).error?.issues ?? []).toEqual([]);
    // An unfinished row goes to the server, which names it.
    const unfinished = toRigidFamilyBody({ householdId: HOUSEHOLD, hukouType: 'urban', appliedOn: dayjs('2026-10-12'), annualIncomeFen: 0, spending: [{ kind: 'medical' }] });
    expect(rigidFamilyInput.safeParse(unfinished).error?.issues.map((i) => i.path.join('.'))).toEqual(['spending.0.annualFen']);
  });
});
