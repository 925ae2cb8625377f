import { describe, expect, it } from "vitest";
import { panelQueries, panelRangeMs, resolveQuery } from "../src/index.js";
import { NOW } from "./helpers.js";

const byPanel = (id: number) => {
  const q = panelQueries().find((x) => x.panelId === id);
  if (!q) throw new Error(`no panel ${id}`);
  return q;
};

describe("resolveQuery", () => {
  it("fills in an instant 'today' query with the time since midnight", () => {
    const r = resolveQuery(byPanel(2), { now: NOW });
    expect(r.instant).toBe(true);
    expect(r.endMs).toBe(NOW);
    expect(r.endMs - r.startMs).toBe(13.5 * 3600e3);
    const sel =
      'claude_code_cost_usage_USD_total{department=~".*", team_id=~".*", user_id=~".*", terminal_type=~".*", model=~".*"}';
    expect(r.expr).toBe(
      `sum(((last_over_time(${sel}[48600s]) - last_over_time(${sel}[25h] offset 48600s)) >= 0 or last_over_time(${sel}[48600s]) * 1))`,
    );
  });

  it("gives range queries a step, each point the exact growth over its step, per second of it", () => {
    const r = resolveQuery(byPanel(1), { now: NOW, dashboardRange: "6h", scrapeInterval: "60s" });
    expect(r.instant).toBe(false);
    expect(r.stepMs).toBe(60_000);
    expect(r.expr).toContain("[1m]) - last_over_time(");
    expect(r.expr).toContain("[25h] offset 1m)");
    expect(r.expr).toContain("/ (60000 / 1000) * 3600");
  });

  it("applies variable values, in PromQL and LogQL", () => {
    const values = { user: ["abc"], terminal: ["vscode", "xterm"] };
    expect(resolveQuery(byPanel(26), { now: NOW, values }).expr).toContain(
      'user_id=~"abc", terminal_type=~"(vscode|xterm)"',
    );
    expect(resolveQuery(byPanel(36), { now: NOW, values }).expr).toContain(
      '| user_id=~"abc" | terminal_type=~"vscode|xterm"',
    );
  });

  it("computes panel ranges", () => {
    expect(panelRangeMs(undefined, "7d", NOW)).toBe(7 * 86_400_000);
    expect(panelRangeMs("24h", "7d", NOW)).toBe(86_400_000);
    expect(panelRangeMs("now/d", "7d", Date.UTC(2026, 0, 1))).toBe(1000);
  });
});

describe("counter growth over the panel range", () => {
  it("looks back as far as the collector keeps a stream alive (delta_to_cumulative max_stale)", async () => {
    const { readFileSync } = await import("node:fs");
    const { COUNTER_LOOKBACK } = await import("../src/queries/promql.js");
    const config = readFileSync(new URL("../../../stack/collector/config.yaml", import.meta.url), "utf8");
    const maxStale = /\n {2}delta_to_cumulative:\n {4}max_stale: (\S+)/.exec(config)?.[1];
    expect(maxStale).toBe(COUNTER_LOOKBACK);
  });
});
