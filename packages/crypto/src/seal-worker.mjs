// Worker thread of SealingPool (sealing-pool.ts). Plain JavaScript so that it loads under any runner
// (tsx, vitest, plain node): a worker does not inherit the TypeScript loader of a test runner.
//
// It produces exactly what FieldCipher produces, and its tests prove it:
//   hash:     HMAC-SM3 under the hash key of `${field}\u001f${value}`, lower-case hex
//   envelope: 'v1.' + base64(nonce 12 ‖ GCM tag 16 ‖ AES-256-GCM ciphertext), field name as AAD
//   open:     FieldCipher.decrypt() of each envelope (same checks: version, tag, field as AAD)
// The keys are the ones FieldCipher derived (handed over by the pool), never the master key.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const encKey = Buffer.from(workerData.encKey);
const macKey = Buffer.from(workerData.macKey);

// Opening uses OpenSSL's AES-256-GCM for every envelope, exactly as FieldCipher.decrypt() does. A
// hand-written GHASH over one ECB key stream would cost a third of the CPU, but tag verification is
// not code to own outside a crypto library; the workers already divide the cost by the cores.
function openMany(field, envelopes) {
  const aad = Buffer.from(field);
  return envelopes.map((envelope) => {
    if (envelope === null) return null;
    if (!envelope.startsWith('v1.')) throw new Error('未知的密文版本');
    const raw = Buffer.from(envelope.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
    decipher.setAAD(aad);
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  });
}

parentPort.on('message', (task) => {
  try {
    if (task.op === 'open') {
      const { text, lengths } = open(task);
      parentPort.postMessage({ id: task.id, opened: text, lengths }, [lengths.buffer]);
      return;
    }
    const { hashes, envelopes } = seal(task);
    // Each list goes back as one string, '\n'-separated ('' for a null): hex and base64 never hold
    // a line break, and one string crosses the thread boundary far cheaper than thousands.
    parentPort.postMessage({ id: task.id, hashes: hashes && hashes.join('\n'), envelopes: envelopes && envelopes.join('\n') });
  } catch (err) {
    parentPort.postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) });
  }
});

// The values arrive as one string and their lengths (-1 for null), for the same reason.
function unpack(text, lengths) {
  const values = new Array(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i];
    if (n < 0) { values[i] = null; continue; }
    values[i] = text.slice(at, at + n);
    at += n;
  }
  return values;
}

function seal({ field, text, lengths, hash, encrypt }) {
  const values = unpack(text, lengths);
  const aad = Buffer.from(field);
  const hashes = hash ? new Array(values.length) : null;
  const envelopes = encrypt ? new Array(values.length) : null;
  // One call to the CSPRNG for the whole task instead of one per value: a separate randomBytes(12)
  // costs about as much as the encryption itself. Each value still gets its own 96 random bits.
  const nonces = encrypt ? randomBytes(12 * values.length) : null;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      if (hashes) hashes[i] = '';
      if (envelopes) envelopes[i] = '';
      continue;
    }
    if (hashes) hashes[i] = createHmac('sm3', macKey).update(`${field}\u001f${value}`).digest('hex');
    if (envelopes) {
      const iv = nonces.subarray(12 * i, 12 * i + 12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      envelopes[i] = `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    }
  }
  return { hashes, envelopes };
}

// Plain values may hold any character, so they go back as one string and each one's length.
function open({ field, text, lengths }) {
  const plain = openMany(field, unpack(text, lengths));
  const sizes = new Int32Array(plain.length);
  for (let i = 0; i < plain.length; i++) sizes[i] = plain[i] === null ? -1 : plain[i].length;
  return { text: plain.map((p) => p ?? '').join(''), lengths: sizes };
}
