export {
  buildDashboard,
  DASHBOARD_TITLE,
  DASHBOARD_UID,
  dashboardBuilder,
  dashboardJson,
  type Section,
  sections,
} from "./dashboard.js";
export { generatedFiles } from "./generate.js";
export * from "./interpolate.js";
export { EXTRA, INVENTORY, type InventoryId } from "./inventory.js";
export { type PanelQuery, type PanelSummary, panelQueries, panelSummaries } from "./panel-queries.js";
export { DASHBOARD_FILE, DASHBOARD_PATH } from "./paths.js";
export {
  type DashboardReference,
  dashboardReference,
  PANEL_SOURCE_TEXT,
  type PanelReference,
  type PanelSource,
  panelSources,
  type VariableReference,
} from "./reference-data.js";
export {
  defaultVariableValues,
  panelRangeMs,
  queryContext,
  type ResolvedQuery,
  type ResolveOptions,
  resolveQuery,
} from "./resolve.js";
export { ALL_VALUE, DS_VARS, FILTERS, type Filter, filterApplies, SESSION_VAR } from "./variables.js";
