export * from './actor.ts';
export * from './problem.ts';
export * from './app.ts';
export * from './module.ts';
