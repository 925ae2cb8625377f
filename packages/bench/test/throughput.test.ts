import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROCESSOR, RECEIVER, SELF_METRICS as SM } from "@cc-otel/collector/names";
import { eventually } from "@cc-otel/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BenchCollector,
  mergedConfig,
  scrape,
  startBenchCollector,
  sumOf,
  type Variants,
  validate,
  variants,
} from "../src/collector.js";
import { templates } from "../src/load.js";
import { POINTS_PER_SESSION, RECORDS_PER_SESSION, stamp, type Template } from "../src/otlp-proto.js";

// What the throughput benchmark runs, checked against the real collector binary. Nothing is timed.

let dir: string;
let v: Variants;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-otel-bench-test-"));
  v = variants(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("benchmark variants", () => {
  it("are valid configs for the real collector (`otelcol validate`)", () => {
    expect(validate(v.full.overlays)).toBeNull();
    expect(validate(v.passThrough.overlays)).toBeNull();
    for (const p of v.processors) expect(validate(v.without(p).overlays), `without ${p}`).toBeNull();
    for (const b of v.branches) {
      const x = v.withoutBranch(b);
      if (x) expect(validate(x.overlays), x.name).toBeNull();
    }
  });

  it("full keeps config.yaml's processors and swaps only the exporters that are not connectors for nop", () => {
    const merged = mergedConfig(v.full.overlays).service.pipelines;
    expect(Object.keys(merged).sort()).toEqual(Object.keys(v.base).sort());
    for (const [name, p] of Object.entries(v.base)) {
      const m = merged[name];
      expect(m?.processors ?? [], name).toEqual(p.processors ?? []);
      expect(m?.receivers, name).toEqual(p.receivers);
      for (const e of m?.exporters ?? [])
        expect(e === "nop" || v.connectors.has(e), `${name}: ${e}`).toBe(true);
    }
  });

  it("pass-through is, per loaded signal, one pipeline otlp -> [batch] -> nop; every other pipeline is idle", () => {
    const merged = mergedConfig(v.passThrough.overlays).service.pipelines;
    const otlp = RECEIVER.otlp;
    // config.yaml receives traces over OTLP too; the load is metrics and logs, so traces stay idle.
    const signals = new Set(
      Object.entries(v.base)
        .filter(([, p]) => p.receivers.includes(otlp))
        .map(([n]) => n.split("/")[0]),
    );
    expect([...signals].sort()).toEqual(["logs", "metrics", "traces"]);
    const direct = Object.entries(merged).filter(([, p]) => p.receivers.includes(otlp));
    expect(direct.map(([n]) => n.split("/")[0]).sort()).toEqual(["logs", "metrics"]);
    for (const [name, p] of Object.entries(merged)) {
      if (p.receivers.includes(otlp))
        expect(p, name).toEqual({ receivers: [otlp], processors: [PROCESSOR.batch], exporters: ["nop"] });
      else expect(p, name).toEqual({ receivers: ["nop"], processors: [], exporters: ["nop"] });
    }
  });

  it("without(p) removes exactly p from every pipeline", () => {
    const p = v.processors[0] as string;
    const merged = mergedConfig(v.without(p).overlays).service.pipelines;
    for (const [name, base] of Object.entries(v.base))
      expect(merged[name]?.processors ?? [], name).toEqual((base.processors ?? []).filter((x) => x !== p));
  });
});

describe("pre-encoded Claude Code-shaped requests", () => {
  let c: BenchCollector;
  beforeAll(async () => {
    c = await startBenchCollector(v.full, { maxSeconds: 300 });
  });
  afterAll(async () => c?.stop());

  const counters = async () => {
    const m = await scrape(c.selfMetricsUrl);
    const otlp = `receiver="${RECEIVER.otlp}"`;
    return {
      points: sumOf(m, SM.receiverAcceptedMetricPoints, otlp),
      records: sumOf(m, SM.receiverAcceptedLogRecords, otlp),
      refused: sumOf(m, SM.receiverRefusedMetricPoints, otlp) + sumOf(m, SM.receiverRefusedLogRecords, otlp),
      dropped: sumOf(m, SM.deltaToCumulativePoints, "error="),
    };
  };
  const post = async (signal: "metrics" | "logs", body: Buffer) => {
    const res = await fetch(`${c.httpEndpoint}/v1/${signal}`, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: new Uint8Array(body),
    });
    expect(res.status, await res.text()).toBe(200);
  };
  const SECOND = 1_000_000_000n;
  const t0 = BigInt(Date.now() - 3600_000) * 1_000_000n;

  it("are accepted by the collector as exactly the points and records they hold", async () => {
    const [m] = templates({
      signal: "metrics",
      concurrency: 1,
      sessionsPerRequest: 3,
      seed: "t1",
    }) as Template[];
    const [l] = templates({
      signal: "logs",
      concurrency: 1,
      sessionsPerRequest: 3,
      seed: "t1",
    }) as Template[];
    if (!m || !l) throw new Error("no templates");
    expect(m.items).toBe(3 * POINTS_PER_SESSION);
    expect(l.items).toBe(3 * RECORDS_PER_SESSION);
    const before = await counters();
    for (let i = 0n; i < 5n; i++) {
      await post("metrics", stamp(m, t0 + i * SECOND, t0 + (i + 1n) * SECOND));
      await post("logs", stamp(l, t0 + i * SECOND, t0 + i * SECOND));
    }
    const after = await eventually(async () => {
      const x = await counters();
      return x.points - before.points >= 5 * m.items && x.records - before.records >= 5 * l.items
        ? x
        : undefined;
    }, "accepted counters");
    expect(after.points - before.points).toBe(5 * m.items);
    expect(after.records - before.records).toBe(5 * l.items);
    expect(after.refused).toBe(before.refused);
    // Stamped one after the other, no point is out of order for delta_to_cumulative.
    expect(after.dropped).toBe(before.dropped);
  });

  it("without new timestamps, delta_to_cumulative drops the repeats (so stamping is what keeps it working)", async () => {
    const [m] = templates({
      signal: "metrics",
      concurrency: 1,
      sessionsPerRequest: 1,
      seed: "t2",
    }) as Template[];
    if (!m) throw new Error("no template");
    const before = await counters();
    const body = stamp(m, t0, t0 + SECOND);
    await post("metrics", body);
    await post("metrics", body);
    const after = await eventually(async () => {
      const x = await counters();
      return x.dropped - before.dropped >= m.items ? x : undefined;
    }, `${PROCESSOR.deltaToCumulative} drops`);
    expect(after.dropped - before.dropped).toBe(m.items);
  });
});
