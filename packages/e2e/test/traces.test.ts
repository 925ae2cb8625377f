import { readFileSync } from "node:fs";
import { CLI_TESTS_ENABLED, cliBinary, runClaude } from "@cc-otel/claude-cli";
import { SELF_METRICS } from "@cc-otel/collector/names";
import { SPAN_NAMES } from "@cc-otel/contract";
import { collectorErrors, type NativeStack, startNativeStack } from "@cc-otel/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfMetric } from "../src/index.js";

/**
 * Claude Code's traces (beta) at the collector: a trace the real CLI 2.1.331 exported (captured
 * with the default content settings, so it holds no user content), replayed. Without a traces
 * backend the collector accepts it on both protocols — the CLI sees no error — counts it and drops
 * it; with the traces overlay it is queryable in the real Jaeger by session.
 */

const FIXTURE = new URL("./fixtures/claude-code-2.1.331-traces.json", import.meta.url);
const trace = JSON.parse(readFileSync(FIXTURE, "utf8")) as {
  resourceSpans: {
    scopeSpans: {
      spans: { name: string; attributes: { key: string; value: { stringValue?: string } }[] }[];
    }[];
  }[];
};
const spans = trace.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
const sessionId = spans[0]?.attributes.find((a) => a.key === "session.id")?.value.stringValue ?? "";

async function replay(httpEndpoint: string): Promise<number> {
  const res = await fetch(`${httpEndpoint}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(trace),
  });
  return res.status;
}

describe("a replayed Claude Code trace", () => {
  it("is one of the CLI's: spans the contract knows, with a session id", () => {
    expect(spans.length).toBeGreaterThan(5);
    for (const s of spans) expect(SPAN_NAMES as readonly string[]).toContain(s.name);
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe("without a traces backend (the default)", () => {
    let stack: NativeStack;
    beforeAll(async () => {
      stack = await startNativeStack({ quiet: true });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it("is accepted over HTTP, counted by the collector and dropped quietly", async () => {
      expect(await replay(stack.collector.httpEndpoint)).toBe(200);
      const accepted = await selfMetric(stack, SELF_METRICS.receiverAcceptedSpans);
      expect(accepted.value).toBe(spans.length);
      expect((await selfMetric(stack, SELF_METRICS.receiverRefusedSpans)).value).toBe(0);
      expect(stack.loki.sink.logs).toEqual([]);
      expect(collectorErrors(stack)).toEqual([]);
    });

    it.skipIf(!CLI_TESTS_ENABLED)(
      "is accepted over gRPC from the real CLI, which reports no export error",
      async () => {
        cliBinary();
        const before = (await selfMetric(stack, SELF_METRICS.receiverAcceptedSpans)).value;
        const run = await runClaude({
          telemetry: { protocol: "grpc", endpoint: stack.collector.grpcEndpoint, traces: true },
          prompt: "say hi",
          script: { answer: "hi" },
        });
        expect(run.output).not.toMatch(/export|UNIMPLEMENTED|Unimplemented/i);
        const acceptedNow = async () => (await selfMetric(stack, SELF_METRICS.receiverAcceptedSpans)).value;
        for (let i = 0; i < 40 && (await acceptedNow()) === before; i++)
          await new Promise((r) => setTimeout(r, 250));
        expect(await acceptedNow()).toBeGreaterThan(before);
        expect(collectorErrors(stack)).toEqual([]);
      },
      300_000,
    );
  });

  describe("with the traces overlay and Jaeger", () => {
    let stack: NativeStack;
    beforeAll(async () => {
      stack = await startNativeStack({ quiet: true, traces: "jaeger" });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it("is queryable in Jaeger by its session id, every span of it", async () => {
      expect(await replay(stack.collector.httpEndpoint)).toBe(200);
      const jaeger = stack.jaeger;
      if (!jaeger) throw new Error("no Jaeger");
      let found: Awaited<ReturnType<typeof jaeger.sessionSpans>> = [];
      for (let i = 0; i < 60 && found.length < spans.length; i++) {
        await new Promise((r) => setTimeout(r, 500));
        found = await jaeger.sessionSpans(sessionId);
      }
      expect(found.map((s) => s.operationName).sort()).toEqual(spans.map((s) => s.name).sort());
      expect(collectorErrors(stack)).toEqual([]);
    });
  });
});
