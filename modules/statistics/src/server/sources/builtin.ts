/**
 * The fact sources of the modules whose facts exist today, with their indicators. Kept here until
 * those modules take them over (each would call `registerIndicators` from its own server index,
 * exactly as a new module does); the SQL reads their tables, the only place the facts exist.
 */
import { BUILTIN_INDICATORS } from '../../domain/index.ts';
import { registerIndicators, type FactSource } from '../fact-source.ts';
import { dibaoSource, linshiSource, tekunSource } from './assistance.source.ts';
import { spendingSource } from './payments.source.ts';
import { alertSource } from './verification.source.ts';

const SOURCES: FactSource[] = [dibaoSource, tekunSource, linshiSource, spendingSource, alertSource];

export function registerBuiltinIndicators(): void {
  for (const source of SOURCES) {
    registerIndicators({ source, indicators: BUILTIN_INDICATORS.filter((d) => d.source === source.code) });
  }
}
