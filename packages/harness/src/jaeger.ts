import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jaegerBinary } from "./binaries.js";
import { freePorts, waitForHttp, withPortRetry } from "./net.js";
import { STACK_DIR } from "./paths.js";
import { type ServerProcess, startServer } from "./processes.js";

/**
 * The real Jaeger v2 (all-in-one, in-memory storage) with the stack's own stack/jaeger/config.yaml,
 * on 127.0.0.1 and free ports: where the collector's traces.yaml overlay sends Claude Code's traces.
 */
export interface Jaeger {
  /** OTLP/HTTP base URL, what CC_OTEL_TRACES_OTLP_URL takes. */
  readonly otlpHttpUrl: string;
  readonly otlpGrpcEndpoint: string;
  /** Query API base, e.g. `${queryUrl}/api/traces?service=claude-code`. */
  readonly queryUrl: string;
  readonly process: ServerProcess;
  /** Spans of one session (the CLI puts session.id on every span), as Jaeger's query API returns them. */
  sessionSpans(sessionId: string): Promise<JaegerSpan[]>;
  stop(): Promise<void>;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly tags: { key: string; type: string; value: unknown }[];
  readonly logs: { timestamp: number; fields: { key: string; type: string; value: unknown }[] }[];
}

export function startJaeger(opts: { maxSeconds?: number } = {}): Promise<Jaeger> {
  return withPortRetry(
    () => freePorts(5),
    (ports) => startJaegerOnPorts(ports as [number, number, number, number, number], opts),
  );
}

async function startJaegerOnPorts(
  [grpc, http, query, queryGrpc, health]: [number, number, number, number, number],
  opts: { maxSeconds?: number },
): Promise<Jaeger> {
  const dir = mkdtempSync(join(tmpdir(), "cc-otel-jaeger-"));
  const proc = startServer({
    name: "jaeger",
    command: jaegerBinary(),
    args: [`--config=${join(STACK_DIR, "jaeger/config.yaml")}`],
    env: {
      JAEGER_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
      JAEGER_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
      JAEGER_QUERY_HTTP_ENDPOINT: `127.0.0.1:${query}`,
      JAEGER_QUERY_GRPC_ENDPOINT: `127.0.0.1:${queryGrpc}`,
      JAEGER_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    },
    logFile: join(dir, "jaeger.log"),
    maxSeconds: opts.maxSeconds ?? 1800,
  });
  const queryUrl = `http://127.0.0.1:${query}`;
  try {
    await waitForHttp(`http://127.0.0.1:${health}/status`, {
      name: "jaeger",
      isAlive: () => proc.child.exitCode === null,
      timeoutMs: 60_000,
    });
  } catch (err) {
    const log = proc.log();
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n--- jaeger.log ---\n${log.slice(-3000)}`);
  }
  return {
    otlpHttpUrl: `http://127.0.0.1:${http}`,
    otlpGrpcEndpoint: `http://127.0.0.1:${grpc}`,
    queryUrl,
    process: proc,
    async sessionSpans(sessionId) {
      const tags = encodeURIComponent(JSON.stringify({ "session.id": sessionId }));
      const res = await fetch(`${queryUrl}/api/traces?service=claude-code&tags=${tags}&limit=100`);
      if (!res.ok) throw new Error(`jaeger query: HTTP ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { data: { spans: JaegerSpan[] }[] };
      return body.data.flatMap((t) => t.spans);
    },
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
