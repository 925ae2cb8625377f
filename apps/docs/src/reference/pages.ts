import { alertsReferenceData } from "@cc-otel/alerts";
import { dashboardReference } from "@cc-otel/dashboard";
import { GENERATE_COMMAND, type GeneratedFile } from "@cc-otel/repo";
import { alertsPage } from "./alerts-page.js";
import { eventsPage } from "./events-page.js";
import { metricsPage } from "./metrics-page.js";
import { panelsPage } from "./panels-page.js";
import { REFERENCE_PATH } from "./paths.js";
import { pricesPage } from "./prices-page.js";

/**
 * The generated reference pages, from data only: the contract, the dashboard's and the alerts'
 * reference data. Nothing is read from disk, so the pages do not depend on what another package
 * wrote before.
 */
export function generatedFiles(): GeneratedFile[] {
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
  ];
}
