/**
 * Demo data of 等级评定、检查与指标 (not in production), on the institutions the institution part
 * seeded in 二道区: confirmed ratings for the 公办 welfare home (四级) and the 公建民营 care home
 * (三级), graded by the same domain function the server uses; a combined safety and service
 * inspection of the welfare home 20 days ago with an overdue 重大隐患 (locked exit), an open 一般问题
 * and one rectified awaiting verification; and a clean fire inspection of the care home.
 * Idempotent: writes nothing once the county has a rating, or when no institution is seeded yet.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { addCalendarDays, subtreeRange, todayInShanghai } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { computeGrade, DEFAULT_GRADE_THRESHOLDS, DEFAULT_RECTIFY_DAYS, defaultDeadline, type PartScores } from '../domain/index.ts';

const DEMO_COUNTY = '220105000000';
const SEEDER = { actorId: null, actorName: '系统初始化（演示数据）', actorRegion: DEMO_COUNTY, ip: null };

interface DemoRating { institution: string; scores: PartScores; notes: Record<string, string>; ratedDaysAgo: number; confirmedDaysAgo: number }

const RATINGS: DemoRating[] = [
  { institution: '二道区社会福利院', scores: { environment: 100, facilities: 112, operations: 130, service: 520 },
    notes: { service: '个案照护计划更新不及时扣 30 分；心理慰藉服务记录不全扣 20 分' }, ratedDaysAgo: 60, confirmedDaysAgo: 45 },
  { institution: '二道区颐康养护中心', scores: { environment: 80, facilities: 85, operations: 100, service: 400 },
    notes: { facilities: '部分居室未设呼叫装置扣 20 分', service: '护理员持证率偏低' }, ratedDaysAgo: 40, confirmedDaysAgo: 30 },
];

async function institutionId(tx: Tx, name: string): Promise<{ id: string; region_code: string } | undefined> {
  const range = subtreeRange(DEMO_COUNTY);
  const [r] = await tx.rows<{ id: string; region_code: string }>(sql`
    SELECT id, region_code FROM elderly_institution WHERE name = ${name} AND region_code >= ${range.from} AND region_code < ${range.to} LIMIT 1`);
  return r;
}

async function seedRating(tx: Tx, r: DemoRating, today: string): Promise<number> {
  const inst = await institutionId(tx, r.institution);
  if (!inst) return 0;
  const result = computeGrade(r.scores, DEFAULT_GRADE_THRESHOLDS);
  const ratedOn = addCalendarDays(today, -r.ratedDaysAgo);
  const gradedOn = addCalendarDays(today, -r.confirmedDaysAgo);
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_quality_rating (institution_id, region_code, status, rated_on, score_environment, score_facilities, score_operations, score_service, total, grade,
      thresholds, item_notes, evaluators, graded_on, opinion, created_by_name, submitted_by_name, submitted_at, confirmed_by_name, confirmed_at)
    VALUES (${inst.id}::uuid, ${inst.region_code}, 'confirmed', ${ratedOn}::date, ${r.scores.environment}, ${r.scores.facilities}, ${r.scores.operations}, ${r.scores.service},
      ${result.total}, ${result.grade}, ${JSON.stringify(DEFAULT_GRADE_THRESHOLDS)}::jsonb, ${JSON.stringify(r.notes)}::jsonb, '张评定、王评定（区评定委员会）',
      ${gradedOn}::date, ${`同意评定为${result.gradeName}`}, '二道区民政局经办人', '二道区民政局经办人', ${`${ratedOn}T10:00:00+08:00`}::timestamptz,
      '区民政局审批员', ${`${gradedOn}T15:00:00+08:00`}::timestamptz)
    RETURNING id`);
  await tx.run(sql`
    INSERT INTO elderly_quality_rating_event (rating_id, institution_id, region_code, action, from_status, to_status, opinion, by_name, at)
    VALUES (${row!.id}::uuid, ${inst.id}::uuid, ${inst.region_code}, 'create', NULL, 'draft', NULL, '二道区民政局经办人', ${`${ratedOn}T09:00:00+08:00`}::timestamptz),
           (${row!.id}::uuid, ${inst.id}::uuid, ${inst.region_code}, 'submit', 'draft', 'submitted', NULL, '二道区民政局经办人', ${`${ratedOn}T10:00:00+08:00`}::timestamptz),
           (${row!.id}::uuid, ${inst.id}::uuid, ${inst.region_code}, 'confirm', 'submitted', 'confirmed', ${`同意评定为${result.gradeName}`}, '区民政局审批员', ${`${gradedOn}T15:00:00+08:00`}::timestamptz)`);
  await tx.run(sql`UPDATE elderly_institution SET grade = ${result.grade}, graded_on = ${gradedOn}::date, updated_at = now(), version = version + 1 WHERE id = ${inst.id}::uuid`);
  await appendAudit(tx, SEEDER, {
    action: 'elderly.rating.confirm', entityType: 'elderly_institution', entityId: inst.id, regionCode: inst.region_code,
    summary: `演示数据：${r.institution}等级评定为${result.gradeName}（总分 ${result.total}）`,
  });
  return 1;
}

/**
 * One inspection: every active item of its categories answered in one INSERT … SELECT over the
 * catalogue (the failed codes say which), findings for the failed ones in a second.
 */
async function seedInspection(tx: Tx, name: string, kind: 'fire' | 'combined', daysAgo: number, fails: Record<string, { severity: 'major' | 'general'; note: string }>, today: string): Promise<number> {
  const inst = await institutionId(tx, name);
  if (!inst) return 0;
  const on = addCalendarDays(today, -daysAgo);
  const failed = Object.keys(fails);
  const categories = kind === 'combined' ? ['fire', 'service'] : ['fire'];
  const [ins] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_quality_inspection (institution_id, region_code, kind, inspected_on, inspectors, summary, items_checked, items_failed, created_by_name)
    SELECT ${inst.id}::uuid, ${inst.region_code}, ${kind}, ${on}::date, ARRAY['王建国', '李敏'], ${kind === 'combined' ? '季度安全与服务质量检查' : '消防安全专项检查'},
           count(*), ${failed.length}, '二道区民政局经办人'
    FROM elderly_quality_check_item WHERE active AND category IN ${categories}
    RETURNING id`);
  await tx.run(sql`
    INSERT INTO elderly_quality_inspection_item (inspection_id, item_code, institution_id, region_code, result, note)
    SELECT ${ins!.id}::uuid, code, ${inst.id}::uuid, ${inst.region_code}, CASE WHEN code IN ${failed.length ? failed : ['']} THEN 'fail' ELSE 'pass' END, NULL
    FROM elderly_quality_check_item WHERE active AND category IN ${categories}`);
  if (failed.length) {
    await tx.run(sql`INSERT INTO elderly_quality_finding (inspection_id, institution_id, region_code, item_code, severity, description, found_on, deadline) VALUES
      ${sql.join(failed.map((code) => sql`(${ins!.id}::uuid, ${inst.id}::uuid, ${inst.region_code}, ${code}, ${fails[code]!.severity}, ${fails[code]!.note}, ${on}::date,
        ${defaultDeadline(on, fails[code]!.severity, DEFAULT_RECTIFY_DAYS)}::date)`), sql`, `)}`);
  }
  await appendAudit(tx, SEEDER, {
    action: 'elderly.inspection.create', entityType: 'elderly_quality_inspection', entityId: ins!.id, regionCode: inst.region_code,
    summary: `演示数据：${name}检查（${on}），不符合 ${failed.length} 项`,
  });
  return 1;
}

export async function seedDemoQuality(db: Database, _cipher: FieldCipher): Promise<number> {
  const today = todayInShanghai();
  const range = subtreeRange(DEMO_COUNTY);
  return db.transaction(async (tx) => {
    const [{ n }] = await tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM elderly_quality_rating WHERE region_code >= ${range.from} AND region_code < ${range.to}`) as [{ n: number }];
    if (n > 0) return 0;
    let rows = 0;
    for (const r of RATINGS) rows += await seedRating(tx, r, today);
    if (rows === 0) return 0; // the institution part seeded nothing here
    rows += await seedInspection(tx, '二道区社会福利院', 'combined', 20, {
      'F-03': { severity: 'major', note: '二楼东侧安全出口被杂物堵塞并上锁' },
      'F-05': { severity: 'general', note: '三楼走廊 2 具灭火器压力不足' },
      'S-07': { severity: 'general', note: '卫生间扶手松动，夜间照明不足' },
    }, today);
    // The extinguishers were replaced; the home reported it and waits for the inspectors' check.
    await tx.run(sql`
      WITH done AS (
        UPDATE elderly_quality_finding f SET status = 'rectified', rectified_on = ${addCalendarDays(today, -5)}::date,
               rectification = '已更换 2 具灭火器并张贴检查卡，附照片及采购单', rectified_by_name = '二道区社会福利院经办员', version = f.version + 1
        FROM elderly_institution i
        WHERE i.id = f.institution_id AND i.name = '二道区社会福利院' AND f.item_code = 'F-05' AND f.status = 'open'
          AND f.region_code >= ${range.from} AND f.region_code < ${range.to}
        RETURNING f.id, f.institution_id, f.region_code)
      INSERT INTO elderly_quality_finding_event (finding_id, institution_id, region_code, action, from_status, to_status, note, by_name, at)
      SELECT id, institution_id, region_code, 'rectify', 'open', 'rectified', '已更换 2 具灭火器并张贴检查卡，附照片及采购单', '二道区社会福利院经办员',
             ${`${addCalendarDays(today, -5)}T11:00:00+08:00`}::timestamptz FROM done`);
    rows += await seedInspection(tx, '二道区颐康养护中心', 'fire', 12, {}, today);
    return rows;
  });
}
