import { z } from 'zod';
import { isValidRegionCode, normalizeRegionCode } from '@mz/kernel';
import { auditActorOf, authorize, inScope, type ModuleDeps, type MzApp } from '@mz/http';
import { addNearKin, listNearKin, NEAR_KIN_RELATIONS, OFFICIAL_ROLES, removeNearKin, type NearKinRelation, type OfficialRole } from './near-kin.service.ts';

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const listed = (o: Record<string, string>) => Object.entries(o).map(([code, name]) => `${code}（${name}）`).join('、');

const relation = z.enum(keys(NEAR_KIN_RELATIONS) as [NearKinRelation, ...NearKinRelation[]], {
  error: `近亲属关系应为：${listed(NEAR_KIN_RELATIONS)}（民法典第一千零四十五条）`,
});
const officialRole = z.enum(keys(OFFICIAL_ROLES) as [OfficialRole, ...OfficialRole[]], { error: `工作人员身份应为：${listed(OFFICIAL_ROLES)}` });
const regionCode = (label: string) => z.string({ error: `请填写${label}` }).trim()
  .refine(isValidRegionCode, `${label}应为 2、4、6、9 或 12 位数字的区划代码`)
  .transform(normalizeRegionCode);

const entry = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string().nullable(),
  officialName: z.string(), officialRole, officialRoleName: z.string(), officialUserId: z.string().nullable(),
  relativePersonId: z.string(), relativeName: z.string(), relativeIdMasked: z.string(), relation, relationName: z.string(),
  note: z.string().nullable(), createdAt: z.string(), createdByName: z.string().nullable(),
  removedAt: z.string().nullable(), removedByName: z.string().nullable(),
});

const newEntry = z.object({
  officialName: z.string({ error: '请填写工作人员姓名' }).trim().min(1, '请填写工作人员姓名').max(50, '姓名不超过 50 个字'),
  officialRole,
  officialUserId: z.uuid('工作人员账号编号格式不正确').optional().nullable(),
  relativePersonId: z.uuid('请从人口库选择近亲属'),
  relation,
  regionCode: regionCode('任职区划').optional().nullable(),
  note: z.string().trim().max(200, '备注不超过 200 个字').optional().nullable(),
});

const listQuery = z.object({
  regionCode: regionCode('区划').optional(),
  personId: z.uuid('人员编号格式不正确').optional(),
  includeRemoved: z.enum(['true', 'false'], { error: 'includeRemoved 应为 true 或 false' }).transform((v) => v === 'true').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * GET/POST/DELETE /api/v1/assistance/near-kin — 近亲属备案 (docs/api/assistance-contract.md).
 * Reading needs `assistance.read`; registering and removing need `assistance.params`.
 */
export function nearKinRoutes(app: MzApp, { db }: ModuleDeps) {
  const tags = ['社会救助'];

  app.get('/api/v1/assistance/near-kin', {
    schema: {
      tags, summary: '近亲属备案登记簿（本辖区；近亲属身份证号脱敏）', querystring: listQuery,
      response: { 200: z.object({ items: z.array(entry), total: z.number() }) },
    },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listNearKin(tx, actor, request.query)));

  app.post('/api/v1/assistance/near-kin', {
    schema: { tags, summary: '登记近亲属备案（低保办法第十一条）', body: newEntry, response: { 201: entry } },
    preHandler: authorize('assistance.params'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => addNearKin(tx, actor, auditActorOf(request), request.body))));

  app.delete('/api/v1/assistance/near-kin/:id', {
    schema: { tags, summary: '撤销近亲属备案（保留记录）', params: z.object({ id: z.uuid('备案编号格式不正确') }) },
    preHandler: authorize('assistance.params'),
  }, async (request, reply) => {
    await inScope(db, request, (tx, actor) => removeNearKin(tx, actor, auditActorOf(request), request.params.id));
    return reply.code(204).send();
  });
}
