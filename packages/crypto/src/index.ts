export * from './field-cipher.ts';
