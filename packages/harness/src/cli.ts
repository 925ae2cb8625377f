#!/usr/bin/env node
// pnpm stack:native — the stack without Docker, for developers: the real Collector and Prometheus
// (built from source, cached) with the project's own configs on 127.0.0.1. Ctrl-C stops it all.
import { startNativeStack } from "./stack.js";

const stack = await startNativeStack({ keepWorkDir: process.argv.includes("--keep") });
const lokiBase = stack.loki.otlpUrl.replace(/\/otlp\/?$/, "");
// The doctor's flags for this stack: its ports are free ones, not the compose stack's defaults.
const doctorFlags = [
  `--otlp-grpc ${stack.collector.grpcEndpoint}`,
  `--otlp-http ${stack.collector.httpEndpoint}`,
  `--collector-health ${stack.collector.healthUrl}`,
  `--collector-metrics ${stack.collector.selfMetricsUrl}`,
  `--prometheus ${stack.prometheus.url}`,
  `--loki ${lokiBase}`,
  "--loki-readback skip",
].join(" ");
console.log(`
native stack is up (work dir ${stack.workDir})
  OTLP gRPC    ${stack.collector.grpcEndpoint}
  OTLP HTTP    ${stack.collector.httpEndpoint}
  Collector    health ${stack.collector.healthUrl}, self-metrics ${stack.collector.selfMetricsUrl}
  Prometheus   ${stack.prometheus.url}
  Loki         STAND-IN at ${stack.loki.otlpUrl} (events are counted, not queryable with LogQL)

  pnpm simulate --endpoint ${stack.collector.grpcEndpoint}
  pnpm run doctor ${doctorFlags}
Ctrl-C to stop.`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
setInterval(() => {}, 1 << 30);
