import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { keysOf } from './cipher-keys.ts';
import type { FieldCipher } from './field-cipher.ts';

/** Many values of one field to seal: their keyed hashes, their envelopes, or both. */
export interface SealRequest {
  field: string;
  /** null/undefined stays null in the answer (an empty optional field). */
  values: readonly (string | null | undefined)[];
  hash?: boolean;
  encrypt?: boolean;
}

/** Answers in the order of the request's values; a list is null when it was not asked for. */
export interface Sealed {
  hashes: (string | null)[] | null;
  envelopes: (string | null)[] | null;
}

/** Many envelopes of one field to open (decrypt). */
export interface OpenRequest {
  field: string;
  /** null/undefined stays null in the answer. */
  envelopes: readonly (string | null | undefined)[];
}

export interface SealingPoolOptions {
  /** Worker threads; default: the CPUs this process may use (at most 8). */
  threads?: number;
  /** Values per message to a worker. */
  chunkSize?: number;
  /** Requests smaller than this are sealed on the calling thread: a worker's start-up costs more. */
  inlineBelow?: number;
}

/**
 * A worker's answer. Sealing: each list as one '\n'-separated string, '' standing for null.
 * Opening: the plain values as one string and each one's length (-1: null), because a plain value
 * may hold any character, a line break included.
 */
interface Answer {
  hashes: string | null;
  envelopes: string | null;
  opened?: string;
  lengths?: Int32Array;
}

interface Task {
  id: number;
  op: 'seal' | 'open';
  field: string;
  /** The chunk's values as one string, and each one's length (-1: null). */
  text: string;
  lengths: Int32Array;
  hash: boolean;
  encrypt: boolean;
  resolve(result: Answer): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  running: Map<number, Task>;
}

// Two tasks in flight per worker: while the main thread takes one answer apart, the worker is
// already on the next chunk.
const DEPTH = 2;

function unpack(joined: string, into: (string | null)[], start: number): void {
  const parts = joined.split('\n');
  for (let i = 0; i < parts.length; i++) into[start + i] = parts[i] || null;
}

/**
 * FieldCipher's hash() and encrypt() for bulk work (imports), spread over worker threads. One
 * AES-256-GCM envelope or HMAC-SM3 costs 5–20 µs of CPU in Node, so a million ID numbers and phones
 * keep one core busy for half a minute; the pool divides that by the cores, and leaves the calling
 * thread free to do other work (for the import: drive the database) while the workers seal.
 * Its decrypt() in bulk is open(), for the same reason the other way round: a bank file of a
 * million transfers opens a million account envelopes.
 *
 * The workers receive the cipher's derived keys, never the master key, and produce byte-for-byte
 * the formats FieldCipher produces (the tests open pool envelopes with FieldCipher and compare
 * hashes), so what they seal is read back by the ordinary cipher.
 */
export class SealingPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly threads: number;
  private readonly chunkSize: number;
  private readonly inlineBelow: number;
  private nextId = 1;
  private failure: Error | null = null;
  private closed = false;

  constructor(private readonly cipher: FieldCipher, options: SealingPoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? Math.min(availableParallelism(), 8));
    this.chunkSize = Math.max(1, options.chunkSize ?? 4096);
    this.inlineBelow = options.inlineBelow ?? 2048;
    keysOf(cipher); // fail now, not in a worker, when handed something else
  }

  async seal(request: SealRequest): Promise<Sealed> {
    if (this.closed) throw new Error('sealing pool is closed');
    if (this.failure) throw this.failure;
    const hash = request.hash ?? false;
    const encrypt = request.encrypt ?? false;
    const n = request.values.length;
    if (n < this.inlineBelow) return this.sealHere(request.field, request.values, hash, encrypt);

    const hashes: (string | null)[] | null = hash ? new Array(n) : null;
    const envelopes: (string | null)[] | null = encrypt ? new Array(n) : null;
    const parts: Promise<void>[] = [];
    for (let start = 0; start < n; start += this.chunkSize) {
      const values = request.values.slice(start, start + this.chunkSize);
      const lengths = new Int32Array(values.length);
      values.forEach((v, i) => { lengths[i] = v === null || v === undefined ? -1 : v.length; });
      const text = values.join('');
      parts.push(new Promise<Answer>((resolve, reject) => {
        this.queue.push({ id: this.nextId++, op: 'seal', field: request.field, text, lengths, hash, encrypt, resolve, reject });
      }).then((r) => {
        if (hashes) unpack(r.hashes!, hashes, start);
        if (envelopes) unpack(r.envelopes!, envelopes, start);
      }));
    }
    this.dispatch();
    await Promise.all(parts);
    return { hashes, envelopes };
  }

  /**
   * FieldCipher.decrypt() for many envelopes of one field (bank files): the plain values in the
   * order asked, null for null. An envelope that does not open — tampered, of another field, or
   * of an unknown version — fails the whole request, as decrypt() would throw on it; nothing of
   * the request is returned then.
   */
  async open(request: OpenRequest): Promise<(string | null)[]> {
    if (this.closed) throw new Error('sealing pool is closed');
    if (this.failure) throw this.failure;
    const n = request.envelopes.length;
    if (n < this.inlineBelow) {
      return request.envelopes.map((e) => (e === null || e === undefined ? null : this.cipher.decrypt(request.field, e)));
    }
    const plain: (string | null)[] = new Array(n);
    const parts: Promise<void>[] = [];
    for (let start = 0; start < n; start += this.chunkSize) {
      const values = request.envelopes.slice(start, start + this.chunkSize);
      const lengths = new Int32Array(values.length);
      values.forEach((v, i) => { lengths[i] = v === null || v === undefined ? -1 : v.length; });
      const text = values.join('');
      parts.push(new Promise<Answer>((resolve, reject) => {
        this.queue.push({ id: this.nextId++, op: 'open', field: request.field, text, lengths, hash: false, encrypt: false, resolve, reject });
      }).then((r) => {
        const opened = r.opened!;
        const sizes = r.lengths!;
        for (let i = 0, at = 0; i < sizes.length; i++) {
          const len = sizes[i]!;
          if (len < 0) { plain[start + i] = null; continue; }
          plain[start + i] = opened.slice(at, at + len);
          at += len;
        }
      }));
    }
    this.dispatch();
    // Every chunk is awaited even when one fails, so no answer arrives for a request already given up.
    const settled = await Promise.allSettled(parts);
    const failed = settled.find((p): p is PromiseRejectedResult => p.status === 'rejected');
    if (failed) throw failed.reason;
    return plain;
  }

  /** Stops the workers; requests still running are refused. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error('sealing pool is closed');
    for (const task of this.queue.splice(0)) task.reject(err);
    for (const slot of this.slots) for (const task of slot.running.values()) task.reject(err);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private sealHere(field: string, values: readonly (string | null | undefined)[], hash: boolean, encrypt: boolean): Sealed {
    const present = (v: string | null | undefined): v is string => v !== null && v !== undefined;
    return {
      hashes: hash ? values.map((v) => (present(v) ? this.cipher.hash(field, v) : null)) : null,
      envelopes: encrypt ? values.map((v) => (present(v) ? this.cipher.encrypt(field, v) : null)) : null,
    };
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.running.size === 0) ?? null;
      if (!slot && this.slots.length < this.threads) slot = this.start();
      slot ??= this.slots.find((s) => s.running.size < DEPTH) ?? null;
      if (!slot) return; // every worker is busy; the next answer dispatches again
      const task = this.queue.shift()!;
      slot.running.set(task.id, task);
      slot.worker.ref();
      slot.worker.postMessage(
        { id: task.id, op: task.op, field: task.field, text: task.text, lengths: task.lengths, hash: task.hash, encrypt: task.encrypt },
        [task.lengths.buffer as ArrayBuffer],
      );
    }
  }

  private start(): Slot {
    const { encKey, macKey } = keysOf(this.cipher);
    const worker = new Worker(new URL('./seal-worker.mjs', import.meta.url), { workerData: { encKey, macKey } });
    // Referenced only while it has work: an idle pool someone forgot to close must not keep the
    // process alive, but a process waiting for nothing else than its sealing must not end early.
    worker.unref();
    const slot: Slot = { worker, running: new Map() };
    worker.on('message', (msg: Answer & { id: number; error?: string }) => {
      const task = slot.running.get(msg.id);
      if (!task) return;
      slot.running.delete(msg.id);
      if (slot.running.size === 0) worker.unref();
      if (msg.error) task.reject(new Error(`${task.op === 'open' ? 'opening' : 'sealing'} failed: ${msg.error}`));
      else task.resolve(msg);
      this.dispatch();
    });
    const fail = (err: Error) => {
      if (this.closed) return;
      this.failure ??= err;
      for (const task of slot.running.values()) task.reject(err);
      slot.running.clear();
      for (const task of this.queue.splice(0)) task.reject(err);
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
    };
    worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    worker.on('exit', (code) => fail(new Error(`sealing worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
