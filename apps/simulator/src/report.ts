import { EVENT_NAMES, METRIC_NAMES } from "@cc-otel/contract";
import type { Ledger } from "./ledger.js";
import type { Progress } from "./run.js";

/** Human-readable progress and the closing summary. Machine-readable output is the ledger JSON. */

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en");
const usd = new Intl.NumberFormat("en", { style: "currency", currency: "USD" });

function clockTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

export function formatProgress(p: Progress): string {
  return [
    `sim ${new Date(p.simTime).toISOString().slice(0, 16).replace("T", " ")}Z`,
    `sessions ${whole.format(p.sessions)}`,
    `events ${whole.format(p.events)}`,
    `delivered ${whole.format(p.logRecords)} records + ${whole.format(p.dataPoints)} points`,
    `cost ${usd.format(p.costUsd)}`,
    `elapsed ${clockTime(p.wallElapsedMs)}`,
  ].join("  ");
}

export function formatSummary(ledger: Ledger, wallMs: number): string {
  const t = ledger.totals;
  const lines = [
    `delivered to ${ledger.endpoint} (${ledger.protocol}, ${ledger.temporality}) in ${(wallMs / 1000).toFixed(1)} s` +
      ` — scenario ${ledger.scenario}, ${ledger.users} developers, seed ${ledger.seed}`,
    `  window        ${ledger.window.start || "-"} → ${ledger.window.end || "-"}`,
    `  sessions      ${whole.format(ledger.sessions)}`,
    `  cost          ${usd.format(t.costUsd)} (cost.usage)  ${usd.format(t.eventCostUsd)} (api_request.cost_usd)`,
    `  tokens        ${Object.entries(t.tokens)
      .map(([k, v]) => `${k} ${compact.format(v)}`)
      .join("  ")}`,
    `  events        ${EVENT_NAMES.map((e) => `${e} ${whole.format(ledger.events[e])}`).join("  ")}`,
    `  records       ${whole.format(t.logRecords)} log records, ${whole.format(t.dataPoints)} data points`,
  ];
  for (const name of METRIC_NAMES) {
    const m = ledger.metrics[name];
    lines.push(
      `  ${name.padEnd(38)} ${String(m.dataPoints).padStart(8)} points  total ${compact.format(m.total)}`,
    );
  }
  const f = ledger.failed;
  lines.push(
    f.metricExports + f.logExports === 0
      ? "  failed        nothing"
      : `  failed        ${f.metricExports} metric exports (${f.dataPoints} points), ${f.logExports} log exports (${f.logRecords} records)`,
  );
  const r = ledger.retried;
  if (r.metricExports + r.logExports > 0)
    lines.push(
      `  retried       ${r.metricExports} metric exports, ${r.logExports} log exports (refused, sent again)`,
    );
  return lines.join("\n");
}
