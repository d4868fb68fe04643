// PGlite runs here, in a worker thread, because its WASM engine blocks the event loop for the whole
// of every statement: in the main thread one slow report would stall every HTTP request.
// Plain JavaScript on purpose: a worker does not inherit the TypeScript loader under every runner.
//
// PGlite is one PostgreSQL session. The worker turns that into "one transaction at a time":
// `begin` takes an exclusive section that is held until `commit`/`rollback`; statements sent with
// that transaction's id run inside it, every other statement waits its turn.
import { parentPort, workerData } from 'node:worker_threads';
import { readFile, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

// Same text forms as node-postgres is configured to return (see postgres-engine.ts), so a raw
// query answers identically on both engines: int8, numeric, dates and timestamps stay strings.
const asText = (v) => v;
const TEXT_TYPES = [20, 1082, 1083, 1114, 1184, 1186, 1266];

/** @type {PGlite} */
let pg;
let section = Promise.resolve();
const open = new Map(); // txId -> release()
// The transaction holding the section, for the stall report below.
let holder = null; // { txId, since, lastSql }
const STALL_REPORT_MS = 20_000;
const SLOW_STATEMENT_MS = 10_000;

function exclusive(fn) {
  const run = section.then(fn);
  section = run.then(() => undefined, () => undefined);
  return run;
}

function serializeError(err) {
  const e = /** @type {any} */ (err);
  return {
    message: String(e?.message ?? e),
    code: e?.code, detail: e?.detail, hint: e?.hint, constraint: e?.constraint,
    table: e?.table, column: e?.column, schema: e?.schema, severity: e?.severity,
  };
}

async function start() {
  const { dataDir, loadFrom } = workerData;
  const parsers = Object.fromEntries(TEXT_TYPES.map((t) => [t, asText]));
  pg = await PGlite.create({
    dataDir: dataDir ?? undefined,
    loadDataDir: loadFrom ? new Blob([await readFile(loadFrom)]) : undefined,
    extensions: { pg_trgm },
    parsers,
  });
  await pg.exec(`SET TIME ZONE 'Asia/Shanghai'`);
}

const handlers = {
  async query({ txId, sql, params, rowMode }) {
    if (txId && holder?.txId === txId) holder.lastSql = sql;
    const run = () => pg.query(sql, params ?? [], { rowMode: rowMode ?? 'object' });
    const started = Date.now();
    const res = txId ? await run() : await exclusive(run);
    // Every other request waits while one statement runs: name the slow ones.
    const ms = Date.now() - started;
    if (ms >= SLOW_STATEMENT_MS) console.error(`[pglite] 语句用时 ${(ms / 1000).toFixed(1)} 秒：${String(sql).replace(/\s+/g, ' ').slice(0, 300)}`);
    return { rows: res.rows, affectedRows: res.affectedRows ?? 0, fields: res.fields.map((f) => f.name) };
  },
  async exec({ txId, sql }) {
    const run = () => pg.exec(sql);
    txId ? await run() : await exclusive(run);
    return {};
  },
  async copy({ txId, sql, data }) {
    const run = () => pg.query(sql, [], { blob: new Blob([data]) });
    const res = txId ? await run() : await exclusive(run);
    return { affectedRows: res.affectedRows ?? 0 };
  },
  async begin({ txId }) {
    // A transaction that waits this long means another one holds the session without finishing
    // (a handler awaiting something that never comes, or a nested transaction): say which.
    const stall = setTimeout(() => {
      const h = holder;
      console.error(`[pglite] 事务 #${txId} 已等待 ${STALL_REPORT_MS / 1000} 秒：会话被事务 #${h?.txId ?? '?'} 占用`
        + `${h ? `（自 ${((Date.now() - h.since) / 1000).toFixed(1)} 秒前开始，最后语句：${String(h.lastSql ?? 'BEGIN').replace(/\s+/g, ' ').slice(0, 300)}）` : ''}`);
    }, STALL_REPORT_MS);
    stall.unref?.();
    // The exclusive section stays taken until commit/rollback calls release().
    await new Promise((entered, failed) => {
      exclusive(() => new Promise((release) => {
        pg.exec('BEGIN').then(() => {
          clearTimeout(stall);
          holder = { txId, since: Date.now(), lastSql: null };
          open.set(txId, release);
          entered();
        }, (err) => { clearTimeout(stall); release(); failed(err); });
      }));
    });
    return {};
  },
  async commit({ txId }) { return finish(txId, 'COMMIT'); },
  async rollback({ txId }) { return finish(txId, 'ROLLBACK'); },
  async dump({ path }) {
    const blob = await exclusive(() => pg.dumpDataDir('none'));
    await writeFile(path, Buffer.from(await blob.arrayBuffer()));
    return {};
  },
  async close() {
    await exclusive(() => pg.close());
    return {};
  },
};

async function finish(txId, statement) {
  const release = open.get(txId);
  if (!release) throw new Error(`transaction ${txId} is not open`);
  open.delete(txId);
  try {
    await pg.exec(statement);
  } finally {
    if (holder?.txId === txId) holder = null;
    release();
  }
  return {};
}

const ready = start();
parentPort.on('message', async (msg) => {
  try {
    await ready;
    const result = await handlers[msg.type](msg);
    parentPort.postMessage({ id: msg.id, ok: true, result });
    if (msg.type === 'close') parentPort.close();
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: serializeError(err) });
  }
});
ready.then(
  () => parentPort.postMessage({ id: 0, ok: true, result: { ready: true } }),
  (err) => parentPort.postMessage({ id: 0, ok: false, error: serializeError(err) }),
);
