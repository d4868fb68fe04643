import { computeIdCheckChar, todayInShanghai } from '@mz/kernel';
import type { DisabilityCategory, HukouType, MaritalStatus, PersonStatus, Sex } from '../../domain/index.ts';
import { givenName, SURNAMES } from './names.ts';
import { hashString, Random, Weighted } from './random.ts';

/**
 * Synthetic population for demos, load tests and benchmarks: households shaped like China's
 * 2020 census (1–2 persons common, mean ≈ 2.6), consistent family ages and sexes, relation codes
 * of GB/T 4761, common surnames at their real frequency, valid GB 11643 ID numbers whose address
 * code is the county of the person's village and whose birth date and sex digit agree with the
 * record. Pure: villages come in, plain records go out; seed.ts encrypts and writes them.
 */

export interface Village {
  /** 12-digit level-5 code. */
  code: string;
  name: string;
}

export interface GeneratedPerson {
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: string;
  ethnicity: string;
  phone: string | null;
  hukouRegionCode: string;
  hukouType: HukouType;
  regionCode: string;
  address: string;
  disabilityCertNo: string | null;
  disabilityCategory: DisabilityCategory | null;
  disabilityGrade: number | null;
  maritalStatus: MaritalStatus | null;
  education: string | null;
  employment: string | null;
  bankName: string | null;
  bankAccount: string | null;
  bankHolder: string | null;
  status: PersonStatus;
  deathDate: string | null;
}

export interface GeneratedMember {
  /** Index into the chunk's `persons`. */
  person: number;
  relation: string;
  validFrom: string;
  validTo: string | null;
  endedReason: string | null;
}

export interface GeneratedHousehold {
  regionCode: string;
  address: string;
  /** Index into the chunk's `persons`. */
  head: number;
  members: GeneratedMember[];
}

/** Whole households only: a chunk never splits a family, so each chunk can be written on its own. */
export interface PopulationChunk {
  persons: GeneratedPerson[];
  households: GeneratedHousehold[];
}

export interface GenerateOptions {
  /** Region code prefix the villages were drawn from (part of the random stream's seed). */
  within: string;
  /** Level-5 regions to place households in (from the region table). */
  villages: readonly Village[];
  persons: number;
  seed?: number;
  /** Persons per chunk (rounded up to whole households). */
  chunkSize?: number;
  /** 'YYYY-MM-DD'; ages and dates are relative to it. Fixed in tests for determinism. */
  today?: string;
}

// 2020 census (七普) household sizes: 1 25.4 %, 2 29.7 %, 3 20.9 %, 4 13.2 %, 5 6.5 %, 6+ 4.3 %.
const HOUSEHOLD_SIZES = new Weighted<number>([[1, 25.4], [2, 29.7], [3, 20.9], [4, 13.2], [5, 6.5], [6, 2.9], [7, 1.0], [8, 0.4]]);
const ETHNICITIES = new Weighted<string>([['01', 91.5], ['10', 3.2], ['11', 3.0], ['03', 1.2], ['02', 1.1]]);
const DISABILITIES = new Weighted<DisabilityCategory>([
  ['physical', 30], ['hearing', 24], ['visual', 17], ['multiple', 13], ['mental', 8], ['intellectual', 7], ['speech', 1],
]);
const DISABILITY_DIGIT: Record<DisabilityCategory, number> = { visual: 1, hearing: 2, speech: 3, physical: 4, intellectual: 5, mental: 6, multiple: 7 };
const DISABILITY_GRADES = new Weighted<number>([[1, 10], [2, 20], [3, 30], [4, 40]]);
const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '158', '159',
  '176', '177', '180', '181', '183', '185', '186', '187', '188', '189', '199'];
const BANKS = new Weighted<string>([
  ['中国农业银行', 26], ['中国邮政储蓄银行', 20], ['中国工商银行', 16], ['中国建设银行', 15], ['中国银行', 10], ['农村信用合作社', 13],
]);

const DAY_MS = 86_400_000;
// Day numbers count from 1900-01-01; nobody generated is older than that.
const EPOCH = Date.UTC(1900, 0, 1);
const MAX_DAYS = 48_000; // 1900 + 131 years
const SEQ_SLOTS = 499; // sequence codes per sex and day: odd 001–997 for men, even 002–998 for women

function dayOf(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - EPOCH) / DAY_MS);
}
function isoOf(day: number): string {
  return new Date(EPOCH + day * DAY_MS).toISOString().slice(0, 10);
}

export function isRuralVillage(name: string): boolean {
  return /村(民委员会|委会)?$/.test(name);
}

/** "岭东社区居委会" → "岭东社区", for addresses. */
export function villageShortName(name: string): string {
  return name.replace(/(社区居民委员会|社区居委会|居民委员会|村民委员会|居委会|村委会|委员会)$/, (m) => (m.startsWith('社区') ? '社区' : m.startsWith('村') ? '村' : '')) || name;
}

interface Draft {
  sex: Sex;
  age: number;
  surname: string;
  relation: string;
  married: boolean;
  /** Widowed/divorced for a single adult, left to the age rule otherwise. */
  single?: MaritalStatus;
}

/** Allocates unique sequence codes per (county, birth day, sex); memory is per county, not per person. */
class SequenceBook {
  private readonly counties = new Map<string, Uint16Array>();

  /** The 17-digit body of an ID number, or null when that day's 499 codes for this sex are used up. */
  take(county: string, day: number, sex: Sex): string | null {
    let used = this.counties.get(county);
    if (!used) this.counties.set(county, (used = new Uint16Array(MAX_DAYS * 2)));
    const slot = day * 2 + (sex === 'male' ? 0 : 1);
    const n = used[slot]!;
    if (n >= SEQ_SLOTS) return null;
    used[slot] = n + 1;
    // Steps of 211 (499 is prime, so every code is reached once): two people born on one day get
    // codes several digits apart, not 123 and 125, which would look like a typo of each other.
    const k = (hashString(`${county}${day}${sex}`) + n * 211) % SEQ_SLOTS;
    const seq = sex === 'male' ? 2 * k + 1 : 2 * k + 2;
    return county + isoOf(day).replaceAll('-', '') + String(seq).padStart(3, '0');
  }
}

export function* generatePopulation(options: GenerateOptions): Generator<PopulationChunk> {
  const { villages, persons: total } = options;
  if (!villages.length) throw new Error(`区划 ${options.within} 下没有村（社区）级区划，无法生成人口`);
  if (!Number.isInteger(total) || total < 0) throw new RangeError('persons must be a non-negative integer');
  const chunkSize = options.chunkSize ?? 100_000;
  const today = dayOf(options.today ?? todayInShanghai());
  const rng = new Random(`${options.seed ?? 1}:${options.within}`);
  const book = new SequenceBook();
  // Villages differ in size: a lumpy weight per village, fixed by the seed.
  const villagePicker = new Weighted<Village>(villages.map((v) => [v, 0.2 + (rng.next() * 1.8) ** 2] as const));

  let made = 0;
  let chunk: PopulationChunk = { persons: [], households: [] };
  while (made < total) {
    const drafts = householdDrafts(rng, HOUSEHOLD_SIZES.draw(rng)).slice(0, total - made);
    const village = villagePicker.draw(rng);
    addHousehold(chunk, drafts, village, villages, rng, book, today);
    made += drafts.length;
    if (chunk.persons.length >= chunkSize) {
      yield chunk;
      chunk = { persons: [], households: [] };
    }
  }
  if (chunk.persons.length) yield chunk;
}

/** Who lives together: the head first, then relations per GB/T 4761, with consistent ages. */
export function householdDrafts(rng: Random, size: number): Draft[] {
  const surname = () => SURNAMES.draw(rng);
  const kids = (n: number, youngestMax: number, fatherSurname: string): Draft[] => {
    const ages: number[] = [rng.int(0, youngestMax)];
    for (let i = 1; i < n; i++) ages.push(ages[i - 1]! + rng.int(1, 7));
    ages.sort((a, b) => b - a); // eldest first: 长子/长女 …
    const sexes = ages.map(() => (rng.chance(0.515) ? 'male' : 'female') as Sex);
    const only = n === 1;
    let sons = 0;
    let daughters = 0;
    return ages.map((age, i) => {
      const sex = sexes[i]!;
      const order = sex === 'male' ? sons++ : daughters++;
      const relation = sex === 'male' ? (only ? '21' : ['22', '23', '24', '25', '26'][order] ?? '29') : (only ? '31' : ['32', '33', '34', '35', '36'][order] ?? '39');
      return { sex, age, surname: rng.chance(0.95) ? fatherSurname : surname(), relation, married: false };
    });
  };
  /** A couple; `headAge` is the husband's age. The head is the husband four times in five. */
  const couple = (husbandAge: number): Draft[] => {
    const wifeAge = Math.max(20, husbandAge - rng.around(2, 6, -3, 10));
    const husband: Draft = { sex: 'male', age: husbandAge, surname: surname(), relation: '02', married: true };
    const wife: Draft = { sex: 'female', age: wifeAge, surname: surname(), relation: '12', married: true };
    if (rng.chance(0.8)) return [husband, wife];
    return [{ ...wife, relation: '02' }, { ...husband, relation: '11' }];
  };
  const husbandOf = (c: Draft[]) => (c[0]!.sex === 'male' ? c[0]! : c[1]!);
  const wifeOf = (c: Draft[]) => (c[0]!.sex === 'female' ? c[0]! : c[1]!);
  /** Parents of the head (父亲/母亲) or of the spouse (岳父母 for a male head, 公婆 for a female one). */
  const elders = (c: Draft[], both: boolean): Draft[] => {
    const ofHead = rng.chance(0.7);
    const child = ofHead ? c[0]! : c[1]!;
    const childSurname = child.surname;
    const fatherAge = Math.min(100, child.age + rng.int(24, 34));
    const motherAge = Math.min(100, fatherAge - rng.int(0, 4));
    const headMale = c[0]!.sex === 'male';
    const codes = ofHead ? ['51', '52'] : headMale ? ['55', '56'] : ['53', '54'];
    const father: Draft = { sex: 'male', age: fatherAge, surname: childSurname, relation: codes[0]!, married: both };
    const mother: Draft = { sex: 'female', age: motherAge, surname: surname(), relation: codes[1]!, married: both };
    if (both) return [father, mother];
    return [rng.chance(0.65) ? { ...mother, single: 'widowed' } : { ...father, single: 'widowed' }];
  };

  if (size === 1) {
    const old = rng.chance(0.5);
    const age = old ? rng.int(60, 92) : rng.int(20, 59);
    const sex: Sex = old ? (rng.chance(0.62) ? 'female' : 'male') : rng.chance(0.56) ? 'male' : 'female';
    const single: MaritalStatus = old ? (rng.chance(0.75) ? 'widowed' : 'divorced') : age < 35 ? (rng.chance(0.85) ? 'unmarried' : 'divorced') : rng.pick(['unmarried', 'divorced', 'divorced', 'widowed'] as const);
    return [{ sex, age, surname: surname(), relation: '02', married: false, single }];
  }

  const shape = rng.next();
  if (size === 2) {
    if (shape < 0.72) return couple(rng.chance(0.6) ? rng.int(55, 88) : rng.int(22, 40)); // empty nest or young couple
    if (shape < 0.88) { // single parent and a child
      const child = rng.int(0, 25);
      const parentSex: Sex = rng.chance(0.65) ? 'female' : 'male';
      const parent: Draft = { sex: parentSex, age: child + rng.int(22, 36), surname: surname(), relation: '02', married: false, single: rng.chance(0.7) ? 'divorced' : 'widowed' };
      return [parent, ...kids(1, child, parentSex === 'male' ? parent.surname : surname()).map((k) => ({ ...k, age: child }))];
    }
    // adult child caring for a widowed parent
    const head: Draft = { sex: rng.chance(0.5) ? 'male' : 'female', age: rng.int(30, 60), surname: surname(), relation: '02', married: false, single: rng.pick(['unmarried', 'divorced'] as const) };
    const parent = elders([head, head], false)[0]!;
    return [head, { ...parent, relation: parent.sex === 'male' ? '51' : '52', surname: parent.sex === 'male' ? head.surname : parent.surname }];
  }

  if (size >= 6 && shape < 0.5) {
    // Three generations under an elderly head: the couple, a married son, grandchildren.
    const grandAges = kids(size - 4, 12, '');
    const dil: Draft = { sex: 'female', age: grandAges[0]!.age + rng.int(22, 32), surname: surname(), relation: '38', married: true };
    const son: Draft = { sex: 'male', age: dil.age + rng.int(0, 4), surname: '', relation: '22', married: true };
    const c = couple(Math.min(95, son.age + rng.int(24, 34)));
    son.surname = husbandOf(c).surname;
    const grandKids = grandAges.map((g) => ({ ...g, surname: son.surname, relation: g.sex === 'male' ? '41' : '42' }));
    return [...c, son, dil, ...grandKids];
  }
  // A couple with children, and the head's or the spouse's parents in the larger shapes.
  const [nKids, nElders] = size === 3 ? (shape < 0.12 ? [0, 1] : [1, 0])
    : size === 4 ? (shape < 0.35 ? [1, 1] : [2, 0])
    : size === 5 ? (shape < 0.5 ? [1, 2] : [2, 1])
    : [size - 4, 2];
  const kidSet = nKids > 0 ? kids(nKids, nKids === 1 ? 30 : 16, '') : [];
  const c = couple(0);
  const w = wifeOf(c);
  const h = husbandOf(c);
  w.age = Math.max(20, (kidSet.length ? kidSet[0]!.age : rng.int(0, 10)) + rng.int(22, 34));
  h.age = Math.max(20, w.age + rng.around(2, 6, -3, 10));
  const family = [...c, ...kidSet.map((k) => ({ ...k, surname: rng.chance(0.95) ? h.surname : w.surname }))];
  if (nElders > 0) family.push(...elders(c, nElders >= 2));
  return family;
}

function addHousehold(chunk: PopulationChunk, drafts: Draft[], village: Village, villages: readonly Village[], rng: Random, book: SequenceBook, today: number): void {
  const rural = isRuralVillage(village.name);
  const short = villageShortName(village.name);
  const address = rural
    ? `${short}${rng.int(1, 12)}组${rng.int(1, 160)}号`
    : `${short}${rng.int(1, 40)}号楼${rng.int(1, 6)}单元${rng.int(1, 6)}0${rng.int(1, 4)}室`;
  const county = village.code.slice(0, 6);
  const ethnicity = ETHNICITIES.draw(rng);
  // Registration of the household: some time after the head came of age.
  const head = drafts[0]!;
  const formed = Math.max(today - Math.floor((head.age - 18) * 365.2425), today - rng.int(0, 25 * 365));
  const household: GeneratedHousehold = { regionCode: village.code, address, head: chunk.persons.length, members: [] };

  for (const d of drafts) {
    let birth = today - Math.floor((d.age + rng.next()) * 365.2425);
    let body = book.take(county, birth, d.sex);
    // 499 people of one sex born on one day in one county: move to a neighbouring day.
    for (let shift = 1; !body; shift++) body = book.take(county, (birth = birth - shift), d.sex);
    const idNumber = body + computeIdCheckChar(body);
    const birthDate = isoOf(birth);
    const birthYear = Number(birthDate.slice(0, 4));
    const age = ageAt(birth, today);
    const name = d.surname + givenName(rng, d.sex, birthYear);
    const adult = age >= 18;

    const hukouVillage = rng.chance(0.9) ? village : rng.pick(villages);
    const validFrom = Math.min(today, Math.max(formed, birth));
    let status: PersonStatus = 'alive';
    let death: number | null = null;
    const pDeath = age >= 70 ? 0.04 : age >= 50 ? 0.005 : 0.0005;
    const roll = rng.next();
    if (roll < pDeath && validFrom < today) {
      status = 'deceased';
      death = Math.max(validFrom + 1, today - rng.int(1, 1000));
    } else if (roll < pDeath + 0.001 && age >= 16 && age <= 80) {
      status = 'missing';
    } else if (roll < pDeath + 0.0015 && age >= 20 && age <= 60) {
      status = 'imprisoned';
    }

    const pDisability = age < 15 ? 0.01 : age < 60 ? 0.04 : 0.15;
    const disabled = rng.chance(pDisability);
    const category = disabled ? DISABILITIES.draw(rng) : null;
    const grade = disabled ? DISABILITY_GRADES.draw(rng) : null;

    const hasPhone = age >= 16 && rng.chance(age >= 75 ? 0.6 : 0.93);
    const hasBank = adult && rng.chance(age >= 60 ? 0.6 : 0.4);
    const person: GeneratedPerson = {
      idNumber, name, sex: d.sex, birthDate, ethnicity,
      phone: hasPhone ? rng.pick(PHONE_PREFIXES) + digits(rng, 8) : null,
      hukouRegionCode: hukouVillage.code,
      hukouType: isRuralVillage(hukouVillage.name) ? 'rural' : 'urban',
      regionCode: village.code, address,
      // Real certificate numbers are the ID number plus two digits; ours avoid the ID number so
      // no plain ID number ever lands in a clear-text column.
      disabilityCertNo: disabled ? `${county}${digits(rng, 12)}${DISABILITY_DIGIT[category!]}${grade}` : null,
      disabilityCategory: category, disabilityGrade: grade,
      maritalStatus: d.married ? 'married' : d.single ?? (age >= 18 ? (age < 30 || rng.chance(0.7) ? 'unmarried' : 'divorced') : null),
      education: education(rng, age, birthYear),
      employment: employment(rng, age, d.sex, rural),
      bankName: hasBank ? BANKS.draw(rng) : null,
      bankAccount: hasBank ? '62' + digits(rng, rng.pick([14, 17])) : null,
      bankHolder: hasBank ? name : null,
      status, deathDate: death === null ? null : isoOf(death),
    };
    household.members.push({
      person: chunk.persons.length, relation: d.relation, validFrom: isoOf(validFrom),
      validTo: death === null ? null : isoOf(death), endedReason: death === null ? null : '死亡',
    });
    chunk.persons.push(person);
  }
  chunk.households.push(household);
}

function ageAt(birth: number, today: number): number {
  const b = isoOf(birth);
  const t = isoOf(today);
  const years = Number(t.slice(0, 4)) - Number(b.slice(0, 4));
  return t.slice(5) < b.slice(5) ? years - 1 : years;
}

function digits(rng: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

function education(rng: Random, age: number, birthYear: number): string | null {
  if (age < 6) return null;
  if (age < 12) return '小学';
  if (age < 15) return '初中';
  if (age < 18) return rng.chance(0.6) ? '高中' : '中专';
  const levels: [string, number][] = birthYear < 1950 ? [['文盲', 25], ['小学', 45], ['初中', 22], ['高中', 8]]
    : birthYear < 1970 ? [['小学', 25], ['初中', 45], ['高中', 20], ['中专', 6], ['大专', 4]]
    : birthYear < 1990 ? [['小学', 8], ['初中', 40], ['高中', 20], ['中专', 10], ['大专', 12], ['本科', 9], ['研究生', 1]]
    : [['初中', 20], ['高中', 18], ['中专', 12], ['大专', 22], ['本科', 24], ['研究生', 4]];
  return new Weighted(levels).draw(rng);
}

function employment(rng: Random, age: number, sex: Sex, rural: boolean): string | null {
  if (age < 6) return '学龄前';
  if (age < 18) return '在校学生';
  if (age < 23 && rng.chance(0.55)) return '在校学生';
  if (age >= (sex === 'male' ? 60 : 55)) return rural ? (rng.chance(0.5) ? '务农' : '无业') : '离退休';
  if (rural) return new Weighted<string>([['务农', 55], ['外出务工', 25], ['灵活就业', 10], ['无业', 10]]).draw(rng);
  return new Weighted<string>([['在业', 70], ['灵活就业', 12], ['失业', 6], ['无业', 12]]).draw(rng);
}
