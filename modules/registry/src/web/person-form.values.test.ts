import type { PersonDetail, PersonFull } from '@mz/registry';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { formValuesFromPerson, toCreateBody, toPatchBody, type PersonFormValues } from './person-form.values.ts';

const detail: PersonDetail = {
  id: 'p1',
  idNumberMasked: '1101**********002X',
  name: '王秀英',
  sex: 'female',
  birthDate: '1949-12-31',
  age: 76,
  regionCode: '220104001001',
  regionName: '东盛街道',
  hukouType: 'urban',
  status: 'alive',
  phoneMasked: '138****5678',
  householdId: null,
  ethnicity: '01',
  ethnicityName: '汉族',
  hukouRegionCode: '220104000000',
  hukouRegionName: '朝阳区',
  address: '幸福路 1 号',
  disabilityCertNo: null,
  disabilityCategory: null,
  disabilityGrade: null,
  maritalStatus: 'widowed',
  education: null,
  employment: null,
  bankName: '农业银行',
  bankAccountMasked: '6228***********0123',
  bankHolder: '王秀英',
  deathDate: null,
  source: 'manual',
  importBatchId: null,
  createdAt: '2026-11-01T08:00:00+08:00',
  updatedAt: '2026-11-01T08:00:00+08:00',
  version: 3,
};

describe('toCreateBody', () => {
  it('trims, upper-cases the ID and leaves empty fields out', () => {
    const v: PersonFormValues = {
      idNumber: ' 11010519491231002x ',
      name: ' 王秀英 ',
      sex: 'female',
      birthDate: '1949-12-31',
      phone: '',
      hukouRegionCode: '220104000000',
      hukouType: 'urban',
      address: '   ',
      bankAccount: '6228 4800 1234 0123',
      status: 'alive',
      deathDate: dayjs('2026-01-01'),
    };
    expect(toCreateBody(v)).toEqual({
      idNumber: '11010519491231002X',
      name: '王秀英',
      sex: 'female',
      birthDate: '1949-12-31',
      hukouRegionCode: '220104000000',
      hukouType: 'urban',
      bankAccount: '6228480012340123',
      status: 'alive',
    });
  });

  it('sends the death date only for 死亡', () => {
    expect(toCreateBody({ name: '甲', status: 'deceased', deathDate: dayjs('2026-03-05') })).toMatchObject({ status: 'deceased', deathDate: '2026-03-05' });
  });
});

describe('toPatchBody', () => {
  const initial = formValuesFromPerson(detail);

  it('starts masked fields empty', () => {
    expect(initial).toMatchObject({ idNumber: '', phone: '', bankAccount: '', healthNotes: '', name: '王秀英', maritalStatus: 'widowed' });
  });

  it('sends only changed fields and the version', () => {
    expect(toPatchBody(initial, { ...initial, address: '幸福路 2 号', education: '小学' }, 3, { maskedStart: true })).toEqual({
      address: '幸福路 2 号',
      education: '小学',
      version: 3,
    });
  });

  it('clears a field with null', () => {
    expect(toPatchBody(initial, { ...initial, bankName: '' }, 3, { maskedStart: true })).toEqual({ bankName: null, version: 3 });
  });

  it('leaves masked fields alone unless typed in', () => {
    expect(toPatchBody(initial, initial, 3, { maskedStart: true })).toBeNull();
    expect(toPatchBody(initial, { ...initial, phone: '13900001111' }, 3, { maskedStart: true })).toEqual({ phone: '13900001111', version: 3 });
  });

  it('clears a sensitive field when the full record was loaded', () => {
    const full: PersonFull = { ...detail, idNumber: '11010519491231002X', phone: '13812345678', bankAccount: '6228480012340123', healthNotes: '高血压' };
    const start = formValuesFromPerson(full);
    expect(start.phone).toBe('13812345678');
    expect(toPatchBody(start, { ...start, phone: '' }, 4, { maskedStart: false })).toEqual({ phone: null, version: 4 });
  });

  it('drops the death date when the status goes back from 死亡', () => {
    const dead = { ...initial, status: 'deceased' as const, deathDate: dayjs('2026-01-02') };
    expect(toPatchBody(dead, { ...dead, status: 'missing' }, 5, { maskedStart: true })).toEqual({ status: 'missing', deathDate: null, version: 5 });
  });
});
