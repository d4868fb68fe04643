import { z } from 'zod';
import { authorize, inScope, requireActor, type MzApp, type ModuleDeps } from '@mz/http';
import { getChildren, getRegion, parseRegionCode } from './regions.service.ts';

const regionRef = z.object({ code: z.string(), name: z.string(), level: z.number().int() });
const regionNode = regionRef.extend({ hasChildren: z.boolean() });
const regionDetail = regionNode.extend({ parentCode: z.string().nullable(), path: z.array(regionRef) });
const codeParam = z.object({ code: z.string().max(12).describe('2、4、6、9 或 12 位区划代码') });

export function regionRoutes(app: MzApp, { db }: ModuleDeps) {
  const tags = ['区划'];
  app.get('/api/v1/regions/roots', {
    schema: { tags, summary: '当前用户可查看的起始区划（本人管辖区划）', response: { 200: z.object({ items: z.array(regionNode) }) } },
    preHandler: authorize('region.read'),
  }, async (request) => inScope(db, request, async (tx) => {
    const home = await getRegion(tx, requireActor(request).regionCode);
    return { items: [{ code: home.code, name: home.name, level: home.level, hasChildren: home.hasChildren }] };
  }));

  app.get('/api/v1/regions/:code', {
    schema: { tags, summary: '区划详情（名称、级别、上级路径）', params: codeParam, response: { 200: regionDetail } },
    preHandler: authorize('region.read'),
  }, async (request) => inScope(db, request, (tx) => getRegion(tx, parseRegionCode(request.params.code))));

  app.get('/api/v1/regions/:code/children', {
    schema: { tags, summary: '下级区划', params: codeParam, response: { 200: z.object({ items: z.array(regionNode) }) } },
    preHandler: authorize('region.read'),
  }, async (request) => inScope(db, request, async (tx) => ({ items: await getChildren(tx, parseRegionCode(request.params.code)) })));
}
