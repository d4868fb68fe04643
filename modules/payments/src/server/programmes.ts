import { DomainError, invalid } from '@mz/kernel';
import type { Programme } from '../domain/index.ts';

/**
 * The programmes that pay through this module. Each owning module declares its own (from its
 * server index, at import time), so a new programme — 两项补贴, 高龄津贴, 孤儿 — joins without a change
 * here: what payments needs to know is how a line is keyed (per household or per person) and
 * whether it pays monthly, once, or both.
 */
const PROGRAMMES = new Map<string, Programme>();

export function registerProgramme(p: Programme): void {
  if (!/^[a-z][a-z0-9_]{1,31}$/.test(p.code)) throw new Error(`programme code ${p.code} is not a lower-case identifier`);
  if (!p.monthly && !p.oneOff) throw new Error(`programme ${p.code} pays neither monthly nor once`);
  const existing = PROGRAMMES.get(p.code);
  if (existing && JSON.stringify(existing) !== JSON.stringify(p)) {
    throw new Error(`programme ${p.code} is already registered by ${existing.ownerModule} with another definition`);
  }
  PROGRAMMES.set(p.code, { ...p });
}

export function listProgrammes(): Programme[] {
  return [...PROGRAMMES.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export function findProgramme(code: string): Programme | undefined {
  return PROGRAMMES.get(code);
}

export function programmeName(code: string | null): string | null {
  if (code === null) return null;
  return PROGRAMMES.get(code)?.name ?? code;
}

/** The programme, or a 422 naming the field: an unknown code is the caller's mistake. */
export function requireProgramme(code: string, use: 'monthly' | 'oneOff' | 'any' = 'any', path = 'programme'): Programme {
  const p = PROGRAMMES.get(code);
  if (!p) throw invalid('没有这个发放项目', [{ path, message: `项目「${code}」未登记` }]);
  if (use === 'monthly' && !p.monthly) throw new DomainError({ code: 'INVALID', status: 422, title: `「${p.name}」不是按月发放的项目`, errors: [{ path, message: '该项目只有一次性发放' }] });
  if (use === 'oneOff' && !p.oneOff) throw new DomainError({ code: 'INVALID', status: 422, title: `「${p.name}」没有一次性发放`, errors: [{ path, message: '该项目只按月发放' }] });
  return p;
}
