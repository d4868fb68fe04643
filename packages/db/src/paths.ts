import { fileURLToPath } from 'node:url';

export const PLATFORM_MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));
