import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { addCalendarDays, computeIdCheckChar, subtreeRange, todayInShanghai } from '@mz/kernel';
import { findSource, ID_HEADER, NAME_HEADER, type SourceDefinition } from '../domain/index.ts';
import { csvField } from './source-file.ts';

/**
 * Sample deliveries for a demo: one CSV per file source, in the documented layouts, about persons
 * of the demo population (their real — synthetic — ID numbers, decrypted here) mixed with people
 * the platform does not know, at plausible rates, so that a demo run finds a handful of alerts of
 * every kind. Deterministic for a seed.
 */

export interface SamplePerson { idNo: string; name: string; birthDate: string }

/** A small deterministic generator (mulberry32): the same seed writes the same files. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of the population each source mentions (the rest of a file is about other people). */
const RATES: Record<string, number> = {
  police_death: 0.004, police_custody: 0.003, police_hukou: 0.01, hrss: 0.3, real_estate: 0.45, vehicle: 0.08, market: 0.05,
  housing_fund: 0.1, tax: 0.08, bank: 0.3, medical: 0.05, education: 0.15, disability: 0.06, cremation: 0.003,
};

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const yuan = (rnd: () => number, min: number, max: number) => (min + Math.floor(rnd() * (max - min))).toString();
const dateBefore = (rnd: () => number, asOf: string, maxDays: number) => addCalendarDays(asOf, -1 - Math.floor(rnd() * maxDays));

/** One row's values after the ID number and name, in the layout's column order. */
function rowValues(source: SourceDefinition, rnd: () => number, asOf: string, p: SamplePerson): string[] {
  const v: Record<string, string> = {};
  switch (source.code) {
    case 'police_death': case 'cremation':
      v.eventDate = dateBefore(rnd, asOf, 120); break;
    case 'police_custody':
      v.eventDate = dateBefore(rnd, asOf, 900);
      v.endDate = rnd() < 0.4 ? addCalendarDays(v.eventDate, 30 + Math.floor(rnd() * 300)) : '';
      if (v.endDate && v.endDate > asOf) v.endDate = '';
      v.category = pick(rnd, ['刑事拘留', '逮捕', '服刑', '行政拘留']); break;
    case 'police_hukou':
      v.eventDate = dateBefore(rnd, asOf, 365); v.category = pick(rnd, ['迁出', '迁入', '变更']); v.ref = '220102001001'; break;
    case 'hrss':
      v.eventDate = dateBefore(rnd, asOf, 25);
      v.category = p.birthDate < '1966-01-01' ? '养老金' : pick(rnd, ['工资', '工资', '工资', '失业保险金']);
      v.amount = v.category === '工资' ? yuan(rnd, 1800, 9000) : v.category === '养老金' ? yuan(rnd, 900, 4000) : yuan(rnd, 1200, 1800); break;
    case 'real_estate':
      v.eventDate = dateBefore(rnd, asOf, 7000); v.category = rnd() < 0.9 ? '住宅' : pick(rnd, ['商业', '办公']);
      v.quantity = (40 + Math.floor(rnd() * 100)).toString(); v.ref = `220105${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`; break;
    case 'vehicle':
      v.eventDate = dateBefore(rnd, asOf, 4000); v.category = pick(rnd, ['小型汽车', '小型汽车', '摩托车', '残疾人专用车', '营运车辆']);
      v.ref = `吉A${String(Math.floor(rnd() * 1e5)).padStart(5, '0')}`; v.amount = v.category === '小型汽车' ? yuan(rnd, 20000, 150000) : yuan(rnd, 1000, 20000); break;
    case 'market':
      v.eventDate = dateBefore(rnd, asOf, 4000); v.endDate = rnd() < 0.3 ? dateBefore(rnd, asOf, 200) : '';
      if (v.endDate && v.endDate < v.eventDate) v.endDate = '';
      v.category = pick(rnd, ['个体工商户', '个体工商户', '有限责任公司', '农民专业合作社']);
      v.amount = v.category === '有限责任公司' ? yuan(rnd, 50000, 1000000) : yuan(rnd, 0, 50000); break;
    case 'housing_fund':
      v.eventDate = dateBefore(rnd, asOf, 25); v.amount = yuan(rnd, 2000, 12000); break;
    case 'tax':
      v.eventDate = `${Number(asOf.slice(0, 4)) - 1}-01-01`; v.endDate = `${Number(asOf.slice(0, 4)) - 1}-12-31`; v.amount = yuan(rnd, 30000, 200000); break;
    case 'bank':
      v.eventDate = dateBefore(rnd, asOf, 20); v.amount = rnd() < 0.1 ? yuan(rnd, 50000, 300000) : yuan(rnd, 0, 20000); v.ref = pick(rnd, ['吉林银行', '农业银行', '邮储银行']); break;
    case 'medical':
      v.eventDate = dateBefore(rnd, asOf, 330); v.amount = rnd() < 0.3 ? yuan(rnd, 20000, 80000) : yuan(rnd, 500, 20000); v.ref = '吉林大学第一医院'; break;
    case 'education':
      v.eventDate = dateBefore(rnd, asOf, 1500); v.category = pick(rnd, ['小学', '初中', '高中', '中职', '本科']); v.ref = '长春市第二实验学校'; break;
    case 'disability':
      v.eventDate = dateBefore(rnd, asOf, 3000); v.endDate = ''; v.category = pick(rnd, ['肢体', '视力', '听力', '智力', '精神']);
      v.quantity = String(1 + Math.floor(rnd() * 4)); break;
  }
  return source.columns.map((c) => v[c.field] ?? '');
}

/** Someone the platform does not know (departments deliver about everyone, not only beneficiaries). */
function stranger(rnd: () => number): SamplePerson {
  const birth = `19${50 + Math.floor(rnd() * 50)}0${1 + Math.floor(rnd() * 9)}1${Math.floor(rnd() * 9)}`;
  const first17 = `220105${birth}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
  return { idNo: first17 + computeIdCheckChar(first17), name: '', birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}` };
}

/** The CSV text of one source's sample delivery (pure: the tests read it back through the importer). */
export function sampleCsv(source: SourceDefinition, persons: readonly SamplePerson[], options: { seed: number; asOf: string }): { csv: string; rows: number } {
  const rnd = seededRandom(options.seed ^ [...source.code].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  const rate = RATES[source.code] ?? 0.05;
  const lines = [[ID_HEADER, NAME_HEADER, ...source.columns.map((c) => c.header)].join(',')];
  const subjects: SamplePerson[] = persons.filter(() => rnd() < rate);
  // As many strangers as a tenth of the file, at least one.
  for (let i = 0, n = Math.max(1, Math.round(subjects.length / 9)); i < n; i++) subjects.push(stranger(rnd));
  for (const p of subjects) {
    const repeat = source.code === 'real_estate' && rnd() < 0.1 ? 2 : 1;
    for (let k = 0; k < repeat; k++) lines.push([p.idNo, p.name, ...rowValues(source, rnd, options.asOf, p)].map(csvField).join(','));
  }
  return { csv: '\ufeff' + lines.join('\n') + '\n', rows: lines.length - 1 };
}

export interface SampleOptions { within: string; outDir: string; seed?: number; asOf?: string; limit?: number }

/**
 * Writes `<source>.csv` for every file source into `outDir`, about the persons registered within
 * `within` (decrypting their ID numbers with the deployment's key). System work, for demos only.
 */
export async function writeSampleDeliveries(db: Database, cipher: FieldCipher, options: SampleOptions): Promise<{ files: { source: string; file: string; rows: number }[]; persons: number }> {
  const range = subtreeRange(options.within);
  const asOf = options.asOf ?? addCalendarDays(todayInShanghai(), -1);
  const rows = await db.transaction((tx) => tx.rows<{ id_cipher: string; name: string; birth_date: string }>(sql`
    SELECT id_cipher, name, birth_date::text FROM registry_person
    WHERE region_code >= ${range.from} AND region_code < ${range.to} AND id_cipher LIKE 'v1.%'
    ORDER BY id LIMIT ${options.limit ?? 200_000}`));
  const persons = rows.map((r) => ({ idNo: cipher.decrypt('id_number', r.id_cipher), name: r.name, birthDate: r.birth_date }));
  await mkdir(options.outDir, { recursive: true });
  const files: { source: string; file: string; rows: number }[] = [];
  for (const code of Object.keys(RATES)) {
    const source = findSource(code)!;
    const { csv, rows: n } = sampleCsv(source, persons, { seed: options.seed ?? 1, asOf });
    const file = join(options.outDir, `${code}.csv`);
    await writeFile(file, csv);
    files.push({ source: code, file, rows: n });
  }
  return { files, persons: persons.length };
}
