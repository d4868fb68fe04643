import { describe, expect, it } from 'vitest';
import { checkPerson } from './person.rules.ts';
import { personInput, type PersonInput } from './person.schema.ts';
import { nameInitials } from './name-initials.ts';

const base = (patch: Partial<PersonInput> = {}): PersonInput =>
  personInput.parse({ idNumber: '11010519491231002X', name: '王秀英', hukouRegionCode: '110105', hukouType: 'urban', ...patch });

describe('checkPerson', () => {
  it('derives sex and birth date from the number (E7 sample: female, 1949-12-31)', () => {
    expect(checkPerson(base(), '2026-11-22')).toEqual({ identity: { idNumber: '11010519491231002X', sex: 'female', birthDate: '1949-12-31' }, errors: [] });
  });

  it('upgrades a 15-digit number', () => {
    expect(checkPerson(base({ idNumber: '110105491231002' }), '2026-11-22').identity?.idNumber).toBe('11010519491231002X');
  });

  it.each([
    [{ idNumber: '110105194912310021' }, 'idNumber', '身份证号校验位错误，应为X'],
    [{ idNumber: '11010519491331002X' }, 'idNumber', '身份号码中的出生日期不是有效日期'],
    [{ sex: 'male' as const }, 'sex', '性别与身份证号不符：身份证号显示为女'],
    [{ birthDate: '1950-01-01' }, 'birthDate', '出生日期与身份证号不符：身份证号显示为 1949-12-31'],
    [{ status: 'deceased' as const }, 'deathDate', '人员状态为死亡时必须填写死亡日期'],
    [{ deathDate: '2020-01-01' }, 'deathDate', '只有状态为死亡的人员才填写死亡日期'],
    [{ status: 'deceased' as const, deathDate: '1940-01-01' }, 'deathDate', '死亡日期不能早于出生日期'],
    [{ status: 'deceased' as const, deathDate: '2027-01-01' }, 'deathDate', '死亡日期不能晚于今天'],
    [{ disabilityGrade: 2 }, 'disabilityCategory', '填写残疾等级时须同时填写残疾类别'],
    [{ bankAccount: '6228480012345678901' }, 'bankName', '填写银行账号时须同时填写开户银行'],
  ])('%j → %s: %s', (patch, path, message) => {
    expect(checkPerson(base(patch), '2026-11-22').errors).toContainEqual({ path, message });
  });
});

describe('personInput', () => {
  it.each([
    [{ hukouRegionCode: '2201050' }, 'hukouRegionCode'],
    [{ phone: '1381234567' }, 'phone'],
    [{ name: '<script>' }, 'name'],
    [{ ethnicity: '汉族' }, 'ethnicity'],
    [{ bankAccount: '6228-4800' }, 'bankAccount'],
  ])('refuses %j at %s', (patch, path) => {
    const res = personInput.safeParse({ idNumber: '11010519491231002X', name: '王秀英', hukouRegionCode: '110105', hukouType: 'urban', ...patch });
    expect(res.success).toBe(false);
    expect(res.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('pads short region codes to 12 digits', () => {
    expect(base().hukouRegionCode).toBe('110105000000');
  });
});

describe('nameInitials', () => {
  it.each([['张伟', 'zw'], ['欧阳娜娜', 'oynn'], ['单雄信', 'sxx'], ['曾国藩', 'zgf'], ['阿依古丽·买买提', 'ayglmmt'], ['王小明2', 'wxm2']])('%s → %s', (name, initials) => {
    expect(nameInitials(name)).toBe(initials);
  });
});
