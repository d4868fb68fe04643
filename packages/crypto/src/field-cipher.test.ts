import { describe, expect, it } from 'vitest';
import { FieldCipher, newMasterKey, parseMasterKey } from './field-cipher.ts';

const cipher = new FieldCipher(parseMasterKey(newMasterKey()));

describe('FieldCipher', () => {
  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.encrypt('id_number', '11010519491231002X');
    const b = cipher.encrypt('id_number', '11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('1101051949');
    expect(cipher.decrypt('id_number', a)).toBe('11010519491231002X');
  });

  it('refuses a tampered value or one moved to another field', () => {
    const env = cipher.encrypt('phone', '13812345678');
    const raw = Buffer.from(env.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt('phone', `v1.${raw.toString('base64')}`)).toThrow();
    expect(() => cipher.decrypt('bank_account', env)).toThrow();
  });

  it('hashes deterministically per key and field', () => {
    expect(cipher.hash('id_number', 'X')).toBe(cipher.hash('id_number', 'X'));
    expect(cipher.hash('id_number', 'X')).not.toBe(cipher.hash('phone', 'X'));
    expect(new FieldCipher(parseMasterKey(newMasterKey())).hash('id_number', 'X')).not.toBe(cipher.hash('id_number', 'X'));
    expect(cipher.hash('id_number', 'X')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('insists on a 32-byte key', () => {
    expect(() => parseMasterKey('c2hvcnQ=')).toThrow(/32 字节/);
  });
});
