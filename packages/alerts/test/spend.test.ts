import { EVENT_COUNT, exactGrowth, METRIC_NAMES, promSeries } from "@cc-otel/contract";
import { describe, expect, it } from "vitest";
import { allRuleFiles } from "../src/index.js";

/**
 * Claude Code's series are sparse: increase() and rate() drop the growth before a window's first
 * sample and extrapolate the rest. The rules must count spend and events with the contract's exact
 * growth, the formula the dashboard uses, so an alert agrees with the panel it sends people to.
 */
const groups = allRuleFiles().flatMap((f) => f.groups);
const exprs = groups.flatMap((g) => [
  ...g.recording.map((r) => ({ name: r.record, expr: r.expr })),
  ...g.alerts.flatMap((a) => [
    { name: a.alert, expr: a.expr },
    { name: `${a.alert} (runbook)`, expr: a.runbook.confirm ?? "" },
  ]),
]);

describe("rules read Claude Code's running totals as the dashboard does", () => {
  it("never use increase() or rate() on a claude_code series", () => {
    const series = [...METRIC_NAMES.map(promSeries), EVENT_COUNT.series].join("|");
    const inexactRead = new RegExp(`\\b(increase|rate|irate)\\(\\s*(${series})\\b`);
    const inexact = exprs.filter(({ expr }) => inexactRead.test(expr));
    expect(inexact.map((e) => `${e.name}: ${e.expr}`)).toEqual([]);
  });

  it("define the rolling 24 h spend with the contract's exact growth", () => {
    const spend24h = groups.flatMap((g) => g.recording).find((r) => r.record.endsWith(":increase24h"));
    expect(spend24h?.expr).toBe(`sum (${exactGrowth(promSeries("claude_code.cost.usage"), "24h")})`);
  });
});
