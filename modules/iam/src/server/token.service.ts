import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { textArray } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { invalid, notFound, subtreeRange, isWithin } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { regionExists } from '@mz/regions/server';
import { randomToken, tokenHash } from './secrets.ts';
import type { TokenRow } from '../domain/index.ts';


const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);

export async function listTokens(tx: Tx, actor: Actor): Promise<TokenRow[]> {
  const scope = subtreeRange(actor.regionCode);
  const rows = await tx.rows<any>(sql`
    SELECT t.id, t.name, t.region_code, r.name AS region_name, t.permissions, t.created_at, t.expires_at, t.revoked_at, t.last_used_at,
           u.display_name AS created_by
    FROM iam_api_token t JOIN region r ON r.code = t.region_code LEFT JOIN iam_user u ON u.id = t.created_by
    WHERE t.region_code >= ${scope.from} AND t.region_code < ${scope.to}
    ORDER BY t.created_at DESC`);
  return rows.map((r) => ({
    id: r.id, name: r.name, regionCode: r.region_code, regionName: r.region_name, permissions: r.permissions,
    createdAt: iso(r.created_at)!, expiresAt: iso(r.expires_at), revokedAt: iso(r.revoked_at), lastUsedAt: iso(r.last_used_at), createdBy: r.created_by,
  }));
}

export interface NewToken { name: string; regionCode: string; permissions: string[]; expiresAt?: string }

/**
 * An integration's token carries its own jurisdiction and permissions, never more than its creator
 * holds. The secret is shown once; only its hash is kept.
 */
export async function createToken(tx: Tx, actor: Actor, who: AuditActor, input: NewToken): Promise<{ token: string; item: TokenRow }> {
  if (!isWithin(input.regionCode, actor.regionCode)) {
    throw invalid('令牌区划超出管辖范围', [{ path: 'regionCode', message: '令牌的区划必须在本人管辖区划之内' }]);
  }
  if (!(await regionExists(tx, input.regionCode))) throw invalid('区划不存在', [{ path: 'regionCode', message: '没有这个区划代码' }]);
  const permissions = [...new Set(input.permissions)].sort();
  const beyond = permissions.filter((p) => !actor.permissions.has(p));
  if (permissions.length === 0) throw invalid('请至少选择一项权限', [{ path: 'permissions', message: '请至少选择一项权限' }]);
  if (beyond.length) throw invalid('不能授予本人没有的权限', [{ path: 'permissions', message: `本人没有：${beyond.join('、')}` }]);
  if (input.expiresAt && new Date(input.expiresAt) <= new Date()) throw invalid('到期时间必须晚于现在', [{ path: 'expiresAt', message: '到期时间必须晚于现在' }]);
  const token = randomToken('mzt_');
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO iam_api_token (name, token_hash, region_code, permissions, created_by, expires_at)
    VALUES (${input.name.trim()}, ${tokenHash(token)}, ${input.regionCode}, ${textArray(permissions)}, ${actor.kind === 'user' ? actor.id : null}, ${input.expiresAt ?? null})
    RETURNING id`);
  const item = (await listTokens(tx, actor)).find((t) => t.id === row!.id)!;
  await appendAudit(tx, who, {
    action: 'token.create', entityType: 'api_token', entityId: item.id, regionCode: item.regionCode, summary: `创建接口令牌「${item.name}」`,
    diff: { permissions: { before: null, after: permissions }, regionCode: { before: null, after: item.regionCode } },
  });
  return { token, item };
}

export async function revokeToken(tx: Tx, actor: Actor, who: AuditActor, id: string): Promise<void> {
  const scope = subtreeRange(actor.regionCode);
  const [row] = await tx.rows<{ name: string; region_code: string }>(sql`
    UPDATE iam_api_token SET revoked_at = coalesce(revoked_at, now())
    WHERE id = ${id} AND region_code >= ${scope.from} AND region_code < ${scope.to}
    RETURNING name, region_code`);
  if (!row) throw notFound('令牌不存在', '本辖区内没有该接口令牌');
  await appendAudit(tx, who, { action: 'token.revoke', entityType: 'api_token', entityId: id, regionCode: row.region_code, summary: `吊销接口令牌「${row.name}」` });
}
