import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { isIsoDate, todayInShanghai } from '@mz/kernel';
import { auditActorOf, authorize, inScope, type ModuleDeps, type MzApp } from '@mz/http';
import { personChanges, personInput, regionCodeField, PERSON_STATUSES } from '../domain/index.ts';
import { createPerson, getPerson, getPersonFull, listPersons, updatePerson } from './person.service.ts';
import { addMember, createHousehold, endMember, getHousehold, listHouseholds, mergeHousehold, splitHousehold } from './household.service.ts';

const idParam = z.object({ id: z.uuid('编号格式不正确') });
const date = (label: string) => z.string().refine((v) => isIsoDate(v), `${label}应为有效日期（YYYY-MM-DD）`);
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
const personSummary = z.object({
  id: z.string(), idNumberMasked: z.string(), name: z.string(), sex: z.enum(['male', 'female']), birthDate: z.string(), age: z.number(),
  regionCode: z.string(), regionName: z.string(), hukouType: z.enum(['urban', 'rural']), status: z.enum(['alive', 'deceased', 'missing', 'imprisoned']),
  phoneMasked: z.string().nullable(), householdId: z.string().nullable(),
});
const personDetail = personSummary.extend({
  ethnicity: z.string().nullable(), ethnicityName: z.string().nullable(), hukouRegionCode: z.string(), hukouRegionName: z.string(),
  address: z.string().nullable(), disabilityCertNo: z.string().nullable(), disabilityCategory: z.string().nullable(), disabilityGrade: z.number().nullable(),
  maritalStatus: z.string().nullable(), education: z.string().nullable(), employment: z.string().nullable(), bankName: z.string().nullable(),
  bankAccountMasked: z.string().nullable(), bankHolder: z.string().nullable(), deathDate: z.string().nullable(), source: z.string(),
  importBatchId: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
const personFull = personDetail.extend({ idNumber: z.string(), phone: z.string().nullable(), bankAccount: z.string().nullable(), healthNotes: z.string().nullable() });
const member = z.object({
  memberId: z.string(), person: personSummary, relation: z.string(), relationName: z.string(), validFrom: z.string(), validTo: z.string().nullable(), endedReason: z.string().nullable(),
});
const householdDetail = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string(), address: z.string(), dissolvedOn: z.string().nullable(),
  head: personSummary.nullable(), members: z.array(member), history: z.array(member),
});
const relation = z.string().regex(/^\d{2}$/, '与户主关系应为 GB/T 4761 的两位代码');
export const personListQuery = z.object({
  q: z.string().trim().max(50, '关键字不超过 50 个字').optional(),
  regionCode: regionCodeField('区划').optional(),
  status: z.enum(Object.keys(PERSON_STATUSES) as ['alive', 'deceased', 'missing', 'imprisoned']).optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  sort: z.enum(['name', 'birthDate', 'createdAt']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
}).refine((q) => q.ageMin === undefined || q.ageMax === undefined || q.ageMin <= q.ageMax, { message: '最小年龄不能大于最大年龄', path: ['ageMin'] });

export function registryRoutes(app: MzApp, { db, cipher }: ModuleDeps) {
  const tags = ['人口与家庭'];
  const services = { cipher };

  app.get('/api/v1/registry/codes', {
    schema: { tags, summary: '民族（GB/T 3304）与家庭关系（GB/T 4761）代码表', response: { 200: z.object({ ethnicities: z.array(z.object({ code: z.string(), name: z.string() })), relations: z.array(z.object({ code: z.string(), name: z.string() })) }) } },
    preHandler: authorize('person.read'),
  }, async (request) => inScope(db, request, async (tx) => ({
    ethnicities: await tx.rows<{ code: string; name: string }>(sql`SELECT code, name FROM registry_ethnicity ORDER BY code`),
    relations: await tx.rows<{ code: string; name: string }>(sql`SELECT code, name FROM registry_relation ORDER BY code`),
  })));

  app.get('/api/v1/registry/persons', {
    schema: { tags, summary: '人员查询（身份证号精确、姓名部分/模糊、拼音首字母；本辖区；脱敏）', querystring: personListQuery.and(z.object(page)), response: { 200: z.object({ items: z.array(personSummary), total: z.number() }) } },
    preHandler: authorize('person.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listPersons(tx, actor, services, request.query)));

  app.post('/api/v1/registry/persons', {
    schema: { tags, summary: '登记人员', body: personInput, response: { 201: personDetail } },
    preHandler: authorize('person.write'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createPerson(tx, actor, auditActorOf(request), services, request.body))));

  app.get('/api/v1/registry/persons/:id', {
    schema: { tags, summary: '人员详情（脱敏）', params: idParam, response: { 200: personDetail } },
    preHandler: authorize('person.read'),
  }, async (request) => inScope(db, request, (tx, actor) => getPerson(tx, actor, request.params.id)));

  app.get('/api/v1/registry/persons/:id/full', {
    schema: { tags, summary: '人员完整信息（不脱敏；每次查看都记入审计）', params: idParam, response: { 200: personFull } },
    preHandler: authorize('person.read_full'),
  }, async (request) => inScope(db, request, (tx, actor) => getPersonFull(tx, actor, auditActorOf(request), services, request.params.id)));

  app.patch('/api/v1/registry/persons/:id', {
    schema: { tags, summary: '修改人员（须带 version，防止覆盖他人修改）', params: idParam, body: personChanges, response: { 200: personDetail } },
    preHandler: authorize('person.write'),
  }, async (request) => inScope(db, request, (tx, actor) => updatePerson(tx, actor, auditActorOf(request), services, request.params.id, request.body)));

  app.get('/api/v1/registry/households', {
    schema: {
      tags, summary: '家庭查询（本辖区）',
      querystring: z.object({ regionCode: regionCodeField('区划').optional(), q: z.string().trim().max(50).optional(), ...page }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), regionCode: z.string(), regionName: z.string(), address: z.string(), headName: z.string().nullable(), headIdNumberMasked: z.string().nullable(), memberCount: z.number() })), total: z.number() }) },
    },
    preHandler: authorize('person.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listHouseholds(tx, actor, request.query)));

  app.post('/api/v1/registry/households', {
    schema: {
      tags, summary: '建立家庭',
      body: z.object({
        regionCode: regionCodeField('家庭所在区划'), address: z.string().trim().min(1, '请填写家庭住址').max(200, '住址不超过 200 个字'),
        headPersonId: z.uuid('请选择户主'), members: z.array(z.object({ personId: z.uuid('成员编号格式不正确'), relation })).max(30, '成员过多').default([]),
        validFrom: date('起始日期').optional(),
      }),
      response: { 201: householdDetail },
    },
    preHandler: authorize('person.write'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createHousehold(tx, actor, auditActorOf(request), request.body))));

  app.get('/api/v1/registry/households/:id', {
    schema: { tags, summary: '家庭详情：某日的成员与全部历史', params: idParam, querystring: z.object({ on: date('查看日期').optional() }), response: { 200: householdDetail } },
    preHandler: authorize('person.read'),
  }, async (request) => inScope(db, request, (tx, actor) => getHousehold(tx, actor, request.params.id, request.query.on ?? todayInShanghai())));

  app.post('/api/v1/registry/households/:id/members', {
    schema: { tags, summary: '成员迁入', params: idParam, body: z.object({ personId: z.uuid('请选择人员'), relation, validFrom: date('迁入日期') }), response: { 200: householdDetail } },
    preHandler: authorize('person.write'),
  }, async (request) => inScope(db, request, (tx, actor) => addMember(tx, actor, auditActorOf(request), request.params.id, request.body)));

  app.post('/api/v1/registry/households/:id/members/:memberId/leave', {
    schema: {
      tags, summary: '成员迁出（保留历史）', params: z.object({ id: z.uuid('编号格式不正确'), memberId: z.string().regex(/^\d{1,18}$/, '成员编号格式不正确') }),
      body: z.object({ validTo: date('迁出日期'), reason: z.string().trim().min(1, '请填写迁出原因').max(100) }), response: { 200: householdDetail },
    },
    preHandler: authorize('person.write'),
  }, async (request) => inScope(db, request, (tx, actor) => endMember(tx, actor, auditActorOf(request), request.params.id, request.params.memberId, request.body.validTo, request.body.reason)));

  app.post('/api/v1/registry/households/:id/split', {
    schema: {
      tags, summary: '分户', params: idParam,
      body: z.object({ personIds: z.array(z.uuid()).min(1, '请选择分出的成员').max(30), headPersonId: z.uuid('请选择新户主'), address: z.string().trim().min(1, '请填写新家庭住址').max(200), date: date('分户日期') }),
      response: { 201: householdDetail },
    },
    preHandler: authorize('person.write'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => splitHousehold(tx, actor, auditActorOf(request), request.params.id, request.body))));

  app.post('/api/v1/registry/households/:id/merge', {
    schema: { tags, summary: '合户（本家庭成员并入目标家庭，本家庭撤销）', params: idParam, body: z.object({ intoHouseholdId: z.uuid('请选择目标家庭'), date: date('合户日期') }), response: { 200: householdDetail } },
    preHandler: authorize('person.write'),
  }, async (request) => inScope(db, request, (tx, actor) => mergeHousehold(tx, actor, auditActorOf(request), request.params.id, request.body)));
}
