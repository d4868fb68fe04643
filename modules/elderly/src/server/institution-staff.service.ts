/** 机构与床位: staff of an institution — caregivers with their certificate, hiring and leaving. */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { compareIsoDates, conflict, invalid, notFound, todayInShanghai } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { CERTIFICATE_LEVEL_NAMES, certifiedPercent, STAFF_ROLE_NAMES, type CertificateLevel, type StaffRole } from '../domain/institution.rules.ts';
import type { StaffFigures, StaffView } from '../domain/institution.views.ts';
import { institutionInScope, institutionScopeFor } from './institution.scope.ts';

function toView(r: any): StaffView {
  return {
    id: r.id, name: r.name, role: r.role, roleName: STAFF_ROLE_NAMES[r.role as StaffRole], certificateLevel: r.certificate_level ?? null,
    certificateLevelName: r.certificate_level ? CERTIFICATE_LEVEL_NAMES[r.certificate_level as CertificateLevel] : null,
    certificateNo: r.certificate_no ?? null, phone: r.phone ?? null, hiredOn: r.hired_on, leftOn: r.left_on ?? null, leftReason: r.left_reason ?? null,
  };
}

export async function listStaff(tx: Tx, actor: Actor, institutionId: string, includeLeft: boolean): Promise<{ items: StaffView[]; figures: StaffFigures }> {
  const scope = await institutionScopeFor(tx, actor);
  await institutionInScope(tx, scope, institutionId);
  const rows = await tx.rows<any>(sql`
    SELECT * FROM elderly_staff WHERE institution_id = ${institutionId}::uuid ${includeLeft ? sql`` : sql`AND left_on IS NULL`}
    ORDER BY left_on NULLS FIRST, role, name, id`);
  const items = rows.map(toView);
  const current = items.filter((s) => !s.leftOn);
  const caregivers = current.filter((s) => s.role === 'caregiver');
  const certified = caregivers.filter((s) => s.certificateLevel).length;
  return { items, figures: { staff: current.length, caregivers: caregivers.length, certifiedCaregivers: certified, certifiedPercent: certifiedPercent(certified, caregivers.length) } };
}

export async function addStaff(tx: Tx, actor: Actor, who: AuditActor, institutionId: string,
  body: { name: string; role: StaffRole; certificateLevel?: CertificateLevel | null; certificateNo?: string | null; phone?: string | null; hiredOn: string }): Promise<StaffView> {
  const scope = await institutionScopeFor(tx, actor);
  const inst = await institutionInScope(tx, scope, institutionId);
  if (inst.status === 'closed') throw conflict('机构已关闭', '已关闭的机构不能登记工作人员');
  if (compareIsoDates(body.hiredOn, todayInShanghai()) > 0) throw invalid('工作人员信息有误', [{ path: 'hiredOn', message: '入职日期不能晚于今天' }]);
  const [r] = await tx.rows<any>(sql`
    INSERT INTO elderly_staff (institution_id, region_code, name, role, certificate_level, certificate_no, phone, hired_on)
    VALUES (${institutionId}::uuid, ${inst.region_code}, ${body.name}, ${body.role}, ${body.certificateLevel ?? null}, ${body.certificateNo ?? null},
      ${body.phone ?? null}, ${body.hiredOn})
    RETURNING *`);
  const view = toView(r);
  await appendAudit(tx, who, {
    action: 'elderly.staff.add', entityType: 'elderly_staff', entityId: view.id, regionCode: inst.region_code,
    summary: `${inst.name} 登记工作人员 ${view.name}（${view.roleName}${view.certificateLevelName ? `，${view.certificateLevelName}` : '，无证书'}）`,
  });
  return view;
}

async function staffRow(tx: Tx, institutionId: string, staffId: string) {
  const [r] = await tx.rows<any>(sql`SELECT * FROM elderly_staff WHERE id = ${staffId}::uuid AND institution_id = ${institutionId}::uuid FOR UPDATE`);
  if (!r) throw notFound('工作人员不存在');
  return r;
}

export async function updateStaff(tx: Tx, actor: Actor, who: AuditActor, institutionId: string, staffId: string,
  body: { role?: StaffRole; certificateLevel?: CertificateLevel | null; certificateNo?: string | null; phone?: string | null }): Promise<StaffView> {
  const scope = await institutionScopeFor(tx, actor);
  const inst = await institutionInScope(tx, scope, institutionId);
  const before = toView(await staffRow(tx, institutionId, staffId));
  if (before.leftOn) throw conflict('该人员已离职', '离职人员的信息不能再修改');
  const next = {
    role: body.role ?? before.role,
    certificateLevel: body.certificateLevel === undefined ? before.certificateLevel : body.certificateLevel,
    certificateNo: body.certificateNo === undefined ? before.certificateNo : body.certificateNo,
    phone: body.phone === undefined ? before.phone : body.phone,
  };
  if (!next.certificateLevel !== !next.certificateNo) throw invalid('工作人员信息有误', [{ path: 'certificateNo', message: '证书等级与证书编号须同时填写' }]);
  const [r] = await tx.rows<any>(sql`
    UPDATE elderly_staff SET role = ${next.role}, certificate_level = ${next.certificateLevel}, certificate_no = ${next.certificateNo}, phone = ${next.phone}
    WHERE id = ${staffId}::uuid RETURNING *`);
  const after = toView(r);
  await appendAudit(tx, who, {
    action: 'elderly.staff.update', entityType: 'elderly_staff', entityId: staffId, regionCode: inst.region_code,
    summary: `${inst.name} 修改工作人员 ${after.name} 的信息`,
    diff: diffFields(
      { role: before.roleName, certificate: before.certificateLevelName, certificateNo: before.certificateNo, phone: before.phone },
      { role: after.roleName, certificate: after.certificateLevelName, certificateNo: after.certificateNo, phone: after.phone }),
  });
  return after;
}

export async function staffLeaves(tx: Tx, actor: Actor, who: AuditActor, institutionId: string, staffId: string, body: { leftOn: string; reason?: string | null }): Promise<StaffView> {
  const scope = await institutionScopeFor(tx, actor);
  const inst = await institutionInScope(tx, scope, institutionId);
  const before = toView(await staffRow(tx, institutionId, staffId));
  if (before.leftOn) throw conflict('该人员已离职', `已于 ${before.leftOn} 离职`);
  if (compareIsoDates(body.leftOn, before.hiredOn) < 0) throw invalid('离职日期有误', [{ path: 'leftOn', message: `离职日期不能早于入职日期（${before.hiredOn}）` }]);
  if (compareIsoDates(body.leftOn, todayInShanghai()) > 0) throw invalid('离职日期有误', [{ path: 'leftOn', message: '离职日期不能晚于今天' }]);
  const [r] = await tx.rows<any>(sql`UPDATE elderly_staff SET left_on = ${body.leftOn}, left_reason = ${body.reason ?? null} WHERE id = ${staffId}::uuid RETURNING *`);
  await appendAudit(tx, who, {
    action: 'elderly.staff.leave', entityType: 'elderly_staff', entityId: staffId, regionCode: inst.region_code,
    summary: `${inst.name} 工作人员 ${before.name} 于 ${body.leftOn} 离职${body.reason ? `（${body.reason}）` : ''}`,
  });
  return toView(r);
}
