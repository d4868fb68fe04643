/**
 * The derived keys of each FieldCipher, for the sealing pool's worker threads only. Kept outside
 * the class and outside the package's exports, so application code cannot read key material from
 * a cipher it was handed; a WeakMap, so a dropped cipher takes its keys with it.
 */
const KEYS = new WeakMap<object, { encKey: Buffer; macKey: Buffer }>();

export function rememberKeys(cipher: object, encKey: Buffer, macKey: Buffer): void {
  KEYS.set(cipher, { encKey, macKey });
}

export function keysOf(cipher: object): { encKey: Buffer; macKey: Buffer } {
  const keys = KEYS.get(cipher);
  if (!keys) throw new Error('not a FieldCipher');
  return keys;
}
