// Sums the per-package vitest JSON reports into one closing line, and fails when no test ran:
// a green run that executed nothing must not pass as a success.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const r = JSON.parse(readFileSync(join(dir, file), "utf8"));
  const p = r.numPassedTests ?? 0;
  // A file that failed outside any test (a beforeAll hook, an import) has no failed test of its
  // own: its tests show as skipped. Count such a file as a failure, or the line would say 0 failed.
  const failedFiles = (r.testResults ?? []).filter(
    (t) => t.status === "failed" && !(t.assertionResults ?? []).some((a) => a.status === "failed"),
  ).length;
  const f = (r.numFailedTests ?? 0) + Math.max(failedFiles, r.numRuntimeErrorTestSuites ?? 0);
  const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  rows.push(`  ${file.replace(/\.json$/, "").padEnd(20)} ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
console.log(rows.join("\n"));
if (skipped > 0)
  console.log(`NOTE: ${skipped} test(s) skipped — a skip is not a pass; see the output above for why.`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0) {
  console.error("error: no test ran — check that each package writes its report (CC_OTEL_TEST_RESULTS)");
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
