// Sums the per-package vitest JSON reports into one closing line, and fails when no test ran:
// a green run that executed nothing must not pass as a success.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
// The run's console output (scripts/test.sh tees turbo into it): vitest's JSON report has no hook
// error, its console output does, and CI shows only the tail — so the error is copied from here.
const logFile = process.argv[3];
const log = logFile && existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
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
      const error = t.message ? [firstLine(t.message)] : hookError(where);
      failures.push(
        `  FAIL ${where} (a hook or import failed)\n       did not run: ${notRun.join("; ") || "(whole file)"}${error.map((l) => `\n       ${l}`).join("")}`,
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

/**
 * The error vitest printed for a file whose hook failed: the lines after its " FAIL  <file> >" header
 * in the console log, up to the first stack frame. Empty when the log does not hold it.
 */
function hookError(where) {
  const file = where.replace(/^(packages|apps)\/[^/]+\//, "");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
  const clean = (l) => l.replace(/\x1b\[[0-9;]*m/g, "").replace(/^@cc-otel\/[\w-]+:\w+: /, "");
  const lines = log.split("\n").map(clean);
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*FAIL\s/.test(lines[i]) || !lines[i].includes(file)) continue;
    for (let j = i + 1; j < lines.length && out.length < 8; j++) {
      const l = lines[j].trim();
      if (l === "" && out.length === 0) continue;
      if (l === "" || l.startsWith("❯") || l.startsWith("⎯") || /^at /.test(l)) break;
      out.push(l.length > 300 ? `${l.slice(0, 300)}…` : l);
    }
    if (out.length > 0) break;
  }
  return out.length > 0 ? out : ["(its error is in the full log above, under this file's FAIL header)"];
}
