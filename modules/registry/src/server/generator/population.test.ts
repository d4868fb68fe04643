import { describe, expect, it } from 'vitest';
import { ageOn, parseIdNumber } from '@mz/kernel';
import { generatePopulation, isRuralVillage, villageShortName, type PopulationChunk } from './population.ts';

const TODAY = '2026-11-22';
const VILLAGES = [
  { code: '220105003001', name: '民丰社区居委会' },
  { code: '220105003002', name: '福安社区居委会' },
  { code: '220183101201', name: '太平村委会' },
];

function generate(persons: number, seed = 1, chunkSize?: number): PopulationChunk[] {
  return [...generatePopulation({ within: '22', villages: VILLAGES, persons, seed, chunkSize, today: TODAY })];
}
const all = generate(5000);
const persons = all.flatMap((c) => c.persons);
const households = all.flatMap((c) => c.households.map((h) => ({ ...h, people: h.members.map((m) => c.persons[m.person]!) })));

describe('generatePopulation', () => {
  it('makes exactly the number of persons asked, in whole-household chunks', () => {
    expect(persons).toHaveLength(5000);
    const chunks = generate(5000, 1, 1000);
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    for (const c of chunks) {
      const members = c.households.flatMap((h) => h.members.map((m) => m.person)).sort((a, b) => a - b);
      expect(members).toEqual(c.persons.map((_, i) => i)); // everyone in exactly one household of their own chunk
    }
  });

  it('is deterministic for a seed and different for another', () => {
    expect(generate(300, 7)).toEqual(generate(300, 7));
    expect(generate(300, 8)[0]!.persons.map((p) => p.idNumber)).not.toEqual(generate(300, 7)[0]!.persons.map((p) => p.idNumber));
    // Chunking does not change what is generated.
    expect(generate(2000, 3, 500).flatMap((c) => c.persons)).toEqual(generate(2000, 3).flatMap((c) => c.persons));
  });

  it('gives every person a valid, unique ID number matching county, birth date and sex', () => {
    expect(new Set(persons.map((p) => p.idNumber)).size).toBe(persons.length);
    for (const p of persons) {
      const id = parseIdNumber(p.idNumber, TODAY);
      expect(id.ok, p.idNumber).toBe(true);
      if (!id.ok) continue;
      expect(id.regionPrefix).toBe(p.regionCode.slice(0, 6));
      expect(id.birthDate).toBe(p.birthDate);
      expect(id.sex).toBe(p.sex);
      expect(Number(p.idNumber[16]) % 2).toBe(p.sex === 'male' ? 1 : 0);
    }
  });

  it.each([
    ['two-character full names like 张伟', (n: string) => n.length === 2, 0.15, 0.6],
    ['three-character full names', (n: string) => n.length === 3, 0.4, 0.85],
    ['the five commonest surnames 王李张刘陈', (n: string) => /^[王李张刘陈]/.test(n), 0.25, 0.45],
  ])('names: share of %s is realistic', (_label, test, min, max) => {
    const share = persons.filter((p) => test(p.name)).length / persons.length;
    expect(share).toBeGreaterThan(min);
    expect(share).toBeLessThan(max);
  });

  it('has census-like household sizes (mean about 2.6, one- and two-person households common)', () => {
    const mean = persons.length / households.length;
    expect(mean).toBeGreaterThan(2.3);
    expect(mean).toBeLessThan(2.9);
    const small = households.filter((h) => h.members.length <= 2).length / households.length;
    expect(small).toBeGreaterThan(0.45);
  });

  it('has a plausible age pyramid', () => {
    const ages = persons.map((p) => ageOn(p.birthDate, TODAY));
    const share = (f: (a: number) => boolean) => ages.filter(f).length / ages.length;
    expect(share((a) => a < 15)).toBeGreaterThan(0.08);
    expect(share((a) => a >= 15 && a < 60)).toBeGreaterThan(0.5);
    expect(share((a) => a >= 60)).toBeGreaterThan(0.12);
    expect(share((a) => a >= 60)).toBeLessThan(0.32);
    expect(Math.max(...ages)).toBeLessThanOrEqual(105);
  });

  it('builds sane households: one head first, spouses of opposite sex, parents older than children', () => {
    const ageOf = (p: { birthDate: string }) => ageOn(p.birthDate, TODAY);
    for (const h of households) {
      const head = h.people[0]!;
      expect(h.members[0]!.relation).toBe('02');
      expect(h.members.filter((m) => m.relation === '02')).toHaveLength(1);
      expect(ageOf(head)).toBeGreaterThanOrEqual(18);
      for (const [i, m] of h.members.entries()) {
        const p = h.people[i]!;
        expect(p.regionCode).toBe(h.regionCode);
        expect(p.address).toBe(h.address);
        if (m.relation === '11') expect([p.sex, head.sex]).toEqual(['male', 'female']);
        if (m.relation === '12') expect([p.sex, head.sex]).toEqual(['female', 'male']);
        if (/^[23]/.test(m.relation)) {
          expect(p.sex).toBe(m.relation.startsWith('2') ? 'male' : 'female');
          expect(ageOf(head) - ageOf(p)).toBeGreaterThanOrEqual(16); // the head's child
        }
        if (['51', '52', '53', '54', '55', '56'].includes(m.relation)) {
          expect(p.sex).toBe(Number(m.relation) % 2 === 1 ? 'male' : 'female');
          expect(ageOf(p) - ageOf(head)).toBeGreaterThanOrEqual(15); // a parent (in-law) of the head
        }
        if (m.relation === '41' || m.relation === '42') expect(ageOf(head) - ageOf(p)).toBeGreaterThanOrEqual(36);
        expect(m.validFrom >= p.birthDate).toBe(true);
        expect(m.validFrom <= TODAY).toBe(true);
      }
    }
  });

  it('records deaths consistently and adds phones, bank accounts and disabilities to some', () => {
    const deceased = persons.filter((p) => p.status === 'deceased');
    expect(deceased.length).toBeGreaterThan(0);
    expect(deceased.length / persons.length).toBeLessThan(0.03);
    for (const p of persons) expect(p.status === 'deceased').toBe(p.deathDate !== null);
    for (const h of households) {
      for (const [i, m] of h.members.entries()) {
        const p = h.people[i]!;
        if (p.deathDate) {
          expect(p.deathDate > p.birthDate && p.deathDate <= TODAY).toBe(true);
          expect(m.validTo).toBe(p.deathDate);
          expect(m.validTo! > m.validFrom).toBe(true);
        } else {
          expect(m.validTo).toBeNull();
        }
      }
    }
    expect(persons.filter((p) => p.status === 'alive').length / persons.length).toBeGreaterThan(0.97);
    const adults = persons.filter((p) => ageOn(p.birthDate, TODAY) >= 18);
    expect(adults.filter((p) => p.phone).length / adults.length).toBeGreaterThan(0.7);
    expect(persons.filter((p) => p.phone && ageOn(p.birthDate, TODAY) < 16)).toHaveLength(0);
    expect(persons.every((p) => !p.phone || /^1[3-9]\d{9}$/.test(p.phone))).toBe(true);
    expect(persons.some((p) => p.bankAccount && p.bankName && p.bankHolder === p.name)).toBe(true);
    const disabled = persons.filter((p) => p.disabilityCategory);
    expect(disabled.length / persons.length).toBeGreaterThan(0.02);
    expect(disabled.every((p) => p.disabilityGrade! >= 1 && p.disabilityGrade! <= 4 && p.disabilityCertNo!.length === 20)).toBe(true);
  });

  it('places households only in the given villages, with urban or rural hukou by village', () => {
    const codes = new Set(VILLAGES.map((v) => v.code));
    expect(persons.every((p) => codes.has(p.regionCode) && codes.has(p.hukouRegionCode))).toBe(true);
    expect(new Set(persons.map((p) => p.regionCode)).size).toBe(VILLAGES.length);
    expect(persons.filter((p) => p.regionCode === '220183101201').every((p) => p.address.startsWith('太平村'))).toBe(true);
  });

  it('refuses a region without villages', () => {
    expect(() => [...generatePopulation({ within: '99', villages: [], persons: 1 })]).toThrow(/没有村/);
  });
});

describe('village names', () => {
  it.each([
    ['岭东社区居委会', false, '岭东社区'],
    ['太平村委会', true, '太平村'],
    ['红旗村民委员会', true, '红旗村'],
    ['铁北生活区', false, '铁北生活区'],
  ])('%s: rural %s, address prefix %s', (name, rural, short) => {
    expect(isRuralVillage(name)).toBe(rural);
    expect(villageShortName(name)).toBe(short);
  });
});
