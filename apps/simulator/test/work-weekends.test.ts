import { describe, expect, it } from "vitest";
import { runInMemory } from "./support/in-memory.js";

// workWeekends: a backfill that ends at the real now holds a working day whatever the weekday, as
// tests that run at any hour need (a 24 h backfill on a Sunday is otherwise almost empty).

/** Sunday 29 November 2026, 23:00 UTC: its last 24 h are a Sunday. */
const SUNDAY_NIGHT = Date.UTC(2026, 10, 29, 23, 0, 0);
/** Wednesday 25 November 2026, 23:00 UTC. */
const WEDNESDAY_NIGHT = Date.UTC(2026, 10, 25, 23, 0, 0);
const clockAt = (now: number) => ({ now: () => now, sleep: async () => {} });

describe("workWeekends", () => {
  it("off (the default): the last 24 h of a Sunday are nearly idle next to a Wednesday's", async () => {
    const sunday = await runInMemory({ seed: "ww", users: 10, days: 1, clock: clockAt(SUNDAY_NIGHT) });
    const wednesday = await runInMemory({ seed: "ww", users: 10, days: 1, clock: clockAt(WEDNESDAY_NIGHT) });
    expect(wednesday.ledger.sessions).toBeGreaterThan(10);
    expect(sunday.ledger.sessions).toBeLessThan(wednesday.ledger.sessions * 0.3);
  });

  it("on: a Sunday is a working day like a Wednesday", async () => {
    const sunday = await runInMemory({
      seed: "ww",
      users: 10,
      days: 1,
      clock: clockAt(SUNDAY_NIGHT),
      workWeekends: true,
    });
    const wednesday = await runInMemory({ seed: "ww", users: 10, days: 1, clock: clockAt(WEDNESDAY_NIGHT) });
    expect(sunday.ledger.sessions).toBeGreaterThan(wednesday.ledger.sessions * 0.6);
    // ...at working hours: every event between 07:00 and 21:00 UTC of the Sunday.
    const hours = new Set(sunday.logs.map((r) => new Date(Number(r.hrTime[0]) * 1000).getUTCHours()));
    for (const h of hours) expect(h >= 7 && h < 21, `event at ${h}:00`).toBe(true);
  });

  it("changes nothing on a weekday", async () => {
    const plain = await runInMemory({ seed: "ww", users: 4, days: 1, clock: clockAt(WEDNESDAY_NIGHT) });
    const flagged = await runInMemory({
      seed: "ww",
      users: 4,
      days: 1,
      clock: clockAt(WEDNESDAY_NIGHT),
      workWeekends: true,
    });
    expect(flagged.ledger.totals).toEqual(plain.ledger.totals);
  });
});
