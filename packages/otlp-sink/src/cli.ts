#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startOtlpSink } from "./sink.js";

/**
 * Stand-in ingestion endpoint: `otlp-sink --grpc-port 4317 --http-port 4318` accepts OTLP the way a
 * collector would and prints a line per second with what arrived (counts only, so it can run
 * for hours). Useful to try the simulator or the CLI without the stack.
 */

const USAGE =
  "usage: otlp-sink [--grpc-port N] [--http-port N] [--http-path-prefix /otlp] [--bearer-token T]";

function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`otlp-sink: --${name} must be a port number 0-65535, got '${raw}'`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        "grpc-port": { type: "string" },
        "http-port": { type: "string" },
        "http-path-prefix": { type: "string" },
        "bearer-token": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`otlp-sink: ${(e as Error).message.split(". ")[0]} (${USAGE})`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sink = await startOtlpSink({
    grpcPort: port("grpc-port", values["grpc-port"] as string | undefined, 4317),
    httpPort: port("http-port", values["http-port"] as string | undefined, 4318),
    httpPathPrefix: (values["http-path-prefix"] as string | undefined) ?? "",
    ...(typeof values["bearer-token"] === "string" ? { bearerToken: values["bearer-token"] } : {}),
    retain: false,
  });
  console.log(
    `otlp-sink: gRPC ${sink.grpcEndpoint}  HTTP ${sink.httpEndpoint}/v1/{metrics,logs,traces}  (Ctrl-C stops)`,
  );
  let last = "";
  const timer = setInterval(() => {
    const s = sink.stats;
    const requests = s.metricsRequests + s.logsRequests + s.tracesRequests;
    const line = `data points ${s.dataPoints}  log records ${s.logRecords}  spans ${s.spans}  requests ${requests}  rejected ${s.rejectedRequests}`;
    if (line !== last) console.log(line);
    last = line;
  }, 1000);
  process.once("SIGINT", () => {
    clearInterval(timer);
    void sink.close().then(() => process.exit(0));
  });
}

main().catch((e: Error) => {
  console.error(`otlp-sink: ${e.message}`);
  process.exit(1);
});
