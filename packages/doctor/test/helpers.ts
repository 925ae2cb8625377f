import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  collectorBinary,
  freePorts,
  type NativeStack,
  STACK_DIR,
  startServer,
  waitForHttp,
} from "@cc-otel/harness";
import type { StackEndpoints } from "../src/index.js";

/** The doctor's endpoints for a native stack (Loki: the stand-in's base URL). */
export function endpointsOf(stack: NativeStack): StackEndpoints {
  return {
    otlpGrpc: stack.collector.grpcEndpoint,
    otlpHttp: stack.collector.httpEndpoint,
    collectorHealth: stack.collector.healthUrl,
    collectorMetrics: stack.collector.selfMetricsUrl,
    prometheus: stack.prometheus.url,
    loki: stack.loki.otlpUrl.replace(/\/otlp\/?$/, ""),
  };
}

/**
 * A second real collector beside a native stack, with the stack's config plus overlays, writing
 * to the same Prometheus and Loki stand-in. Returns the doctor's endpoints for it.
 */
export async function startSecondCollector(stack: NativeStack, overlays: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "cc-otel-doctor-collector-"));
  const [grpc, http, health, metrics] = (await freePorts(4)) as [number, number, number, number];
  const proc = startServer({
    name: "otelcol-second",
    command: collectorBinary(),
    args: [join(STACK_DIR, "collector/config.yaml"), ...overlays].map((f) => `--config=${f}`),
    env: {
      CC_OTEL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
      CC_OTEL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
      CC_OTEL_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
      CC_OTEL_SELF_METRICS_HOST: "127.0.0.1",
      CC_OTEL_SELF_METRICS_PORT: String(metrics),
      CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL: `${stack.prometheus.url}/api/v1/write`,
      CC_OTEL_LOKI_OTLP_URL: stack.loki.otlpUrl,
      CC_OTEL_QUEUE_DIR: join(dir, "queue"),
    },
    logFile: join(dir, "collector.log"),
    maxSeconds: 900,
  });
  await waitForHttp(`http://127.0.0.1:${health}/`, {
    name: "second collector",
    isAlive: () => proc.child.exitCode === null,
    timeoutMs: 60_000,
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${proc.log().slice(-3000)}`);
  });
  const endpoints: StackEndpoints = {
    ...endpointsOf(stack),
    otlpGrpc: `http://127.0.0.1:${grpc}`,
    otlpHttp: `http://127.0.0.1:${http}`,
    collectorHealth: `http://127.0.0.1:${health}/`,
    collectorMetrics: `http://127.0.0.1:${metrics}/metrics`,
  };
  return {
    endpoints,
    log: () => proc.log(),
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Loki's HTTP API as documented (/ready, /loki/api/v1/query_range), answering from a list of
 * probe ids it "holds". Not Loki: it checks the doctor's read-back REQUEST (LogQL, parameters).
 */
export async function startFakeLokiApi(holds: (logql: string) => boolean) {
  const queries: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/ready") {
      res.end("ready\n");
      return;
    }
    if (url.pathname === "/loki/api/v1/query_range") {
      queries.push(url.searchParams);
      const q = url.searchParams.get("query") ?? "";
      const result = holds(q)
        ? [
            {
              stream: { service_name: "claude-code" },
              values: [[`${Date.now() * 1_000_000}`, "cc_otel.doctor.probe"]],
            },
          ]
        : [];
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "success", data: { resultType: "streams", result } }));
      return;
    }
    res.statusCode = 404;
    res.end("404 page not found\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
