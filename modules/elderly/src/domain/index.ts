// 养老服务 (elderly care): each part's pure rules and names, re-exported.
export * from './institution.names.ts';
export * from './quality.names.ts';
export * from './assessment.names.ts';
export * from './allowance.names.ts';
export * from './homecare.names.ts';
export * from './elderly.names.ts';
export * from './assessment.catalog.ts';
export * from './assessment.rules.ts';
export * from './assessment.schema.ts';
export * from './allowance.rules.ts';
