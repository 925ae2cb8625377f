import type { Check, Report, Section } from "./model.js";

const MARK: Record<Check["status"], string> = {
  ok: "[ ok ]",
  warn: "[warn]",
  fail: "[FAIL]",
  skip: "[skip]",
  note: "[note]",
};
const TITLES: Record<Section, string> = {
  config:
    "Claude Code configuration (precedence assumed: managed settings > ~/.claude/settings.json env > environment)",
  stack: "Stack",
  probe: "Probe through the real path",
};

/** The short text report: one line per check, its fix on the next line. */
export function formatReport(r: Report): string {
  const out: string[] = ["cc-otel doctor — would Claude Code's telemetry reach Prometheus and Loki?", ""];
  for (const section of ["config", "stack", "probe"] as const) {
    const checks = r.checks.filter((c) => c.section === section);
    if (!checks.length) continue;
    out.push(section === "probe" && r.probeId ? `${TITLES.probe} (probe_id=${r.probeId})` : TITLES[section]);
    for (const c of checks) {
      out.push(`  ${MARK[c.status]} ${c.title}`);
      if (c.detail && c.status !== "ok") out.push(`         ${c.detail}`);
      if (c.fix && (c.status === "fail" || c.status === "warn")) out.push(`         fix: ${c.fix}`);
    }
    out.push("");
  }
  for (const n of r.notes) out.push(n, "");
  const fails = r.checks.filter((c) => c.status === "fail").length;
  const warns = r.checks.filter((c) => c.status === "warn").length;
  out.push(
    r.ok
      ? `Result: data would flow (${warns} warning${warns === 1 ? "" : "s"}).`
      : `Result: data would NOT flow — ${fails} problem${fails === 1 ? "" : "s"} to fix (first one first), ${warns} warning${warns === 1 ? "" : "s"}.`,
  );
  return `${out.join("\n")}\n`;
}
