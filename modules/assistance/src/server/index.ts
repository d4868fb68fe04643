import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';

export const assistanceModule: ServerModule = {
  name: 'assistance',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
};
