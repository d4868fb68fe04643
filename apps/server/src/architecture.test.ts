import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Dependencies point one way: apps → modules → packages (ARCHITECTURE.md §2). This test reads the
// import lines of every source file and fails on an arrow pointing the wrong way.

const ROOT = resolve(import.meta.dirname, '../../..');
const MODULES = readdirSync(join(ROOT, 'modules'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const isTest = (file: string) => /\.(test|e2e\.test)\.tsx?$/.test(file) || file.includes('/testing/');

function violations(): string[] {
  const found: string[] = [];
  for (const file of sources(join(ROOT, 'packages'))) {
    for (const spec of imports(file)) {
      const target = spec.startsWith('.') ? relative(ROOT, resolve(file, '..', spec)) : spec;
      if (MODULES.some((m) => spec === `@mz/${m}` || spec.startsWith(`@mz/${m}/`)) || /^(modules|apps)\//.test(target) || /^@mz\/(server|web)\b/.test(spec)) {
        found.push(`${relative(ROOT, file)} → ${spec} (packages must not import modules or apps)`);
      }
    }
  }
  for (const mod of MODULES) {
    for (const file of sources(join(ROOT, 'modules', mod, 'src'))) {
      const layer = relative(join(ROOT, 'modules', mod, 'src'), file).split('/')[0];
      for (const spec of imports(file)) {
        if (spec.startsWith('.')) {
          const target = relative(ROOT, resolve(file, '..', spec));
          if (!target.startsWith(`modules/${mod}/`) && !(isTest(file) && target.startsWith('apps/server/src/testing'))) {
            found.push(`${relative(ROOT, file)} → ${spec} (reach other modules through @mz/<name>, not paths)`);
          }
          if (layer === 'domain' && /\/(server|web)\//.test(target)) found.push(`${relative(ROOT, file)} → ${spec} (domain is pure)`);
        }
        const other = MODULES.find((m) => m !== mod && (spec === `@mz/${m}` || spec.startsWith(`@mz/${m}/`)));
        if (other && !['', '/server', '/web'].includes(spec.slice(`@mz/${other}`.length))) {
          found.push(`${relative(ROOT, file)} → ${spec} (only a module's index, /server or /web entry may be imported)`);
        }
        if (layer === 'domain' && !isTest(file) && /^(node:|@mz\/(db|http)|drizzle-orm|fastify|pg$|react)/.test(spec)) {
          found.push(`${relative(ROOT, file)} → ${spec} (domain code is pure: no I/O, database, HTTP or UI)`);
        }
        if (layer === 'server' && /^(react|antd|@mz\/ui)/.test(spec)) found.push(`${relative(ROOT, file)} → ${spec} (server code imports no UI)`);
      }
    }
  }
  return found;
}

describe('architecture', () => {
  it('keeps every dependency pointing apps → modules → packages', () => {
    expect(violations()).toEqual([]);
  });

  it('gives every module a domain and a server side', () => {
    for (const mod of MODULES) {
      expect(statSync(join(ROOT, 'modules', mod, 'src', 'domain', 'index.ts')).isFile(), mod).toBe(true);
      expect(statSync(join(ROOT, 'modules', mod, 'src', 'server', 'index.ts')).isFile(), mod).toBe(true);
    }
  });
});
