import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { dashboardJson } from "../dashboard.js";
import { DASHBOARD_FILE, REFERENCE_FILE, REPO_DIR } from "../paths.js";
import { panelReference } from "../reference.js";

/** `generate dashboard` writes the dashboard JSON; `generate reference` the Markdown panel reference. */
const outputs: Record<string, [string, () => string]> = {
  dashboard: [DASHBOARD_FILE, dashboardJson],
  reference: [REFERENCE_FILE, () => panelReference()],
};

const wanted = process.argv.slice(2);
const targets = wanted.length ? wanted : Object.keys(outputs);
for (const name of targets) {
  const output = outputs[name];
  if (!output) {
    console.error(`unknown output '${name}' (known: ${Object.keys(outputs).join(", ")})`);
    process.exit(2);
  }
  const [file, render] = output;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, render());
  console.log(`wrote ${relative(REPO_DIR, file)}`);
}
