import { z } from 'zod';
import { auditActorOf, authorize, inScope, type ModuleDeps, type MzApp } from '@mz/http';
import { detectDuplicates, dismissDuplicate, listDuplicates, mergeDuplicate } from './duplicates.service.ts';

const tags = ['人口与家庭'];
const idParam = z.object({ id: z.uuid('编号格式不正确') });
const personSummary = z.object({
  id: z.string(), idNumberMasked: z.string(), name: z.string(), sex: z.enum(['male', 'female']), birthDate: z.string(), age: z.number(),
  regionCode: z.string(), regionName: z.string(), hukouType: z.enum(['urban', 'rural']), status: z.enum(['alive', 'deceased', 'missing', 'imprisoned']),
  phoneMasked: z.string().nullable(), householdId: z.string().nullable(),
});
const pair = z.object({
  id: z.string(), reason: z.enum(['name_birth', 'id_typo']), status: z.enum(['open', 'merged', 'dismissed']),
  regionCode: z.string(), detectedAt: z.string(), a: personSummary, b: personSummary,
});

/** 疑似重复人员: detect, review, merge or dismiss (docs/api/registry-contract.md, Duplicates). */
export function duplicateRoutes(app: MzApp, { db, cipher }: ModuleDeps) {
  app.get('/api/v1/registry/duplicates', {
    schema: {
      tags, summary: '疑似重复人员（本辖区）',
      querystring: z.object({
        status: z.enum(['open', 'merged', 'dismissed']).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(pair), total: z.number() }) },
    },
    preHandler: authorize('person.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listDuplicates(tx, actor, request.query)));

  app.post('/api/v1/registry/duplicates/detect', {
    schema: {
      tags, summary: '查找疑似重复人员（同县同名同出生日期；同名且身份证号相差一处笔误）',
      response: { 200: z.object({ idTypo: z.number(), nameBirth: z.number() }) },
    },
    preHandler: authorize('person.write'),
  }, async (request) => inScope(db, request, (tx, actor) => detectDuplicates(tx, actor.regionCode, cipher, auditActorOf(request))));

  app.post('/api/v1/registry/duplicates/:id/merge', {
    schema: {
      tags, summary: '合并疑似重复人员（保留一人，另一人标记为已合并）', params: idParam,
      body: z.object({ keepPersonId: z.uuid('请选择要保留的人员') }),
    },
    preHandler: authorize('person.write'),
  }, async (request, reply) => {
    await inScope(db, request, (tx, actor) => mergeDuplicate(tx, actor, auditActorOf(request), request.params.id, request.body.keepPersonId));
    return reply.code(204).send();
  });

  app.post('/api/v1/registry/duplicates/:id/dismiss', {
    schema: { tags, summary: '确认不是同一人', params: idParam },
    preHandler: authorize('person.write'),
  }, async (request, reply) => {
    await inScope(db, request, (tx, actor) => dismissDuplicate(tx, actor, auditActorOf(request), request.params.id));
    return reply.code(204).send();
  });
}
