import type { GeneratedFile } from "@cc-otel/repo";
import { dashboardJson } from "./dashboard.js";
import { DASHBOARD_PATH } from "./paths.js";

/** What the dashboard package generates: the dashboard JSON Grafana provisions. */
export function generatedFiles(): GeneratedFile[] {
  return [
    {
      path: DASHBOARD_PATH,
      content: dashboardJson(),
      from: "packages/dashboard/src (the dashboard builders) and @cc-otel/contract",
    },
  ];
}
