import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

describe('lockDataDir', () => {
  it('takes the lock, refuses a second holder while ours is alive, and releases', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-lock-'));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'minzheng.lock'), 'utf8')).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(/本进程/);
    release();
    expect(existsSync(join(dir, 'minzheng.lock'))).toBe(false);
    // Another live process (our parent, say) holds it.
    writeFileSync(join(dir, 'minzheng.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`正被进程 ${process.ppid} 使用`));
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-lock-'));
    writeFileSync(join(dir, 'minzheng.lock'), '999999999');
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'minzheng.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
