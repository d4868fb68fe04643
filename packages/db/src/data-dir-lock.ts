import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite has no lock of its own: two processes opening one data folder corrupt it. We take an
 * exclusive lock file holding our PID; a lock left by a dead process is taken over.
 */
const heldHere = new Set<string>();

export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'minzheng.lock');
  if (heldHere.has(file)) {
    throw new Error(`数据目录 ${dir} 正被进程 ${process.pid}（本进程）使用：同一目录不能打开两次。`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      // Our own PID without an entry in heldHere is a leftover of an earlier process that had
      // the same PID (containers restart as PID 1): stale.
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(`数据目录 ${dir} 正被进程 ${holder} 使用；请先停止该进程，或用 MZ_DATA_DIR 指定另一个目录。`);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`无法锁定数据目录 ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
