// The registry's batch import and export, wired into the registry ServerModule's routes.
export { importRoutes } from './import.routes.ts';
export { exportRoutes } from '../export/export.routes.ts';
export { registerImportJob, importFile, createImportBatch, IMPORT_JOB_KIND, type Importer, type ImportResult } from './import.service.ts';
export { IMPORT_COLUMNS, IMPORT_HEADERS } from './import-template.ts';
