import {
  CLI_TESTS_ENABLED,
  CLI_TESTS_SKIPPED_BECAUSE,
  CLI_VERSION,
  cliBinary,
  runClaude,
  type TelemetryOptions,
} from "@cc-otel/claude-cli";
import { CONTENT_TOGGLES, type ContentToggle, LOG_CONTENT_ENV } from "@cc-otel/contract";
import {
  collectorErrors,
  type ExtraCollector,
  type JaegerSpan,
  type NativeStack,
  PrometheusClient,
  startExtraCollector,
  startNativeStack,
} from "@cc-otel/harness";
import { plain, stringAttr } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventName } from "../src/index.js";

/**
 * The privacy promise, proven with the real Claude Code CLI through the real collector: canary
 * strings in the prompt, in the command the tool runs and in the file it reads. The CLI runs once
 * per content toggle (and once with the traces beta alone), traces on every time, against the stack's
 * collector with its defaults: no canary may reach any backend boundary — Loki's ingestion endpoint
 * (a stand-in: real Loki is AGPL and not allowed here), Prometheus, Jaeger. Then once with every
 * toggle against a collector that opted in (CC_OTEL_LOG_CONTENT=true): every canary arrives, so the
 * canaries are where the CLI really puts them and their absence above means something.
 */

const CANARY = {
  prompt: "CANARYPROMPT7731",
  command: "CANARYCMD7731",
  file: "CANARYFILE7731",
  answer: "CANARYANSWER7731",
} as const;

const ALL_TOGGLES = Object.keys(CONTENT_TOGGLES) as ContentToggle[];

interface Run {
  readonly label: string;
  readonly sessionId: string;
  readonly events: NativeStack["loki"]["sink"]["logs"];
  readonly spans: JaegerSpan[];
}

const serialise = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));
const canariesIn = (text: string) => Object.values(CANARY).filter((c) => text.includes(c));

describe.skipIf(!CLI_TESTS_ENABLED)(
  `privacy with the real Claude Code ${CLI_VERSION} through the real collector`,
  () => {
    let stack: NativeStack;
    let optIn: ExtraCollector;
    let prom: PrometheusClient;
    const runs: Run[] = [];

    /** One CLI run into `endpoint`; returns what reached Loki and Jaeger from its session. */
    async function run(
      label: string,
      collector: { httpEndpoint: string; grpcEndpoint: string },
      content: readonly ContentToggle[],
    ): Promise<Run> {
      const before = stack.loki.sink.logs.length;
      // The traces-only run goes over gRPC, the others over HTTP: the CLI's traces arrive either way.
      const telemetry: TelemetryOptions =
        content.length === 0
          ? { protocol: "grpc", endpoint: collector.grpcEndpoint, traces: true, content }
          : { protocol: "http/protobuf", endpoint: collector.httpEndpoint, traces: true, content };
      await runClaude({
        telemetry,
        prompt: `Read secret.txt and say ${CANARY.prompt}`,
        script: {
          toolUses: [
            {
              name: "Bash",
              input: { command: `echo ${CANARY.command}`, description: `Print ${CANARY.command}` },
            },
            { name: "Read", input: { file_path: "secret.txt" } },
          ],
          answer: `The file says ${CANARY.answer}`,
        },
        allowedTools: ["Bash(echo:*)", "Read"],
        files: { "secret.txt": `the secret is ${CANARY.file}\n` },
      });
      const mine = () => stack.loki.sink.logs.slice(before);
      await stack.loki.sink.waitFor(() => mine().some((r) => eventName(r) === "assistant_response"), 30_000);
      const sessionId = stringAttr(mine()[0]?.attributes ?? {}, "session.id") ?? "";
      const jaeger = stack.jaeger;
      if (!jaeger) throw new Error("the stack has no Jaeger");
      let spans: JaegerSpan[] = [];
      for (let i = 0; i < 60 && !spans.some((s) => s.operationName === "claude_code.interaction"); i++) {
        await new Promise((r) => setTimeout(r, 500));
        spans = await jaeger.sessionSpans(sessionId);
      }
      const r = { label, sessionId, events: mine(), spans };
      runs.push(r);
      return r;
    }

    beforeAll(() => {
      cliBinary();
    }, 300_000);
    beforeAll(async () => {
      stack = await startNativeStack({ quiet: true, traces: "jaeger" });
      optIn = await startExtraCollector(stack, {
        name: "otelcol-opt-in",
        env: { [LOG_CONTENT_ENV]: "true" },
      });
      prom = new PrometheusClient(stack.prometheus.url);
    }, 120_000);
    afterAll(async () => {
      await optIn?.stop();
      await stack?.stop();
    });

    const byDefault: [string, ContentToggle[]][] = [
      ["the traces beta alone", []],
      ...ALL_TOGGLES.map((t): [string, ContentToggle[]] => [t, [t]]),
    ];

    it.each(byDefault)(
      "by default, with %s on the client, no canary reaches Loki or Jaeger",
      async (label, toggles) => {
        const r = await run(label, stack.collector, toggles);
        // The run's telemetry did arrive, so the absence of canaries is not the absence of data.
        expect(r.events.length, "events of the run").toBeGreaterThan(5);
        expect(r.spans.map((s) => s.operationName)).toEqual(
          expect.arrayContaining(["claude_code.interaction", "claude_code.tool", "claude_code.llm_request"]),
        );
        expect(canariesIn(serialise(r.events)), "in Loki").toEqual([]);
        expect(canariesIn(serialise(r.spans)), "in Jaeger").toEqual([]);
        // What the toggle added arrives in its safe form.
        const attrs = (name: string) =>
          r.events.filter((e) => eventName(e) === name).map((e) => e.attributes);
        if (toggles.includes("OTEL_LOG_TOOL_DETAILS")) {
          const params = attrs("tool_result")
            .map((a) => stringAttr(a, "tool_parameters"))
            .filter(Boolean);
          expect(params).toContain(JSON.stringify({ bash_command: "echo" }));
        }
        if (toggles.includes("OTEL_LOG_RAW_API_BODIES")) {
          const bodies = attrs("api_request_body");
          expect(bodies.length).toBeGreaterThan(0);
          for (const a of bodies) {
            expect(a).not.toHaveProperty("body");
            expect(Number(plain(a.body_length))).toBeGreaterThan(0);
          }
        }
        for (const a of attrs("user_prompt")) expect(a).not.toHaveProperty("prompt");
      },
    );

    it("with the collector's opt-in (CC_OTEL_LOG_CONTENT=true) and every toggle, every canary arrives", async () => {
      const r = await run("opt-in, every toggle", optIn, ALL_TOGGLES);
      const stored = serialise(r.events) + serialise(r.spans);
      expect(canariesIn(stored).sort()).toEqual(Object.values(CANARY).sort());
      // ...each where the client put it.
      expect(serialise(r.events.filter((e) => eventName(e) === "user_prompt"))).toContain(CANARY.prompt);
      expect(serialise(r.events.filter((e) => eventName(e) === "tool_result"))).toContain(CANARY.command);
      expect(serialise(r.spans.filter((s) => s.operationName === "claude_code.tool"))).toContain(CANARY.file);
      expect(serialise(r.events.filter((e) => eventName(e) === "assistant_response"))).toContain(
        CANARY.answer,
      );
    });

    it("never lets a canary into Prometheus (metrics carry no content, opt-in or not)", async () => {
      expect(runs.length).toBe(byDefault.length + 1);
      const labels = (await (await fetch(`${stack.prometheus.url}/api/v1/labels`)).json()) as {
        data: string[];
      };
      expect(labels.data).toContain("user_id");
      const values: string[] = [];
      for (const label of labels.data) values.push(...(await prom.labelValues(label)));
      expect(canariesIn(values.join("\n"))).toEqual([]);
    });

    it("logs no errors in either collector", () => {
      expect(collectorErrors(stack)).toEqual([]);
      expect(collectorErrors(optIn)).toEqual([]);
    });
  },
);

// Said once, as a skip, when the CLI tests are off: never counted as passed.
if (!CLI_TESTS_ENABLED)
  describe("privacy with the real Claude Code CLI", () => {
    it.skip(`not run: ${CLI_TESTS_SKIPPED_BECAUSE}`, () => {});
  });
