import type { Database } from '@mz/db';
import { regionsLoad } from './regions-load.ts';
import { paymentsRoll } from './payments-roll.ts';
import { registryImport } from './registry-import.ts';
import { registrySearch } from './registry-search.ts';
import { statsDashboard } from './stats-dashboard.ts';
import { statsRefresh } from './stats-refresh.ts';
import { verificationMonitor } from './verification-monitor.ts';
import { verificationReport } from './verification-report.ts';

export interface BenchContext {
  /** A throwaway, freshly migrated database: create, truncate and drop whatever you need. */
  db: Database;
  /** `--size N`, or the benchmark's defaultSize. */
  size: number;
  /** Human-readable progress (stderr in the CLI). */
  log(message: string): void;
}

export interface Measurement {
  /** The platform's way of doing the work. */
  seconds: number;
  /** The raw-SQL equivalent of the same work, on the same database, in the same run. */
  baselineSeconds: number;
  /** What was actually done (may be less than asked, e.g. when the data runs out). */
  size: number;
}

/**
 * One benchmark. `run` is called twice on the same database (a small warm-up, then the measured
 * run), so it must bring the tables it touches back to their freshly migrated state itself.
 */
export interface Benchmark {
  describe: string;
  defaultSize: number;
  run(ctx: BenchContext): Promise<Measurement>;
}

/** name → benchmark. A module adds its benchmark here in one line. */
export const BENCHMARKS: Record<string, Benchmark> = {
  'regions-load': regionsLoad,
  'registry-import': registryImport,
  'registry-search': registrySearch,
  'payments-roll': paymentsRoll,
  'verification-monitor': verificationMonitor,
  'verification-report': verificationReport,
  'stats-refresh': statsRefresh,
  'stats-dashboard': statsDashboard,
};
