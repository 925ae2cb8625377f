import { fileURLToPath } from "node:url";

/** Package root, from src/ (tests) and dist/ (the generate script) alike. */
export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
export const REPO_DIR = fileURLToPath(new URL("../../..", import.meta.url));
export const DASHBOARD_FILE = fileURLToPath(
  new URL("../../../stack/grafana/dashboards/claude-code.json", import.meta.url),
);
export const REFERENCE_FILE = fileURLToPath(new URL("../generated/panel-reference.md", import.meta.url));
