import { alertsReferenceData } from "@cc-otel/alerts";
import { dashboardReference } from "@cc-otel/dashboard";
import { GENERATE_COMMAND, type GeneratedFile, REPO_ROOT } from "@cc-otel/repo";
import { alertsPage } from "./alerts-page.js";
import { eventsPage } from "./events-page.js";
import { metricsPage } from "./metrics-page.js";
import { panelsPage } from "./panels-page.js";
import { REFERENCE_PATH } from "./paths.js";
import { pricesPage } from "./prices-page.js";
import { privacyPageFile } from "./privacy-region.js";

/**
 * The generated reference pages, from data only: the contract, the dashboard's and the alerts'
 * reference data; and the generated region of the privacy page, the one file read (under `root`),
 * which is hand-written around it.
 */
export function generatedFiles(root: string = REPO_ROOT): GeneratedFile[] {
  const page = (name: string, content: string, from: string): GeneratedFile => ({
    path: `${REFERENCE_PATH}/${name}.md`,
    content,
    from,
  });
  return [
    page("metrics", metricsPage(GENERATE_COMMAND), "@cc-otel/contract"),
    page("events", eventsPage(GENERATE_COMMAND), "@cc-otel/contract"),
    page("prices", pricesPage(GENERATE_COMMAND), "@cc-otel/contract"),
    page(
      "dashboard-panels",
      panelsPage(dashboardReference(), GENERATE_COMMAND),
      "@cc-otel/dashboard dashboardReference()",
    ),
    page(
      "alerts",
      alertsPage(alertsReferenceData(), GENERATE_COMMAND),
      "@cc-otel/alerts alertsReferenceData()",
    ),
    // A region of the hand-written privacy page: read under `root`, so generated in place.
    privacyPageFile(root),
  ];
}
