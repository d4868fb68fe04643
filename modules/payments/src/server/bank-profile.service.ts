/** Bank file layouts: the built-in 通用格式 and those a county, city or province declared. */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { notFound } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { STANDARD_PROFILE, type BankProfile, type BankProfileDefinition, type BankProfileView, type bankProfileInput } from '../domain/index.ts';

interface ProfileRow { code: string; region_code: string; name: string; definition: BankProfileDefinition; created_at: string }

const toView = (r: ProfileRow): BankProfileView => ({
  ...r.definition, code: r.code, name: r.name, regionCode: r.region_code, builtIn: false, createdAt: new Date(r.created_at).toISOString(),
});

/**
 * The profiles visible from a region: its own and its ancestors' (row-level security shows both),
 * the nearest region's newest version of each code winning, then 通用格式.
 */
export async function listBankProfiles(tx: Tx, regionCode: string): Promise<BankProfileView[]> {
  const rows = await tx.rows<ProfileRow>(sql`
    SELECT DISTINCT ON (code) code, region_code, name, definition, created_at FROM payments_bank_profile
    WHERE payments_region_covers(region_code, ${regionCode}) OR region_code = ${regionCode}
    ORDER BY code, length(rtrim(region_code, '0')) DESC, created_at DESC`);
  return [{ ...STANDARD_PROFILE, regionCode: null, builtIn: true, createdAt: null }, ...rows.map(toView)];
}

export async function resolveBankProfile(tx: Tx, regionCode: string, code: string): Promise<BankProfile> {
  const found = (await listBankProfiles(tx, regionCode)).find((p) => p.code === code);
  if (!found) throw notFound('银行格式不存在', `没有代码为「${code}」的银行格式`);
  return found;
}

export async function createBankProfile(tx: Tx, who: AuditActor, regionCode: string, input: z.output<typeof bankProfileInput>): Promise<BankProfileView> {
  const { code, name, ...definition } = input;
  const [row] = await tx.rows<ProfileRow>(sql`
    INSERT INTO payments_bank_profile (code, region_code, name, definition, created_by, created_by_name)
    VALUES (${code}, ${regionCode}, ${name}, ${JSON.stringify(definition)}::jsonb, ${who.actorId}::uuid, ${who.actorName})
    RETURNING code, region_code, name, definition, created_at`);
  await appendAudit(tx, who, {
    action: 'payments.bank_profile', entityType: 'payments_bank_profile', entityId: code, regionCode,
    summary: `设定银行格式「${name}」（${code}）：代发文件 ${definition.columns.map((c) => c.header).join('、')}`,
    diff: { definition: { before: null, after: input } },
  });
  return toView(row!);
}
