import { ExportResultCode } from "@opentelemetry/core";
import { describe, expect, it } from "vitest";
import { newCounts, perSessionLogExporter, type SentCounts } from "../src/sustained.js";

// The sustained-load run's request shape, checked; nothing is timed.

describe("sustained load: events one request per session, as the CLI sends them", () => {
  type Exporter = Parameters<typeof perSessionLogExporter>[0];
  const fake = (fail: (n: number) => boolean) => {
    const calls: number[] = [];
    let active = 0;
    let maxActive = 0;
    const inner = {
      export(records: unknown[], done: (r: { code: ExportResultCode }) => void) {
        const n = calls.push(records.length);
        active++;
        maxActive = Math.max(maxActive, active);
        setTimeout(() => {
          active--;
          done({ code: fail(n) ? ExportResultCode.FAILED : ExportResultCode.SUCCESS });
        }, 1);
      },
      shutdown: () => Promise.resolve(),
      forceFlush: () => Promise.resolve(),
    };
    return { inner: inner as unknown as Exporter, calls, maxActive: () => maxActive };
  };
  const batch = (sessions: number, each: number) => {
    const resources = Array.from({ length: sessions }, () => ({}));
    return resources.flatMap((resource) => Array.from({ length: each }, () => ({ resource })));
  };
  const send = (e: Exporter, records: unknown[]) =>
    new Promise<{ code: ExportResultCode }>((resolve) =>
      e.export(records as Parameters<Exporter["export"]>[0], resolve),
    );

  it("splits a shared batch into one request per resource, a bounded number at a time", async () => {
    const f = fake(() => false);
    const counts: SentCounts = newCounts();
    const e = perSessionLogExporter(f.inner, () => counts, 4);
    const result = await send(e, batch(10, 3));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(f.calls).toEqual(Array(10).fill(3));
    expect(f.maxActive()).toBe(4);
    expect(counts.logRequests).toBe(10);
    expect(counts.records).toBe(30);
  });

  it("reports the batch failed if any session's request failed", async () => {
    const f = fake((n) => n === 2);
    const e = perSessionLogExporter(f.inner, () => newCounts(), 4);
    expect((await send(e, batch(3, 1))).code).toBe(ExportResultCode.FAILED);
  });
});
