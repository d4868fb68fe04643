import { DomainError } from '@mz/kernel';
import { pgErrorCode, PG } from '@mz/db';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface FieldError { path: string; message: string }

/** RFC 9457 problem details, with a stable `code` and a Chinese `title` for people. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
}

const CONTEXT_NAMES: Record<string, string> = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' };

/**
 * Maps anything thrown below a route to the one error shape clients see. Unknown errors become a
 * bare 500: no message, no stack; the server log keeps the details.
 */
export function toProblem(err: unknown): { problem: Problem; unexpected: boolean } {
  if (err instanceof DomainError) {
    return { problem: make(err.status, err.code, err.title, err.detail, err.errors), unexpected: false };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = CONTEXT_NAMES[(err as { validationContext?: string }).validationContext ?? ''] ?? '请求';
    const errors = err.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String((v.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.') ?? ''),
      message: v.message ?? '格式不正确',
    }));
    return { problem: make(400, 'VALIDATION', `${where}格式不正确`, errors.map((e) => `${e.path || '(整体)'}：${e.message}`).join('；'), errors), unexpected: false };
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  switch (pgErrorCode(err)) {
    case PG.uniqueViolation:
      return { problem: make(409, 'DUPLICATE', '数据重复', '该记录已存在'), unexpected: false };
    case PG.foreignKeyViolation:
      return { problem: make(409, 'REFERENCE', '关联数据不存在或仍被引用'), unexpected: false };
    case PG.checkViolation:
      return { problem: make(422, 'INVALID', '数据不符合约束'), unexpected: false };
    case PG.insufficientPrivilege:
      // Row-level security refused a row: the request reached outside the actor's jurisdiction.
      return { problem: make(403, 'OUT_OF_SCOPE', '超出管辖范围', '您无权访问或修改本辖区以外的数据'), unexpected: false };
    case PG.serializationFailure:
      return { problem: make(409, 'CONFLICT', '数据已被他人修改，请刷新后重试'), unexpected: false };
  }
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { problem: make(415, 'MEDIA_TYPE', '不支持的请求内容类型', '请使用 application/json'), unexpected: false };
  if (e?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e as { type?: string })?.type === 'entity.parse.failed' || e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { problem: make(e.statusCode ?? 400, 'BAD_BODY', e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? '请求体过大' : '请求体不是有效的 JSON'), unexpected: false };
  }
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { problem: make(e.statusCode, 'BAD_REQUEST', '请求无效'), unexpected: false };
  }
  return { problem: make(500, 'INTERNAL', '服务器内部错误', '请稍后重试；如持续出现请联系系统管理员'), unexpected: true };
}

function make(status: number, code: string, title: string, detail?: string, errors?: FieldError[]): Problem {
  const p: Problem = { type: `urn:minzheng:problem:${code.toLowerCase()}`, title, status, code };
  if (detail) p.detail = detail;
  if (errors?.length) p.errors = errors;
  return p;
}
