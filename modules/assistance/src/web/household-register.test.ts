import { computeIdCheckChar } from '@mz/kernel';
import { ApiError } from '@mz/ui';
import { describe, expect, it } from 'vitest';
import type { HouseholdDetail, PersonSummary } from './assistance.api.ts';
import { draftProblems, householdBody, personBody, registerHousehold, type HouseholdDraft, type RegistryCalls } from './household-register.ts';

const TODAY = '2026-11-20';
const id = (first17: string) => first17 + computeIdCheckChar(first17);
const HEAD = id('22010519700101001');
const WIFE = id('22010519720202002');
const SON = id('22010520100303003');
const VILLAGE = '220105003005';

const draft = (patch: Partial<HouseholdDraft> = {}): HouseholdDraft => ({
  regionCode: VILLAGE, address: ' 岭东路 8 号 ',
  people: [
    { idNumber: HEAD, name: ' 赵大山 ', hukouType: 'rural', phone: '13904310000' },
    { idNumber: WIFE, name: '钱小梅', relation: '10', hukouType: 'rural' },
    { idNumber: SON.toLowerCase(), name: '赵小树', relation: '20', hukouType: 'rural' },
  ],
  ...patch,
});

const problem = (code: string, status: number, title: string, errors: { path: string; message: string }[] = [], detail?: string) =>
  new ApiError({ status, code, title, errors, detail });

/** A registry that records the calls; `refuse` answers a person's POST with an error instead. */
function fakeRegistry(opts: { refuse?: Record<string, ApiError>; known?: PersonSummary[]; householdError?: ApiError } = {}) {
  const calls: string[] = [];
  let n = 0;
  const api: RegistryCalls = {
    async createPerson(body) {
      calls.push(`person ${String(body.name)}`);
      const refusal = opts.refuse?.[String(body.idNumber)];
      if (refusal) throw refusal;
      n += 1;
      return { id: `p${n}` };
    },
    async findByIdNumber(number) {
      calls.push(`find ${number}`);
      return (opts.known ?? []).filter((p) => p.id.startsWith(number));
    },
    async createHousehold(body) {
      calls.push(`household ${JSON.stringify(body)}`);
      if (opts.householdError) throw opts.householdError;
      return { id: 'h1', regionCode: VILLAGE, regionName: '岭东社区', address: String(body.address), members: [], head: null } as unknown as HouseholdDetail;
    },
  };
  return { api, calls };
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('登记新家庭 at intake', () => {
  it('registers each person where the family lives, then the household with the head and relations', async () => {
    expect(personBody(draft(), draft().people![0]!)).toEqual({
      idNumber: HEAD, name: '赵大山', hukouRegionCode: VILLAGE, hukouType: 'rural', regionCode: VILLAGE, address: '岭东路 8 号', phone: '13904310000',
    });
    expect(personBody(draft(), draft().people![2]!).idNumber).toBe(SON); // lower-case x or not, the registry's form
    expect(householdBody(draft(), ['a', 'b', 'c'], TODAY)).toEqual({
      regionCode: VILLAGE, address: '岭东路 8 号', headPersonId: 'a',
      members: [{ personId: 'b', relation: '10' }, { personId: 'c', relation: '20' }], validFrom: TODAY,
    });
    const { api, calls } = fakeRegistry();
    const saved = await registerHousehold(draft(), api, TODAY);
    expect(saved.id).toBe('h1');
    expect(calls.slice(0, 3)).toEqual(['person 赵大山', 'person 钱小梅', 'person 赵小树']);
    expect(calls[3]).toContain('"headPersonId":"p1"');
  });

  it.each([
    [{ regionCode: undefined }, 'regionCode', '请选择家庭所在村（社区）'],
    [{ regionCode: '220105003000' }, 'regionCode', '请选择到村（社区）一级'],
    [{ address: '  ' }, 'address', '请填写家庭住址'],
    [{ people: [] }, 'people', '请至少填写户主'],
    [{ people: [{ idNumber: HEAD, name: '赵大山', hukouType: 'rural' as const }, { idNumber: HEAD, name: '赵二', relation: '20', hukouType: 'rural' as const }] },
      'people[1].idNumber', '与第 1 行的身份证号重复'],
    [{ people: [{ idNumber: HEAD.slice(0, 17) + (HEAD.endsWith('1') ? '2' : '1'), name: '赵大山', hukouType: 'rural' as const }] },
      'people[0].idNumber', expect.stringMatching(/^身份证号校验位错误/)],
    [{ people: [{ idNumber: HEAD, name: '赵大山', hukouType: 'rural' as const }, { idNumber: WIFE, name: '钱小梅', hukouType: 'rural' as const }] },
      'people[1].relation', '请选择与户主关系'],
    [{ people: [{ idNumber: HEAD, name: '赵大山', hukouType: 'rural' as const }, { idNumber: WIFE, name: '钱小梅', relation: '02', hukouType: 'rural' as const }] },
      'people[1].relation', '一户只能有一名户主'],
    [{ people: [{ idNumber: HEAD, name: '', hukouType: 'rural' as const }] }, 'people[0].name', '请填写姓名'],
    [{ people: [{ idNumber: HEAD, name: '赵大山' }] }, 'people[0].hukouType', '请选择户籍类型'],
  ])('refuses %j before calling the registry', async (patch, path, message) => {
    expect(draftProblems(draft(patch), TODAY)).toContainEqual({ path, message });
    const { api, calls } = fakeRegistry();
    const err = await failure(registerHousehold(draft(patch), api, TODAY));
    expect(err.errors).toContainEqual({ path, message });
    expect(calls).toEqual([]);
  });

  it('puts the registry\'s field errors on the row they concern', async () => {
    const { api, calls } = fakeRegistry({
      refuse: { [WIFE]: problem('INVALID', 422, '提交的数据未通过校验', [{ path: 'phone', message: '联系电话应为 11 位手机号或带区号的固定电话' }, { path: 'hukouRegionCode', message: '户籍地区划超出您的管辖范围' }]) },
    });
    const err = await failure(registerHousehold(draft(), api, TODAY));
    expect(err.title).toBe('第 2 行（钱小梅）未通过人口库校验：提交的数据未通过校验');
    expect(err.errors).toEqual([
      { path: 'people[1].phone', message: '联系电话应为 11 位手机号或带区号的固定电话' },
      { path: 'regionCode', message: '户籍地区划超出您的管辖范围' },
    ]);
    expect(calls).toEqual(['person 赵大山', 'person 钱小梅']); // stops at the first refusal; no household
  });

  it('takes a number already registered here under the same name as that person (a second try after a fix)', async () => {
    const dup = problem('DUPLICATE_ID', 409, '该身份证号已登记', [{ path: 'idNumber', message: '已在 荣光街道 登记' }]);
    const { api, calls } = fakeRegistry({ refuse: { [HEAD]: dup }, known: [{ id: `${HEAD}`, name: '赵大山' } as PersonSummary] });
    await registerHousehold(draft(), api, TODAY);
    expect(calls.slice(0, 2)).toEqual(['person 赵大山', `find ${HEAD}`]);
    expect(calls.at(-1)).toContain(`"headPersonId":"${HEAD}"`);
  });

  it('refuses a number registered here under another name, or registered elsewhere', async () => {
    const dup = problem('DUPLICATE_ID', 409, '该身份证号已登记', [{ path: 'idNumber', message: '已在 吉林省长春市二道区东盛街道 登记' }], '该身份证号已在 … 登记');
    const here = fakeRegistry({ refuse: { [WIFE]: dup }, known: [{ id: `${WIFE}`, name: '钱晓梅' } as PersonSummary] });
    expect((await failure(registerHousehold(draft(), here.api, TODAY))).errors).toEqual([
      { path: 'people[1].name', message: '该身份证号已在本辖区登记，姓名为「钱晓梅」，与填写的姓名不一致，请核对' },
    ]);
    const elsewhere = fakeRegistry({ refuse: { [WIFE]: dup } });
    const err = await failure(registerHousehold(draft(), elsewhere.api, TODAY));
    expect(err.title).toBe('第 2 行（钱小梅）的身份证号已登记');
    expect(err.errors).toEqual([{ path: 'people[1].idNumber', message: '已在 吉林省长春市二道区东盛街道 登记' }]);
  });

  it('maps the household\'s errors to rows, and passes a conflict (already in a family) through', async () => {
    const bad = problem('INVALID', 422, '区划超出管辖范围', [{ path: 'regionCode', message: '家庭所在区划必须在您的管辖范围内' }, { path: 'members[1].relation', message: '不在代码表中' }]);
    const err = await failure(registerHousehold(draft(), fakeRegistry({ householdError: bad }).api, TODAY));
    expect(err.errors).toEqual([
      { path: 'regionCode', message: '家庭所在区划必须在您的管辖范围内' },
      { path: 'people[2].relation', message: '不在代码表中' },
    ]);
    const busy = problem('CONFLICT', 409, '成员已在其他家庭中', [], '钱小梅（2201**********002X）已属于一个家庭，请先办理迁出');
    expect(await failure(registerHousehold(draft(), fakeRegistry({ householdError: busy }).api, TODAY))).toBe(busy);
  });
});
