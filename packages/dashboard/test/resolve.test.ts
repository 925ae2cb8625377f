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
    expect(r.expr).toBe(
      'sum(increase(claude_code_cost_usage_USD_total{department=~".*", team_id=~".*", user_id=~".*", terminal_type=~".*", model=~".*"}[48600s]))',
    );
  });

  it("gives range queries a step and a rate window of at least 4 export intervals", () => {
    const r = resolveQuery(byPanel(1), { now: NOW, dashboardRange: "6h", scrapeInterval: "60s" });
    expect(r.instant).toBe(false);
    expect(r.stepMs).toBe(60_000);
    expect(r.expr).toContain("[240s]");
  });

  it("applies variable values", () => {
    const r = resolveQuery(byPanel(26), {
      now: NOW,
      values: { user: ["abc"], terminal: ["vscode", "xterm"] },
    });
    expect(r.expr).toContain('| user_id=~"abc" | terminal_type=~"vscode|xterm"');
  });

  it("computes panel ranges", () => {
    expect(panelRangeMs(undefined, "7d", NOW)).toBe(7 * 86_400_000);
    expect(panelRangeMs("24h", "7d", NOW)).toBe(86_400_000);
    expect(panelRangeMs("now/d", "7d", Date.UTC(2026, 0, 1))).toBe(1000);
  });
});
