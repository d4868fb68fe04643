import { randomBytes } from 'node:crypto';
import type { SealingPool } from '@mz/crypto';
import { computeIdCheckChar, maskIdNumber, maskPhone, parseIdNumber } from '@mz/kernel';
import { nameInitials } from '../../domain/name-initials.ts';
import type { ImportRow } from './import-file.ts';

/** Columns of the plain staging table, in CSV order. */
export const STAGE_COLUMNS = [
  'row_no', 'person_id', 'household_id', 'id_no', 'id_problem', 'sex', 'birth_date', 'id_masked', 'name', 'name_initials',
  'hukou_region', 'hukou_code', 'hukou_type', 'cur_region', 'cur_code', 'address', 'phone', 'phone_masked',
  'ethnicity', 'marital', 'hh_key', 'relation',
] as const;

/** Columns of the sealed staging table (keyed hashes and envelopes), in CSV order. */
export const SEALED_COLUMNS = ['row_no', 'id_hash', 'id_cipher', 'phone_hash', 'phone_cipher'] as const;

/** A file's rows with the values the workers seal. */
export interface Stage {
  /** The file's rows: in file order, or in promotion order (see `inPromotionOrder`). */
  rows: ImportRow[];
  /** Normalised ID numbers and phones, '' → null, index-aligned with `rows`. */
  idNumbers: (string | null)[];
  phones: (string | null)[];
}

/**
 * Time-ordered UUIDs (RFC 9562 version 7) for one batch: the batch's millisecond, a 40-bit counter,
 * random bits fixed per sequence. Consecutive calls give increasing ids, so rows inserted in the
 * order the ids were handed out append to the primary-key index instead of landing on a random
 * page each — with random (v4) ids every insert of a large batch missed the buffer cache. Later
 * batches sort after earlier ones. Uniqueness within the sequence comes from the counter; between
 * sequences from the time and 34 random bits (and, in the end, from the primary key).
 */
export class UuidSequence {
  private readonly head: string;
  private readonly variant: number;
  private readonly tail: string;
  private counter = 0;

  constructor(now = Date.now()) {
    const r = randomBytes(5);
    this.head = now.toString(16).padStart(12, '0').slice(-12);
    this.variant = 0x8 | (r[0]! & 0x3); // '10' variant bits, then two random bits
    this.tail = r.subarray(1).toString('hex'); // 32 random bits
  }

  next(): string {
    const c = this.counter++;
    if (c >= 2 ** 40) throw new Error('UuidSequence exhausted');
    const high = Math.floor(c / 2 ** 28).toString(16).padStart(3, '0'); // counter bits 39..28 (rand_a)
    const low = (c % 2 ** 28).toString(16).padStart(7, '0'); // counter bits 27..0
    const hex = `${this.head}7${high}${this.variant.toString(16)}${low}${this.tail}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/**
 * A region code as the template allows it (2/4/6/9/12 digits) padded to the 12 digits stored, or
 * null when it has another shape (the row checks then say 格式不正确). Whether the code exists and
 * lies in the importer's jurisdiction is for SQL to say.
 */
export function normaliseRegionCode(code: string): string | null {
  return /^(?:[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$/.test(code) ? code.padEnd(12, '0') : null;
}

/** The managing region as it will be stored (现居住地, else 户籍地), or the raw text. */
function regionKey(v: ImportRow['values']): string {
  const code = v.regionCode || v.hukouRegionCode;
  return normaliseRegionCode(code) ?? code;
}

const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

function isYyyymmdd(d: string): boolean {
  const year = Number(d.slice(0, 4));
  const month = d.slice(4, 6);
  const day = Number(d.slice(6, 8));
  if (month < '01' || month > '12' || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === '02' ? (leap ? 29 : 28) : ['04', '06', '09', '11'].includes(month) ? 30 : 31;
  return day <= days;
}

/**
 * Why a (normalised) ID number is not valid, in the import's words; null when it is. The rules and
 * messages of the SQL function registry_id_problem() (0007), which the tests hold this to: checking
 * a million numbers in SQL cost 5–10 s of the database's single core (seventeen substr()::int per
 * number), here it is a fraction of a microsecond each.
 */
export function idNumberProblem(id: string | null, today: string): string | null {
  if (!id) return '身份证号不能为空';
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return '身份证号应为18位（或15位旧号码），前17位为数字，末位为数字或X';
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return '身份证号的地址码（省级）不存在';
  const birth = id.slice(6, 14);
  if (!isYyyymmdd(birth)) return '身份证号中的出生日期不是有效日期';
  if (birth < '18500101') return '身份证号中的出生日期早于1850-01-01，请核对';
  if (birth > today.replace(/-/g, '')) return '身份证号中的出生日期晚于今天';
  const check = computeIdCheckChar(id.slice(0, 17));
  if (id[17] !== check) return `身份证号校验位错误，应为${check}`;
  return null;
}

/**
 * The order rows are staged, validated and promoted in: by managing region, then name. Most of
 * registry_person's indexes lead with the region (list, birth date, county + name) or follow the
 * name, so in this order each index is filled from left to right, one region at a time, and the
 * pages being written stay in PostgreSQL's buffer cache. In file order every row touched a
 * different page of every index: at 1M rows that was 1.6M pages read back from the OS (128 MB
 * shared_buffers) against 0.26M in this order. The order changes only speed, never the outcome:
 * row numbers stay those of the file.
 */
export function promotionOrder(rows: readonly ImportRow[]): number[] {
  // Rows grouped by (region, name) in file order, then only the distinct keys sorted: many rows
  // share a village and a name, and sorting a million rows one comparison at a time costs seconds.
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = `${regionKey(row.values)}\u0000${row.values.name}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const order: number[] = [];
  for (const key of [...groups.keys()].sort()) for (const i of groups.get(key)!) order.push(i);
  return order;
}

/** The same rows and values in promotion order. */
export function inPromotionOrder(stage: Stage): Stage {
  const order = promotionOrder(stage.rows);
  return {
    rows: order.map((i) => stage.rows[i]!),
    idNumbers: order.map((i) => stage.idNumbers[i]!),
    phones: order.map((i) => stage.phones[i]!),
  };
}

/** A CSV field: unquoted empty = NULL; anything with a quote, comma or line break is quoted. */
export function csvField(v: string | null): string {
  if (v === null || v === '') return '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * COPY input written field by field straight into 1 MB buffers, instead of concatenating a JS
 * string per line and encoding it afterwards: a million lines of mostly Chinese text are a few
 * hundred MB of short-lived two-byte strings, and the garbage collector already has a heap of
 * parsed rows to walk.
 */
const WRITER_CHUNK = 1 << 20;

class CsvWriter {
  private readonly chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(WRITER_CHUNK);
  private at = 0;

  /** Text from the file or derived from it: quoted when needed, UTF-8; '' and null are NULL. */
  text(v: string | null): this {
    if (v !== null && v !== '') {
      if (/[",\r\n]/.test(v)) v = `"${v.replace(/"/g, '""')}"`;
      this.room(v.length * 3);
      this.at += this.buf.write(v, this.at, 'utf8');
    }
    return this;
  }

  /** Text known to be ASCII without quotes, commas or line breaks (generated ids, hashes, base64). */
  ascii(v: string | null): this {
    if (v) {
      this.room(v.length);
      this.at += this.buf.write(v, this.at, 'latin1');
    }
    return this;
  }

  comma(): this {
    this.room(1);
    this.buf[this.at++] = 0x2c;
    return this;
  }

  newline(): this {
    this.room(1);
    this.buf[this.at++] = 0x0a;
    return this;
  }

  done(): Buffer {
    this.chunks.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.alloc(0);
    this.at = 0;
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    this.chunks.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(Math.max(WRITER_CHUNK, bytes));
    this.at = 0;
  }
}

/**
 * The rows, in file order, with their normalised ID number (15 → 18 digits when the old number
 * parses; otherwise the raw text, which SQL then rejects with its reason) and phone: everything the
 * sealing workers need, so they can start right after parsing. (The sealed values are joined back
 * by row number, so their order does not matter.)
 */
export function prepareStage(rows: readonly ImportRow[], today: string): Stage {
  const idNumbers: (string | null)[] = new Array(rows.length);
  const phones: (string | null)[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]!.values;
    let id = /^[0-9]{17}[0-9X]$/.test(v.idNumber) ? v.idNumber : v.idNumber.replace(/\s+/g, '').toUpperCase();
    if (id.length === 15) {
      const parsed = parseIdNumber(id, { today });
      if (parsed.ok) id = parsed.value;
    }
    idNumbers[i] = id || null;
    phones[i] = (/\s/.test(v.phone) ? v.phone.replace(/\s+/g, '') : v.phone) || null;
  }
  return { rows: [...rows], idNumbers, phones };
}

/**
 * The plain staging CSV (STAGE_COLUMNS), in the stage's order — give it the promotion order: the
 * staging table, the checked rows and the promotion keep it, and the new ids follow it. It carries
 * what each row's checks and promotion need that JS computes faster than SQL (the ID number's
 * problem, sex and birth date; region codes padded to 12 digits), the masks, the name's initials,
 * and the ids the promotion will use, persons and households numbered in that order. It holds ID
 * numbers and phones in clear and is only ever COPY'd into a temporary table.
 */
export function stagingCsv(stage: Stage, today: string): Buffer {
  const { rows, idNumbers, phones } = stage;
  const persons = new UuidSequence();
  const households = new UuidSequence();
  const householdIds = new Map<string, string>();
  const initials = new Map<string, string>();
  const regionCodes = new Map<string, string | null>();
  const padded = (code: string) => {
    let out = regionCodes.get(code);
    if (out === undefined) { out = normaliseRegionCode(code); regionCodes.set(code, out); }
    return out;
  };
  const out = new CsvWriter();
  for (let i = 0; i < rows.length; i++) {
    const { rowNo, values: v } = rows[i]!;
    const id = idNumbers[i] ?? null;
    const phone = phones[i] ?? null;
    const problem = idNumberProblem(id, today);
    let ini = initials.get(v.name);
    if (ini === undefined) { ini = v.name ? nameInitials(v.name) : ''; initials.set(v.name, ini); }
    let householdId: string | null = null;
    if (v.householdKey) {
      householdId = householdIds.get(v.householdKey) ?? null;
      if (!householdId) { householdId = households.next(); householdIds.set(v.householdKey, householdId); }
    }
    out.ascii(String(rowNo)).comma().ascii(persons.next()).comma().ascii(householdId).comma()
      .text(id).comma().text(problem).comma();
    // Sex and birth date only from a valid number (a row with a problem is never promoted).
    if (!problem) {
      out.ascii(Number(id![16]) % 2 === 1 ? 'male' : 'female').comma()
        .ascii(`${id!.slice(6, 10)}-${id!.slice(10, 12)}-${id!.slice(12, 14)}`).comma();
    } else {
      out.comma().comma();
    }
    // Masks and initials derive from the file's text: written as text, quoted if need be.
    out.text(id ? maskIdNumber(id) : null).comma().text(v.name).comma().text(ini).comma()
      .text(v.hukouRegionCode).comma().ascii(padded(v.hukouRegionCode)).comma().text(v.hukouType).comma()
      .text(v.regionCode).comma().ascii(v.regionCode ? padded(v.regionCode) : null).comma().text(v.address).comma()
      .text(phone).comma().text(phone ? maskPhone(phone) : null).comma().text(v.ethnicity).comma()
      .text(v.maritalStatus).comma().text(v.householdKey).comma().text(v.relation).newline();
  }
  return out.done();
}

/**
 * Keyed hashes and envelopes of the staged ID numbers and phones (SEALED_COLUMNS), with the row
 * number they belong to, computed by the pool's worker threads while the caller goes on with the
 * database. Hex and base64 never need quoting; an empty value stays NULL.
 */
export async function sealStage(pool: SealingPool, stage: Stage): Promise<Buffer> {
  const [id, phone] = await Promise.all([
    pool.seal({ field: 'id_number', values: stage.idNumbers, hash: true, encrypt: true }),
    pool.seal({ field: 'phone', values: stage.phones, hash: true, encrypt: true }),
  ]);
  const out = new CsvWriter();
  for (let i = 0; i < stage.rows.length; i++) {
    out.ascii(String(stage.rows[i]!.rowNo)).comma().ascii(id.hashes![i] ?? null).comma().ascii(id.envelopes![i] ?? null).comma()
      .ascii(phone.hashes![i] ?? null).comma().ascii(phone.envelopes![i] ?? null).newline();
  }
  return out.done();
}
