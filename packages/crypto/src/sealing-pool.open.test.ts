import { afterAll, describe, expect, it } from 'vitest';
import { FieldCipher, newMasterKey, parseMasterKey } from './field-cipher.ts';
import { SealingPool } from './sealing-pool.ts';

const cipher = new FieldCipher(parseMasterKey(newMasterKey()));
// Accounts, but also values a plain field may hold: empty, line breaks, quotes, CJK, astral characters.
// Lengths from 0 to several hundred bytes: every partial final block, and many counter blocks.
const values = Array.from({ length: 4000 }, (_, i) =>
  i % 9 === 4 ? null : i % 13 === 6 ? `张伟${i}\n"引号",逗号\r\n𠀋` : i % 17 === 8 ? '' : i % 23 === 11 ? `备注${'x'.repeat(i % 301)}` : i % 29 === 3 ? 'ab'.repeat(i % 9) : `6217000010${String(i).padStart(9, '0')}`);
const envelopes = values.map((v) => (v === null ? null : cipher.encrypt('bank_account', v)));

function tamper(envelope: string, at: 'tag' | 'body' | 'nonce'): string {
  const raw = Buffer.from(envelope.slice(3), 'base64');
  raw[at === 'nonce' ? 0 : at === 'tag' ? 12 : raw.length - 1]! ^= 1;
  return `v1.${raw.toString('base64')}`;
}

describe('SealingPool.open', () => {
  // Small chunks, two threads, nothing inline: every envelope goes through a worker.
  const pool = new SealingPool(cipher, { threads: 2, chunkSize: 250, inlineBelow: 0 });
  afterAll(() => pool.close());

  it('returns exactly what FieldCipher.decrypt returns, in order, nulls kept', async () => {
    const opened = await pool.open({ field: 'bank_account', envelopes });
    expect(opened).toHaveLength(values.length);
    opened.forEach((plain, i) => {
      const envelope = envelopes[i];
      expect(plain).toBe(envelope === null ? null : cipher.decrypt('bank_account', envelope!));
      expect(plain).toBe(values[i]);
    });
  });

  it('opens what the pool itself sealed', async () => {
    const present = values.filter((v): v is string => v !== null && v !== '');
    const { envelopes: sealed } = await pool.seal({ field: 'phone', values: present, encrypt: true });
    expect(await pool.open({ field: 'phone', envelopes: sealed! })).toEqual(present);
  });

  it.each(['tag', 'body', 'nonce'] as const)('refuses a request with one envelope whose %s was tampered with', async (at) => {
    const bad = [...envelopes];
    bad[2500] = tamper(envelopes[2500]!, at);
    expect(() => cipher.decrypt('bank_account', bad[2500]!)).toThrow();
    await expect(pool.open({ field: 'bank_account', envelopes: bad })).rejects.toThrow(/opening failed/);
    // The pool is still good for the next request.
    expect(await pool.open({ field: 'bank_account', envelopes: envelopes.slice(0, 300) })).toEqual(values.slice(0, 300));
  });

  it('refuses envelopes cut short, lengthened, or carrying another envelope\'s tag', async () => {
    const raw = (e: string) => Buffer.from(e.slice(3), 'base64');
    const env = (b: Buffer) => `v1.${b.toString('base64')}`;
    const a = raw(envelopes[100]!);
    const b = raw(envelopes[101]!);
    const variants = [
      env(a.subarray(0, a.length - 1)), // one byte of ciphertext lost
      env(Buffer.concat([a, Buffer.from([0])])), // one byte added
      env(a.subarray(0, 20)), // not even nonce and tag
      env(Buffer.concat([a.subarray(0, 12), b.subarray(12, 28), a.subarray(28)])), // b's tag on a
      env(Buffer.concat([b.subarray(0, 12), a.subarray(12)])), // a's body under b's nonce
    ];
    for (const bad of variants) {
      expect(() => cipher.decrypt('bank_account', bad)).toThrow();
      const mixed = [...envelopes.slice(0, 600), bad, ...envelopes.slice(600, 1200)];
      await expect(pool.open({ field: 'bank_account', envelopes: mixed })).rejects.toThrow(/opening failed/);
    }
  });

  it('refuses envelopes of another field, and unknown versions', async () => {
    await expect(pool.open({ field: 'id_number', envelopes })).rejects.toThrow(/opening failed/);
    await expect(pool.open({ field: 'bank_account', envelopes: ['v2.AAAA', ...envelopes] })).rejects.toThrow(/未知的密文版本/);
  });

  it('opens small requests on the calling thread, with the same answers and refusals', async () => {
    const inline = new SealingPool(cipher);
    try {
      expect(await inline.open({ field: 'bank_account', envelopes: envelopes.slice(0, 20) })).toEqual(values.slice(0, 20));
      await expect(inline.open({ field: 'bank_account', envelopes: [tamper(envelopes[0]!, 'tag')] })).rejects.toThrow();
    } finally {
      await inline.close();
    }
  });

  it('refuses work after close', async () => {
    const closed = new SealingPool(cipher, { inlineBelow: 0 });
    await closed.close();
    await expect(closed.open({ field: 'bank_account', envelopes: [envelopes[0]!] })).rejects.toThrow(/closed/);
  });
});
