import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildOrganisation,
  DEFAULT_CLI_VERSION,
  type Developer,
  effectWindows,
  Rng,
  SCENARIOS,
  TimeZone,
} from "../src/index.js";
import { liveSimStart } from "../src/run.js";
import { attrs, type InMemoryRun, runInMemory } from "./support/in-memory.js";

/**
 * --tz: the working day in the team's local time, checked against Intl's own wall clock (not the
 * simulator's TimeZone), including the days clocks change.
 */

const H = 3_600_000;
const DAY = 24 * H;
const ms = (r: ReadableLogRecord) => r.hrTime[0] * 1000 + Math.round(r.hrTime[1] / 1e6);

interface Wall {
  readonly date: string;
  readonly weekday: string;
  /** Fractional hour of the day. */
  readonly hour: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function wall(t: number, zone: string): Wall {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: p.weekday as string,
    hour: Number(p.hour) + Number(p.minute) / 60 + Number(p.second) / 3600,
  };
}

const isoDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

describe("TimeZone", () => {
  it("agrees with Intl's wall clock every day of two years, through every DST change", () => {
    const first = Date.UTC(2026, 0, 1) / DAY;
    for (const name of [
      "UTC",
      "Europe/Berlin",
      "America/Los_Angeles",
      "Asia/Kolkata",
      "Asia/Jerusalem",
      "Australia/Lord_Howe", // half-hour DST
      "America/Santiago", // clocks change at midnight: some days start at 01:00
    ]) {
      const zone = new TimeZone(name);
      for (let d = first; d < first + 730; d++) {
        for (const hour of [9, 12.25, 17.5, 23]) {
          const t = zone.at(d, hour);
          expect(wall(t, name), `${name} ${isoDate(d)} ${hour}h`).toMatchObject({
            date: isoDate(d),
            hour,
          });
          expect(zone.dayOf(t)).toBe(d);
        }
        const start = zone.startOf(d);
        expect(wall(start, name).date).toBe(isoDate(d));
        expect(wall(start - 1000, name).date).toBe(isoDate(d - 1));
        expect(zone.dayOf(start)).toBe(d);
        expect(zone.dayOf(start - 1)).toBe(d - 1);
        expect(zone.weekday(d)).toBe(new Date(d * DAY).getUTCDay());
      }
    }
  });

  it("has 23- and 25-hour days and resolves the skipped and the repeated hour", () => {
    const la = new TimeZone("America/Los_Angeles");
    const spring = Date.UTC(2026, 2, 8) / DAY; // Sunday: 02:00 PST → 03:00 PDT
    expect(la.startOf(spring + 1) - la.startOf(spring)).toBe(23 * H);
    expect(la.at(spring - 1, 9)).toBe(Date.UTC(2026, 2, 7, 17));
    expect(la.at(spring, 9)).toBe(Date.UTC(2026, 2, 8, 16));
    expect(la.at(spring, 2.5)).toBe(Date.UTC(2026, 2, 8, 10, 30)); // 02:30 does not exist: 03:30 PDT
    const fall = Date.UTC(2026, 10, 1) / DAY; // Sunday: 02:00 PDT → 01:00 PST
    expect(la.startOf(fall + 1) - la.startOf(fall)).toBe(25 * H);
    expect(la.at(fall, 1.5)).toBe(Date.UTC(2026, 10, 1, 8, 30)); // the first 01:30, PDT
    expect(la.at(fall, 9)).toBe(Date.UTC(2026, 10, 1, 17));
    const berlin = new TimeZone("europe/berlin");
    expect(berlin.name).toBe("Europe/Berlin");
    const eu = Date.UTC(2026, 2, 29) / DAY;
    expect(berlin.startOf(eu + 1) - berlin.startOf(eu)).toBe(23 * H);
    expect(berlin.at(eu - 1, 9)).toBe(Date.UTC(2026, 2, 28, 8));
    expect(berlin.at(eu, 9)).toBe(Date.UTC(2026, 2, 29, 7));
    expect(() => new TimeZone("Mars/Olympus_Mons")).toThrow(/unknown time zone 'Mars\/Olympus_Mons'/);
  });

  it("starts live runs at 10:00 local of the latest weekday and puts scenario windows in local afternoons", () => {
    const la = new TimeZone("America/Los_Angeles");
    // Saturday 2026-11-28 03:00 UTC is still Friday evening in Los Angeles.
    expect(liveSimStart(Date.UTC(2026, 10, 28, 3), la)).toBe(Date.UTC(2026, 10, 27, 18));
    expect(liveSimStart(Date.UTC(2026, 10, 28, 3))).toBe(Date.UTC(2026, 10, 27, 10));
    // Monday 2026-11-30 06:00 UTC is Sunday night there: back to Friday.
    expect(liveSimStart(Date.UTC(2026, 10, 30, 6), la)).toBe(Date.UTC(2026, 10, 27, 18));
    const end = Date.UTC(2026, 10, 25, 12);
    const [outage] = effectWindows(SCENARIOS.errors, end - 3 * DAY, end, la);
    expect(wall(outage?.start ?? 0, la.name)).toEqual({ date: "2026-11-24", weekday: "Tue", hour: 13.5 });
    expect(wall(outage?.end ?? 0, la.name).hour).toBe(17);
  });
});

interface DayActivity {
  readonly dev: Developer;
  readonly date: string;
  readonly weekday: string;
  readonly hours: number[];
}

/** Every developer's activity per local day, in local hours. */
function localDays(run: InMemoryRun, zone: string, devs: readonly Developer[]): DayActivity[] {
  const byUser = new Map(devs.map((d) => [d.userId, d]));
  const days = new Map<string, DayActivity>();
  for (const r of run.logs) {
    const dev = byUser.get(String(attrs(r)["user.id"])) as Developer;
    const w = wall(ms(r), zone);
    const key = `${dev.userId} ${w.date}`;
    let day = days.get(key);
    if (!day) {
      day = { dev, date: w.date, weekday: w.weekday, hours: [] };
      days.set(key, day);
    }
    day.hours.push(w.hour);
  }
  return [...days.values()];
}

/**
 * Weekdays: from the developer's own start (plus up to the 25 minutes the first session may take
 * to open) until shortly after their end; weekends: the rare short late-morning session. The first
 * local day of the window is skipped: a backfill may start in the middle of a working day.
 */
function expectOfficeHours(
  days: readonly DayActivity[],
  skipDate: string,
): { weekday: number; weekend: number } {
  let weekday = 0;
  let weekend = 0;
  for (const day of days) {
    const first = Math.min(...day.hours);
    const last = Math.max(...day.hours);
    const where = `${day.dev.name} on ${day.weekday} ${day.date}: ${first.toFixed(2)}–${last.toFixed(2)}`;
    if (day.weekday === "Sat" || day.weekday === "Sun") {
      weekend += day.hours.length;
      expect(first, where).toBeGreaterThanOrEqual(10);
      expect(last, where).toBeLessThan(18.5);
      continue;
    }
    weekday += day.hours.length;
    if (day.date !== skipDate) {
      expect(first, where).toBeGreaterThanOrEqual(day.dev.workStart);
      expect(first, where).toBeLessThan(day.dev.workStart + 0.5);
    }
    expect(last, where).toBeLessThan(day.dev.workEnd + 1);
  }
  return { weekday, weekend };
}

const org = (seed: string, users: number) =>
  buildOrganisation(new Rng(seed), { users, teams: false, cliVersion: DEFAULT_CLI_VERSION });
const clockAt = (now: number) => ({ now: () => now, sleep: async () => {} });

describe("a team in Los Angeles", () => {
  const NOW = Date.UTC(2026, 10, 25, 12); // Wednesday, 04:00 in Los Angeles
  let la: InMemoryRun;
  let utc: InMemoryRun;
  beforeAll(async () => {
    la = await runInMemory({ seed: "tz", users: 8, days: 7, timeZone: "America/Los_Angeles" });
    utc = await runInMemory({ seed: "tz", users: 8, days: 7 });
  }, 60_000);

  it("works Los Angeles office hours, with quiet local nights and weekends", () => {
    const days = localDays(la, "America/Los_Angeles", org("tz", 8));
    const { weekday, weekend } = expectOfficeHours(days, wall(NOW - 7 * DAY, "America/Los_Angeles").date);
    expect(weekday).toBeGreaterThan(5000);
    expect(weekend).toBeLessThan(weekday * 0.1);
    // Every weekday of the window (Wed 18 to Tue 24 November, local) is a working day.
    const worked = new Set(days.filter((d) => !["Sat", "Sun"].includes(d.weekday)).map((d) => d.date));
    expect(worked.size).toBe(5);
  });

  it("is shifted by the offset in UTC terms: busy UTC nights, quiet UTC mornings", () => {
    const utcHours = (run: InMemoryRun) => run.logs.map((r) => new Date(ms(r)).getUTCHours());
    const morning = (h: number) => h >= 6 && h < 14;
    // 22:00–06:00 in Los Angeles (PST, UTC-8) is 06:00–14:00 UTC, the UTC team's busiest hours.
    expect(utcHours(la).filter(morning)).toHaveLength(0);
    expect(utcHours(utc).filter(morning).length).toBeGreaterThan(utc.logs.length * 0.4);
    expect(utcHours(la).filter((h) => h < 2).length).toBeGreaterThan(la.logs.length * 0.05);
  });
});

describe("a working day through a DST change", () => {
  it("keeps the local hours in Los Angeles the week clocks spring forward (Sunday 8 March 2026)", async () => {
    const zone = "America/Los_Angeles";
    const now = Date.UTC(2026, 2, 12, 20); // Thursday noon PDT
    const run = await runInMemory({ seed: "dst", users: 10, days: 7, timeZone: zone, clock: clockAt(now) });
    const days = localDays(run, zone, org("dst", 10));
    expectOfficeHours(days, wall(now - 7 * DAY, zone).date);
    const dates = new Set(days.map((d) => d.date));
    for (const date of ["2026-03-06", "2026-03-09", "2026-03-10"]) expect(dates).toContain(date);
  }, 30_000);

  it("has a normal working day on the weekday Jerusalem's clocks change (Friday 27 March 2026, 02:00 → 03:00)", async () => {
    const zone = "Asia/Jerusalem";
    const now = Date.UTC(2026, 2, 28, 9); // Saturday noon IDT
    const run = await runInMemory({ seed: "dst", users: 10, days: 4, timeZone: zone, clock: clockAt(now) });
    const days = localDays(run, zone, org("dst", 10));
    expectOfficeHours(days, wall(now - 4 * DAY, zone).date);
    // Most of the team works that day, from its usual local start (checked above).
    expect(days.filter((d) => d.date === "2026-03-27").length).toBeGreaterThanOrEqual(8);
  }, 30_000);
});
