import { describe, expect, it } from 'vitest';
import {
  applicationInput, calculateInput, dibaoCalcInput, dibaoCalcInputOf, linshiCalcInput, linshiCalcInputOf, tekunCalcInput, tekunCalcInputOf,
  type DibaoApplication, type LinshiApplication, type TekunApplication,
} from './application.schema.ts';
import { calculateDibao, type DibaoCalcInput } from './dibao.calculator.ts';
import type { LinshiCalcInput } from './linshi.calculator.ts';
import { resolveParams } from './params.resolve.ts';
import type { TekunCalcInput } from './tekun.calculator.ts';

const HOUSEHOLD = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const APPLICANT = '0b0c6a7e-5d1f-4c3a-9e2b-7f8a9b0c1d2e';
const CHILD = '1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f';
const SIGNED = { applicantPersonId: APPLICANT, applicationDate: '2025-03-03', authorizationSigned: true, pledgeSigned: true };
const ALL_SELF_CARE = { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: true };

const dibao = (patch: Record<string, unknown> = {}) => ({
  programme: 'dibao', householdId: HOUSEHOLD, ...SIGNED, hukouType: 'urban',
  incomes: [{ personId: APPLICANT, kind: 'wage', monthlyFen: 100000 }], property: {}, ...patch,
});
const tekun = (patch: Record<string, unknown> = {}) => ({
  programme: 'tekun', personId: APPLICANT, ...SIGNED, careMode: 'dispersed', selfCare: ALL_SELF_CARE, property: {}, ...patch,
});
const linshi = (patch: Record<string, unknown> = {}) => ({
  programme: 'linshi', personId: APPLICANT, ...SIGNED, type: 'emergency', incidentRegionCode: '220105003',
  incidentDate: '2025-03-02', description: '住房失火，家中财物全部损毁', requestedFen: 200000, advance: true, ...patch,
});

function issues(value: unknown) {
  const result = applicationInput.safeParse(value);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('applicationInput', () => {
  it('accepts each programme and fills defaults', () => {
    const d = applicationInput.parse(dibao()) as DibaoApplication;
    expect(d).toMatchObject({ programme: 'dibao', deductions: [], categories: [] });
    expect(d.property).toEqual({ depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 0, businessCount: 0 });
    expect(applicationInput.parse(tekun())).toMatchObject({ programme: 'tekun', obligors: [], incomes: [] });
    expect(applicationInput.parse(linshi())).toMatchObject({ programme: 'linshi', incidentRegionCode: '220105003000' });
  });

  it.each([
    ['dibao', dibao],
    ['tekun', tekun],
    ['linshi', linshi],
  ] as const)('%s: both the 授权核对书 and the 承诺书 must be signed', (_, make) => {
    expect(issues(make({ authorizationSigned: false }))).toContainEqual(['authorizationSigned', '须签署授权核对书']);
    expect(issues(make({ pledgeSigned: undefined }))).toContainEqual(['pledgeSigned', '须签署承诺书']);
  });

  it.each([
    [dibao({ householdId: undefined }), 'householdId', '请选择申请家庭'],
    [dibao({ hukouType: 'city' }), 'hukouType', '户籍类型应为：urban（城镇）、rural（农村）'],
    [dibao({ incomes: [{ kind: 'salary', monthlyFen: 1 }] }), 'incomes.0.kind', expect.stringContaining('收入类型应为：wage（工资性收入）')],
    [dibao({ incomes: [{ kind: 'wage', monthlyFen: 1000.5 }] }), 'incomes.0.monthlyFen', '月收入应为以分为单位的整数'],
    [dibao({ incomes: [{ kind: 'wage', monthlyFen: -1 }] }), 'incomes.0.monthlyFen', '月收入不能为负数'],
    [dibao({ property: { vehicleCount: 1.5 } }), 'property.vehicleCount', '机动车辆数应为整数'],
    [dibao({ applicationDate: '2025-02-30' }), 'applicationDate', '申请日期应为有效日期（YYYY-MM-DD）'],
    [dibao({ singlePerson: { personId: APPLICANT, reason: 'severe_disability' }, coveredPersonIds: [APPLICANT, CHILD] }), 'coveredPersonIds', '单人保只保障该成员本人'],
    [dibao({ coveredPersonIds: [] }), 'coveredPersonIds', '至少选择一名保障对象'],
    [tekun({ selfCare: { eat: true } }), 'selfCare.dress', '请评估能否自主穿衣'],
    [tekun({ careMode: 'home' }), 'careMode', '供养方式应为：centralized（集中供养）、dispersed（分散供养）'],
    [tekun({ obligors: [{ name: '', relation: '儿子', circumstance: 'able' }] }), 'obligors.0.name', '请填写义务人姓名'],
    // 特困办法第十条: each obligor signs the authorisation for the economic checks…
    [tekun({ obligors: [{ name: '李大', relation: '儿子', circumstance: 'dibao_elderly' }] }), 'obligors.0.authorizationSigned', '请确认义务人已签署家庭经济状况核对授权书（特困办法第十条）'],
    [tekun({ obligors: [{ name: '李大', relation: '儿子', circumstance: 'able', authorizationSigned: false }] }), 'obligors.0.authorizationSigned', '请确认义务人已签署家庭经济状况核对授权书（特困办法第十条）'],
    [linshi({ personId: undefined }), 'personId', '请选择申请家庭或申请人'],
    [linshi({ type: 'expenditure' }), 'advance', '先行救助仅适用于急难型临时救助'],
    [linshi({ requestedFen: 0 }), 'requestedFen', '申请救助金额应大于0'],
    [linshi({ incidentRegionCode: '2201050' }), 'incidentRegionCode', '急难发生地应为 2、4、6、9 或 12 位数字的区划代码'],
    [{ ...dibao(), programme: 'yanglao' }, 'programme', '请选择救助项目：dibao（低保）、tekun（特困供养）或 linshi（临时救助）'],
  ])('%j → %s', (value, path, message) => {
    expect(issues(value)).toContainEqual([path, message]);
  });

  it('asks no signature of an obligor who cannot give one (无民事行为能力、失踪、服刑), nor for the trial calculation', () => {
    expect(applicationInput.safeParse(tekun({ obligors: [{ name: '李二', relation: '儿子', circumstance: 'incapacitated' }] })).error?.issues ?? []).toEqual([]);
    expect(applicationInput.safeParse(tekun({ obligors: [{ name: '李大', relation: '儿子', circumstance: 'able', authorizationSigned: true }] })).error?.issues ?? []).toEqual([]);
    expect(tekunCalcInput.safeParse({
      hukouType: 'urban', age: 70, careMode: 'dispersed', selfCare: { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: true },
      property: {}, obligors: [{ name: '李大', relation: '儿子', circumstance: 'able' }],
    }).success).toBe(true);
  });

  it('lets a 临时救助 case name a household without a person', () => {
    expect(applicationInput.safeParse(linshi({ personId: undefined, householdId: HOUSEHOLD })).success).toBe(true);
  });

  // 救助法第三十七条第二款: a person registered elsewhere is named by ID number and name.
  const traveller = (patch: Record<string, unknown> = {}) =>
    linshi({ personId: undefined, applicantPersonId: undefined, idNumber: '220105198511110063', name: ' 荣光居民 ', ...patch });

  it('takes a 临时救助 applicant by ID number and name, in the 18-character form', () => {
    expect(applicationInput.parse(traveller())).toMatchObject({ idNumber: '220105198511110063', name: '荣光居民' });
    // An old 15-digit number is upgraded, so one person has one key (GB 11643).
    expect(applicationInput.parse(traveller({ idNumber: '220105850101001' }))).toMatchObject({ idNumber: '220105198501010018' });
  });

  it.each([
    [traveller({ idNumber: '220105198511110064' }), 'idNumber', '身份证号校验位错误，应为3'],
    [traveller({ idNumber: '2201051985' }), 'idNumber', '身份号码应为18位（或15位旧号码）'],
    [traveller({ name: undefined }), 'name', '请填写姓名'],
    [traveller({ idNumber: undefined }), 'idNumber', '请填写身份证号'],
    [traveller({ personId: APPLICANT }), 'idNumber', '已选择申请家庭或人员时不再填写身份证号'],
    [traveller({ applicantPersonId: APPLICANT }), 'applicantPersonId', '按身份证号申请时，申请人为救助对象本人'],
    [linshi({ applicantPersonId: undefined }), 'applicantPersonId', '请选择申请人'],
  ])('临时救助 by ID number: %j → %s', (value, path, message) => {
    expect(issues(value)).toContainEqual([path, message]);
  });
});

describe('from an application to the calculator', () => {
  const params = resolveParams([
    ['dibao.standard.urban', 60000], ['dibao.standard.rural', 45000], ['dibao.property.financialPerCapitaMax', 1440000],
    ['dibao.property.vehicleCountMax', 0], ['dibao.property.houseCountMax', 1], ['dibao.property.businessCountMax', 0],
  ].map(([key, value]) => ({ id: String(key), regionCode: '220000000000', key: String(key), value, effectiveFrom: '2025-01-01' })), '220105003001', '2025-03-01');

  it('低保: E1 from a filed application and the registry household', () => {
    const app = applicationInput.parse(dibao()) as DibaoApplication;
    const input = dibaoCalcInputOf(app, [{ personId: APPLICANT, name: '王秀英' }, { personId: CHILD, name: '王小明' }, { personId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', name: '王建国' }]);
    expect(calculateDibao(input, params).amountFen).toBe(80000);
  });

  it('特困: the age on the application date comes from the birth date', () => {
    const app = applicationInput.parse(tekun()) as TekunApplication;
    expect(tekunCalcInputOf(app, { birthDate: '1965-03-03', hukouType: 'rural' })).toMatchObject({ age: 60, hukouType: 'rural', disability: null });
    expect(tekunCalcInputOf(app, { birthDate: '1965-03-04', hukouType: 'rural' }).age).toBe(59);
  });

  it('临时救助: type, amount and the 先行救助 request carry over', () => {
    const app = applicationInput.parse(linshi()) as LinshiApplication;
    expect(linshiCalcInputOf(app, 'urban')).toEqual({ type: 'emergency', hukouType: 'urban', requestedFen: 200000, advance: true });
  });
});

describe('calculateInput (POST /assistance/calculate)', () => {
  it('parses each programme’s household into the calculator’s input type', () => {
    const d: DibaoCalcInput = dibaoCalcInput.parse({ hukouType: 'urban', members: [{ personId: 'a' }, { personId: 'b' }], property: {} });
    const t: TekunCalcInput = tekunCalcInput.parse({ hukouType: 'rural', age: 72, careMode: 'centralized', selfCare: ALL_SELF_CARE, property: {} });
    const l: LinshiCalcInput = linshiCalcInput.parse({ type: 'expenditure', hukouType: 'urban', requestedFen: 100 });
    expect([d.incomes, t.obligors, l.requestedFen]).toEqual([[], [], 100]);
  });

  it.each([
    [{ month: '2025-13' }, 'month', '计算月份应为年月（YYYY-MM）'],
    [{ household: { hukouType: 'urban', members: [], property: {} } }, 'household.members', '至少有一名共同生活的家庭成员'],
    [{ regionCode: 'x' }, 'regionCode', '区划应为 2、4、6、9 或 12 位数字的区划代码'],
  ])('%j → %s', (patch, path, message) => {
    const result = calculateInput.safeParse({ programme: 'dibao', regionCode: '220105003001', month: '2025-03', household: { hukouType: 'urban', members: [{ personId: 'a' }], property: {} }, ...patch });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([path, message]);
  });
});
