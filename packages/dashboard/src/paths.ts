import { repoPath } from "@cc-otel/repo";

/** The dashboard JSON Grafana provisions, relative to the repository root. */
export const DASHBOARD_PATH = "stack/grafana/dashboards/claude-code.json";
/** The same file in this checkout, for tests that read what is committed. */
export const DASHBOARD_FILE = repoPath(DASHBOARD_PATH);
