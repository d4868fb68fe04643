import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { runPendingJobs } from '@mz/jobs/server';
import { testEngines } from '@mz/testing';
import { testDatabase } from '../../../../apps/server/src/testing/test-app.ts';
import { queueDueRefresh, refreshDue } from './index.ts';
import { registerRefreshJob } from './refresh.service.ts';

describe('refreshDue: the schedule keeping this month current', () => {
  const now = new Date('2026-11-23T08:00:00Z');
  it.each([
    [null, 60, true],                              // never refreshed
    ['2026-11-23T07:00:00Z', 60, true],            // exactly an hour ago
    ['2026-11-23T07:00:01Z', 60, false],           // not yet
    ['2026-11-23T07:59:00Z', 0, false],            // 0 turns the schedule off
    [null, 0, false],
  ] as const)('last %s, every %i min → %s', (last, every, due) => {
    expect(refreshDue(last ? new Date(last) : null, now, every)).toBe(due);
  });
});

describe.each(testEngines())('the scheduled refresh on %s', (engine) => {
  let db: Database;
  beforeAll(async () => { db = await testDatabase(engine); registerRefreshJob(); });
  afterAll(async () => { await db?.close(); });
  const jobs = () => db.transaction((tx) => tx.rows<{ status: string; created_by: string | null }>(sql`
    SELECT status, created_by FROM platform_job WHERE kind = 'statistics.refresh' ORDER BY created_at`));

  it('queues this month once while a refresh is pending, runs it, and waits for the interval before the next', async () => {
    const options = { everyMinutes: 60, deploymentRegion: '220000000000' };
    expect(await queueDueRefresh(db, options)).toMatchObject({ queued: true });
    expect(await queueDueRefresh(db, options)).toMatchObject({ queued: false }); // one is already queued
    expect(await jobs()).toEqual([{ status: 'queued', created_by: null }]);
    await runPendingJobs(db);
    const [log] = await db.transaction((tx) => tx.rows<{ refreshed_by: string }>(sql`SELECT refreshed_by FROM statistics_refresh`));
    expect(log).toEqual({ refreshed_by: '定时刷新' });
    expect(await queueDueRefresh(db, options)).toMatchObject({ queued: false }); // fresh
    expect(await queueDueRefresh(db, { ...options, now: new Date(Date.now() + 61 * 60_000) })).toMatchObject({ queued: true });
    expect(await queueDueRefresh(db, { ...options, everyMinutes: 0 })).toMatchObject({ queued: false });
  });
});
