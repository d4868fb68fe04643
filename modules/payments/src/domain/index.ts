export * from './payments.names.ts';
export * from './roll.workflow.ts';
export * from './months.ts';
export * from './bank-format.ts';
export * from './run.rules.ts';
export * from './payments.schema.ts';
export type * from './payments.view.ts';
