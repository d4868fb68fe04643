export { renderPublicityPdf, publicityTitle, PUBLICITY_DAYS } from './publicity.pdf.ts';
export type { OnlyPublicityFields, PublicityInput, PublicityRow, PublicityStage } from './publicity.pdf.ts';
export { renderDecisionNoticePdf, decisionNoticeTitle, remedySentence } from './decision-notice.pdf.ts';
export type { DecisionNoticeInput, GrantApproval, MonthlyApproval, NoticeAmountItem, NoticeKind, NoticeReasons, Refusal, Termination } from './decision-notice.pdf.ts';
export { CJK_FONT_PACKAGE, CJK_FONT_PATH, type PdfRenderOptions } from './pdf-document.ts';
