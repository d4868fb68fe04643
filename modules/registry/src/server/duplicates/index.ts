export { duplicateRoutes } from './duplicates.routes.ts';
export { detectDuplicates, dismissDuplicate, listDuplicates, mergeDuplicate, oneTypoApart } from './duplicates.service.ts';
export type { DetectResult, DuplicatePair, DuplicateReason, DuplicateStatus } from './duplicates.service.ts';
