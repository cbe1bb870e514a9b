export {
  DASHBOARD_DEFAULTS,
  DEFAULT_DASHBOARD_PORT,
  dashboardPortFor,
  TOKEN_HEADER,
} from './constants.js';
export { Dashboard, type DashboardOptions } from './Dashboard.js';
export { DashboardError, DashboardErrorCode, DashboardStartError } from './errors.js';
export { PAGE_POLICY, renderDashboardPage } from './page.js';
export { filePath, parseFilePath, replayPath, uploadPath } from './routes.js';
export type { DashboardState, FailureRow, MetricsView, UploadRow } from './types.js';
export { uploadKey } from './uploadName.js';
