import { z } from 'zod';
import { authorize, inScope, requireActor, type MzApp, type ModuleDeps } from '@mz/http';
import { isValidRegionCode, normalizeRegionCode } from '@mz/kernel';
import { listAudit } from './audit.service.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const query = z.object({
  actor: z.string().trim().max(50).optional().describe('操作人姓名（部分匹配）'),
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  regionCode: z.string().refine(isValidRegionCode, '区划代码应为 2、4、6、9 或 12 位数字').optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
const row = z.object({
  id: z.string(), at: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(), actorRegion: z.string().nullable(), actorRegionName: z.string().nullable(),
  ip: z.string().nullable(), action: z.string(), entityType: z.string().nullable(), entityId: z.string().nullable(),
  regionCode: z.string().nullable(), summary: z.string(), diff: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
});

export function auditRoutes(app: MzApp, { db, catalog }: ModuleDeps) {
  const tags = ['审计'];
  app.get('/api/v1/audit', {
    schema: { tags, summary: '审计日志查询（本辖区）', querystring: query, response: { 200: z.object({ items: z.array(row), total: z.number() }) } },
    preHandler: authorize('audit.read'),
  }, async (request) => inScope(db, request, (tx, actor) => {
    const q = request.query;
    return listAudit(tx, { ...q, regionCode: q.regionCode ? normalizeRegionCode(q.regionCode) : undefined }, actor.regionCode);
  }));

  app.get('/api/v1/audit/actions', {
    schema: { tags, summary: '审计操作类型', response: { 200: z.object({ items: z.array(z.object({ action: z.string(), name: z.string() })) }) } },
    preHandler: authorize('audit.read'),
  }, async (request) => {
    requireActor(request);
    return { items: Object.entries(catalog.auditActions).map(([action, name]) => ({ action, name })) };
  });
}
