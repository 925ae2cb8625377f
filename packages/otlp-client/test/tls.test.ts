import { join } from "node:path";
import { makeTestPki, type NativeStack, STACK_DIR, startNativeStack, type TestPki } from "@cc-otel/harness";
import { stringAttr } from "@cc-otel/otlp-sink";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, type LogRecordExporter } from "@opentelemetry/sdk-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogExporter, PROTOCOLS, type Protocol, resolveOtlpEnv } from "../src/index.js";

// The exporters this package builds (for the simulator and the doctor) over TLS, configured by the
// variables the docs give users: OTEL_EXPORTER_OTLP_ENDPOINT with https:// and
// OTEL_EXPORTER_OTLP_CERTIFICATE naming a private CA. Against the real collector with
// stack/collector/tls.yaml and a throwaway CA made with the docs' openssl commands.

let pki: TestPki;
let stack: NativeStack;
beforeAll(async () => {
  pki = makeTestPki();
  stack = await startNativeStack({
    collectorOverlays: [join(STACK_DIR, "collector/tls.yaml")],
    collectorEnv: { CC_OTEL_TLS_CERT_FILE: pki.serverCert, CC_OTEL_TLS_KEY_FILE: pki.serverKey },
    quiet: true,
  });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

const httpsEndpoint = (protocol: Protocol) =>
  (protocol === "grpc" ? stack.collector.grpcEndpoint : stack.collector.httpEndpoint).replace(
    /^http:/,
    "https:",
  );

/** One event through an exporter built from `env`: the export's result. */
async function exportOne(env: Record<string, string>, userId: string) {
  const exporter: LogRecordExporter = createLogExporter(resolveOtlpEnv(env).logs);
  const result = await new Promise<ExportResult>((resolve) => {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ "service.name": "claude-code" }),
      processors: [
        {
          onEmit: (record) => exporter.export([record], resolve),
          forceFlush: async () => {},
          shutdown: async () => {},
        },
      ],
    });
    provider.getLogger("com.anthropic.claude_code.events").emit({
      body: "claude_code.user_prompt",
      attributes: { "event.name": "user_prompt", "user.id": userId, prompt_length: 3 },
    });
  });
  await exporter.shutdown();
  return result;
}

/** An error with its causes, as one line. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    parts.push(e.message ?? String(e));
  return parts.join(" <- ");
}

const landed = (userId: string) =>
  stack.loki.sink.logs.some((l) => stringAttr(l.attributes, "user.id") === userId);

describe.each(PROTOCOLS)("%s over TLS", (protocol) => {
  it("trusts the CA of OTEL_EXPORTER_OTLP_CERTIFICATE: the export succeeds and the event lands", async () => {
    const userId = `u-tls-${protocol}`;
    const r = await exportOne(
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_ENDPOINT: httpsEndpoint(protocol),
        OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert,
      },
      userId,
    );
    expect(r.error?.message).toBeUndefined();
    expect(r.code).toBe(ExportResultCode.SUCCESS);
    await stack.loki.sink.waitFor(() => landed(userId), 60_000);
  });

  it("refuses a server its CA did not sign (another CA trusted): the export fails, nothing lands", async () => {
    const userId = `u-tls-other-${protocol}`;
    const r = await exportOne(
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_ENDPOINT: httpsEndpoint(protocol),
        OTEL_EXPORTER_OTLP_CERTIFICATE: pki.otherCaCert,
        OTEL_EXPORTER_OTLP_TIMEOUT: "3000",
      },
      userId,
    );
    expect(r.code).toBe(ExportResultCode.FAILED);
    console.info(`${protocol}: ${describeError(r.error)}`);
    // The handshake is what failed, not something after it.
    expect(describeError(r.error)).toMatch(/certificate|unable to verify|self[- ]signed|handshake/i);
    expect(landed(userId)).toBe(false);
  });
});
