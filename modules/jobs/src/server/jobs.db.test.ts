import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import { loadMigrations, migrate, type Database } from '@mz/db';
import { DomainError } from '@mz/kernel';
import { testDatabase } from '../../../../apps/server/src/testing/test-app.ts';
import { enqueueJob, getJob, MAX_ATTEMPTS, recoverStaleJobs, registerJobHandler, runNextJob, runPendingJobs, startJobRunner } from './jobs.service.ts';

const township = '220105003000';

describe.each(testEngines())('job queue (%s)', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase(engine);
    await migrate(db, loadMigrations([fileURLToPath(new URL('./migrations', import.meta.url))]));
  });
  afterAll(async () => { await db?.close(); });

  it('runs a queued job, records progress and the result', async () => {
    registerJobHandler('test.sum', async ({ payload, progress }) => {
      progress(1, 2);
      progress(2, 2);
      return { sum: (payload.numbers as number[]).reduce((a, b) => a + b, 0) };
    });
    const id = await enqueueJob(db, { kind: 'test.sum', regionCode: township, createdBy: null, payload: { numbers: [1, 2, 3] } });
    const before = await db.transaction((tx) => getJob(tx, id, township));
    expect(before).toMatchObject({ status: 'queued', result: null, finishedAt: null });
    await runPendingJobs(db);
    const job = await db.transaction((tx) => getJob(tx, id, township));
    expect(job).toMatchObject({ kind: 'test.sum', status: 'succeeded', progress: { done: 2, total: 2 }, result: { sum: 6 }, error: null });
    expect(job!.finishedAt).not.toBeNull();
  });

  it('marks a failing job failed with a Chinese message, never an internal one', async () => {
    registerJobHandler('test.fail', async () => { throw new Error('connection reset by peer at 10.0.0.3'); });
    registerJobHandler('test.refuse', async () => { throw new DomainError({ code: 'X', status: 422, title: '文件是空的', detail: '请选择文件' }); });
    const a = await enqueueJob(db, { kind: 'test.fail', regionCode: township, createdBy: null });
    const b = await enqueueJob(db, { kind: 'test.refuse', regionCode: township, createdBy: null });
    await runPendingJobs(db);
    const ja = await db.transaction((tx) => getJob(tx, a, township));
    expect(ja).toMatchObject({ status: 'failed' });
    expect(ja!.error).toMatch(/^任务执行出错/);
    expect(ja!.error).not.toContain('10.0.0.3');
    expect((await db.transaction((tx) => getJob(tx, b, township)))!.error).toBe('文件是空的：请选择文件');
  });

  it('is visible only within the creator\'s jurisdiction (repository filter and RLS)', async () => {
    registerJobHandler('test.noop', async () => ({}));
    const id = await enqueueJob(db, { kind: 'test.noop', regionCode: township, createdBy: null });
    expect(await db.transaction((tx) => getJob(tx, id, '220105001000'), { scope: { actorId: null, regionCode: '220105001000' } })).toBeNull();
    expect(await db.transaction((tx) => getJob(tx, id, '220000000000'), { scope: { actorId: null, regionCode: '220000000000' } })).not.toBeNull();
    // Even without the filter, the database shows the neighbour nothing.
    const rows = await db.transaction((tx) => tx.rows(sql`SELECT id FROM platform_job WHERE id = ${id}`), { scope: { actorId: null, regionCode: '220105001000' } });
    expect(rows).toEqual([]);
    await runPendingJobs(db);
  });

  it('requeues a job whose process died while running it, and fails it after the last attempt', async () => {
    let runs = 0;
    registerJobHandler('test.orphan', async () => { runs++; return { ok: true }; });
    // A claim committed by a process that then died: running, silent for ten minutes.
    const orphan = async (attempts: number) => {
      const id = await enqueueJob(db, { kind: 'test.orphan', regionCode: township, createdBy: null });
      await db.transaction((tx) => tx.run(sql`UPDATE platform_job SET status = 'running', attempts = ${attempts},
        started_at = now() - interval '10 minutes', heartbeat_at = now() - interval '10 minutes' WHERE id = ${id}`));
      return id;
    };
    const retry = await orphan(1);
    const exhausted = await orphan(MAX_ATTEMPTS);
    // A job that is alive (recent heartbeat) is left alone.
    const alive = await enqueueJob(db, { kind: 'test.orphan', regionCode: township, createdBy: null });
    await db.transaction((tx) => tx.run(sql`UPDATE platform_job SET status = 'running', started_at = now() - interval '1 hour', heartbeat_at = now() WHERE id = ${alive}`));

    expect(await recoverStaleJobs(db)).toEqual({ requeued: 1, failed: 1 });
    expect(await db.transaction((tx) => getJob(tx, retry, township))).toMatchObject({ status: 'queued' });
    const failed = await db.transaction((tx) => getJob(tx, exhausted, township));
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.error).toContain(`已尝试 ${MAX_ATTEMPTS} 次`);
    expect(await db.transaction((tx) => getJob(tx, alive, township))).toMatchObject({ status: 'running' });

    await runPendingJobs(db);
    expect(runs).toBe(1);
    expect(await db.transaction((tx) => getJob(tx, retry, township))).toMatchObject({ status: 'succeeded', result: { ok: true } });
    const [row] = await db.transaction((tx) => tx.rows<{ attempts: number }>(sql`SELECT attempts FROM platform_job WHERE id = ${retry}`));
    expect(row!.attempts).toBe(2);
    await db.transaction((tx) => tx.run(sql`UPDATE platform_job SET status = 'failed' WHERE id = ${alive}`));
  });

  it('leaves a job of a kind this process cannot run in the queue', async () => {
    const id = await enqueueJob(db, { kind: 'test.elsewhere', regionCode: township, createdBy: null });
    expect(await runNextJob(db)).toBe(false);
    expect((await db.transaction((tx) => getJob(tx, id, township)))!.status).toBe('queued');
    await db.transaction((tx) => tx.run(sql`DELETE FROM platform_job WHERE id = ${id}`));
  });

  it('the runner picks jobs up by itself and stops cleanly', async () => {
    const seen: string[] = [];
    registerJobHandler('test.track', async ({ jobId }) => { seen.push(jobId); return {}; });
    const runner = startJobRunner(db, { pollMs: 20 });
    const id = await enqueueJob(db, { kind: 'test.track', regionCode: township, createdBy: null });
    for (let i = 0; i < 100 && !seen.includes(id); i++) await new Promise((r) => setTimeout(r, 20));
    await runner.stop();
    expect(seen).toContain(id);
  });

  it.runIf(engine === 'postgres')('lets two runners share the queue: each job runs exactly once (SKIP LOCKED)', async () => {
    const runs = new Map<string, number>();
    registerJobHandler('test.once', async ({ jobId }) => {
      runs.set(jobId, (runs.get(jobId) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
      return {};
    });
    const ids = await Promise.all(Array.from({ length: 20 }, () => enqueueJob(db, { kind: 'test.once', regionCode: township, createdBy: null })));
    await Promise.all([runPendingJobs(db), runPendingJobs(db), runPendingJobs(db)]);
    expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
  });
});
