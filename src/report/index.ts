export { DISPLAY_LIMITS, REPORT_BUDGET, reportBudgetBytes } from './constants.js';
export { displayText, escapeHtml, jsonForScript } from './escape.js';
export { renderProfileReport } from './renderProfileReport.js';
export type { ReportContext } from './types.js';
