import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type NativeStack, startExtraCollector } from "@cc-otel/harness";
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
export async function startSecondCollector(
  stack: NativeStack,
  overlays: string[],
  env: Record<string, string> = {},
) {
  const second = await startExtraCollector(stack, { overlays, env, name: "otelcol-second" });
  const endpoints: StackEndpoints = {
    ...endpointsOf(stack),
    otlpGrpc: second.grpcEndpoint,
    otlpHttp: second.httpEndpoint,
    collectorHealth: second.healthUrl,
    collectorMetrics: second.selfMetricsUrl,
  };
  return { endpoints, log: () => second.process.log(), stop: () => second.stop() };
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
