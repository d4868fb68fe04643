import { z } from 'zod';
import multipart from '@fastify/multipart';
import { DomainError, notFound } from '@mz/kernel';
import { auditActorOf, authorize, inScope, requireActor, type MzApp, type ModuleDeps } from '@mz/http';
import type { FastifyRequest } from 'fastify';
import { readImportFile } from './import-file.ts';
import { IMPORT_COLUMNS, IMPORT_HEADERS, importTemplateCsv, importTemplateXlsx, MAX_IMPORT_BYTES } from './import-template.ts';
import { listImports, queueImport, rejectedRows, undoImport, type Importer } from './import.service.ts';
import { attachment, writeSheet, XLSX_TYPE } from './xlsx-safe.ts';

const TAGS = ['人口与家庭'];
const idParam = z.object({ id: z.uuid('批次编号格式不正确') });
const batchView = z.object({
  id: z.string(), fileName: z.string(), status: z.enum(['running', 'done', 'failed', 'undone']), total: z.number(), imported: z.number(),
  duplicatesSkipped: z.number(), rejected: z.number(), households: z.number(), createdBy: z.string().nullable(), createdByName: z.string().nullable(),
  createdAt: z.string(), finishedAt: z.string().nullable(), jobId: z.string().nullable(), error: z.string().nullable(),
});

export function importerOf(request: FastifyRequest): Importer {
  const actor = requireActor(request);
  return { ...auditActorOf(request), regionCode: actor.regionCode };
}

const uploadProblem = (status: number, title: string, detail?: string) => new DomainError({ code: 'IMPORT_FILE', status, title, detail });

/** Import routes (permission person.import). Multipart is registered in this plugin's scope only. */
export async function importRoutes(app: MzApp, { db, cipher }: ModuleDeps) {
  await app.register(async (scope: MzApp) => {
    await scope.register(multipart, { limits: { files: 1, fileSize: MAX_IMPORT_BYTES, fields: 5, parts: 6 } });

    scope.get('/api/v1/registry/imports/template.xlsx', {
      schema: { tags: TAGS, summary: '下载人员导入模板（Excel，含填写说明）' }, preHandler: authorize('person.import'),
    }, async (_request, reply) => reply.type(XLSX_TYPE).header('content-disposition', attachment('人员导入模板.xlsx', 'import-template.xlsx')).send(await importTemplateXlsx()));

    scope.get('/api/v1/registry/imports/template.csv', {
      schema: { tags: TAGS, summary: '下载人员导入模板（CSV，UTF-8）' }, preHandler: authorize('person.import'),
    }, async (_request, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', attachment('人员导入模板.csv', 'import-template.csv')).send(importTemplateCsv()));

    scope.post('/api/v1/registry/imports', {
      schema: {
        tags: TAGS, summary: '上传人员导入文件（multipart 字段 file，.xlsx 或 .csv，≤ 20 MB），后台导入',
        consumes: ['multipart/form-data'], response: { 202: z.object({ jobId: z.string(), batchId: z.string() }) },
      },
      preHandler: authorize('person.import'),
    }, async (request, reply) => {
      if (!request.isMultipart()) throw uploadProblem(415, '请以 multipart/form-data 上传文件', '表单字段名为 file');
      let fileName: string;
      let data: Buffer;
      try {
        const part = await request.file();
        if (!part || part.fieldname !== 'file') throw uploadProblem(400, '请选择要导入的文件', '表单字段名为 file');
        fileName = part.filename || 'import';
        data = await part.toBuffer();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw uploadProblem(413, '文件过大', '导入文件不能超过 20 MB，请拆分后分批导入');
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw uploadProblem(413, '一次只能上传一个文件');
        if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw uploadProblem(415, '请以 multipart/form-data 上传文件');
        throw err;
      }
      // Refuse a bad file now, while the clerk is waiting, rather than in the job.
      await readImportFile(fileName, data);
      const who = importerOf(request);
      const queued = await inScope(db, request, (tx) => queueImport(tx, who, fileName, data));
      return reply.code(202).send(queued);
    });

    scope.get('/api/v1/registry/imports', {
      schema: { tags: TAGS, summary: '导入批次列表（本辖区）', response: { 200: z.object({ items: z.array(batchView) }) } },
      preHandler: authorize('person.import'),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listImports(tx, actor.regionCode)) }));

    scope.get('/api/v1/registry/imports/:id/errors.xlsx', {
      schema: { tags: TAGS, summary: '下载导入错误报告（原始行 + 错误原因，可修改后再次导入）', params: idParam },
      preHandler: authorize('person.import'),
    }, async (request, reply) => {
      const report = await inScope(db, request, (tx, actor) => rejectedRows(tx, cipher, actor.regionCode, request.params.id));
      if (!report) throw notFound('导入批次不存在');
      const body = await writeSheet('错误报告', [...IMPORT_HEADERS, '错误原因', '原行号'],
        report.rows.map((r) => [...IMPORT_COLUMNS.map((c) => r.values[c.key] ?? ''), r.errors, r.rowNo]),
        [22, 12, 16, 10, 16, 30, 14, 10, 10, 12, 12, 60, 8]);
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`错误报告-${report.batch.fileName}.xlsx`, 'import-errors.xlsx')).send(body);
    });

    scope.post('/api/v1/registry/imports/:id/undo', {
      schema: { tags: TAGS, summary: '撤销导入批次（删除该批次导入的人员、家庭；已有后续业务时拒绝）', params: idParam },
      preHandler: authorize('person.import'),
    }, async (request, reply) => {
      const who = importerOf(request);
      await inScope(db, request, (tx) => undoImport(tx, who, request.params.id));
      return reply.code(204).send();
    });
  });
}
