import { describe, expect, it } from "vitest";
import { effectWindows, SCENARIO_NAMES, SCENARIOS } from "../src/index.js";

const H = 3_600_000;
const WED_NOON = Date.UTC(2026, 10, 25, 12);

describe("scenario windows", () => {
  it("puts a backfill's outage on the last weekday afternoon inside the window", () => {
    const [w] = effectWindows(SCENARIOS.errors, WED_NOON - 24 * H, WED_NOON);
    expect(new Date(w?.start ?? 0).toISOString()).toBe("2026-11-24T13:30:00.000Z");
    expect(new Date(w?.end ?? 0).toISOString()).toBe("2026-11-24T17:00:00.000Z");
    const [spike] = effectWindows(SCENARIOS.spike, WED_NOON - 7 * 24 * H, WED_NOON);
    expect(new Date(spike?.end ?? 0).toISOString()).toBe("2026-11-24T23:00:00.000Z");
  });

  it("skips weekends and falls back to the middle of runs without a weekday afternoon", () => {
    const monday = Date.UTC(2026, 10, 23, 20);
    const [w] = effectWindows(SCENARIOS.errors, monday - 3 * 24 * H, monday);
    expect(new Date(w?.start ?? 0).toISOString()).toBe("2026-11-23T13:30:00.000Z");
    const sunday = Date.UTC(2026, 10, 22, 20);
    const [weekend] = effectWindows(SCENARIOS.errors, sunday - 24 * H, sunday);
    expect(weekend).toEqual({ start: sunday - 18 * H, end: sunday - 24 * H + 0.6 * 24 * H });
    const [short] = effectWindows(SCENARIOS.errors, 0, 4 * H);
    expect(short).toEqual({ start: 1 * H, end: 2.4 * H });
  });

  it("repeats in open-ended live runs, 3 minutes in", () => {
    const windows = effectWindows(SCENARIOS.errors, 0, undefined);
    expect(windows[0]).toEqual({ start: 3 * 60_000, end: 13 * 60_000 });
    expect(windows[1]?.start).toBe(33 * 60_000);
  });

  it("documents every preset", () => {
    for (const name of SCENARIO_NAMES) expect(SCENARIOS[name].summary.length).toBeGreaterThan(20);
  });
});
