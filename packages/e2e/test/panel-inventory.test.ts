import { panelQueries } from "@cc-otel/dashboard";
import { describe, expect, it } from "vitest";
import { PANEL_EXPECTATIONS } from "../src/panel-expectations.js";

/**
 * A panel ships only with its value check: every Prometheus query of the dashboard has an
 * expectation computed from the simulator's journal (src/panel-expectations.ts), which
 * dashboard-live.test.ts compares with real Prometheus. Loki panels are checked by
 * `pnpm run doctor --panels` against a live stack, not here (no real Loki on these machines).
 */
const prom = panelQueries().filter((q) => q.datasource === "prometheus");
const keys = prom.map((q) => `${q.panelId}${q.refId}`);

describe("the dashboard's inventory of value checks", () => {
  it("has a value check for every Prometheus panel query", () => {
    const unchecked = prom
      .filter((q) => !PANEL_EXPECTATIONS[`${q.panelId}${q.refId}`])
      .map((q) => `${q.panelId} ${q.title} [${q.refId}]`);
    expect(unchecked).toEqual([]);
  });

  it("checks no query the dashboard no longer has", () => {
    expect(Object.keys(PANEL_EXPECTATIONS).filter((k) => !keys.includes(k))).toEqual([]);
  });
});
