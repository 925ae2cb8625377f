#!/usr/bin/env node
// pnpm stack:native — the stack without Docker, for developers: the real Collector and Prometheus
// (built from source, cached) with the project's own configs on 127.0.0.1. Ctrl-C stops it all.
import { startNativeStack } from "./stack.js";

const stack = await startNativeStack({ keepWorkDir: process.argv.includes("--keep") });
console.log(`
native stack is up (work dir ${stack.workDir})
  OTLP gRPC    ${stack.collector.grpcEndpoint}
  OTLP HTTP    ${stack.collector.httpEndpoint}
  Prometheus   ${stack.prometheus.url}
  Loki         STAND-IN at ${stack.loki.otlpUrl} (events are counted, not queryable with LogQL)

  pnpm simulate --endpoint ${stack.collector.grpcEndpoint}
Ctrl-C to stop.`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
setInterval(() => {}, 1 << 30);
