/**
 * Demo data of 老年人能力评估 (not in production): completed assessments for up to 30 persons aged 60+
 * of the demo county (二道区), institution residents first, across all five levels and the change
 * rules, a few of them past their reassessment date. Scores and levels come from the same domain
 * functions the server uses on completion. Idempotent: writes nothing once the county has any
 * assessment.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { addCalendarDays, subtreeRange, todayInShanghai } from '@mz/kernel';
import { ASSESSMENT_ITEMS } from '../domain/assessment.catalog.ts';
import { evaluateAssessment, nextDueOn, type Diagnosis, type RiskEvent } from '../domain/assessment.rules.ts';

const DEMO_COUNTY = '220105000000';
const DEMO_PERSONS = 30;
const ASSESSORS = [{ name: '张评估', certNo: 'JL-LNPG-2025-0117' }, { name: '刘评估', certNo: 'JL-LNPG-2025-0208' }];

const full = () => Object.fromEntries(ASSESSMENT_ITEMS.map((i) => [i.code, i.max])) as Record<string, number>;
const each = (prefix: string, score: number, codes: number[]) => Object.fromEntries(codes.map((n) => [`${prefix}.${n}`, score]));

interface Profile { answers: Record<string, number>; diagnoses?: Diagnosis[]; riskEventDaysBefore?: number[] }

/** Answer patterns for each level, and the change rules on top (the totals follow from the answers). */
const PROFILES: Profile[] = [
  { answers: full() }, // 90 → 0
  { answers: { ...full(), 'B1.3': 2, 'B2.4': 1, 'B4.4': 1 } }, // 84 → 1
  { answers: { ...full(), ...each('B1', 2, [1, 2, 3, 4, 5, 6, 7, 8]), ...each('B2', 2, [1, 2, 3]), 'B2.4': 1, 'B3.4': 2, 'B4.3': 2, 'B4.4': 1 } }, // 60 → 2
  { answers: { ...full(), ...each('B1', 1, [1, 2, 3, 4, 5, 6, 7, 8]), ...each('B2', 1, [1, 2, 3, 4]), ...each('B3', 3, [1, 2, 3, 4, 5, 6]), 'B4.3': 1, 'B4.4': 0 } }, // 43 → 3
  { answers: { ...full(), ...each('B1', 0, [1, 2, 3, 4, 5, 6, 7, 8]), ...each('B2', 0, [1, 2, 3, 4]), ...each('B3', 1, [1, 2, 3, 4, 5, 6]), 'B4.3': 0, 'B4.4': 0, 'B4.5': 1 } }, // 15 → 4
  // 60 → 2, raised to 3 by a dementia diagnosis.
  { answers: { ...full(), ...each('B1', 2, [1, 2, 3, 4, 5, 6, 7, 8]), ...each('B2', 2, [1, 2, 3]), 'B2.4': 1, 'B3.4': 1, 'B3.1': 2, 'B4.3': 2 }, diagnoses: [{ code: 'F03', name: '未特指的痴呆' }] },
  // 84 → 1, raised to 2 by two falls in the month before.
  { answers: { ...full(), 'B1.3': 2, 'B2.4': 1, 'B4.4': 1 }, riskEventDaysBefore: [5, 21] },
];

export async function seedDemoAssessments(db: Database, cipher: FieldCipher): Promise<number> {
  const county = subtreeRange(DEMO_COUNTY);
  const today = todayInShanghai();
  return db.transaction(async (tx) => {
    const [{ n }] = await tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM elderly_assessment
      WHERE region_code >= ${county.from} AND region_code < ${county.to}`) as [{ n: number }];
    if (n > 0) return 0;
    // Residents of the demo institutions first (their care plans need a level), then other elders.
    const persons = await tx.rows<{ id: string; name: string; id_masked: string; region_code: string }>(sql`
      SELECT p.id, p.name, p.id_masked, p.region_code
      FROM registry_person p
      WHERE p.region_code >= ${county.from} AND p.region_code < ${county.to} AND p.status = 'alive'
        AND p.birth_date <= (${today}::date - interval '61 years')::date
      ORDER BY EXISTS (SELECT 1 FROM elderly_resident r WHERE r.person_id = p.id AND r.checked_out_on IS NULL) DESC, p.id_hash
      LIMIT ${DEMO_PERSONS}`);
    if (!persons.length) return 0;
    // ≤ 30 rows built here from the domain rules, written by one INSERT.
    const rows = persons.map((p, i) => {
      const profile = PROFILES[i % PROFILES.length]!;
      // Every sixth person was assessed 13 months ago: overdue for reassessment. The others within the last 11 months.
      const assessedOn = addCalendarDays(today, i % 6 === 5 ? -395 - i : -(10 + ((i * 37) % 320)));
      const riskEvents: RiskEvent[] = (profile.riskEventDaysBefore ?? []).map((d, k) => ({ kind: k ? 'choking' : 'fall', date: addCalendarDays(assessedOn, -d), note: null }));
      const diagnoses = profile.diagnoses ?? [];
      const e = evaluateAssessment({ answers: profile.answers, diagnoses, riskEvents, assessedOn });
      const levels = e.levels!;
      return sql`(${p.id}::uuid, ${p.region_code}, ${p.name}, ${p.id_masked}, ${assessedOn}::date, ${i % 3 === 0 ? 'routine' : 'initial'}, '社区养老服务站',
        ${JSON.stringify(profile.answers)}::jsonb, ${JSON.stringify(e.dimensions.map((d) => ({ code: d.code, name: d.name, score: d.score, max: d.max })))}::jsonb,
        ${e.total}, ${levels.preliminaryLevel}, ${levels.finalLevel}, ${JSON.stringify(levels.reasons)}::jsonb,
        ${diagnoses.length ? cipher.encrypt('elderly_assessment.diagnoses', JSON.stringify(diagnoses)) : null}, ${diagnoses.length},
        ${JSON.stringify(riskEvents)}::jsonb, ${JSON.stringify(ASSESSORS)}::jsonb, 'completed', ${nextDueOn(assessedOn)}::date,
        (${assessedOn}::date + time '16:00') AT TIME ZONE 'Asia/Shanghai', '演示数据', '演示数据')`;
    });
    return tx.run(sql`INSERT INTO elderly_assessment (person_id, region_code, person_name, id_masked, assessed_on, reason, place,
        answers, dimension_scores, total_score, preliminary_level, final_level, change_reasons, diagnoses_cipher, diagnosis_count,
        risk_events, assessors, status, next_due_on, completed_at, completed_by_name, created_by_name)
      VALUES ${sql.join(rows, sql`, `)}`);
  });
}
