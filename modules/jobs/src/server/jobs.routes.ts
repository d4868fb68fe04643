import { z } from 'zod';
import { notFound } from '@mz/kernel';
import { inScope, requireActor, type MzApp, type ModuleDeps } from '@mz/http';
import { getJob } from './jobs.service.ts';

const jobView = z.object({
  id: z.string(), kind: z.string(), status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.object({ done: z.number(), total: z.number() }),
  result: z.record(z.string(), z.unknown()).nullable(), error: z.string().nullable(), createdAt: z.string(), finishedAt: z.string().nullable(),
});

export function jobsRoutes(app: MzApp, { db }: ModuleDeps) {
  app.get('/api/v1/jobs/:id', {
    schema: {
      tags: ['任务'], summary: '后台任务的状态与进度（本辖区）',
      params: z.object({ id: z.uuid('任务编号格式不正确') }),
      response: { 200: jobView },
    },
    preHandler: async (request) => { requireActor(request); },
  }, async (request) => {
    const job = await inScope(db, request, (tx, actor) => getJob(tx, request.params.id, actor.regionCode));
    if (!job) throw notFound('任务不存在');
    return job;
  });
}
