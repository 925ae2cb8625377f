/**
 * Writes the reference pages generated from @cc-otel/contract, and those taken from the dashboard's
 * panel reference and the alerts package's runbooks (when those packages have produced them).
 * Run: pnpm --filter @cc-otel/docs generate
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DOCS_DIR, describePath, renderReferencePages } from "./reference.ts";

let changed = 0;
for (const [path, content] of Object.entries(renderReferencePages())) {
  const file = join(DOCS_DIR, path);
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current === content) continue;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  changed++;
  console.log(`wrote ${describePath(path)}`);
}
console.log(changed ? `${changed} page(s) regenerated` : "reference pages are up to date");
