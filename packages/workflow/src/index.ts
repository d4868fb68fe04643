export * from './definition.ts';
export * from './levels.ts';
export * from './engine.ts';
export * from './deadlines.ts';
