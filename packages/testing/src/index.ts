export * from './engines.ts';
export * from './templates.ts';
export * from './http-session.ts';
