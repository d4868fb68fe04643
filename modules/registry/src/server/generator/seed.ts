import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { computeIdCheckChar, maskBankAccount, maskIdNumber, maskPhone, normalizeRegionCode, subtreeRange } from '@mz/kernel';
import { textArray, type Database, type Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { nameInitials } from '../../domain/index.ts';
import { detectDuplicates } from '../duplicates/duplicates.service.ts';
import { generatePopulation, type GeneratedPerson, type PopulationChunk, type Village } from './population.ts';

export interface SeedOptions {
  /** Region code (2/4/6/9/12 digits) whose villages receive the households. */
  within: string;
  persons: number;
  seed?: number;
  /** Persons per transaction (whole households); bounds memory for millions. Default 100 000. */
  chunkSize?: number;
  today?: string;
  /**
   * Extra persons re-registered by mistake (same name and birth date; half of them with an ID
   * number one digit off), so the duplicate review has something to show. Not in any household.
   */
  duplicates?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  persons: number;
  households: number;
  members: number;
  seconds: number;
}

const PERSON_COLUMNS = [
  'id', 'id_hash', 'id_cipher', 'id_masked', 'name', 'name_initials', 'sex', 'birth_date', 'ethnicity',
  'phone_cipher', 'phone_hash', 'phone_masked', 'hukou_region_code', 'hukou_type', 'region_code', 'address',
  'disability_cert_no', 'disability_category', 'disability_grade', 'marital_status', 'education', 'employment',
  'bank_name', 'bank_account_cipher', 'bank_account_hash', 'bank_account_masked', 'bank_holder', 'status', 'death_date', 'source',
] as const;
const HOUSEHOLD_COLUMNS = ['id', 'region_code', 'address', 'head_person_id'] as const;
const MEMBER_COLUMNS = ['household_id', 'person_id', 'relation', 'valid_from', 'valid_to', 'ended_reason'] as const;

/** What `source` says about generated rows, so they can be told apart (and removed) later. */
export const GENERATED_SOURCE = 'generated';

export async function loadVillages(tx: Tx, within: string): Promise<Village[]> {
  const { from, to } = subtreeRange(normalizeRegionCode(within));
  return tx.rows<Village>(sql`SELECT code, name FROM region WHERE level = 5 AND code >= ${from} AND code < ${to} ORDER BY code`);
}

/**
 * Generates and writes a population, set-based: each chunk (whole households) becomes three CSV
 * texts built in JS — encryption needs the key, which only the application holds — and three COPYs
 * (persons, households, memberships) in one transaction. Memory is bounded by the chunk size.
 */
export async function seedPopulation(db: Database, cipher: FieldCipher, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const villages = await db.transaction((tx) => loadVillages(tx, options.within));
  const result: SeedResult = { persons: 0, households: 0, members: 0, seconds: 0 };
  const initials = new Map<string, string>();
  let lastChunk: PopulationChunk | null = null;
  for (const chunk of generatePopulation({ ...options, villages })) {
    const ids = chunk.persons.map(() => randomUUID());
    await db.transaction(async (tx) => {
      await avoidExistingIdNumbers(tx, cipher, chunk.persons);
      result.persons += await tx.copyCsv('registry_person', PERSON_COLUMNS, personsCsv(chunk.persons, ids, cipher, initials));
      const householdIds = chunk.households.map(() => randomUUID());
      result.households += await tx.copyCsv('registry_household', HOUSEHOLD_COLUMNS, csv(chunk.households.map((h, i) =>
        [householdIds[i]!, h.regionCode, h.address, ids[h.head]!])));
      result.members += await tx.copyCsv('registry_household_member', MEMBER_COLUMNS, csv(chunk.households.flatMap((h, i) =>
        h.members.map((m) => [householdIds[i]!, ids[m.person]!, m.relation, m.validFrom, m.validTo, m.endedReason]))));
    });
    options.onProgress?.(result.persons, options.persons);
    lastChunk = chunk;
  }
  if (options.duplicates && lastChunk) {
    const copies = duplicateDrafts(lastChunk.persons.filter((p) => p.status === 'alive'), options.duplicates);
    await db.transaction(async (tx) => {
      await avoidExistingIdNumbers(tx, cipher, copies);
      result.persons += await tx.copyCsv('registry_person', PERSON_COLUMNS, personsCsv(copies, copies.map(() => randomUUID()), cipher, initials));
    });
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** The demo jurisdiction of the seeded accounts: 荣光街道 and its neighbour 东盛街道. */
export const DEMO_POPULATION = [
  { within: '220105003', persons: 3000, seed: 1, duplicates: 6 },
  { within: '220105001', persons: 1000, seed: 2, duplicates: 2 },
] as const;

/**
 * Seeds the demo population (about 3 000 persons in 荣光街道, 1 000 in 东盛街道) unless 荣光街道
 * already has persons, or the region tree does not include it (MZ_REGIONS_WITHIN elsewhere).
 * Then runs duplicate detection over 南关区 so the review page has the planted pairs. Returns null
 * when it did nothing. For start-up outside production.
 */
export async function seedDemoPopulation(db: Database, cipher: FieldCipher): Promise<SeedResult | null> {
  const { from, to } = subtreeRange('220105003000');
  const [state] = await db.transaction((tx) => tx.rows<{ populated: boolean; villages: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM registry_person WHERE region_code >= ${from} AND region_code < ${to}) AS populated,
           EXISTS (SELECT 1 FROM region WHERE level = 5 AND code >= ${from} AND code < ${to}) AS villages`));
  if (state!.populated || !state!.villages) return null;
  const total: SeedResult = { persons: 0, households: 0, members: 0, seconds: 0 };
  for (const part of DEMO_POPULATION) {
    const r = await seedPopulation(db, cipher, { ...part });
    total.persons += r.persons; total.households += r.households; total.members += r.members; total.seconds += r.seconds;
  }
  // So the demo's duplicate review has its pairs waiting.
  const started = performance.now();
  await db.transaction((tx) => detectDuplicates(tx, '220105000000', cipher));
  total.seconds += (performance.now() - started) / 1000;
  return total;
}

/**
 * A generated ID number may already be registered (a second run, or a real record): move such
 * persons to the next free sequence code of the same sex. One query per chunk; the loop only
 * repeats for the rare persons that collided.
 */
async function avoidExistingIdNumbers(tx: Tx, cipher: FieldCipher, persons: GeneratedPerson[]): Promise<void> {
  let pending = persons.map((_, i) => i);
  const inChunk = new Set(persons.map((p) => p.idNumber));
  while (pending.length) {
    const hashes = pending.map((i) => cipher.hash('id_number', persons[i]!.idNumber));
    // A join, not `= ANY(array)`: with fresh statistics the planner may scan the table and test
    // each row against the whole array, which is quadratic at 100 000 hashes.
    const taken = new Set((await tx.rows<{ id_hash: string }>(sql`
      SELECT p.id_hash FROM unnest(${textArray(hashes)}) AS h(x) JOIN registry_person p ON p.id_hash = h.x`)).map((r) => r.id_hash));
    pending = pending.filter((_, k) => taken.has(hashes[k]!));
    for (const i of pending) {
      const p = persons[i]!;
      let id = p.idNumber;
      do id = bumpSequence(id); while (inChunk.has(id));
      inChunk.add(id);
      p.idNumber = id;
    }
  }
}

/** Next sequence code of the same parity (sex), wrapping within 001–999. */
function bumpSequence(id18: string): string {
  const seq = Number(id18.slice(14, 17));
  const next = seq + 2 > 999 ? (seq % 2 === 1 ? 1 : 2) : seq + 2;
  const body = id18.slice(0, 14) + String(next).padStart(3, '0');
  return body + computeIdCheckChar(body);
}

/**
 * Re-registrations by mistake: same name, sex and birth date; even ones get an ID number with one
 * sequence digit changed (a typo that still passes the check character), odd ones an unrelated
 * sequence code (two records of one person under two numbers).
 */
function duplicateDrafts(source: GeneratedPerson[], n: number): GeneratedPerson[] {
  const out: GeneratedPerson[] = [];
  const step = Math.max(1, Math.floor(source.length / Math.max(1, n)));
  for (let k = 0; k < n && k * step < source.length; k++) {
    const p = source[k * step]!;
    const [h, t, u] = [...p.idNumber.slice(14, 17)].map(Number) as [number, number, number];
    // Even k: a typo in the tens digit of the sequence code (the check character is recomputed,
    // so it passes validation). Odd k: every sequence digit different; +6 keeps the sex parity.
    const seq = k % 2 === 0 ? `${h}${(t + 3) % 10}${u}` : `${(h + 2) % 10}${(t + 4) % 10}${(u + 6) % 10}`;
    const body = p.idNumber.slice(0, 14) + (seq === '000' ? '002' : seq);
    out.push({ ...p, idNumber: body + computeIdCheckChar(body), phone: null, bankAccount: null, bankName: null, bankHolder: null });
  }
  return out;
}

function personsCsv(persons: GeneratedPerson[], ids: string[], cipher: FieldCipher, initials: Map<string, string>): string {
  const lines: string[] = [];
  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    let ini = initials.get(p.name);
    if (ini === undefined) initials.set(p.name, (ini = nameInitials(p.name)));
    lines.push(csvLine([
      ids[i]!, cipher.hash('id_number', p.idNumber), cipher.encrypt('id_number', p.idNumber), maskIdNumber(p.idNumber),
      p.name, ini, p.sex, p.birthDate, p.ethnicity,
      p.phone && cipher.encrypt('phone', p.phone), p.phone && cipher.hash('phone', p.phone), p.phone && maskPhone(p.phone),
      p.hukouRegionCode, p.hukouType, p.regionCode, p.address,
      p.disabilityCertNo, p.disabilityCategory, p.disabilityGrade, p.maritalStatus, p.education, p.employment,
      p.bankName, p.bankAccount && cipher.encrypt('bank_account', p.bankAccount), p.bankAccount && cipher.hash('bank_account', p.bankAccount),
      p.bankAccount && maskBankAccount(p.bankAccount), p.bankHolder, p.status, p.deathDate, GENERATED_SOURCE,
    ]));
  }
  return lines.join('');
}

type Cell = string | number | null | undefined;

function csv(rows: Cell[][]): string {
  return rows.map(csvLine).join('');
}

/** NULL is an empty unquoted field (COPY's CSV default); text with a comma or quote is quoted. */
function csvLine(cells: Cell[]): string {
  return cells.map((c) => {
    if (c === null || c === undefined) return '';
    const s = String(c);
    return s === '' || /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }).join(',') + '\n';
}
