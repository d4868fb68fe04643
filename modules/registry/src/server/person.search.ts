import { sql, type SQL } from 'drizzle-orm';
import type { FieldCipher } from '@mz/crypto';
import { parseIdNumber, subtreeRange, todayInShanghai, addMonthsToDate } from '@mz/kernel';
import { nameInitials, type PersonStatus } from '../domain/index.ts';

export interface PersonFilter {
  q?: string;
  regionCode?: string;
  status?: PersonStatus;
  ageMin?: number;
  ageMax?: number;
  sort?: 'name' | 'birthDate' | 'createdAt';
  order?: 'asc' | 'desc';
}

const ID_LIKE = /^(\d{15}|\d{17}[\dXx])$/;
const INITIALS = /^[A-Za-z]{1,10}$/;

/**
 * What `q` means: an ID number → exact match through the keyed hash (the only way to find an
 * encrypted number); Latin letters → pinyin initials prefix ("zw" → 张伟); otherwise a name part:
 * the bigram index answers 2+ characters exactly as LIKE would. From 3 characters a fuzzy match
 * is added: same pinyin initials, same length, at most one character different — the typo a
 * clerk makes with a pinyin IME (张晓明 for 张小明). Trigram similarity cannot do this: two
 * 3-character names differing in one character share one trigram of seven.
 */
export function searchCondition(q: string, cipher: FieldCipher): SQL {
  const text = q.trim();
  if (ID_LIKE.test(text)) {
    const parsed = parseIdNumber(text);
    const id18 = parsed.ok ? parsed.value : text.toUpperCase();
    return sql`p.id_hash = ${cipher.hash('id_number', id18)}`;
  }
  // Name and initials predicates run in SECURITY DEFINER functions (0009): under row-level
  // security PostgreSQL would not use their indexes. The functions apply the caller's scope.
  if (INITIALS.test(text)) return sql`p.id IN (SELECT registry_initials_matches(${text.toLowerCase()}))`;
  const like = '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  if (text.length === 1) return sql`p.name LIKE ${like}`;
  return sql`p.id IN (SELECT registry_name_matches(${text}, ${like}, ${text.length >= 3 ? nameInitials(text) : null}::text))`;
}

/** Every condition of a person list, the actor's jurisdiction first. */
export function personWhere(f: PersonFilter, scopeRegion: string, cipher: FieldCipher, today = todayInShanghai()): SQL {
  const scope = subtreeRange(scopeRegion);
  const within = f.regionCode ? subtreeRange(f.regionCode) : scope;
  // Age N means born after (today − (N+1) years) and on or before (today − N years).
  const bornOnOrBefore = f.ageMin !== undefined ? addMonthsToDate(today, -12 * f.ageMin) : undefined;
  const bornAfter = f.ageMax !== undefined ? addMonthsToDate(today, -12 * (f.ageMax + 1)) : undefined;
  return sql.join([
    sql`p.merged_into IS NULL`, // a duplicate merged into another record is history, not a person
    sql`p.region_code >= ${scope.from} AND p.region_code < ${scope.to}`,
    sql`p.region_code >= ${within.from} AND p.region_code < ${within.to}`,
    f.q?.trim() ? searchCondition(f.q, cipher) : undefined,
    f.status ? sql`p.status = ${f.status}` : undefined,
    bornOnOrBefore ? sql`p.birth_date <= ${bornOnOrBefore}::date` : undefined,
    bornAfter ? sql`p.birth_date > ${bornAfter}::date` : undefined,
  ].filter((c): c is SQL => c !== undefined), sql` AND `);
}

export function personOrder(f: PersonFilter): SQL {
  const dir = f.order === 'desc' ? sql.raw('DESC') : sql.raw('ASC');
  switch (f.sort) {
    case 'birthDate': return sql`p.birth_date ${dir}, p.id`;
    case 'createdAt': return sql`p.created_at ${dir}, p.id`;
    default: return sql`p.name ${dir}, p.id`;
  }
}

