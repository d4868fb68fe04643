export * from './field-cipher.ts';
export * from './sealing-pool.ts';
