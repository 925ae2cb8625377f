export { alertsPage } from "./alerts-page.js";
export { eventsPage } from "./events-page.js";
export { anchor } from "./markdown.js";
export { metricsPage } from "./metrics-page.js";
export { generatedFiles } from "./pages.js";
export { panelsPage } from "./panels-page.js";
export { DOCS_DIR, REFERENCE_PATH } from "./paths.js";
export { pricesPage } from "./prices-page.js";
export { PRIVACY_PAGE, privacyRegion, withPrivacyRegion } from "./privacy-region.js";
