import type { AuditDiff } from './audit-diff.ts';

/** One audit entry as the API returns it (GET /api/v1/audit) and the viewer shows it. */
export interface AuditRow {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRegion: string | null;
  /** Name of the actor's region, for people (the code stays for filters and exports). */
  actorRegionName: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  regionCode: string | null;
  summary: string;
  diff: AuditDiff | null;
}

/** Filters of the audit viewer (GET /api/v1/audit). Dates are 'YYYY-MM-DD' Beijing dates, both ends inclusive. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  entityType?: string;
  /** Region subtree (12 digits); the reader's own jurisdiction always applies as well. */
  regionCode?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}
