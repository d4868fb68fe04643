import type { WebModule } from '@mz/ui';
import { ALLOWANCE_MENU, ALLOWANCE_ROUTES } from './allowance.pages.tsx';
import { AllowancePersonPanel } from './allowance-person-panel.tsx';
import { ASSESSMENT_MENU, ASSESSMENT_ROUTES, AssessmentPersonPanel } from './assessment.pages.tsx';
import { HOMECARE_MENU, HOMECARE_ROUTES } from './homecare.pages.tsx';
import { INSTITUTION_MENU, INSTITUTION_ROUTES } from './institution.pages.tsx';
import { QUALITY_MENU, QUALITY_ROUTES } from './quality.pages.tsx';

/** 养老服务: each part contributes its menu entries (group '养老服务') and routes. */
export const elderlyWebModule: WebModule = {
  key: 'elderly',
  menu: [...INSTITUTION_MENU, ...QUALITY_MENU, ...ASSESSMENT_MENU, ...ALLOWANCE_MENU, ...HOMECARE_MENU],
  personPanels: [AssessmentPersonPanel, AllowancePersonPanel],
  routes: [...INSTITUTION_ROUTES, ...QUALITY_ROUTES, ...ASSESSMENT_ROUTES, ...ALLOWANCE_ROUTES, ...HOMECARE_ROUTES],
};
