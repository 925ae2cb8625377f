import http2 from "node:http2";
import { EVENT_COUNT, promSeries, SCOPES, SERVICE_NAME } from "@cc-otel/contract";
import {
  collectorErrors,
  eventually,
  logsRequest,
  type NativeStack,
  PrometheusClient,
  postOtlpJson,
  startNativeStack,
  sumRequest,
} from "@cc-otel/harness";
import { type Attributes, plain, stringAttr } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claudeCodeSeries } from "../src/series.js";

/**
 * Bad input on the real collector and Prometheus (issue #8). Garbage over HTTP, a wrong content
 * type and an oversized request are also in packages/harness/test/pipeline.test.ts; this file adds
 * truncated protobuf and garbage over both transports, a huge attribute value, invalid UTF-8 and a
 * flood of distinct session ids. Each must be refused or bounded, leave the collector running, and
 * let good data through. Loki is the harness's stand-in: what reaches it is checked against real
 * Loki's default limits.
 */

/** stack/collector/config.yaml's CC_OTEL_MAX_ATTRIBUTE_LENGTH default and truncation marker. */
const MAX_ATTRIBUTE_BYTES = 8192;
const MARKER = "[truncated]";
/** Loki's limits_config.max_structured_metadata_size default ("64kb", parsed as 64,000 bytes). */
const LOKI_MAX_STRUCTURED_METADATA_BYTES = 64_000;

const resource = { "service.name": SERVICE_NAME, "service.version": "2.1.331", "os.type": "linux" };

/** What OTTL truncate_all(map, limit, truncation_marker) keeps: cut at a UTF-8 boundary, then the marker. */
function truncated(value: string, limit = MAX_ATTRIBUTE_BYTES): string {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length <= limit) return value;
  let at = limit - Buffer.byteLength(MARKER);
  while (at > 0 && ((bytes[at] ?? 0) & 0xc0) === 0x80) at--;
  return bytes.subarray(0, at).toString("utf8") + MARKER;
}

/** What Loki counts against max_structured_metadata_size: every non-label attribute, name + value. */
function structuredMetadataBytes(...maps: Attributes[]): number {
  let total = 0;
  for (const attrs of maps)
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "service.name") continue; // Loki's only index label in stack/loki/loki.yaml
      total += Buffer.byteLength(key) + Buffer.byteLength(String(plain(value)));
    }
  return total;
}

// --- The smallest OTLP protobuf writer: enough to put bytes in a string field that no OTLP SDK
// --- would produce (invalid UTF-8), and to send doubles the way the real CLI does.

type Str = string | Uint8Array;
const varint = (n: number | bigint): Buffer => {
  const out: number[] = [];
  let v = BigInt(n);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
};
const key = (field: number, wireType: number) => varint((field << 3) | wireType);
const lenField = (field: number, ...parts: Uint8Array[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([key(field, 2), varint(body.length), body]);
};
const strField = (field: number, s: Str) => lenField(field, typeof s === "string" ? Buffer.from(s) : s);
const fixed64 = (field: number, n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return Buffer.concat([key(field, 1), b]);
};
const double = (field: number, x: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return Buffer.concat([key(field, 1), b]);
};
const nanos = (ms: number) => BigInt(ms) * 1_000_000n;
/** KeyValue{key, AnyValue{string_value}} in the given field. */
const kv = (field: number, k: string, v: Str) => lenField(field, strField(1, k), lenField(2, strField(1, v)));
const resourceField = (attrs: Record<string, Str>) =>
  lenField(1, ...Object.entries(attrs).map(([k, v]) => kv(1, k, v)));

/** ExportLogsServiceRequest: one resource, the events scope, string attributes only. */
function logsProto(records: { timeMs: number; body: string; attributes: Record<string, Str> }[]): Buffer {
  return lenField(
    1,
    resourceField(resource),
    lenField(
      2,
      lenField(1, strField(1, SCOPES.events)),
      ...records.map((r) =>
        lenField(
          2,
          fixed64(1, nanos(r.timeMs)),
          lenField(5, strField(1, r.body)),
          ...Object.entries(r.attributes).map(([k, v]) => kv(6, k, v)),
          fixed64(11, nanos(r.timeMs)),
        ),
      ),
    ),
  );
}

interface ProtoPoint {
  attributes: Record<string, Str>;
  startMs: number;
  timeMs: number;
  value: number;
}

/** ExportMetricsServiceRequest: one monotonic DELTA sum of doubles (what the CLI sends by default). */
function deltaSumProto(name: string, unit: string, points: ProtoPoint[]): Buffer {
  return lenField(
    1,
    resourceField(resource),
    lenField(
      2,
      lenField(1, strField(1, SCOPES.metrics)),
      lenField(
        2,
        strField(1, name),
        strField(3, unit),
        lenField(
          7,
          ...points.map((p) =>
            lenField(
              1,
              ...Object.entries(p.attributes).map(([k, v]) => kv(7, k, v)),
              fixed64(2, nanos(p.startMs)),
              fixed64(3, nanos(p.timeMs)),
              double(4, p.value),
            ),
          ),
          Buffer.concat([key(2, 0), varint(1)]), // aggregation_temporality = DELTA
          Buffer.concat([key(3, 0), varint(1)]), // is_monotonic = true
        ),
      ),
    ),
  );
}

async function postProto(stack: NativeStack, signal: "metrics" | "logs", body: Buffer) {
  const res = await fetch(`${stack.collector.httpEndpoint}/v1/${signal}`, {
    method: "POST",
    headers: { "content-type": "application/x-protobuf" },
    body,
  });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

/** google.rpc.Status {code = 1, message = 2}: the body of an OTLP/HTTP protobuf error response. */
function rpcStatus(body: Buffer): { code: number; message: string } {
  const out = { code: 0, message: "" };
  let at = 0;
  const readVarint = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = body[at++] ?? 0;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  while (at < body.length) {
    const tag = readVarint();
    if (tag === 0x08) out.code = readVarint();
    else if (tag === 0x12) {
      const len = readVarint();
      out.message = body.subarray(at, at + len).toString("utf8");
      at += len;
    } else throw new Error(`unexpected field tag ${tag} in google.rpc.Status`);
  }
  return out;
}

/** One unary OTLP/gRPC Export call over plain HTTP/2: grpc-status and grpc-message from the trailers. */
function grpcExport(stack: NativeStack, signal: "metrics" | "logs", message: Buffer) {
  const service =
    signal === "logs"
      ? "opentelemetry.proto.collector.logs.v1.LogsService"
      : "opentelemetry.proto.collector.metrics.v1.MetricsService";
  return new Promise<{ status: string; message: string }>((resolve, reject) => {
    const client = http2.connect(stack.collector.grpcEndpoint);
    client.on("error", reject);
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1); // byte 0: not compressed
    message.copy(frame, 5);
    const req = client.request({
      ":method": "POST",
      ":path": `/${service}/Export`,
      "content-type": "application/grpc",
      te: "trailers",
    });
    let status = "";
    let text = "";
    const read = (h: http2.IncomingHttpHeaders) => {
      if (h["grpc-status"] !== undefined) status = String(h["grpc-status"]);
      if (h["grpc-message"] !== undefined) text = decodeURIComponent(String(h["grpc-message"]));
    };
    req.on("response", read);
    req.on("trailers", read);
    req.on("data", () => {});
    req.on("end", () => {
      client.close();
      resolve({ status, message: text });
    });
    req.on("error", reject);
    req.end(frame);
  });
}

/** Prometheus' own counter of remote-write samples it refused for invalid labels. */
async function invalidLabelSamples(stack: NativeStack): Promise<number> {
  const text = await (await fetch(`${stack.prometheus.url}/metrics`)).text();
  const line = text
    .split("\n")
    .find((l) => l.startsWith("prometheus_api_remote_write_invalid_labels_samples_total "));
  if (!line) throw new Error("prometheus_api_remote_write_invalid_labels_samples_total not exposed");
  return Number(line.split(" ")[1]);
}

describe("bad input: bounded or refused, and good data still lands", () => {
  let stack: NativeStack;
  let prom: PrometheusClient;
  const events = (userId: string) =>
    stack.loki.sink.logs.filter((l) => stringAttr(l.attributes, "user.id") === userId);
  const oneEvent = async (userId: string) => {
    await stack.loki.sink.waitFor(() => events(userId).length > 0, 60_000);
    const found = events(userId);
    expect(found, `events from ${userId}`).toHaveLength(1);
    return found[0] as (typeof found)[number];
  };

  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true });
    prom = new PrometheusClient(stack.prometheus.url);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("cuts a 1 MiB event attribute to the limit, so Loki would take the batch and the good event beside it lands", async () => {
    const huge = `${"x".repeat(1024 * 1024 - 5)}-tail`;
    const now = Date.now();
    const res = await postOtlpJson(
      stack.collector.httpEndpoint,
      "logs",
      logsRequest({
        resource,
        scope: SCOPES.events,
        records: [
          {
            body: "claude_code.tool_result",
            timeMs: now,
            attributes: {
              "event.name": "tool_result",
              "user.id": "u-huge-event",
              "session.id": "s-huge",
              tool_name: "Bash",
              success: "true",
              duration_ms: 1234,
              // A field privacy keeps (tool_parameters, content, would be dropped before the cut).
              tool_use_id: huge,
            },
          },
          {
            body: "claude_code.user_prompt",
            timeMs: now,
            attributes: { "event.name": "user_prompt", "user.id": "u-good-event", prompt_length: "42" },
          },
        ],
      }),
    );
    expect(res.status, res.text).toBe(200);

    const cut = await oneEvent("u-huge-event");
    const value = stringAttr(cut.attributes, "tool_use_id") ?? "";
    expect(Buffer.byteLength(value)).toBe(MAX_ATTRIBUTE_BYTES);
    expect(value).toBe(`${"x".repeat(MAX_ATTRIBUTE_BYTES - MARKER.length)}${MARKER}`);
    expect(plain(cut.attributes.duration_ms)).toBe(1234n);
    expect(stringAttr(cut.attributes, "tool_name")).toBe("Bash");
    expect(stringAttr(cut.attributes, "session.id")).toBe("s-huge");
    expect(stringAttr(cut.attributes, "event.name")).toBe("tool_result");
    // Uncut, real Loki would have answered 400 for the whole batch, which the exporter does not retry.
    expect(Buffer.byteLength(huge)).toBeGreaterThan(LOKI_MAX_STRUCTURED_METADATA_BYTES);
    expect(structuredMetadataBytes(cut.resource, cut.attributes)).toBeLessThan(
      LOKI_MAX_STRUCTURED_METADATA_BYTES,
    );

    const good = await oneEvent("u-good-event");
    expect(stringAttr(good.attributes, "prompt_length")).toBe("42");
    expect(stringAttr(good.attributes, "event.name")).toBe("user_prompt");
  });

  it("cuts a huge metric attribute and a huge resource attribute to bounded Prometheus label values", async () => {
    // Two-byte characters, so the cut must step back to a character boundary (8,191 bytes, not 8,192).
    const hugeModel = "é".repeat(600_000);
    const t0 = Date.now() - 120_000;
    const series = promSeries("claude_code.cost.usage");
    const res = await postOtlpJson(
      stack.collector.httpEndpoint,
      "metrics",
      sumRequest({
        resource,
        scope: SCOPES.metrics,
        name: "claude_code.cost.usage",
        unit: "USD",
        temporality: 1,
        points: [
          {
            attributes: { "user.id": "u-huge-label", model: hugeModel },
            startMs: t0,
            timeMs: t0 + 60_000,
            value: 1.5,
          },
          {
            attributes: { "user.id": "u-good-label", model: "claude-sonnet-4-5" },
            startMs: t0,
            timeMs: t0 + 60_000,
            value: 2.5,
          },
        ],
      }),
    );
    expect(res.status, res.text).toBe(200);
    const hugeTeam = "t".repeat(2 * 1024 * 1024);
    const teamRes = await postOtlpJson(
      stack.collector.httpEndpoint,
      "metrics",
      sumRequest({
        resource: { ...resource, "team.id": hugeTeam },
        scope: SCOPES.metrics,
        name: "claude_code.cost.usage",
        unit: "USD",
        temporality: 1,
        points: [
          {
            attributes: { "user.id": "u-huge-team", model: "claude-sonnet-4-5" },
            startMs: t0,
            timeMs: t0 + 60_000,
            value: 0.25,
          },
        ],
      }),
    );
    expect(teamRes.status, teamRes.text).toBe(200);

    const rows = await eventually(async () => {
      const got = await prom.query(`${series}{user_id=~"u-huge-label|u-good-label|u-huge-team"}`);
      return got.length === 3 ? got : undefined;
    }, "three cost series, two with huge attribute values");
    const byUser = Object.fromEntries(rows.map((r) => [r.metric.user_id, r]));
    const cutModel = byUser["u-huge-label"]?.metric.model ?? "";
    expect(Buffer.byteLength(cutModel)).toBe(MAX_ATTRIBUTE_BYTES - 1);
    expect(cutModel).toBe(truncated(hugeModel));
    expect(byUser["u-huge-label"]?.value).toBe(1.5);
    expect(byUser["u-good-label"]?.metric.model).toBe("claude-sonnet-4-5");
    expect(byUser["u-good-label"]?.value).toBe(2.5);
    expect(byUser["u-huge-team"]?.metric.team_id).toBe(truncated(hugeTeam));
    expect(byUser["u-huge-team"]?.metric.team_id).toHaveLength(MAX_ATTRIBUTE_BYTES);
    expect(byUser["u-huge-team"]?.value).toBe(0.25);
  });

  it("accepts invalid UTF-8 (HTTP 200, gRPC OK); Prometheus refuses only that series, with a warning", async () => {
    // Go's pdata decoder does not check UTF-8, so the collector takes the request. Prometheus
    // refuses a series whose label is not UTF-8 (and only that series) with a WARN line and a
    // counter; the event is passed on as it came (the stand-in decodes the bytes as U+FFFD).
    const invalid = Buffer.concat([Buffer.from("Ba"), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from("sh")]);
    const refusedBefore = await invalidLabelSamples(stack);
    const now = Date.now();
    const t0 = now - 120_000;
    const series = promSeries("claude_code.cost.usage");

    const metrics = await postProto(
      stack,
      "metrics",
      deltaSumProto("claude_code.cost.usage", "USD", [
        {
          attributes: { "user.id": "u-utf8-bad", model: invalid },
          startMs: t0,
          timeMs: t0 + 60_000,
          value: 0.5,
        },
        {
          attributes: { "user.id": "u-utf8-good", model: "claude-haiku-4-5" },
          startMs: t0,
          timeMs: t0 + 60_000,
          value: 0.75,
        },
      ]),
    );
    expect(metrics.status).toBe(200);
    const logs = await postProto(
      stack,
      "logs",
      logsProto([
        {
          timeMs: now,
          body: "claude_code.tool_result",
          attributes: { "event.name": "tool_result", "user.id": "u-utf8-bad-event", tool_name: invalid },
        },
        {
          timeMs: now,
          body: "claude_code.tool_result",
          attributes: { "event.name": "tool_result", "user.id": "u-utf8-good-event", tool_name: "Read" },
        },
      ]),
    );
    expect(logs.status).toBe(200);
    const overGrpc = await grpcExport(
      stack,
      "logs",
      logsProto([
        {
          timeMs: now,
          body: "claude_code.tool_result",
          attributes: { "event.name": "tool_result", "user.id": "u-utf8-grpc-event", tool_name: invalid },
        },
      ]),
    );
    expect(overGrpc).toEqual({ status: "0", message: "" });

    const good = await eventually(
      () => prom.scalar(`sum(${series}{user_id="u-utf8-good"})`),
      "the valid point of the request with invalid UTF-8",
    );
    expect(good).toBe(0.75);
    const refused = await eventually(async () => {
      const n = (await invalidLabelSamples(stack)) - refusedBefore;
      return n > 0 ? n : undefined;
    }, "Prometheus counting the refused sample");
    expect(refused).toBe(1);
    expect(
      stack.prometheus
        .process()
        .log()
        .split("\n")
        .filter((l) => l.includes('msg="Invalid metric names or labels"') && l.includes('u-utf8-bad\\"')),
    ).toHaveLength(1);
    expect(await prom.query(`${series}{user_id="u-utf8-bad"}`)).toEqual([]);

    for (const userId of ["u-utf8-bad-event", "u-utf8-grpc-event"]) {
      const event = await oneEvent(userId);
      expect(stringAttr(event.attributes, "tool_name")).toMatch(/^Ba\uFFFD+sh$/);
    }
    expect(stringAttr((await oneEvent("u-utf8-good-event")).attributes, "tool_name")).toBe("Read");

    expect((await fetch(stack.collector.healthUrl)).status).toBe(200);
    const later = await postProto(
      stack,
      "metrics",
      deltaSumProto("claude_code.cost.usage", "USD", [
        {
          attributes: { "user.id": "u-after-utf8", model: "claude-haiku-4-5" },
          startMs: t0,
          timeMs: now,
          value: 2,
        },
      ]),
    );
    expect(later.status).toBe(200);
    expect(
      await eventually(
        () => prom.scalar(`sum(${series}{user_id="u-after-utf8"})`),
        "good data after invalid UTF-8",
      ),
    ).toBe(2);
  });

  it("refuses truncated protobuf and garbage: HTTP 400 INVALID_ARGUMENT, gRPC INTERNAL; then serves good data", async () => {
    const t0 = Date.now() - 60_000;
    const request = (userId: string) =>
      deltaSumProto("claude_code.pull_request.count", "", [
        { attributes: { "user.id": userId }, startMs: t0, timeMs: t0 + 60_000, value: 1 },
      ]);
    const whole = request("u-truncated");
    const truncatedBody = whole.subarray(0, Math.floor(whole.length / 2));
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x42, 0x99]);

    const cutHttp = await postProto(stack, "metrics", truncatedBody);
    expect(cutHttp.status).toBe(400);
    expect(rpcStatus(cutHttp.body)).toEqual({ code: 3, message: "unexpected EOF" });
    const garbageHttp = await postProto(stack, "metrics", garbage);
    expect(garbageHttp.status).toBe(400);
    expect(rpcStatus(garbageHttp.body)).toEqual({ code: 3, message: "proto: illegal wireType 7" });
    expect(await grpcExport(stack, "metrics", truncatedBody)).toEqual({
      status: "13",
      message: "grpc: error unmarshalling request: unexpected EOF",
    });
    expect(await grpcExport(stack, "metrics", garbage)).toEqual({
      status: "13",
      message: "grpc: error unmarshalling request: proto: illegal wireType 7",
    });
    expect((await fetch(stack.collector.healthUrl)).status).toBe(200);

    expect(await grpcExport(stack, "metrics", request("u-after-garbage-grpc"))).toEqual({
      status: "0",
      message: "",
    });
    expect((await postProto(stack, "metrics", request("u-after-garbage-http"))).status).toBe(200);
    const series = promSeries("claude_code.pull_request.count");
    const landed = await eventually(async () => {
      const rows = await prom.query(`${series}{user_id=~"u-after-garbage-.*|u-truncated"}`);
      return rows.length === 2 ? rows : undefined;
    }, "good data over gRPC and HTTP after garbage");
    expect(landed.map((r) => [r.metric.user_id, r.value]).sort()).toEqual([
      ["u-after-garbage-grpc", 1],
      ["u-after-garbage-http", 1],
    ]);
  });

  it("keeps Prometheus series bounded under 10,000 distinct session ids, with every value exact", async () => {
    const SESSIONS = 10_000;
    const USERS = 10;
    const PER_REQUEST = 2_500;
    const user = (i: number) => `u-flood-${i % USERS}`;
    // Sixty-fourths add up exactly in binary floating point, so the totals can be compared with ===.
    const cost = (i: number) => ((i % 13) + 1) / 64;
    const t0 = Date.now() - 5 * 60_000;
    // Every point of one user's stream is newer than the one before (delta_to_cumulative drops
    // out-of-order points); each session reports once, like 10,000 one-shot `claude -p` runs.
    const point = (i: number, value: number, extra: Record<string, string> = {}): ProtoPoint => ({
      attributes: {
        "user.id": user(i),
        "session.id": `flood-${i}`,
        "terminal.type": "non-interactive",
        ...extra,
      },
      startMs: t0,
      timeMs: t0 + 1_000 + i * 10,
      value,
    });
    const seriesBefore = await prom.headSeries();

    for (let from = 0; from < SESSIONS; from += PER_REQUEST) {
      const ids = Array.from({ length: PER_REQUEST }, (_, k) => from + k);
      const sessions = await postProto(
        stack,
        "metrics",
        deltaSumProto(
          "claude_code.session.count",
          "",
          ids.map((i) => point(i, 1)),
        ),
      );
      expect(sessions.status).toBe(200);
      const costs = await postProto(
        stack,
        "metrics",
        deltaSumProto(
          "claude_code.cost.usage",
          "USD",
          ids.map((i) => point(i, cost(i), { model: "claude-opus-4-1" })),
        ),
      );
      expect(costs.status).toBe(200);
      const evts = await postOtlpJson(
        stack.collector.httpEndpoint,
        "logs",
        logsRequest({
          resource,
          scope: SCOPES.events,
          records: ids.map((i) => ({
            body: "claude_code.user_prompt",
            timeMs: t0 + 1_000 + i * 10,
            attributes: {
              "event.name": "user_prompt",
              "user.id": user(i),
              "session.id": `flood-${i}`,
              prompt_length: "7",
            },
          })),
        }),
      );
      expect(evts.status, evts.text).toBe(200);
    }

    const sessionSeries = promSeries("claude_code.session.count");
    const costSeries = promSeries("claude_code.cost.usage");
    const wantCost = Array.from({ length: SESSIONS }, (_, i) => cost(i)).reduce((a, b) => a + b, 0);
    let seen: number | undefined;
    const total = await eventually(
      async () => {
        seen = await prom.scalar(`sum(last_over_time(${sessionSeries}{user_id=~"u-flood-.*"}[1h]))`);
        return seen === SESSIONS ? seen : undefined;
      },
      `${SESSIONS} sessions counted`,
      { timeoutMs: 180_000, last: () => `${seen} sessions` },
    );
    expect(total).toBe(SESSIONS);
    const perUser = await prom.query(`last_over_time(${sessionSeries}{user_id=~"u-flood-.*"}[1h])`);
    expect(perUser).toHaveLength(USERS);
    for (const row of perUser) expect(row.value, row.metric.user_id).toBe(SESSIONS / USERS);
    const costs = await eventually(async () => {
      const rows = await prom.query(`last_over_time(${costSeries}{user_id=~"u-flood-.*"}[1h])`);
      const sum = rows.reduce((a, r) => a + r.value, 0);
      return rows.length === USERS && sum === wantCost ? rows : undefined;
    }, `cost of ${SESSIONS} sessions adding up to ${wantCost}`);
    for (const row of costs) {
      const n = Number(row.metric.user_id?.slice("u-flood-".length));
      const want = Array.from({ length: SESSIONS }, (_, i) => i)
        .filter((i) => i % USERS === n)
        .reduce((a, i) => a + cost(i), 0);
      expect(row.value, row.metric.user_id).toBe(want);
    }

    // One series per user and metric, not per session; no session_id label anywhere.
    expect(await prom.scalar(`count(last_over_time(${claudeCodeSeries('user_id=~"u-flood-.*"')}[1h]))`)).toBe(
      2 * USERS,
    );
    expect(await prom.labelValues("session_id")).toEqual([]);
    const grown = (await prom.headSeries()) - seriesBefore;
    expect(grown, "head series added by the flood").toBeGreaterThanOrEqual(2 * USERS);
    expect(grown, "head series added by the flood").toBeLessThan(500);

    // Events keep session.id (Loki structured metadata, not a label): every one arrives.
    await stack.loki.sink.waitFor(
      (sink) =>
        sink.logs.filter((l) => stringAttr(l.attributes, "user.id")?.startsWith("u-flood-")).length >=
        SESSIONS,
      120_000,
    );
    const flood = stack.loki.sink.logs.filter((l) =>
      stringAttr(l.attributes, "user.id")?.startsWith("u-flood-"),
    );
    expect(flood).toHaveLength(SESSIONS);
    expect(new Set(flood.map((l) => stringAttr(l.attributes, "session.id"))).size).toBe(SESSIONS);
    expect((await fetch(stack.collector.healthUrl)).status).toBe(200);
  });

  it("counts events with made-up or missing names as one 'other' series, not one series per name", async () => {
    const label = EVENT_COUNT.label;
    const otherBefore =
      (await prom.scalar(`sum(${EVENT_COUNT.series}{${label}="other", os_type="plan9"})`)) ?? 0;
    const made = 300;
    const now = Date.now();
    const res = await postOtlpJson(
      stack.collector.httpEndpoint,
      "logs",
      logsRequest({
        resource: { ...resource, "os.type": "plan9" },
        scope: SCOPES.events,
        records: [
          ...Array.from({ length: made }, (_, i) => ({
            body: `claude_code.made_up_${i}`,
            timeMs: now,
            attributes: { "event.name": `made_up_${i}`, "user.id": "u-names" },
          })),
          { body: "no name", timeMs: now, attributes: { "user.id": "u-names" } },
          {
            body: "claude_code.api_error",
            timeMs: now,
            attributes: { "event.name": "api_error", "user.id": "u-names" },
          },
        ],
      }),
    );
    expect(res.status, res.text).toBe(200);
    const rows = await eventually(async () => {
      const r = await prom.query(`${EVENT_COUNT.series}{os_type="plan9"}`);
      const other = r.find((x) => x.metric[label] === "other")?.value ?? 0;
      return other - otherBefore >= made + 1 && r.some((x) => x.metric[label] === "api_error")
        ? r
        : undefined;
    }, "made-up event names counted as other");
    expect(Object.fromEntries(rows.map((r) => [r.metric[label], r.value]))).toEqual({
      other: otherBefore + made + 1,
      api_error: 1,
    });
  });

  it("logs no errors in the collector", () => {
    expect(collectorErrors(stack)).toEqual([]);
  });
});
