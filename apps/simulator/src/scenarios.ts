import type { ModelKey } from "./models.js";
import { type TimeZone, UTC } from "./zone.js";

/**
 * Scenario presets: the same organisation and behaviour model with one thing turned up. Each is
 * something the dashboard must show at a glance.
 */

export const SCENARIO_NAMES = ["steady", "spike", "errors", "team"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Per-attempt probability that an API call fails with this HTTP status (0 = connection error). */
export type FailureRates = Readonly<Partial<Record<429 | 500 | 529 | 0, number>>>;

/** A stretch of the run in which a scenario's effect applies. */
export interface EffectWindow {
  readonly start: number;
  readonly end: number;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly summary: string;
  readonly users: number;
  /** Sends team.id, department and cost_center resource attributes. */
  readonly teams: boolean;
  /** Per-attempt failure rates outside an outage. */
  readonly baseFailures: FailureRates;
  /** Probability that a request fails for good at once (400 prompt too long, 413...). */
  readonly fatalRate: number;
  /** During the outage window (errors scenario). */
  readonly outage?: { readonly failures: FailureRates };
  /** A runaway agent loop (spike scenario): these developers burn through an expensive model. */
  readonly spike?: {
    readonly developers: number;
    readonly model: ModelKey;
    /** Multiplies turns per prompt and divides think time. */
    readonly intensity: number;
  };
}

const BASE_FAILURES: FailureRates = { 429: 0.004, 500: 0.002, 529: 0.006, 0: 0.001 };

export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  steady: {
    name: "steady",
    summary: "an ordinary working day for a small team: the baseline every panel should look sane on",
    users: 12,
    teams: false,
    baseFailures: BASE_FAILURES,
    fatalRate: 0.002,
  },
  spike: {
    name: "spike",
    summary:
      "cost anomaly: two developers leave an agent loop running on Opus 4.1 (the expensive one) with huge contexts until late",
    users: 12,
    teams: false,
    baseFailures: BASE_FAILURES,
    fatalRate: 0.002,
    spike: { developers: 2, model: "opus41", intensity: 6 },
  },
  errors: {
    name: "errors",
    summary: "API outage: a window of 529 overloaded and 500 errors, many requests failing for good",
    users: 12,
    teams: false,
    baseFailures: { 429: 0.02, 500: 0.01, 529: 0.02, 0: 0.002 },
    fatalRate: 0.004,
    outage: { failures: { 529: 0.68, 500: 0.18, 0: 0.04 } },
  },
  team: {
    name: "team",
    summary:
      "a larger organisation: 120 developers in 8 teams and 5 departments (team.id, department, cost_center)",
    users: 120,
    teams: true,
    baseFailures: BASE_FAILURES,
    fatalRate: 0.002,
  },
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * When the outage or the spike happens. Runs of a day or more (backfill) place it on the last
 * weekday inside the run, from 13:30 local time (outage, until 17:00; the runaway loop until 23:00),
 * so it lands in working hours; shorter runs place it from 25% to 60% of the run; open-ended live
 * runs repeat it for 10 minutes of every 30, starting 3 minutes in, so a demo shows it soon.
 */
export function effectWindows(
  scenario: Scenario,
  start: number,
  end: number | undefined,
  zone: TimeZone = UTC,
): EffectWindow[] {
  if (end === undefined) {
    const out: EffectWindow[] = [];
    for (let t = start; t < start + 30 * DAY; t += 30 * 60_000)
      out.push({ start: t + 3 * 60_000, end: t + 13 * 60_000 });
    return out;
  }
  const length = end - start;
  if (length < DAY) return [{ start: start + length * 0.25, end: start + length * 0.6 }];
  for (let day = zone.dayOf(end); zone.startOf(day + 1) > start; day--) {
    const from = zone.at(day, 13.5);
    const to = zone.at(day, scenario.spike ? 23 : 17);
    if (!zone.isWeekend(day) && from >= start && to <= end) return [{ start: from, end: to }];
  }
  return [{ start: start + length * 0.25, end: start + length * 0.6 }];
}

export function inWindow(windows: readonly EffectWindow[], t: number): boolean {
  for (const w of windows) if (t >= w.start && t < w.end) return true;
  return false;
}
