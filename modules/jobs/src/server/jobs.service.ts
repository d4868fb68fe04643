import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import { isDomainError, subtreeRange } from '@mz/kernel';
import type { JobStatus, JobView } from '../domain/index.ts';

export interface NewJob {
  kind: string;
  /** The creator's region: the job is visible in that jurisdiction and above. */
  regionCode: string;
  createdBy: string | null;
  payload?: Record<string, unknown>;
}

export interface JobContext {
  db: Database;
  jobId: string;
  payload: any;
  /**
   * Reports progress. Never awaited by the handler: the write runs in its own short transaction,
   * queued behind whatever the handler has open (PGlite runs one transaction at a time), and the
   * runner waits for the last one before it records the outcome.
   */
  progress(done: number, total: number): void;
}

export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown>>;

const handlers = new Map<string, JobHandler>();

/** One handler per kind, in every process that runs jobs (registering twice replaces it). */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

function isTx(x: Database | Tx): x is Tx {
  return typeof (x as Tx).rows === 'function';
}

/** Queues a job; inside a caller's transaction (a Tx) it commits or vanishes with that work. */
export async function enqueueJob(db: Database | Tx, job: NewJob): Promise<string> {
  const insert = async (tx: Tx) => {
    const [row] = await tx.rows<{ id: string }>(sql`
      INSERT INTO platform_job (kind, region_code, created_by, payload)
      VALUES (${job.kind}, ${job.regionCode}, ${job.createdBy}, ${JSON.stringify(job.payload ?? {})}::jsonb) RETURNING id`);
    return row!.id;
  };
  return isTx(db) ? insert(db) : db.transaction(insert);
}

interface JobRow {
  id: string; kind: string; status: JobStatus; progress_done: string; progress_total: string;
  result: Record<string, unknown> | null; error: string | null; created_at: string; finished_at: string | null;
}

const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());

/** A job as its viewer sees it, or null when it does not exist within `scopeRegion`. */
export async function getJob(tx: Tx, id: string, scopeRegion: string): Promise<JobView | null> {
  const scope = subtreeRange(scopeRegion);
  const [r] = await tx.rows<JobRow>(sql`
    SELECT id, kind, status, progress_done, progress_total, result, error, created_at, finished_at FROM platform_job
    WHERE id = ${id} AND region_code >= ${scope.from} AND region_code < ${scope.to}`);
  if (!r) return null;
  return {
    id: r.id, kind: r.kind, status: r.status, progress: { done: Number(r.progress_done), total: Number(r.progress_total) },
    result: r.result, error: r.error, createdAt: iso(r.created_at)!, finishedAt: iso(r.finished_at),
  };
}

/** The Chinese message a failed job shows: a DomainError's own words, otherwise nothing internal. */
export function failureMessage(err: unknown, jobId: string): string {
  if (isDomainError(err)) return (err.detail ? `${err.title}：${err.detail}` : err.title).slice(0, 2000);
  return `任务执行出错，数据未作任何修改；请稍后重试，如仍失败请联系系统管理员（任务编号 ${jobId}）`;
}

/** How often a running job's heartbeat is refreshed, and when a silent one counts as abandoned. */
export const HEARTBEAT_MS = 15_000;
export const STALE_AFTER_MS = 2 * 60_000;
/** Attempts before an abandoned job is failed instead of queued again (imports are idempotent, so a retry is safe). */
export const MAX_ATTEMPTS = 3;

/**
 * Puts back in the queue the running jobs whose heartbeat stopped (their process died; their work,
 * one transaction, was rolled back with it), or fails them once they have used their attempts.
 */
export async function recoverStaleJobs(db: Database, staleAfterMs = STALE_AFTER_MS): Promise<{ requeued: number; failed: number }> {
  const rows = await db.transaction((tx) => tx.rows<{ status: string }>(sql`
    UPDATE platform_job SET
      status = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'queued' END,
      error = CASE WHEN attempts >= ${MAX_ATTEMPTS}
        THEN ${`执行任务的进程意外停止，已尝试 ${MAX_ATTEMPTS} 次仍未完成；数据未作任何修改，请重新提交`} ELSE NULL END,
      finished_at = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN now() ELSE NULL END,
      started_at = NULL, heartbeat_at = NULL, progress_done = 0
    WHERE status = 'running' AND coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => ${staleAfterMs / 1000})
    RETURNING status`));
  return { requeued: rows.filter((r) => r.status === 'queued').length, failed: rows.filter((r) => r.status === 'failed').length };
}

/**
 * Claims the oldest queued job this process has a handler for and runs it. SKIP LOCKED lets
 * several processes share the queue: each claim locks one row, the others step over it.
 * Returns false when there was nothing to do.
 */
export async function runNextJob(db: Database, log: (msg: string, err?: unknown) => void = () => {}): Promise<boolean> {
  const kinds = [...handlers.keys()];
  if (!kinds.length) return false;
  const recovered = await recoverStaleJobs(db);
  if (recovered.requeued || recovered.failed) log(`jobs: ${recovered.requeued} requeued, ${recovered.failed} failed after their process stopped`);
  const [job] = await db.transaction((tx) => tx.rows<{ id: string; kind: string; payload: any }>(sql`
    UPDATE platform_job SET status = 'running', started_at = now(), heartbeat_at = now(), attempts = attempts + 1
    WHERE id = (SELECT id FROM platform_job WHERE status = 'queued' AND kind IN ${kinds}
                ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, payload`));
  if (!job) return false;

  // The heartbeat tells other processes this job is still alive. On PGlite the write waits behind
  // the handler's transaction, which is harmless: only this process can use that database.
  let beating: Promise<unknown> | null = null;
  const heartbeat = setInterval(() => {
    if (beating) return;
    beating = db.transaction((tx) => tx.run(sql`UPDATE platform_job SET heartbeat_at = now() WHERE id = ${job.id} AND status = 'running'`))
      .catch((err) => log('job heartbeat write failed', err))
      .finally(() => { beating = null; });
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let writes: Promise<unknown> = Promise.resolve();
  const progress = (done: number, total: number) => {
    writes = writes.then(() => db.transaction((tx) => tx.run(sql`
      UPDATE platform_job SET progress_done = ${Math.max(0, Math.floor(done))}, progress_total = ${Math.max(0, Math.floor(total))}
      WHERE id = ${job.id} AND status = 'running'`))).catch((err) => log('job progress write failed', err));
  };
  try {
    const result = await handlers.get(job.kind)!({ db, jobId: job.id, payload: job.payload, progress }).finally(() => clearInterval(heartbeat));
    await writes;
    await db.transaction((tx) => tx.run(sql`
      UPDATE platform_job SET status = 'succeeded', result = ${JSON.stringify(result ?? {})}::jsonb, finished_at = now(),
        progress_done = greatest(progress_done, progress_total)
      WHERE id = ${job.id}`));
  } catch (err) {
    if (!isDomainError(err)) log(`job ${job.id} (${job.kind}) failed`, err);
    await writes;
    await db.transaction((tx) => tx.run(sql`
      UPDATE platform_job SET status = 'failed', error = ${failureMessage(err, job.id)}, finished_at = now() WHERE id = ${job.id}`));
  }
  return true;
}

/** Runs queued jobs until none is left (tests, CLI). */
export async function runPendingJobs(db: Database, log?: (msg: string, err?: unknown) => void): Promise<number> {
  let n = 0;
  while (await runNextJob(db, log)) n++;
  return n;
}

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * The in-process runner: one job at a time, polling every `pollMs` when the queue is empty.
 * `stop()` lets the running job finish (its work is one transaction) and resolves after it.
 */
export function startJobRunner(db: Database, options: { pollMs?: number; log?: (msg: string, err?: unknown) => void } = {}): JobRunner {
  const pollMs = options.pollMs ?? 500;
  const log = options.log ?? ((msg, err) => console.error(msg, err));
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let ran = false;
      try {
        ran = await runNextJob(db, log);
      } catch (err) {
        log('job runner: claiming a job failed', err);
      }
      if (!ran && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => { clearTimeout(timer); resolve(); };
        });
        wake = null;
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
