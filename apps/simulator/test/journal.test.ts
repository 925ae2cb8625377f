import { METRIC_NAMES } from "@cc-otel/contract";
import { type OtlpSink, startOtlpSink } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ledger, runSimulation } from "../src/index.js";

/**
 * The journal is what dashboard value checks compute from: it must hold every acknowledged point
 * and event, once, with the attributes a backend sees (resource ones included).
 */

let sink: OtlpSink;
let ledger: Ledger;
const started = Date.now();
/** Wednesday 25 November 2026, 10:00 UTC. */
const WEDNESDAY_10H = Date.UTC(2026, 10, 25, 10, 0, 0);
beforeAll(async () => {
  sink = await startOtlpSink({ httpPort: false });
  ledger = await runSimulation({
    scenario: "team",
    users: 4,
    seed: "journal",
    export: { protocol: "grpc", endpoint: sink.grpcEndpoint, headers: {}, temporality: "delta" },
    mode: { kind: "backfill", windowMs: 6 * 3600_000 },
    // Six hours of a Wednesday's working day, whatever the real hour (the last six real hours may be
    // a night or a weekend, with no events to check).
    simStart: WEDNESDAY_10H,
    journal: true,
  });
});
afterAll(async () => {
  await sink?.close();
});

describe("the ledger's journal", () => {
  it("holds every acknowledged point: per metric, its increments add up to the ledger's total", () => {
    const points = ledger.journal?.points ?? [];
    expect(points.length).toBe(ledger.totals.dataPoints);
    for (const name of METRIC_NAMES) {
      const sum = points.filter((p) => p.metric === name).reduce((s, p) => s + p.increment, 0);
      expect(sum, name).toBeCloseTo(ledger.metrics[name].total, 9);
    }
  });

  it("holds every event once, with when its export was sent and taken", () => {
    const events = ledger.journal?.events ?? [];
    expect(events.length).toBe(sink.logs.length);
    for (const [name, n] of Object.entries(ledger.events))
      expect(events.filter((e) => e.name === name).length, name).toBe(n);
    for (const e of events) {
      expect(e.sentMs).toBeGreaterThanOrEqual(started);
      expect(e.ackedMs).toBeGreaterThanOrEqual(e.sentMs);
    }
  });

  it("gives each record the resource's attributes under its own, as a backend sees them", () => {
    const withTeam = (ledger.journal?.points ?? []).filter(
      (p) => typeof p.attributes["team.id"] === "string",
    );
    expect(withTeam.length).toBe(ledger.totals.dataPoints);
    expect(ledger.totals.apiRequests).toBeGreaterThan(0);
    const e = ledger.journal?.events.find((x) => x.name === "api_request");
    expect(e?.attributes["service.name"]).toBe("claude-code");
    expect(typeof e?.attributes.model).toBe("string");
    expect(typeof e?.attributes["user.id"]).toBe("string");
  });

  it("is left out unless asked for", async () => {
    const plain = await runSimulation({
      scenario: "steady",
      users: 1,
      seed: "journal",
      export: { protocol: "grpc", endpoint: sink.grpcEndpoint, headers: {}, temporality: "delta" },
      mode: { kind: "backfill", windowMs: 3600_000 },
    });
    expect(plain.journal).toBeUndefined();
  });
});
