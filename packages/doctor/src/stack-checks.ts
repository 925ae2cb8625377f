import { connect } from "node:net";
import { COLLECTOR, COLLECTOR_LOGS_COMMAND } from "@cc-otel/collector/names";
import { CLI_DEFAULTS } from "@cc-otel/contract";
import { describeError, http } from "./http.js";
import type { Check } from "./model.js";
import { SELF, SelfMetrics } from "./self-metrics.js";

/** Where the stack answers. Defaults: the local stack of stack/compose.yaml. */
export interface StackEndpoints {
  readonly otlpGrpc: string;
  readonly otlpHttp: string;
  readonly collectorHealth: string;
  readonly collectorMetrics: string;
  readonly prometheus: string;
  readonly loki: string;
}

export const DEFAULT_ENDPOINTS: StackEndpoints = {
  otlpGrpc: `http://127.0.0.1:${CLI_DEFAULTS.otlpPorts.grpc}`,
  otlpHttp: `http://127.0.0.1:${CLI_DEFAULTS.otlpPorts["http/protobuf"]}`,
  collectorHealth: `http://127.0.0.1:${COLLECTOR.healthPort}/`,
  collectorMetrics: `http://127.0.0.1:${COLLECTOR.selfMetricsPort}/metrics`,
  prometheus: "http://127.0.0.1:9090",
  loki: "http://127.0.0.1:3100",
};

export type LokiKind = "loki" | "stand-in" | "down";

export interface StackState {
  readonly checks: Check[];
  readonly collectorHealthy: boolean;
  readonly otlpReachable: { readonly grpc: boolean; readonly http: boolean };
  readonly selfMetrics?: SelfMetrics;
  readonly prometheusReady: boolean;
  readonly lokiKind: LokiKind;
}

export function tcpReachable(url: string, timeoutMs = 2_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      resolve(`not a URL: ${url}`);
      return;
    }
    const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    const host = u.hostname.replace(/^\[|\]$/g, "");
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once("connect", () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("timed out");
    });
    socket.once("error", (err) => resolve(describeError({ cause: err })));
  });
}

export async function scrapeSelfMetrics(url: string): Promise<SelfMetrics | undefined> {
  const res = await http(url);
  return res.ok ? SelfMetrics.parse(res.body) : undefined;
}

const trim = (s: string) => s.trim().replace(/\s+/g, " ").slice(0, 160);

export async function checkStack(
  ep: StackEndpoints,
  opts: { collectorJob: string; lokiReadback: "auto" | "skip" },
): Promise<StackState> {
  const checks: Check[] = [];
  const add = (c: Omit<Check, "section">) => checks.push({ ...c, section: "stack" });

  // Collector: health, OTLP ports, self-metrics.
  const health = await http(ep.collectorHealth);
  const collectorHealthy = health.ok;
  add(
    collectorHealthy
      ? { id: "stack.collector.health", status: "ok", title: `collector healthy (${ep.collectorHealth})` }
      : {
          id: "stack.collector.health",
          status: "fail",
          title: `collector not healthy at ${ep.collectorHealth}: ${health.error ?? `HTTP ${health.status} ${trim(health.body)}`}`,
          fix: `start the stack (pnpm stack:up), then read why the collector is down: pnpm stack:status; ${COLLECTOR_LOGS_COMMAND}`,
        },
  );
  const [grpcErr, httpErr] = await Promise.all([tcpReachable(ep.otlpGrpc), tcpReachable(ep.otlpHttp)]);
  for (const [name, url, err] of [
    ["gRPC", ep.otlpGrpc, grpcErr],
    ["HTTP", ep.otlpHttp, httpErr],
  ] as const) {
    add(
      err === undefined
        ? {
            id: `stack.collector.otlp-${name.toLowerCase()}`,
            status: "ok",
            title: `collector OTLP/${name} port open (${url})`,
          }
        : {
            id: `stack.collector.otlp-${name.toLowerCase()}`,
            status: "fail",
            title: `collector OTLP/${name} port ${url}: ${err}`,
            fix: "start the collector (pnpm stack:up); if it runs, check its published ports (pnpm stack:status)",
          },
    );
  }
  const self = await scrapeSelfMetrics(ep.collectorMetrics);
  if (!self) {
    add({
      id: "stack.collector.self-metrics",
      status: collectorHealthy ? "warn" : "fail",
      title: `collector self-metrics not readable at ${ep.collectorMetrics}: cannot see what it receives and exports`,
      fix: `check the collector's telemetry port (${COLLECTOR.selfMetricsPort}) is published, or pass --collector-metrics URL`,
    });
  } else {
    const failed = self.sum(SELF.sendFailedMetricPoints) + self.sum(SELF.sendFailedLogRecords);
    const dropped = self.sum(SELF.enqueueFailedMetricPoints) + self.sum(SELF.enqueueFailedLogRecords);
    const queued = self.sum(SELF.queueSize);
    const summary = `since start: received ${self.sum(SELF.acceptedMetricPoints)} metric points / ${self.sum(SELF.acceptedLogRecords)} events, exported ${self.sum(SELF.sentMetricPoints)} / ${self.sum(SELF.sentLogRecords)}`;
    if (failed + dropped > 0) {
      add({
        id: "stack.collector.exporters",
        status: "warn",
        title: `collector exporters have lost data since start: ${failed} rejected by a backend, ${dropped} dropped on a full queue`,
        detail: summary,
        fix: `read the exporter errors: ${COLLECTOR_LOGS_COMMAND} | grep -i 'exporting failed' (the probe below tells whether it still happens)`,
      });
    } else {
      add({
        id: "stack.collector.exporters",
        status: "ok",
        title: "collector exporters: no failures since start",
        detail: summary,
      });
    }
    if (queued > 0) {
      add({
        id: "stack.collector.queue",
        status: "warn",
        title: `${queued} batches wait in the collector's sending queues: a backend is slow or unreachable`,
        fix: "check Prometheus and Loki below; the queue drains by itself once they answer",
      });
    }
  }

  // Prometheus: ready, remote-write receiver on, scraping the collector.
  const ready = await http(`${ep.prometheus}/-/ready`);
  const prometheusReady = ready.ok;
  add(
    prometheusReady
      ? { id: "stack.prometheus.ready", status: "ok", title: `Prometheus ready (${ep.prometheus})` }
      : {
          id: "stack.prometheus.ready",
          status: "fail",
          title: `Prometheus not ready at ${ep.prometheus}: ${ready.error ?? `HTTP ${ready.status} ${trim(ready.body)}`}`,
          fix: "start it (pnpm stack:up) or read why it is down: pnpm stack:logs prometheus",
        },
  );
  if (prometheusReady) {
    const rw = await http(`${ep.prometheus}/api/v1/write`, { method: "POST", body: "" });
    if (rw.status === 404) {
      add({
        id: "stack.prometheus.remote-write",
        status: "fail",
        title: "Prometheus' remote-write receiver is off: the collector cannot write metrics",
        fix: "start Prometheus with --web.enable-remote-write-receiver (stack/compose.yaml does)",
      });
    }
    const targets = await http(`${ep.prometheus}/api/v1/targets?state=active`);
    type Target = { labels: Record<string, string>; health: string; lastError: string; scrapeUrl: string };
    const active = targets.ok
      ? ((JSON.parse(targets.body) as { data?: { activeTargets?: Target[] } }).data?.activeTargets ?? [])
      : [];
    const mine = active.filter((t) => t.labels.job === opts.collectorJob);
    // Right after Prometheus starts, discovery has not listed the target yet: look at the config.
    const configured =
      mine.length > 0 ||
      (await http(`${ep.prometheus}/api/v1/status/config`)).body.includes(`job_name: ${opts.collectorJob}`);
    if (mine.length === 0 && configured) {
      add({
        id: "stack.prometheus.scrape",
        status: "ok",
        title: `Prometheus has the scrape job ${opts.collectorJob} (first scrape pending)`,
      });
    } else if (mine.length === 0) {
      add({
        id: "stack.prometheus.scrape",
        status: "warn",
        title: `Prometheus has no scrape job "${opts.collectorJob}" for the collector's self-metrics: collector alerts cannot fire`,
        fix: `keep the ${COLLECTOR.job} scrape job of stack/prometheus/prometheus.yml (or pass --collector-job)`,
      });
    } else if (mine.some((t) => t.health === "down")) {
      const t = mine.find((x) => x.health === "down");
      add({
        id: "stack.prometheus.scrape",
        status: "warn",
        title: `Prometheus cannot scrape the collector at ${t?.scrapeUrl}: ${t?.lastError}`,
        fix: `point the ${COLLECTOR.job} scrape target in prometheus.yml at the collector's port ${COLLECTOR.selfMetricsPort}`,
      });
    } else {
      add({
        id: "stack.prometheus.scrape",
        status: "ok",
        title: `Prometheus scrapes the collector (job ${opts.collectorJob}${mine.every((t) => t.health === "up") ? "" : ", first scrape pending"})`,
      });
    }
  }

  // Loki: real Loki answers /ready; a stand-in (the test harness's) only accepts OTLP.
  const lokiReady = await http(`${ep.loki}/ready`);
  let lokiKind: LokiKind;
  if (lokiReady.ok) {
    lokiKind = "loki";
    add({ id: "stack.loki.ready", status: "ok", title: `Loki ready (${ep.loki})` });
  } else if (lokiReady.status === 0) {
    lokiKind = "down";
    add({
      id: "stack.loki.ready",
      status: "fail",
      title: `Loki not reachable at ${ep.loki}: ${lokiReady.error}`,
      fix: "start it (pnpm stack:up) or read why it is down: pnpm stack:logs loki",
    });
  } else {
    const otlp = await http(`${ep.loki}/otlp/v1/logs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ resourceLogs: [] }),
    });
    if (otlp.ok && lokiReady.status === 404) {
      lokiKind = "stand-in";
      add(
        opts.lokiReadback === "skip"
          ? {
              id: "stack.loki.ready",
              status: "note",
              title: `${ep.loki} is NOT real Loki: no /ready, but it accepts OTLP logs (a stand-in, like the test harness's)`,
              detail:
                "events can be checked up to its ingestion endpoint only; LogQL read-back skipped (--loki-readback=skip)",
            }
          : {
              id: "stack.loki.ready",
              status: "fail",
              title: `${ep.loki} is not Loki (GET /ready: HTTP 404) though it accepts OTLP logs: a stand-in? events cannot be read back`,
              fix: "point --loki at real Loki (port 3100), or accept ingestion-only checking with --loki-readback=skip",
            },
      );
    } else {
      lokiKind = "down";
      add({
        id: "stack.loki.ready",
        status: "fail",
        title: `Loki not ready at ${ep.loki}: HTTP ${lokiReady.status} ${trim(lokiReady.body)}`,
        fix: "Loki needs ~15 s after start; if it persists: pnpm stack:logs loki",
      });
    }
  }
  return {
    checks,
    collectorHealthy,
    otlpReachable: { grpc: grpcErr === undefined, http: httpErr === undefined },
    ...(self ? { selfMetrics: self } : {}),
    prometheusReady,
    lokiKind,
  };
}
