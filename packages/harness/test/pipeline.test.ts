import { CONTENT_FIELDS, eventBody, promSeries, SCOPES, SERVICE_NAME } from "@cc-otel/contract";
import { stringAttr } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logsRequest, postOtlpJson, type SumPoint, sumRequest } from "../src/otlp-json.js";
import { PrometheusClient } from "../src/prometheus-client.js";
import { collectorErrors, type NativeStack, startNativeStack } from "../src/stack.js";
import { eventually } from "../src/wait.js";

// The collector pipeline, on the real collector and Prometheus, with hand-built OTLP so that
// timestamps and temporality are exact. The simulator end-to-end test covers volume and totals.

const resource = { "service.name": SERVICE_NAME, "service.version": "2.1.331", "os.type": "linux" };

/** The first event that reached the Loki stand-in from this user. */
async function logFor(stack: NativeStack, userId: string) {
  const find = () => stack.loki.sink.logs.find((l) => stringAttr(l.attributes, "user.id") === userId);
  await stack.loki.sink.waitFor(() => find() !== undefined, 30_000);
  const record = find();
  if (!record) throw new Error(`no event from ${userId}`);
  return record;
}

describe("collector pipeline (default settings)", () => {
  let stack: NativeStack;
  let prom: PrometheusClient;
  /** One monotonic sum of a Claude Code metric, sent to the collector over OTLP/HTTP as JSON. */
  const sendSum = (name: string, unit: string, temporality: 1 | 2, points: SumPoint[]) =>
    postOtlpJson(
      stack.collector.httpEndpoint,
      "metrics",
      sumRequest({ resource, scope: SCOPES.metrics, name, unit, temporality, points }),
    );
  beforeAll(async () => {
    stack = await startNativeStack();
    prom = new PrometheusClient(stack.prometheus.url);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("turns delta sums into cumulative counters, across sessions of one user, without session_id", async () => {
    const t0 = Date.now() - 240_000;
    const base = { "user.id": "u-delta", "terminal.type": "xterm" };
    const send = (session: string, points: [number, number, number][]) =>
      sendSum(
        "claude_code.commit.count",
        "",
        1,
        points.map(([s, e, value]) => ({
          attributes: { ...base, "session.id": session },
          startMs: t0 + s * 1000,
          timeMs: t0 + e * 1000,
          value,
        })),
      );
    expect((await send("s-1", [[0, 60, 2]])).status).toBe(200);
    expect((await send("s-1", [[60, 120, 3]])).status).toBe(200);
    expect((await send("s-2", [[130, 190, 5]])).status).toBe(200);
    const series = promSeries("claude_code.commit.count");
    const value = await eventually(async () => {
      const v = await prom.scalar(`sum(${series}{user_id="u-delta"})`);
      return v === 10 ? v : undefined;
    }, "cumulative value 10");
    expect(value).toBe(10);
    const labels = (await prom.query(`${series}{user_id="u-delta"}`)).map((r) => r.metric);
    expect(labels).toHaveLength(1);
    expect(labels[0]).not.toHaveProperty("session_id");
    expect(labels[0]).toMatchObject({
      job: SERVICE_NAME,
      terminal_type: "xterm",
      service_version: "2.1.331",
    });
  });

  it("accumulates concurrent sessions of one user exactly when their exports arrive in time order", async () => {
    // Two sessions of the same user export 30 s apart. With session.id removed they share one
    // stream; delta_to_cumulative accepts each point because it is newer than the last one seen.
    const t0 = Date.now() - 300_000;
    const send = (session: string, s: number, e: number, value: number) =>
      sendSum("claude_code.lines_of_code.count", "", 1, [
        {
          attributes: { "user.id": "u-concurrent", "session.id": session, type: "added" },
          startMs: t0 + s * 1000,
          timeMs: t0 + e * 1000,
          value,
        },
      ]);
    for (const [session, s, e, v] of [
      ["A", 0, 60, 1],
      ["B", 30, 90, 10],
      ["A", 60, 120, 100],
      ["B", 90, 150, 1000],
    ] as const) {
      expect((await send(session, s, e, v)).status).toBe(200);
    }
    const series = promSeries("claude_code.lines_of_code.count");
    const v = await eventually(async () => {
      const got = await prom.scalar(`sum(${series}{user_id="u-concurrent"})`);
      return got === 1111 ? got : undefined;
    }, "1111 lines from two concurrent sessions");
    expect(v).toBe(1111);
  });

  it("adds up cumulative counters of concurrent sessions instead of overwriting one series", async () => {
    // A client on cumulative temporality keeps one counter per session. Both sessions started
    // after the collector (earlier counters' first points are dropped: no double count on restart).
    // Values stay non-integer: a double counter never switches to int, and the type is part of
    // a stream's identity.
    const start = Date.now();
    const point = (session: string, at: number, value: number) => ({
      attributes: { "user.id": "u-cum", model: "claude-sonnet-4-5", "session.id": session },
      startMs: start,
      timeMs: start + at,
      value,
    });
    const send = (points: SumPoint[]) => sendSum("claude_code.cost.usage", "USD", 2, points);
    expect((await send([point("A", 100, 0.25)])).status).toBe(200);
    expect((await send([point("B", 150, 1.5)])).status).toBe(200);
    expect((await send([point("A", 200, 0.75)])).status).toBe(200);
    expect((await send([point("B", 250, 2.25)])).status).toBe(200);
    const series = promSeries("claude_code.cost.usage");
    const v = await eventually(async () => {
      const got = await prom.scalar(`sum(${series}{user_id="u-cum"})`);
      return got !== undefined && Math.abs(got - 3) < 1e-9 ? got : undefined;
    }, "3 USD from two cumulative sessions");
    expect(v).toBeCloseTo(3, 9);
  });

  it("removes prompt text, responses and tool inputs from events by default", async () => {
    const now = Date.now();
    // Every field of user_prompt the contract marks as content (test/privacy.test.ts covers the rest).
    const contentKeys = CONTENT_FIELDS.filter((f) => f.owner === "user_prompt").map((f) => f.key);
    expect(contentKeys).toContain("prompt");
    const secrets = Object.fromEntries(contentKeys.map((k) => [k, `secret ${k}`]));
    const body = logsRequest({
      resource,
      scope: SCOPES.events,
      records: [
        {
          body: eventBody("user_prompt"),
          timeMs: now,
          attributes: {
            "event.name": "user_prompt",
            prompt_length: "12",
            "user.id": "u-privacy",
            ...secrets,
          },
        },
      ],
    });
    expect((await postOtlpJson(stack.collector.httpEndpoint, "logs", body)).status).toBe(200);
    const record = await logFor(stack, "u-privacy");
    for (const key of contentKeys) expect(record.attributes).not.toHaveProperty(key);
    expect(stringAttr(record.attributes, "prompt_length")).toBe("12");
    expect(record.body).toEqual({ type: "string", value: "claude_code.user_prompt" });
  });

  it("rejects malformed OTLP with a client error and keeps serving", async () => {
    const url = `${stack.collector.httpEndpoint}/v1/metrics`;
    const garbage = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: new Uint8Array([0xff, 0xfe, 0x00, 0x13, 0x37, 0x42, 0x99]),
    });
    expect(garbage.status).toBe(400);
    const wrongType = await fetch(url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    expect(wrongType.status).toBe(415);
    const oversized = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: new Uint8Array(21 * 1024 * 1024).fill(7),
    }).catch((err: Error) => ({ status: -1, err }));
    expect(oversized.status === -1 || (oversized.status >= 400 && oversized.status < 500)).toBe(true);
    expect((await fetch(stack.collector.healthUrl)).status).toBe(200);

    const t0 = Date.now() - 60_000;
    const good = await sendSum("claude_code.pull_request.count", "", 1, [
      { attributes: { "user.id": "u-after-garbage" }, startMs: t0, timeMs: t0 + 60_000, value: 1 },
    ]);
    expect(good.status).toBe(200);
    const v = await eventually(
      () => prom.scalar(`sum(${promSeries("claude_code.pull_request.count")}{user_id="u-after-garbage"})`),
      "good data after bad input",
    );
    expect(v).toBe(1);
  });

  it("logs no errors", () => {
    expect(collectorErrors(stack)).toEqual([]);
  });
});

describe("collector pipeline with CC_OTEL_LOG_CONTENT=true", () => {
  let stack: NativeStack;
  beforeAll(async () => {
    stack = await startNativeStack({ collectorEnv: { CC_OTEL_LOG_CONTENT: "true" }, quiet: true });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("keeps user content when the user opts in", async () => {
    const body = logsRequest({
      resource,
      scope: SCOPES.events,
      records: [
        {
          body: eventBody("user_prompt"),
          timeMs: Date.now(),
          attributes: { "event.name": "user_prompt", prompt: "fix the bug", "user.id": "u-optin" },
        },
      ],
    });
    expect((await postOtlpJson(stack.collector.httpEndpoint, "logs", body)).status).toBe(200);
    const record = await logFor(stack, "u-optin");
    expect(stringAttr(record.attributes, "prompt")).toBe("fix the bug");
  });
});
