import { applicationInput, calculateInput } from '@mz/assistance';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toApplicationInput, toCalculateBody, type IntakeValues } from './application.values.ts';

const HH = '8f0b1c4e-4a57-4a8e-9a8e-0d1c2b3a4f50';
const A = '1d2c3b4a-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const B = '2d2c3b4a-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const VILLAGE = '220105003005';

const dibao: IntakeValues = {
  programme: 'dibao',
  householdId: HH,
  applicantPersonId: A,
  applicationDate: dayjs('2026-05-11'),
  hukouType: 'urban',
  coveredPersonIds: [A, B],
  incomes: [
    { personId: A, kind: 'wage', monthlyFen: 80000 },
    { personId: B, kind: 'pension' }, // still being typed
  ],
  deductions: [],
  property: { depositsFen: 500000 },
  categories: [{ personId: B, category: 'elderly' }],
  authorizationSigned: true,
  pledgeSigned: true,
};

describe('toApplicationInput', () => {
  it('builds a 低保 application the domain schema accepts, blanks of property as 0', () => {
    const body = toApplicationInput(dibao);
    const incomplete = applicationInput.safeParse(body);
    // The half-typed pension row is sent, so the server can point at it …
    expect(incomplete.success).toBe(false);
    expect(incomplete.error?.issues[0]?.path).toEqual(['incomes', 1, 'monthlyFen']);
    // … and once it is filled the whole application is valid.
    const complete = toApplicationInput({ ...dibao, incomes: [{ personId: A, kind: 'wage', monthlyFen: 80000 }] });
    const parsed = applicationInput.parse(complete);
    expect(parsed).toMatchObject({
      programme: 'dibao',
      applicationDate: '2026-05-11',
      property: { depositsFen: 500000, securitiesFen: 0, vehicleCount: 0, houseCount: 0 },
      categories: [{ personId: B, category: 'elderly' }],
    });
  });

  it('covers only the member of a 单人保 application', () => {
    const body = toApplicationInput({ ...dibao, singlePersonOn: true, singlePerson: { personId: B, reason: 'severe_disability' } });
    expect(body).toMatchObject({ coveredPersonIds: [B], singlePerson: { personId: B, reason: 'severe_disability' } });
  });

  it('sends unticked signatures as false, so the server names them', () => {
    const body = toApplicationInput({ ...dibao, pledgeSigned: undefined });
    const result = applicationInput.safeParse(body);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('pledgeSigned');
  });

  it('files 临时救助 for a person alone, with 先行救助 only for 急难型', () => {
    const body = toApplicationInput({
      programme: 'linshi',
      subjectMode: 'person',
      householdId: HH,
      personId: A,
      applicantPersonId: A,
      applicationDate: '2026-05-11',
      type: 'expenditure',
      incidentRegionCode: VILLAGE,
      incidentDate: dayjs('2026-05-09'),
      description: '  住院自付费用过高  ',
      requestedFen: 300000,
      advance: true,
      authorizationSigned: true,
      pledgeSigned: true,
    });
    expect(body).toMatchObject({ householdId: null, personId: A, description: '住院自付费用过高', incidentDate: '2026-05-09', advance: false });
    expect(applicationInput.safeParse(body).success).toBe(true);
  });

  it('files 临时救助 for a person from elsewhere by ID number and name, with no household or registry ids', () => {
    const body = toApplicationInput({
      programme: 'linshi',
      subjectMode: 'identity',
      // Left over from choosing a household first: identity mode must not send them.
      householdId: HH,
      applicantPersonId: A,
      idNumber: ' 11010519491231002x ',
      name: ' 邵雪梅 ',
      hukouType: 'rural',
      applicationDate: '2026-05-11',
      type: 'emergency',
      incidentRegionCode: VILLAGE,
      incidentDate: '2026-05-10',
      description: '途经本地时突发疾病住院',
      requestedFen: 150000,
      authorizationSigned: true,
      pledgeSigned: true,
    });
    expect(body).toMatchObject({
      householdId: null, personId: null, applicantPersonId: null, idNumber: '11010519491231002X', name: '邵雪梅', hukouType: 'rural',
    });
    expect(applicationInput.safeParse(body).error?.issues ?? []).toEqual([]);
  });

  it('does not send ID number or name when a household is chosen', () => {
    const body = toApplicationInput({ programme: 'linshi', subjectMode: 'household', householdId: HH, applicantPersonId: A, idNumber: '11010519491231002X', name: '甲' });
    expect(body).not.toHaveProperty('idNumber');
    expect(body).not.toHaveProperty('name');
  });

  it('takes all six self-care items as achieved unless unticked (特困)', () => {
    const body = toApplicationInput({
      programme: 'tekun',
      personId: A,
      applicantPersonId: A,
      applicationDate: '2026-05-11',
      careMode: 'dispersed',
      selfCare: { bath: false },
      obligors: [{ name: '张三', relation: '子女', circumstance: 'tekun', authorizationSigned: true }],
      authorizationSigned: true,
      pledgeSigned: true,
    });
    expect(body.selfCare).toEqual({ eat: true, dress: true, bed: true, toilet: true, walk: true, bath: false });
    expect(applicationInput.safeParse(body).success).toBe(true);
    // 特困办法第十条: an obligor who has not signed the authorisation stops the filing on that row.
    const unsigned = toApplicationInput({
      programme: 'tekun', personId: A, applicantPersonId: A, applicationDate: '2026-05-11', careMode: 'dispersed',
      obligors: [{ name: '张三', relation: '子女', circumstance: 'tekun' }], authorizationSigned: true, pledgeSigned: true,
    });
    expect(applicationInput.safeParse(unsigned).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['obligors.0.authorizationSigned', '请确认义务人已签署家庭经济状况核对授权书（特困办法第十条）'],
    ]);
  });
});

describe('toCalculateBody (试算)', () => {
  const members = [
    { personId: A, name: '甲' },
    { personId: B, name: '乙' },
  ];

  it('waits until the household is chosen', () => {
    expect(toCalculateBody(dibao, { regionCode: VILLAGE })).toBeNull();
    expect(toCalculateBody({ ...dibao, applicationDate: null }, { regionCode: VILLAGE, members })).toBeNull();
  });

  it('leaves out rows still being typed and is valid for the calculator', () => {
    const body = toCalculateBody(dibao, { regionCode: VILLAGE, members })!;
    expect(body).toMatchObject({ programme: 'dibao', regionCode: VILLAGE, month: '2026-05' });
    expect((body.household as { incomes: unknown[] }).incomes).toEqual([{ personId: A, kind: 'wage', monthlyFen: 80000, note: null }]);
    expect(calculateInput.safeParse(body).success).toBe(true);
  });

  it('uses the incident place for 临时救助 and needs an amount', () => {
    const v: IntakeValues = { programme: 'linshi', applicationDate: '2026-05-11', type: 'emergency', incidentRegionCode: VILLAGE, advance: true };
    expect(toCalculateBody(v, { hukouType: 'rural' })).toBeNull();
    const body = toCalculateBody({ ...v, requestedFen: 200000 }, { hukouType: 'rural' });
    expect(body).toEqual({
      programme: 'linshi',
      regionCode: VILLAGE,
      month: '2026-05',
      household: { type: 'emergency', hukouType: 'rural', requestedFen: 200000, advance: true },
    });
    expect(calculateInput.safeParse(body).success).toBe(true);
  });

  it('passes the 特困 subject’s age and disability from the registry', () => {
    const body = toCalculateBody(
      { programme: 'tekun', applicationDate: '2026-05-11', careMode: 'centralized', selfCare: { walk: false, bath: false } },
      { regionCode: VILLAGE, age: 72, disability: null, hukouType: 'rural' },
    )!;
    expect(body.household).toMatchObject({ age: 72, careMode: 'centralized', hukouType: 'rural', selfCare: { walk: false, eat: true } });
    expect(calculateInput.safeParse(body).success).toBe(true);
  });
});
