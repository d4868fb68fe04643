import { afterAll, describe, expect, it } from 'vitest';
import { FieldCipher, newMasterKey, parseMasterKey } from './field-cipher.ts';
import { SealingPool } from './sealing-pool.ts';

const cipher = new FieldCipher(parseMasterKey(newMasterKey()));
const values = Array.from({ length: 5000 }, (_, i) =>
  i % 7 === 3 ? null : i % 11 === 5 ? `张伟${i}，“引号”\n换行` : `2201051980${String(i).padStart(7, '0')}X`);

describe('SealingPool', () => {
  // Small chunks, two threads, nothing inline: every value goes through a worker.
  const pool = new SealingPool(cipher, { threads: 2, chunkSize: 300, inlineBelow: 0 });
  afterAll(() => pool.close());

  it('seals on worker threads exactly as FieldCipher does, in order, nulls kept', async () => {
    const { hashes, envelopes } = await pool.seal({ field: 'id_number', values, hash: true, encrypt: true });
    expect(hashes).toHaveLength(values.length);
    expect(envelopes).toHaveLength(values.length);
    values.forEach((v, i) => {
      if (v === null) {
        expect(hashes![i]).toBeNull();
        expect(envelopes![i]).toBeNull();
        return;
      }
      expect(hashes![i]).toBe(cipher.hash('id_number', v));
      expect(envelopes![i]).toMatch(/^v1\.[A-Za-z0-9+/]+=*$/);
      expect(cipher.decrypt('id_number', envelopes![i]!)).toBe(v);
    });
  });

  it('binds the field name and never repeats a nonce', async () => {
    const same = Array.from({ length: 3000 }, () => '13812345678');
    const { envelopes, hashes } = await pool.seal({ field: 'phone', values: same, encrypt: true });
    expect(hashes).toBeNull();
    expect(new Set(envelopes).size).toBe(same.length);
    const nonces = new Set(envelopes!.map((e) => Buffer.from(e!.slice(3), 'base64').subarray(0, 12).toString('hex')));
    expect(nonces.size).toBe(same.length);
    expect(cipher.decrypt('phone', envelopes![0]!)).toBe('13812345678');
    expect(() => cipher.decrypt('id_number', envelopes![0]!)).toThrow();
  });

  it('runs requests side by side', async () => {
    const [a, b] = await Promise.all([
      pool.seal({ field: 'id_number', values: values.slice(0, 2000), hash: true }),
      pool.seal({ field: 'phone', values: values.slice(2000, 4000), hash: true }),
    ]);
    expect(a.hashes![1]).toBe(cipher.hash('id_number', values[1]!));
    expect(b.hashes![1]).toBe(cipher.hash('phone', values[2001]!));
  });

  it('seals small requests on the calling thread, with the same answers', async () => {
    const inline = new SealingPool(cipher);
    try {
      const { hashes, envelopes } = await inline.seal({ field: 'phone', values: ['13812345678', null], hash: true, encrypt: true });
      expect(hashes).toEqual([cipher.hash('phone', '13812345678'), null]);
      expect(cipher.decrypt('phone', envelopes![0]!)).toBe('13812345678');
      expect(envelopes![1]).toBeNull();
    } finally {
      await inline.close();
    }
  });

  it('refuses work after close, and anything but a FieldCipher', async () => {
    const closed = new SealingPool(cipher, { inlineBelow: 0 });
    await closed.close();
    await expect(closed.seal({ field: 'phone', values: ['1'], hash: true })).rejects.toThrow(/closed/);
    expect(() => new SealingPool({} as FieldCipher)).toThrow(/FieldCipher/);
  });
});
