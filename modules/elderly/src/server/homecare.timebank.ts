/**
 * 时间银行: volunteers (registry persons) bank the hours of service they give to elders and redeem
 * them for service they receive. The balance lives on the account row, whose CHECK keeps it from
 * going below zero whatever the writer; the ledger is append-only (trigger and privileges).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { appendAudit } from '@mz/audit/server';
import { invalid, notFound, subtreeRange, todayInShanghai, toShanghaiIso } from '@mz/kernel';
import { TIMEBANK_KIND_NAMES, type TimebankKind } from '../domain/homecare.names.ts';
import { balanceAfterRedeem, formatHours, timebankMinutes } from '../domain/homecare.rules.ts';
import type { TimebankInput } from '../domain/homecare.schema.ts';
import type { HomecareActor } from './homecare.service.ts';

export type TimebankAccountView = {
  personId: string; name: string; idMasked: string; regionCode: string; regionName: string | null; balanceMinutes: number; creditedMinutes: number;
  redeemedMinutes: number; balanceHours: number; updatedAt: string;
};
export type TimebankEntryView = {
  id: number; personId: string; kind: TimebankKind; kindName: string; minutes: number; hours: number; counterpartPersonId: string | null;
  counterpartName: string | null; serviceDate: string; description: string; balanceAfterMinutes: number; createdByName: string | null; createdAt: string;
};

export async function listAccounts(tx: Tx, scopeRegion: string, q: { q?: string; page: number; pageSize: number }): Promise<{ items: TimebankAccountView[]; total: number }> {
  const { from, to } = subtreeRange(scopeRegion);
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT a.*, p.name, p.id_masked, r.name AS region_name, count(*) OVER () AS total
    FROM elderly_timebank_account a JOIN registry_person p ON p.id = a.person_id LEFT JOIN region r ON r.code = a.region_code
    WHERE a.region_code >= ${from} AND a.region_code < ${to} ${q.q ? sql`AND p.name = ${q.q}` : sql``}
    ORDER BY a.balance_minutes DESC, p.name LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return {
    items: rows.map((r) => ({
      personId: r.person_id, name: r.name, idMasked: r.id_masked, regionCode: r.region_code, regionName: r.region_name,
      balanceMinutes: Number(r.balance_minutes), creditedMinutes: Number(r.credited_minutes), redeemedMinutes: Number(r.redeemed_minutes),
      balanceHours: Number(r.balance_minutes) / 60, updatedAt: toShanghaiIso(new Date(String(r.updated_at))),
    })),
    total: rows.length ? Number(rows[0]!.total) : 0,
  };
}

export async function listEntries(tx: Tx, scopeRegion: string, personId: string): Promise<TimebankEntryView[]> {
  const { from, to } = subtreeRange(scopeRegion);
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT e.*, c.name AS counterpart_name FROM elderly_timebank_entry e LEFT JOIN registry_person c ON c.id = e.counterpart_person_id
    WHERE e.person_id = ${personId}::uuid AND e.region_code >= ${from} AND e.region_code < ${to} ORDER BY e.id DESC`);
  return rows.map((r) => ({
    id: Number(r.id), personId: r.person_id, kind: r.kind, kindName: TIMEBANK_KIND_NAMES[r.kind as TimebankKind], minutes: Number(r.minutes), hours: Number(r.minutes) / 60,
    counterpartPersonId: r.counterpart_person_id, counterpartName: r.counterpart_name, serviceDate: r.service_date, description: r.description,
    balanceAfterMinutes: Number(r.balance_after), createdByName: r.created_by_name, createdAt: toShanghaiIso(new Date(String(r.created_at))),
  }));
}

async function personInScope(tx: Tx, scopeRegion: string, id: string, field: string, label: string) {
  const { from, to } = subtreeRange(scopeRegion);
  const [p] = await tx.rows<{ id: string; name: string; region_code: string; status: string }>(sql`
    SELECT id, name, region_code, status FROM registry_person WHERE id = ${id}::uuid AND region_code >= ${from} AND region_code < ${to}`);
  if (!p) throw invalid(`${label}不存在或不在本辖区`, [{ path: field, message: `请从本辖区人员中选择${label}` }]);
  if (p.status !== 'alive') throw invalid(`${label}状态异常`, [{ path: field, message: `${p.name} 不是“正常”状态` }]);
  return p;
}

function checkEntry(input: TimebankInput): number {
  const minutes = timebankMinutes(input.hours);
  if (input.serviceDate > todayInShanghai()) throw invalid('服务日期不能晚于今天', [{ path: 'serviceDate', message: '服务日期不能晚于今天' }]);
  if (input.counterpartPersonId && input.counterpartPersonId === input.personId) throw invalid('服务双方不能是同一人', [{ path: 'counterpartPersonId', message: '请选择另一人' }]);
  return minutes;
}

async function writeEntry(tx: Tx, actor: HomecareActor, person: { id: string; region_code: string }, kind: TimebankKind, minutes: number, balanceAfter: number, input: TimebankInput) {
  await tx.run(sql`
    INSERT INTO elderly_timebank_entry (person_id, region_code, kind, minutes, counterpart_person_id, service_date, description, balance_after, created_by, created_by_name)
    VALUES (${person.id}::uuid, ${person.region_code}, ${kind}, ${minutes}, ${input.counterpartPersonId ?? null}::uuid, ${input.serviceDate}::date,
            ${input.description}, ${balanceAfter}, ${actor.actorId}::uuid, ${actor.actorName})`);
}

/** 存入: the volunteer served someone; the account is opened on the first credit. */
export async function credit(tx: Tx, actor: HomecareActor, input: TimebankInput): Promise<{ balanceMinutes: number }> {
  const minutes = checkEntry(input);
  if (!input.counterpartPersonId) throw invalid('请选择接受服务的老人', [{ path: 'counterpartPersonId', message: '请选择接受服务的老人' }]);
  const volunteer = await personInScope(tx, actor.regionCode, input.personId, 'personId', '志愿者');
  const served = await personInScope(tx, actor.regionCode, input.counterpartPersonId, 'counterpartPersonId', '服务对象');
  await tx.run(sql`INSERT INTO elderly_timebank_account (person_id, region_code) VALUES (${volunteer.id}::uuid, ${volunteer.region_code}) ON CONFLICT (person_id) DO NOTHING`);
  const [a] = await tx.rows<{ balance_minutes: number }>(sql`
    UPDATE elderly_timebank_account SET balance_minutes = balance_minutes + ${minutes}, credited_minutes = credited_minutes + ${minutes}, updated_at = now()
    WHERE person_id = ${volunteer.id}::uuid RETURNING balance_minutes`);
  const balance = Number(a!.balance_minutes);
  await writeEntry(tx, actor, volunteer, 'credit', minutes, balance, input);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.timebank_credit', entityType: 'elderly_timebank_account', entityId: volunteer.id, regionCode: volunteer.region_code,
    summary: `时间银行存入：${volunteer.name} 为 ${served.name} 服务 ${formatHours(minutes)} 小时（${input.serviceDate}，${input.description}），余额 ${formatHours(balance)} 小时`,
  });
  return { balanceMinutes: balance };
}

/**
 * 兑换: the volunteer receives service paid with banked hours. The decrement is conditional on the
 * balance covering it, so of two concurrent redemptions the second (waiting on the row lock)
 * finds the new balance and is refused; the CHECK on the balance is the backstop.
 */
export async function redeem(tx: Tx, actor: HomecareActor, input: TimebankInput): Promise<{ balanceMinutes: number }> {
  const minutes = checkEntry(input);
  const volunteer = await personInScope(tx, actor.regionCode, input.personId, 'personId', '志愿者');
  if (input.counterpartPersonId) await personInScope(tx, actor.regionCode, input.counterpartPersonId, 'counterpartPersonId', '服务提供人');
  const [a] = await tx.rows<{ balance_minutes: number }>(sql`
    UPDATE elderly_timebank_account SET balance_minutes = balance_minutes - ${minutes}, redeemed_minutes = redeemed_minutes + ${minutes}, updated_at = now()
    WHERE person_id = ${volunteer.id}::uuid AND balance_minutes >= ${minutes} RETURNING balance_minutes`);
  if (!a) {
    const [cur] = await tx.rows<{ balance_minutes: number }>(sql`SELECT balance_minutes FROM elderly_timebank_account WHERE person_id = ${volunteer.id}::uuid`);
    if (!cur) throw notFound('该人员尚无时间银行账户', '志愿者首次存入服务时长时开户');
    balanceAfterRedeem(Number(cur.balance_minutes), minutes); // throws the 409 with the balance
  }
  const balance = Number(a!.balance_minutes);
  await writeEntry(tx, actor, volunteer, 'redeem', minutes, balance, input);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.timebank_redeem', entityType: 'elderly_timebank_account', entityId: volunteer.id, regionCode: volunteer.region_code,
    summary: `时间银行兑换：${volunteer.name} 兑换 ${formatHours(minutes)} 小时（${input.serviceDate}，${input.description}），余额 ${formatHours(balance)} 小时`,
  });
  return { balanceMinutes: balance };
}
