import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SELF_METRIC_PREFIX } from "@cc-otel/collector/names";
import { eventBody, SCOPES, SERVICE_NAME } from "@cc-otel/contract";
import {
  logsRequest,
  type NativeStack,
  PrometheusClient,
  postOtlpJson,
  startNativeStack,
  sumRequest,
} from "@cc-otel/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTOR_METRICS, DEFAULT_COLLECTOR_JOB } from "../src/collector-metrics.js";
import {
  ALERTS_FILE,
  alertsFile,
  alertsOf,
  allRuleFiles,
  BUDGET_FILE,
  BUDGET_RECORD,
  optionalFile,
  parseBudgetFile,
} from "../src/index.js";
import { eventually, exposedNames, startLoneCollector } from "./helpers.js";

// The real collector and Prometheus of the native harness: the self-metric names the alerts use
// must exist on a running collector (each provoked on purpose), and the real Prometheus must load
// and evaluate the generated rules.

const OVERLAY = join(import.meta.dirname, "fixtures/provoke-failures.yaml");
const resource = { "service.name": SERVICE_NAME, "service.version": "2.1.331" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function metricBody(user: string, temporality: 1 | 2, timeMs: number, value = 1) {
  return sumRequest({
    resource,
    scope: SCOPES.metrics,
    name: "claude_code.commit.count",
    unit: "",
    temporality,
    points: [{ attributes: { "user.id": user }, startMs: timeMs - 60_000, timeMs, value }],
  });
}

function logBody(user: string) {
  return logsRequest({
    resource,
    scope: SCOPES.events,
    records: [
      {
        body: eventBody("api_error"),
        timeMs: Date.now(),
        attributes: { "event.name": "api_error", "user.id": user },
      },
    ],
  });
}

/** Every self-metric name (otelcol_*) the generated alerts file reads. */
function namesInAlertsFile(): string[] {
  const text = readFileSync(ALERTS_FILE, "utf8");
  return [...new Set(text.match(new RegExp(`\\b${SELF_METRIC_PREFIX}[a-z_]+\\b`, "g")) ?? [])].sort();
}

describe("alert rules against the real collector and Prometheus", () => {
  let stack: NativeStack;
  let prom: PrometheusClient;
  const seen = new Set<string>();
  const scrape = async (url: string) => {
    const names = exposedNames(await (await fetch(url)).text());
    for (const n of names) seen.add(n);
    return names;
  };

  beforeAll(async () => {
    stack = await startNativeStack({
      collectorOverlays: [OVERLAY],
      quiet: true,
      maxSeconds: 900,
    });
    prom = new PrometheusClient(stack.prometheus.url);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("the alerts read only the self-metrics collector-metrics.ts picks", () => {
    const known = new Set<string>(Object.values(COLLECTOR_METRICS));
    expect(namesInAlertsFile().filter((n) => !known.has(n))).toEqual([]);
  });

  it("the real Prometheus loads the generated rules and evaluates them without error", async () => {
    const expectedGroups = [
      "claude-code-budget",
      "claude-code-cost",
      "claude-code-api-errors",
      "claude-code-collector",
    ];
    const groups = await eventually(
      async () => {
        const res = await fetch(`${stack.prometheus.url}/api/v1/rules`);
        const body = (await res.json()) as {
          data: {
            groups: {
              name: string;
              file: string;
              rules: { name: string; health: string; lastError?: string; lastEvaluation: string }[];
            }[];
          };
        };
        const gs = body.data.groups;
        const ready =
          expectedGroups.every((n) => gs.some((g) => g.name === n)) &&
          gs.every((g) => g.rules.every((r) => !r.lastEvaluation.startsWith("0001-")));
        return ready ? gs : undefined;
      },
      "every rule group loaded and evaluated once",
      { timeoutMs: 120_000 },
    );
    expect(groups.map((g) => g.name).sort()).toEqual([...expectedGroups].sort());
    for (const g of groups) {
      for (const r of g.rules)
        expect({ rule: r.name, health: r.health, error: r.lastError ?? "" }).toEqual({
          rule: r.name,
          health: "ok",
          error: "",
        });
    }
    const alertNames = groups.flatMap((g) => g.rules.map((r) => r.name));
    for (const a of alertsOf(alertsFile())) expect(alertNames).toContain(a.alert);
    // Off by default: the optional group is in a *.yml.disabled file Prometheus does not load.
    for (const a of alertsOf(optionalFile())) expect(alertNames).not.toContain(a.alert);
    expect(await prom.scalar(BUDGET_RECORD)).toBe(parseBudgetFile(readFileSync(BUDGET_FILE, "utf8")));
    // Every expression (the optional ones too) is valid PromQL to the real engine.
    for (const a of alertsOf(...allRuleFiles())) await prom.query(a.expr);
  });

  it("Prometheus stores the collector's self-metrics under the exact names the alerts use (no _total)", async () => {
    const t = Date.now() - 5_000;
    expect(
      (await postOtlpJson(stack.collector.httpEndpoint, "metrics", metricBody("u-ok", 2, t))).status,
    ).toBe(200);
    expect((await postOtlpJson(stack.collector.httpEndpoint, "logs", logBody("u-ok"))).status).toBe(200);
    const job = `job="${DEFAULT_COLLECTOR_JOB}"`;
    await eventually(
      async () => ((await prom.scalar(`up{${job}}`)) === 1 ? true : undefined),
      `up{${job}} == 1`,
    );
    for (const name of [
      COLLECTOR_METRICS.receiverAcceptedMetricPoints,
      COLLECTOR_METRICS.sentMetricPoints,
      COLLECTOR_METRICS.sentLogRecords,
    ]) {
      await eventually(
        async () => ((await prom.query(`${name}{${job}} > 0`)).length > 0 ? true : undefined),
        `${name} in Prometheus`,
      );
    }
    const scrapeJob = readFileSync(join(stack.workDir, "prometheus.yml"), "utf8");
    expect(scrapeJob).toContain(`job_name: ${DEFAULT_COLLECTOR_JOB}`);
  });

  it("every self-metric the alerts read exists on a real collector once its event happened", async () => {
    const http = stack.collector.httpEndpoint;
    // Untranslatable: a delta sum with no delta_to_cumulative in the pipeline (overlay).
    expect((await postOtlpJson(http, "metrics", metricBody("u-delta", 1, Date.now() - 5_000))).status).toBe(
      200,
    );
    // Send failed (metrics): a sample 30 days old, which Prometheus rejects for good (400).
    expect(
      (await postOtlpJson(http, "metrics", metricBody("u-old", 2, Date.now() - 30 * 86_400_000))).status,
    ).toBe(200);
    // Send failed (logs): the Loki stand-in answers 400, a permanent error.
    stack.loki.sink.failWith = () => 400;
    expect((await postOtlpJson(http, "logs", logBody("u-rejected"))).status).toBe(200);
    await eventually(async () => {
      const names = await scrape(stack.collector.selfMetricsUrl);
      return [
        COLLECTOR_METRICS.prwFailedTranslations,
        COLLECTOR_METRICS.sendFailedMetricPoints,
        COLLECTOR_METRICS.sendFailedLogRecords,
      ].every((n) => names.has(n))
        ? true
        : undefined;
    }, "failed translations and send failures");
    // Queue full (logs): Loki answers 503 (retried forever), the one-slot queue overflows.
    stack.loki.sink.failWith = () => 503;
    // Queue full (metrics): Prometheus stops, the one-slot remote-write queue overflows.
    await stack.prometheus.stop();
    for (let i = 0; i < 4; i++) {
      await postOtlpJson(http, "logs", logBody(`u-queued-${i}`));
      await postOtlpJson(http, "metrics", metricBody(`u-queued-${i}`, 2, Date.now() - 1_000));
      await sleep(2_500); // longer than the batch processor's 2 s timeout: one export each
    }
    await eventually(async () => {
      const names = await scrape(stack.collector.selfMetricsUrl);
      return names.has(COLLECTOR_METRICS.enqueueFailedLogRecords) &&
        names.has(COLLECTOR_METRICS.enqueueFailedMetricPoints)
        ? true
        : undefined;
    }, "enqueue failures");

    // Memory limiter refusals: a lone collector whose limit is below its own heap.
    const lone = await startLoneCollector({ CC_OTEL_MEMORY_LIMIT_MIB: "2", CC_OTEL_MEMORY_SPIKE_MIB: "1" });
    try {
      await sleep(3_000); // the limiter checks memory every second
      expect(
        (await postOtlpJson(lone.httpEndpoint, "metrics", metricBody("u-mem", 2, Date.now()))).status,
      ).toBe(503);
      expect((await postOtlpJson(lone.httpEndpoint, "logs", logBody("u-mem"))).status).toBe(503);
      await eventually(async () => {
        const names = await scrape(lone.selfMetricsUrl);
        return names.has(COLLECTOR_METRICS.memoryLimiterRefusedMetricPoints) ? true : undefined;
      }, "memory limiter refusals");
    } finally {
      await lone.stop();
    }

    const missing = Object.values(COLLECTOR_METRICS).filter((n) => !seen.has(n));
    expect(
      missing,
      `seen on the real collectors: ${[...seen].filter((n) => n.startsWith(SELF_METRIC_PREFIX)).join(", ")}`,
    ).toEqual([]);
    expect(namesInAlertsFile().filter((n) => !seen.has(n))).toEqual([]);
  });
});
