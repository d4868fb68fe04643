export * from './verification.names.ts';
export * from './sources.catalog.ts';
export * from './rules.catalog.ts';
export * from './alert.workflow.ts';
export * from './household-report.ts';
