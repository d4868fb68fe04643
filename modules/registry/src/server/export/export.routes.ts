import { z } from 'zod';
import { forbidden } from '@mz/kernel';
import { auditActorOf, authorize, inScope, type MzApp, type ModuleDeps } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { personListQuery } from '../registry.routes.ts';
import { attachment, writeSheet, XLSX_TYPE } from '../import/xlsx-safe.ts';
import { EXPORT_HEADERS, EXPORT_WIDTHS, exportRows } from './export.service.ts';

// The list's own query schema (same validation, same Chinese messages), plus the masking flag.
const exportQuery = personListQuery.and(z.object({
  // Query strings are text: only the literal "true" asks for the unmasked file.
  unmasked: z.enum(['true', 'false']).default('false'),
  // The web sends the list's paging along; an export is never paged.
  page: z.coerce.number().optional(),
  pageSize: z.coerce.number().optional(),
}));

/** GET /api/v1/registry/persons/export.xlsx — the current list as Excel; every export is audited. */
export function exportRoutes(app: MzApp, { db, cipher }: ModuleDeps) {
  app.get('/api/v1/registry/persons/export.xlsx', {
    schema: {
      tags: ['人口与家庭'], summary: '导出人员名单（Excel；默认脱敏，unmasked=true 需 person.export_full 权限；逐次审计）',
      querystring: exportQuery,
    },
    preHandler: authorize('person.read'),
  }, async (request, reply) => {
    const { unmasked: flag, page: _page, pageSize: _size, ...filter } = request.query;
    const unmasked = flag === 'true';
    if (unmasked && !request.actor!.permissions.has('person.export_full')) {
      throw forbidden('没有权限', '导出不脱敏数据需要“导出不脱敏数据”权限（person.export_full）');
    }
    const rows = await inScope(db, request, async (tx, actor) => {
      const rows = await exportRows(tx, cipher, actor.regionCode, filter, unmasked);
      const shown = Object.entries(filter).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${v}`).join('&') || '（无）';
      await appendAudit(tx, auditActorOf(request), {
        action: 'registry.export', entityType: 'registry_person', regionCode: actor.regionCode,
        summary: `导出人员名单${unmasked ? '（不脱敏）' : '（脱敏）'}${rows.length}条，条件：${shown}`,
        diff: { filter: { before: null, after: filter }, rows: { before: null, after: rows.length }, unmasked: { before: null, after: unmasked } },
      });
      return rows;
    });
    const body = await writeSheet('人员名单', EXPORT_HEADERS, rows, EXPORT_WIDTHS);
    const stamp = new Date().toISOString().slice(0, 10);
    return reply.type(XLSX_TYPE).header('content-disposition', attachment(`人员名单-${stamp}${unmasked ? '-不脱敏' : ''}.xlsx`, 'persons.xlsx')).send(body);
  });
}
