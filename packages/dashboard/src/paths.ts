import { fileURLToPath } from "node:url";
import { REPO_ROOT, repoPath } from "@cc-otel/repo";

/** Package root, from src/ (tests) and dist/ (the generate script) alike. */
export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
export const REPO_DIR = REPO_ROOT;
/** The dashboard JSON Grafana provisions, relative to the repository root. */
export const DASHBOARD_PATH = "stack/grafana/dashboards/claude-code.json";
export const DASHBOARD_FILE = repoPath(DASHBOARD_PATH);
