/**
 * HTTP routes of 机构与床位 (docs/api/elderly-institution-contract.md). Thin: parse, open the
 * scope, one service call. Every route below applies institutionScopeFor(): an operator reaches
 * only their institution, and another institution is a 404.
 */
import { z } from 'zod';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@mz/kernel';
import { auditActorOf, inScope, requireActor, type MzApp, type ModuleDeps } from '@mz/http';
import {
  CERTIFICATE_LEVELS, CHECKOUT_REASONS, DOCUMENT_KINDS, INSTITUTION_KINDS, INSTITUTION_STATUSES, OPERATOR_TYPES, STAFF_ROLES,
} from '../domain/institution.rules.ts';
import {
  addBedsSchema, bedServiceSchema, bindOperatorSchema, checkInSchema, checkOutSchema, documentKindSchema, filingSchema, institutionInputSchema,
  institutionListQuerySchema, institutionUpdateSchema, moveBedSchema, staffInputSchema, staffLeaveSchema, staffUpdateSchema, statusChangeSchema,
} from '../domain/institution.schema.ts';
import {
  addDocument, bindOperator, changeInstitutionStatus, createInstitution, fileInstitution, getInstitution, listInstitutions, MAX_DOCUMENT_BYTES,
  readDocument, removeDocument, unbindOperator, updateInstitution,
} from './institution.service.ts';
import { addBeds, checkIn, checkInCandidates, checkOut, listBeds, listResidents, moveBed, occupancyByInstitution, setBedService } from './institution-residents.service.ts';
import { addStaff, listStaff, staffLeaves, updateStaff } from './institution-staff.service.ts';

const TAGS = ['养老机构'];
const BASE = '/api/v1/elderly/institutions';
const READ = 'elderly.read';
const MANAGE = 'elderly.institution.manage';
const OPERATE = 'elderly.institution.operate';

const idParam = z.object({ id: z.uuid('机构编号格式不正确') });
const bedParam = idParam.extend({ bedId: z.uuid('床位编号格式不正确') });
const residentParam = idParam.extend({ residentId: z.uuid('入住记录编号格式不正确') });
const staffParam = idParam.extend({ staffId: z.uuid('工作人员编号格式不正确') });
const documentParam = idParam.extend({ documentId: z.uuid('材料编号格式不正确') });
const userParam = idParam.extend({ userId: z.uuid('账号编号格式不正确') });

/** preHandler: signed in and holding at least one of the permissions (officials manage, operators operate). */
function authorizeAny(...permissions: string[]) {
  return async (request: FastifyRequest) => {
    const actor = requireActor(request);
    if (!permissions.some((p) => actor.permissions.has(p))) {
      throw new DomainError({ code: 'FORBIDDEN', status: 403, title: '没有权限', detail: `需要以下权限之一：${permissions.join('、')}` });
    }
  };
}

const summaryView = z.object({
  id: z.string(), name: z.string(), kind: z.enum(INSTITUTION_KINDS), kindName: z.string(), operatorType: z.enum(OPERATOR_TYPES), operatorTypeName: z.string(),
  regionCode: z.string(), regionName: z.string(), address: z.string(), status: z.enum(INSTITUTION_STATUSES), statusName: z.string(),
  grade: z.number().nullable(), filingNo: z.string().nullable(), beds: z.number(), nursingBeds: z.number(), residents: z.number(),
  occupancyPercent: z.number().nullable().describe('入住率（%）= 在住人数 ÷ 在用床位数'),
});
const documentView = z.object({
  id: z.string(), kind: z.enum(DOCUMENT_KINDS), kindName: z.string(), name: z.string(), fileName: z.string(), contentType: z.string(),
  sizeBytes: z.number(), uploadedByName: z.string().nullable(), uploadedAt: z.string(),
});
const detailView = summaryView.extend({
  creditCode: z.string().nullable(), longitude: z.number().nullable(), latitude: z.number().nullable(), legalPerson: z.string().nullable(),
  contactName: z.string().nullable(), contactPhone: z.string().nullable(), openedOn: z.string().nullable(), filedOn: z.string().nullable(),
  filingNote: z.string().nullable(), statusReason: z.string().nullable(), statusChangedOn: z.string().nullable(), gradedOn: z.string().nullable(),
  staff: z.number(), caregivers: z.number(), certifiedCaregivers: z.number(), certifiedPercent: z.number().nullable(),
  documents: z.array(documentView),
  operators: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string(), boundAt: z.string() })),
  version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
const bedView = z.object({
  id: z.string(), room: z.string(), bedNo: z.string(), nursing: z.boolean(), inService: z.boolean(),
  resident: z.object({ id: z.string(), personName: z.string(), idNumberMasked: z.string(), checkedInOn: z.string() }).nullable(),
});
const residentView = z.object({
  id: z.string(), institutionId: z.string(), personId: z.string(), personName: z.string(), idNumberMasked: z.string(),
  sex: z.enum(['male', 'female']).nullable(), age: z.number().nullable(), bedId: z.string(), room: z.string(), bedNo: z.string(), nursingBed: z.boolean(),
  checkedInOn: z.string(), checkedOutOn: z.string().nullable(), checkoutReason: z.enum(CHECKOUT_REASONS).nullable(), checkoutReasonName: z.string().nullable(),
  assessmentId: z.string().nullable(), assessmentLevel: z.number().nullable(), note: z.string().nullable(),
});
const staffView = z.object({
  id: z.string(), name: z.string(), role: z.enum(STAFF_ROLES), roleName: z.string(), certificateLevel: z.enum(CERTIFICATE_LEVELS).nullable(),
  certificateLevelName: z.string().nullable(), certificateNo: z.string().nullable(), phone: z.string().nullable(), hiredOn: z.string(),
  leftOn: z.string().nullable(), leftReason: z.string().nullable(),
});
const candidateView = z.object({
  personId: z.string(), name: z.string(), idNumberMasked: z.string(), sex: z.enum(['male', 'female']), age: z.number(), regionName: z.string(),
  status: z.string(), currentStay: z.string().nullable(),
});

const uploadProblem = (status: number, title: string, detail?: string) => new DomainError({ code: 'DOCUMENT_FILE', status, title, detail });

export async function institutionRoutes(app: MzApp, { db, cipher }: ModuleDeps): Promise<void> {
  await app.register(async (scope: MzApp) => {
    await scope.register(multipart, { limits: { files: 1, fileSize: MAX_DOCUMENT_BYTES, fields: 5, parts: 6 } });

    // ---- institutions ----
    scope.get(BASE, {
      schema: {
        tags: TAGS, summary: '机构列表（按类型、运营方式、区划、状态、名称筛选；含床位、在住人数与入住率）', querystring: institutionListQuerySchema,
        response: { 200: z.object({ items: z.array(summaryView), total: z.number() }) },
      },
      preHandler: authorizeAny(READ),
    }, async (request) => inScope(db, request, (tx, actor) => listInstitutions(tx, actor, request.query)));

    scope.get(`${BASE}/occupancy`, {
      schema: {
        tags: TAGS, summary: '各机构床位与入住情况（未关闭的机构）',
        response: { 200: z.object({ items: z.array(z.object({ institutionId: z.string(), name: z.string(), beds: z.number(), nursingBeds: z.number(), residents: z.number() })) }) },
      },
      preHandler: authorizeAny(READ),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => occupancyByInstitution(tx, actor)) }));

    scope.post(BASE, {
      schema: { tags: TAGS, summary: '登记机构', body: institutionInputSchema, response: { 201: detailView } },
      preHandler: authorizeAny(MANAGE),
    }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createInstitution(tx, actor, auditActorOf(request), request.body))));

    scope.get(`${BASE}/:id`, {
      schema: { tags: TAGS, summary: '机构详情（含备案材料、经办账号、工作人员持证情况）', params: idParam, response: { 200: detailView } },
      preHandler: authorizeAny(READ),
    }, async (request) => inScope(db, request, (tx, actor) => getInstitution(tx, actor, request.params.id)));

    scope.patch(`${BASE}/:id`, {
      schema: { tags: TAGS, summary: '修改机构信息（带版本号）', params: idParam, body: institutionUpdateSchema, response: { 200: detailView } },
      preHandler: authorizeAny(MANAGE),
    }, async (request) => inScope(db, request, (tx, actor) => updateInstitution(tx, actor, auditActorOf(request), request.params.id, request.body)));

    scope.post(`${BASE}/:id/filing`, {
      schema: { tags: TAGS, summary: '备案（备案编号、日期、备注）', params: idParam, body: filingSchema, response: { 200: detailView } },
      preHandler: authorizeAny(MANAGE),
    }, async (request) => inScope(db, request, (tx, actor) => fileInstitution(tx, actor, auditActorOf(request), request.params.id, request.body)));

    scope.post(`${BASE}/:id/status`, {
      schema: { tags: TAGS, summary: '变更机构状态（暂停、关闭须填原因；恢复运营）', params: idParam, body: statusChangeSchema, response: { 200: detailView } },
      preHandler: authorizeAny(MANAGE),
    }, async (request) => inScope(db, request, (tx, actor) => changeInstitutionStatus(tx, actor, auditActorOf(request), request.params.id, request.body)));

    // ---- filing documents ----
    scope.post(`${BASE}/:id/documents`, {
      schema: {
        tags: TAGS, summary: '上传备案材料（multipart：字段 file，查询参数 kind、name）', params: idParam,
        querystring: z.object({ kind: documentKindSchema, name: z.string().trim().min(1, '请填写材料名称').max(100, '材料名称不能超过 100 字') }),
        consumes: ['multipart/form-data'], response: { 201: documentView },
      },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request, reply) => {
      if (!request.isMultipart()) throw uploadProblem(415, '请以 multipart/form-data 上传文件', '表单字段名为 file');
      let fileName: string;
      let contentType: string;
      let data: Buffer;
      try {
        const part = await request.file();
        if (!part || part.fieldname !== 'file') throw uploadProblem(400, '请选择要上传的文件', '表单字段名为 file');
        fileName = part.filename || 'document';
        contentType = part.mimetype || 'application/octet-stream';
        data = await part.toBuffer();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw uploadProblem(413, '文件过大', '单个文件不能超过 20 MB');
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw uploadProblem(413, '一次只能上传一个文件');
        throw err;
      }
      const doc = await inScope(db, request, (tx, actor) => addDocument(tx, actor, auditActorOf(request), request.params.id,
        { kind: request.query.kind, name: request.query.name, fileName, contentType, data }));
      return reply.code(201).send(doc);
    });

    scope.get(`${BASE}/:id/documents/:documentId`, {
      schema: { tags: TAGS, summary: '下载备案材料（留痕）', params: documentParam },
      preHandler: authorizeAny(READ),
    }, async (request, reply) => {
      const file = await inScope(db, request, (tx, actor) => readDocument(tx, actor, auditActorOf(request), request.params.id, request.params.documentId));
      return reply.type(file.contentType)
        .header('content-disposition', `attachment; filename="document"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.data);
    });

    scope.delete(`${BASE}/:id/documents/:documentId`, {
      schema: { tags: TAGS, summary: '撤回备案材料（保留记录）', params: documentParam, response: { 204: z.null() } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request, reply) => {
      await inScope(db, request, (tx, actor) => removeDocument(tx, actor, auditActorOf(request), request.params.id, request.params.documentId));
      return reply.code(204).send(null);
    });

    // ---- operator accounts ----
    scope.post(`${BASE}/:id/operators`, {
      schema: { tags: TAGS, summary: '绑定机构经办账号（账号须有“养老机构经办”角色）', params: idParam, body: bindOperatorSchema, response: { 200: detailView } },
      preHandler: authorizeAny(MANAGE, 'user.manage'),
    }, async (request) => inScope(db, request, (tx, actor) => bindOperator(tx, actor, auditActorOf(request), request.params.id, request.body.username)));

    scope.delete(`${BASE}/:id/operators/:userId`, {
      schema: { tags: TAGS, summary: '解除机构经办账号绑定', params: userParam, response: { 200: detailView } },
      preHandler: authorizeAny(MANAGE, 'user.manage'),
    }, async (request) => inScope(db, request, (tx, actor) => unbindOperator(tx, actor, auditActorOf(request), request.params.id, request.params.userId)));

    // ---- beds ----
    scope.get(`${BASE}/:id/beds`, {
      schema: { tags: TAGS, summary: '床位（按房间排列，含在住人员）', params: idParam, response: { 200: z.object({ items: z.array(bedView) }) } },
      preHandler: authorizeAny(READ),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listBeds(tx, actor, request.params.id)) }));

    scope.post(`${BASE}/:id/beds`, {
      schema: { tags: TAGS, summary: '批量新增床位（房间号如 101-110,201；每间的床号）', params: idParam, body: addBedsSchema, response: { 201: z.object({ added: z.number() }) } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => addBeds(tx, actor, auditActorOf(request), request.params.id, request.body))));

    scope.post(`${BASE}/:id/beds/:bedId/service`, {
      schema: { tags: TAGS, summary: '床位停用或恢复使用（有人入住时不能停用）', params: bedParam, body: bedServiceSchema, response: { 200: bedView } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request) => inScope(db, request, (tx, actor) => setBedService(tx, actor, auditActorOf(request), request.params.id, request.params.bedId, request.body.inService)));

    // ---- residents ----
    scope.get(`${BASE}/:id/residents`, {
      schema: {
        tags: TAGS, summary: '入住人员（在住、已退住或全部；身份证号脱敏）', params: idParam,
        querystring: z.object({
          state: z.enum(['current', 'past', 'all']).default('current'), q: z.string().trim().max(50).optional(),
          page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(residentView), total: z.number() }) },
      },
      preHandler: authorizeAny(READ),
    }, async (request) => inScope(db, request, (tx, actor) => listResidents(tx, actor, request.params.id, request.query)));

    scope.get(`${BASE}/:id/candidates`, {
      schema: {
        tags: TAGS, summary: '入住人员查找（人口库：身份证号、姓名或拼音首字母；含当前入住机构）', params: idParam,
        querystring: z.object({ q: z.string().trim().min(1, '请输入身份证号或姓名').max(50) }),
        response: { 200: z.object({ items: z.array(candidateView) }) },
      },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => checkInCandidates(tx, actor, cipher, request.params.id, request.query.q)) }));

    scope.post(`${BASE}/:id/residents`, {
      schema: { tags: TAGS, summary: '办理入住（人员编号或身份证号、床位、入住日期、可关联能力评估）', params: idParam, body: checkInSchema, response: { 201: residentView } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => checkIn(tx, actor, auditActorOf(request), cipher, request.params.id, request.body))));

    scope.post(`${BASE}/:id/residents/:residentId/check-out`, {
      schema: { tags: TAGS, summary: '办理退住（日期不早于入住日期；去世须选原因“去世”）', params: residentParam, body: checkOutSchema, response: { 200: residentView } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request) => inScope(db, request, (tx, actor) => checkOut(tx, actor, auditActorOf(request), request.params.id, request.params.residentId, request.body)));

    scope.post(`${BASE}/:id/residents/:residentId/move`, {
      schema: { tags: TAGS, summary: '调换床位', params: residentParam, body: moveBedSchema, response: { 200: residentView } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request) => inScope(db, request, (tx, actor) => moveBed(tx, actor, auditActorOf(request), request.params.id, request.params.residentId, request.body.bedId)));

    // ---- staff ----
    scope.get(`${BASE}/:id/staff`, {
      schema: {
        tags: TAGS, summary: '工作人员（含护理员持证率）', params: idParam, querystring: z.object({ includeLeft: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(staffView), figures: z.object({ staff: z.number(), caregivers: z.number(), certifiedCaregivers: z.number(), certifiedPercent: z.number().nullable() }) }) },
      },
      preHandler: authorizeAny(READ),
    }, async (request) => inScope(db, request, (tx, actor) => listStaff(tx, actor, request.params.id, request.query.includeLeft === 'true')));

    scope.post(`${BASE}/:id/staff`, {
      schema: { tags: TAGS, summary: '登记工作人员', params: idParam, body: staffInputSchema, response: { 201: staffView } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => addStaff(tx, actor, auditActorOf(request), request.params.id, request.body))));

    scope.patch(`${BASE}/:id/staff/:staffId`, {
      schema: { tags: TAGS, summary: '修改工作人员岗位、证书或电话', params: staffParam, body: staffUpdateSchema, response: { 200: staffView } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request) => inScope(db, request, (tx, actor) => updateStaff(tx, actor, auditActorOf(request), request.params.id, request.params.staffId, request.body)));

    scope.post(`${BASE}/:id/staff/:staffId/leave`, {
      schema: { tags: TAGS, summary: '工作人员离职', params: staffParam, body: staffLeaveSchema, response: { 200: staffView } },
      preHandler: authorizeAny(MANAGE, OPERATE),
    }, async (request) => inScope(db, request, (tx, actor) => staffLeaves(tx, actor, auditActorOf(request), request.params.id, request.params.staffId, request.body)));
  });
}
