// Sums the per-package vitest JSON reports into one closing line, and fails when no test ran:
// a green run that executed nothing must not pass as a success.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
// CI shows only the tail of the log: name each failure here, where it will be seen.
const failures = [];
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
  for (const t of r.testResults ?? []) {
    const where = t.name.replace(/^.*?\/(packages|apps)\//, "$1/");
    const bad = (t.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of bad)
      failures.push(`  FAIL ${where} > ${a.fullName}\n       ${firstLine(a.failureMessages?.[0])}`);
    if (t.status === "failed" && bad.length === 0) {
      // vitest's JSON has no hook error; name the suites whose tests did not run because of it.
      const notRun = [
        ...new Set(
          (t.assertionResults ?? [])
            .filter((a) => a.status !== "passed")
            .map((a) => (a.ancestorTitles ?? []).join(" > ")),
        ),
      ];
      failures.push(
        `  FAIL ${where} (a hook or import failed: see its error above)\n       ${t.message ? firstLine(t.message) : `did not run: ${notRun.join("; ") || "(whole file)"}`}`,
      );
    }
  }
  const f = (r.numFailedTests ?? 0) + Math.max(failedFiles, r.numRuntimeErrorTestSuites ?? 0);
  const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  rows.push(`  ${file.replace(/\.json$/, "").padEnd(20)} ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
console.log(rows.join("\n"));
if (failures.length > 0) console.log(`failures:\n${failures.join("\n")}`);
if (skipped > 0)
  console.log(`NOTE: ${skipped} test(s) skipped — a skip is not a pass; see the output above for why.`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0) {
  console.error("error: no test ran — check that each package writes its report (CC_OTEL_TEST_RESULTS)");
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);

function firstLine(text) {
  const line = (text ?? "(no message)").split("\n").find((l) => l.trim() !== "") ?? "(no message)";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
