import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { rememberKeys } from './cipher-keys.ts';

/**
 * Encryption at rest for personal fields (ID numbers, phones, bank accounts, health notes).
 *
 * - Confidentiality and integrity: AES-256-GCM with a random 96-bit nonce per value. The field name
 *   is bound in as associated data, so a value copied into another column does not decrypt.
 *   (SM4-GCM would be the national choice, but Node's OpenSSL has no sm4-gcm; the envelope carries
 *   a version so a later switch re-encrypts instead of guessing.)
 * - Equality search and joins: a keyed hash, HMAC-SM3, under a second key. Without the key the
 *   hash of a guessed ID number cannot be computed, so the column does not leak by dictionary.
 * - Both keys are derived from one 32-byte master key with HKDF, so a deployment manages one secret.
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('数据加密主密钥必须是 32 字节（base64 编码后 44 个字符）');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'minzheng field encryption v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'minzheng field hash v1', 32));
    rememberKeys(this, this.encKey, this.macKey);
  }

  encrypt(field: string, plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(field));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(field: string, envelope: string): string {
    if (!envelope.startsWith('v1.')) throw new Error('未知的密文版本');
    const raw = Buffer.from(envelope.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for equality look-ups; the field name keeps equal values in different fields apart. */
  hash(field: string, value: string): string {
    return createHmac('sm3', this.macKey).update(`${field}\u001f${value}`).digest('hex');
  }
}

export function parseMasterKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error('MZ_DATA_KEY 必须是 32 字节密钥的 base64 编码（可用 `openssl rand -base64 32` 生成）');
  return key;
}

export function newMasterKey(): string {
  return randomBytes(32).toString('base64');
}
