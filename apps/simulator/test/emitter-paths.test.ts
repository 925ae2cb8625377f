import {
  attributeTypes,
  type OtlpSink,
  plain,
  plainAttributes,
  pointValue,
  type ReceivedLogRecord,
  startOtlpSink,
} from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSimulation, type Temporality } from "../src/index.js";

/**
 * The SDK-based real-time path and the direct-export path must be indistinguishable to a
 * receiver. The same seed and simulated hour go through both (the SDK path at 1800x real time,
 * the direct path as a backfill of that hour); what the sink decodes must have the same shape,
 * the same events, and the same total per metric stream. Only timestamps and how points are
 * batched into requests may differ.
 */

const SIM_START = Date.UTC(2026, 10, 25, 10);
const SIM_HOUR = 3_600_000;

let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink({ httpPort: false });
});
afterAll(async () => {
  await sink.close();
});

interface Capture {
  readonly logs: ReceivedLogRecord[];
  readonly shapes: Set<string>;
  readonly streams: Map<string, number>;
}

const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}n` : x));

/** Everything about a metric stream a dashboard could see, except time and value. */
function capture(temporality: Temporality): Capture {
  const shapes = new Set<string>();
  const streams = new Map<string, number>();
  const latest = new Map<string, bigint>();
  for (const rm of sink.metrics)
    for (const sm of rm.scopeMetrics)
      for (const m of sm.metrics) {
        if (m.kind !== "sum") throw new Error(`${m.name} is a ${m.kind}`);
        for (const p of m.dataPoints) {
          shapes.add(
            json({
              resource: rm.resource,
              scope: sm.scope,
              metric: { name: m.name, unit: m.unit, description: m.description },
              kind: m.kind,
              temporality: m.temporality,
              monotonic: m.isMonotonic,
              valueType: p.value.type,
              attributes: attributeTypes(p.attributes),
            }),
          );
          const key = json([m.name, plainAttributes(p.attributes)]);
          if (temporality === "delta") streams.set(key, (streams.get(key) ?? 0) + pointValue(p));
          else if ((latest.get(key) ?? -1n) <= p.timeUnixNano) {
            latest.set(key, p.timeUnixNano);
            streams.set(key, pointValue(p));
          }
        }
      }
  return { logs: [...sink.logs], shapes, streams };
}

async function run(path: "sdk" | "direct", temporality: Temporality): Promise<Capture> {
  sink.reset();
  const common = {
    seed: "paths",
    users: 8,
    simStart: SIM_START,
    export: { protocol: "grpc" as const, endpoint: sink.grpcEndpoint, headers: {}, temporality },
    logExportIntervalMs: 200,
    firstSessionWithinMs: 240_000,
  };
  // Export intervals are in emitted time: 300 ms of wall clock at 1800x is 9 simulated minutes.
  if (path === "sdk") {
    await runSimulation({
      ...common,
      emitter: "sdk",
      metricExportIntervalMs: 300,
      mode: { kind: "live", speed: 1800, durationMs: SIM_HOUR / 1800 },
    });
  } else {
    await runSimulation({
      ...common,
      emitter: "direct",
      metricExportIntervalMs: 540_000,
      mode: { kind: "backfill", windowMs: SIM_HOUR },
    });
  }
  return capture(temporality);
}

/** A log record without its times: what must be identical between the paths. */
function timeless(r: ReceivedLogRecord): string {
  const { "event.timestamp": _ts, ...attributes } = r.attributes;
  return json({ resource: r.resource, scope: r.scope, body: r.body, severity: r.severityNumber, attributes });
}

function bySessionAndSequence(a: ReceivedLogRecord, b: ReceivedLogRecord): number {
  const sa = String(plain(a.attributes["session.id"]));
  const sb = String(plain(b.attributes["session.id"]));
  if (sa !== sb) return sa < sb ? -1 : 1;
  return Number(plain(a.attributes["event.sequence"])) - Number(plain(b.attributes["event.sequence"]));
}

describe.each<Temporality>(["delta", "cumulative"])("SDK path vs direct path, %s", (temporality) => {
  let sdk: Capture;
  let direct: Capture;
  beforeAll(async () => {
    sdk = await run("sdk", temporality);
    direct = await run("direct", temporality);
  }, 30_000);

  it("sends the same events with the same attributes, kinds, resource and scope", () => {
    expect(sdk.logs.length).toBeGreaterThan(200);
    const a = [...sdk.logs].sort(bySessionAndSequence).map(timeless);
    const b = [...direct.logs].sort(bySessionAndSequence).map(timeless);
    expect(b).toEqual(a);
  });

  it("sends metric streams of identical shape", () => {
    expect(sdk.shapes.size).toBeGreaterThan(20);
    expect([...direct.shapes].sort()).toEqual([...sdk.shapes].sort());
  });

  it("sends the same total on every metric stream", () => {
    expect([...direct.streams.keys()].sort()).toEqual([...sdk.streams.keys()].sort());
    for (const [key, value] of sdk.streams) expect(direct.streams.get(key), key).toBeCloseTo(value, 9);
  });
});
