/**
 * Demo data of 机构与床位 (not in production): four institutions of 二道区 — a 公办 social welfare
 * home in 荣光街道 (60 beds, 40 nursing-type), a 公建民营 care home in 东盛街道, a 日间照料中心 and a
 * rural 互助幸福院 in 英俊镇 — with staff, beds, residents drawn from the demo population aged 60+
 * (one INSERT … SELECT per home), and demo-carehome bound to the welfare home.
 * Idempotent: writes nothing once the welfare home exists, or when the demo county is not loaded.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { computeCreditCodeCheckChar, subtreeRange } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';

const SEEDER = { actorId: null, actorName: '系统初始化（演示数据）', actorRegion: '220105000000', ip: null };

function creditCode(first17: string): string {
  return first17 + computeCreditCodeCheckChar(first17);
}

interface DemoInstitution {
  name: string;
  kind: 'care_home' | 'day_care' | 'rural_mutual_aid';
  operatorType: 'public' | 'public_private';
  creditCode: string | null;
  regionCode: string;
  address: string;
  coordinates: [number, number];
  legalPerson: string;
  contactName: string;
  contactPhone: string;
  openedOn: string;
  filing: { no: string; on: string } | null;
  /** [rooms, bed labels, nursing] groups. */
  beds: [string[], string[], boolean][];
  staff: [string, string, string | null, string][]; // name, role, certificate level, hired on
  /** Residents drawn from this jurisdiction's demo persons aged 60+. */
  residents: { within: string; count: number };
}

const rooms = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

export const DEMO_INSTITUTIONS: readonly DemoInstitution[] = [
  {
    name: '二道区社会福利院', kind: 'care_home', operatorType: 'public', creditCode: creditCode('12220105MB1234567'),
    regionCode: '220105003005', address: '长春市二道区岭东路 66 号', coordinates: [125.3747, 43.8705],
    legalPerson: '刘志国', contactName: '孙丽华', contactPhone: '0431-84651234', openedOn: '2012-06-01',
    filing: { no: '吉长二民养备〔2021〕001号', on: '2021-03-15' },
    beds: [[rooms(101, 110), ['1', '2', '3', '4'], true], [rooms(201, 210), ['1', '2'], false]],
    staff: [
      ['王秀英', 'caregiver', '3', '2015-04-01'], ['李春梅', 'caregiver', '4', '2018-09-10'], ['张桂兰', 'caregiver', '4', '2019-03-01'],
      ['赵玉珍', 'caregiver', '5', '2021-07-15'], ['陈淑芬', 'caregiver', null, '2024-02-20'], ['刘艳', 'caregiver', '5', '2022-11-01'],
      ['杨丽', 'caregiver', null, '2025-05-06'], ['周建华', 'nurse', null, '2016-08-01'], ['吴明', 'doctor', null, '2014-01-02'],
      ['郑晓燕', 'social_worker', null, '2020-10-12'], ['孙丽华', 'manager', null, '2012-06-01'],
    ],
    residents: { within: '220105003', count: 18 },
  },
  {
    name: '二道区颐康养护中心', kind: 'care_home', operatorType: 'public_private', creditCode: creditCode('52220105MJ7654321'),
    regionCode: '220105001000', address: '长春市二道区东盛大街 1288 号', coordinates: [125.3612, 43.8811],
    legalPerson: '高建军', contactName: '何静', contactPhone: '0431-84923456', openedOn: '2019-10-01',
    filing: { no: '吉长二民养备〔2022〕007号', on: '2022-05-20' },
    beds: [[rooms(301, 305), ['1', '2', '3', '4'], true], [rooms(401, 405), ['1', '2'], false]],
    staff: [
      ['马春燕', 'caregiver', '4', '2019-10-01'], ['胡秀珍', 'caregiver', null, '2023-03-15'], ['林小红', 'caregiver', '5', '2020-06-01'],
      ['何静', 'manager', null, '2019-10-01'], ['罗敏', 'nurse', null, '2021-01-10'],
    ],
    residents: { within: '220105001', count: 7 },
  },
  {
    name: '荣光街道日间照料中心', kind: 'day_care', operatorType: 'public', creditCode: null,
    regionCode: '220105003000', address: '长春市二道区荣光路 18 号', coordinates: [125.3790, 43.8682],
    legalPerson: '徐海涛', contactName: '梁晓东', contactPhone: '0431-84667788', openedOn: '2020-09-01',
    filing: null,
    beds: [[['A'], ['1', '2', '3', '4', '5', '6'], false]],
    staff: [['宋玉兰', 'caregiver', '5', '2020-09-01'], ['梁晓东', 'manager', null, '2020-09-01']],
    residents: { within: '220105003', count: 0 },
  },
  {
    name: '英俊镇和平村互助幸福院', kind: 'rural_mutual_aid', operatorType: 'public', creditCode: null,
    regionCode: '220105100200', address: '长春市二道区英俊镇和平村村委会东侧', coordinates: [125.4655, 43.8401],
    legalPerson: '韩德福', contactName: '韩德福', contactPhone: '13904312233', openedOn: '2017-05-01',
    filing: null,
    beds: [[['1', '2', '3', '4'], ['1', '2'], false]],
    staff: [['韩德福', 'manager', null, '2017-05-01'], ['冯桂香', 'caregiver', null, '2018-01-01']],
    residents: { within: '220105100', count: 0 },
  },
];

export const DEMO_CAREHOME_OPERATOR = 'demo-carehome';

export async function seedDemoInstitutions(db: Database, _cipher: FieldCipher): Promise<number> {
  return db.transaction(async (tx) => {
    const [state] = await tx.rows<{ seeded: boolean; regions: boolean }>(sql`
      SELECT EXISTS (SELECT 1 FROM elderly_institution WHERE name = ${DEMO_INSTITUTIONS[0]!.name}) AS seeded,
             (SELECT count(*) FROM region WHERE code IN ${DEMO_INSTITUTIONS.map((i) => i.regionCode)}) = ${DEMO_INSTITUTIONS.length} AS regions`);
    if (state!.seeded || !state!.regions) return 0;
    let rows = 0;
    for (const inst of DEMO_INSTITUTIONS) rows += await seedOne(tx, inst);
    const bound = await tx.run(sql`
      INSERT INTO elderly_institution_operator (user_id, institution_id)
      SELECT u.id, i.id FROM iam_user u, elderly_institution i
      WHERE u.username = ${DEMO_CAREHOME_OPERATOR} AND i.name = ${DEMO_INSTITUTIONS[0]!.name}
      ON CONFLICT DO NOTHING`);
    if (bound) {
      await appendAudit(tx, SEEDER, {
        action: 'elderly.institution.operator_bind', entityType: 'elderly_institution', regionCode: DEMO_INSTITUTIONS[0]!.regionCode,
        summary: `绑定演示机构经办账号 ${DEMO_CAREHOME_OPERATOR} 到 ${DEMO_INSTITUTIONS[0]!.name}`,
      });
    }
    return rows + bound;
  });
}

async function seedOne(tx: Tx, inst: DemoInstitution): Promise<number> {
  const [{ id }] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_institution (name, kind, operator_type, credit_code, region_code, address, longitude, latitude, legal_person,
      contact_name, contact_phone, opened_on, filing_no, filed_on)
    -- A code or filing number someone registered for real wins: the demo row goes without it.
    SELECT ${inst.name}, ${inst.kind}, ${inst.operatorType},
      CASE WHEN NOT EXISTS (SELECT 1 FROM elderly_institution WHERE credit_code = ${inst.creditCode}) THEN ${inst.creditCode} END,
      ${inst.regionCode}, ${inst.address}, ${inst.coordinates[0]}, ${inst.coordinates[1]}, ${inst.legalPerson}, ${inst.contactName}, ${inst.contactPhone},
      ${inst.openedOn}::date, f.filing_no, CASE WHEN f.filing_no IS NOT NULL THEN ${inst.filing?.on ?? null}::date END
    FROM (SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM elderly_institution WHERE filing_no = ${inst.filing?.no ?? null}) THEN ${inst.filing?.no ?? null}::text END AS filing_no) f
    RETURNING id`) as [{ id: string }];
  let rows = 1;
  for (const [roomList, labels, nursing] of inst.beds) {
    const beds = roomList.flatMap((room) => labels.map((bedNo) => [room, bedNo] as const));
    rows += await tx.run(sql`
      INSERT INTO elderly_bed (institution_id, region_code, room, bed_no, nursing)
      SELECT ${id}::uuid, ${inst.regionCode}, n.room, n.bed_no, ${nursing}
      FROM unnest(${sql.param(beds.map((b) => b[0]))}::text[], ${sql.param(beds.map((b) => b[1]))}::text[]) AS n(room, bed_no)`);
  }
  rows += await tx.run(sql`
    INSERT INTO elderly_staff (institution_id, region_code, name, role, certificate_level, certificate_no, hired_on)
    SELECT ${id}::uuid, ${inst.regionCode}, s.name, s.role, nullif(s.level, ''),
      CASE WHEN s.level <> '' THEN 'YLHL' || s.level || lpad(s.ord::text, 6, '0') END, s.hired_on::date
    FROM unnest(${sql.param(inst.staff.map((s) => s[0]))}::text[], ${sql.param(inst.staff.map((s) => s[1]))}::text[],
      ${sql.param(inst.staff.map((s) => s[2] ?? ''))}::text[], ${sql.param(inst.staff.map((s) => s[3]))}::text[]) WITH ORDINALITY AS s(name, role, level, hired_on, ord)`);
  if (inst.residents.count > 0) {
    // Persons aged 60+ living in the jurisdiction, not staying anywhere yet, in a scattered order
    // (by a hash of the id, so the ages mix: 60s to 90s, as in a real home); the k-th
    // goes to bed (7k mod beds): 7 is coprime to the bed counts here, so no bed is used twice and
    // the occupied beds spread over the floors.
    const { from, to } = subtreeRange(inst.residents.within.padEnd(12, '0'));
    rows += await tx.run(sql`
      WITH beds AS (
        SELECT b.id, row_number() OVER (ORDER BY b.room, b.bed_no) - 1 AS n, count(*) OVER () AS total
        FROM elderly_bed b WHERE b.institution_id = ${id}::uuid),
      persons AS (
        SELECT p.id, row_number() OVER (ORDER BY md5(p.id::text)) AS k
        FROM registry_person p
        WHERE p.region_code >= ${from} AND p.region_code < ${to} AND p.status = 'alive'
          AND p.birth_date <= (current_date - interval '60 years')::date
          AND NOT EXISTS (SELECT 1 FROM elderly_resident r WHERE r.person_id = p.id AND r.checked_out_on IS NULL)
        ORDER BY md5(p.id::text) LIMIT ${inst.residents.count})
      INSERT INTO elderly_resident (institution_id, bed_id, person_id, region_code, checked_in_on)
      SELECT ${id}::uuid, b.id, p.id, ${inst.regionCode},
        least((DATE '2023-01-05' + (p.k * 53 % 1000)::int), current_date)
      FROM persons p JOIN beds b ON b.n = (p.k * 7) % b.total`);
  }
  await appendAudit(tx, SEEDER, {
    action: 'elderly.institution.create', entityType: 'elderly_institution', entityId: id, regionCode: inst.regionCode,
    summary: `登记演示机构：${inst.name}（床位、工作人员与在住人员为合成数据）`,
  });
  return rows;
}
