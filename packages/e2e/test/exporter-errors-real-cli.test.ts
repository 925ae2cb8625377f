import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CLI_TESTS_ENABLED,
  CLI_TESTS_SKIPPED_BECAUSE,
  CLI_VERSION,
  type Protocol,
  runClaude,
} from "@cc-otel/claude-cli";
import {
  type ExtraCollector,
  makeTestPki,
  type NativeStack,
  REPO_ROOT,
  STACK_DIR,
  startExtraCollector,
  startNativeStack,
  type TestPki,
} from "@cc-otel/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * What Claude Code itself says when its exports fail, as the troubleshooting page tells users to
 * look (`claude --debug-file <path>`, then the `[3P telemetry]` lines): the real CLI against the real
 * collector with a token (auth.yaml) and with TLS (tls.yaml). Every message the page quotes must be
 * one the CLI wrote here, and the settings the page gives must make the export succeed.
 */

/** The page's text with its line breaks undone: a quoted message may wrap. */
const PAGE = readFileSync(join(REPO_ROOT, "apps/docs/src/content/docs/troubleshooting.md"), "utf8").replace(
  /\s+/g,
  " ",
);
const TOKEN = "troubleshooting-token";

describe.skipIf(!CLI_TESTS_ENABLED)(`exporter errors of the real Claude Code ${CLI_VERSION}`, () => {
  let stack: NativeStack;
  let tls: ExtraCollector;
  let pki: TestPki;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "cc-otel-debug-file-"));
    pki = makeTestPki();
    stack = await startNativeStack({
      quiet: true,
      collectorOverlays: [join(STACK_DIR, "collector/auth.yaml")],
      collectorEnv: { CC_OTEL_RECEIVER_TOKEN: TOKEN },
    });
    tls = await startExtraCollector(stack, {
      name: "otelcol-tls",
      overlays: [join(STACK_DIR, "collector/tls.yaml")],
      env: { CC_OTEL_TLS_CERT_FILE: pki.serverCert, CC_OTEL_TLS_KEY_FILE: pki.serverKey },
    });
  });
  afterAll(async () => {
    await tls?.stop();
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  let runs = 0;
  /** The `[3P telemetry]` lines of one run's debug file (the page's grep). */
  async function telemetryLines(
    protocol: Protocol,
    endpoint: string,
    opts: { env?: Record<string, string>; settings?: Record<string, unknown> } = {},
  ): Promise<string> {
    const debugFile = join(work, `debug-${++runs}.log`);
    await runClaude({
      telemetry: { protocol, endpoint },
      prompt: "hello",
      args: ["--debug-file", debugFile],
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.settings ? { settings: opts.settings } : {}),
    });
    return readFileSync(debugFile, "utf8")
      .split("\n")
      .filter((l) => l.includes("[3P telemetry]"))
      .join("\n");
  }
  const firstExport = (lines: string) => /First metrics export: (SUCCESS|FAILED \(([^\n]*)\))/.exec(lines);
  const tlsUrl = (url: string, host: string) => url.replace("http://127.0.0.1", `https://${host}`);

  /** The line of the failed first export; the page must quote `quote` from it. */
  function expectFailure(lines: string, quote: string) {
    const m = firstExport(lines);
    expect(m?.[1], lines).toMatch(/^FAILED/);
    expect(m?.[0], lines).toContain(quote);
    expect(PAGE, `troubleshooting.md quotes "${quote}"`).toContain(quote);
  }
  const expectSuccess = (lines: string) => expect(firstExport(lines)?.[1], lines).toBe("SUCCESS");

  it("token required, none sent: 401 over HTTP, UNAUTHENTICATED over gRPC; with the header, sent", async () => {
    expectFailure(
      await telemetryLines("http/protobuf", stack.collector.httpEndpoint),
      "FAILED (Unauthorized)",
    );
    expectFailure(
      await telemetryLines("grpc", stack.collector.grpcEndpoint),
      "16 UNAUTHENTICATED: missing or empty authorization header",
    );
    expectSuccess(
      await telemetryLines("grpc", stack.collector.grpcEndpoint, {
        env: { OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${TOKEN}` },
      }),
    );
    expectFailure(
      await telemetryLines("http/protobuf", stack.collector.httpEndpoint, {
        env: { OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer wrong-token" },
      }),
      "FAILED (Unauthorized)",
    );
  });

  it("TLS receiver, plain http:// sent: the connection is reset", async () => {
    expectFailure(await telemetryLines("http/protobuf", tls.httpEndpoint), "read ECONNRESET");
    expectFailure(
      await telemetryLines("grpc", tls.grpcEndpoint),
      "14 UNAVAILABLE: No connection established",
    );
    expect(tls.process.log()).toContain("client sent an HTTP request to an HTTPS server");
    expect(PAGE).toContain("client sent an HTTP request to an HTTPS server");
  });

  it("TLS over gRPC: a host name, not an IP address; the CA from OTEL_EXPORTER_OTLP_CERTIFICATE", async () => {
    const ca = { OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert };
    expectFailure(
      await telemetryLines("grpc", tlsUrl(tls.grpcEndpoint, "127.0.0.1"), { env: ca }),
      "Setting the TLS ServerName to an IP address is not permitted",
    );
    expectFailure(
      await telemetryLines("grpc", tlsUrl(tls.grpcEndpoint, "localhost")),
      "unable to verify the first certificate",
    );
    expectSuccess(await telemetryLines("grpc", tlsUrl(tls.grpcEndpoint, "localhost"), { env: ca }));
  });

  it("TLS over HTTP: OTEL_EXPORTER_OTLP_CERTIFICATE is ignored, NODE_EXTRA_CA_CERTS works", async () => {
    const url = tlsUrl(tls.httpEndpoint, "127.0.0.1");
    expectFailure(
      await telemetryLines("http/protobuf", url, { env: { OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert } }),
      "unable to verify the first certificate",
    );
    expectSuccess(await telemetryLines("http/protobuf", url, { env: { NODE_EXTRA_CA_CERTS: pki.caCert } }));
    expect(PAGE).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("NODE_EXTRA_CA_CERTS works from the env block of settings.json too (where the docs put it)", async () => {
    const url = tlsUrl(tls.httpEndpoint, "127.0.0.1");
    expectSuccess(
      await telemetryLines("http/protobuf", url, { settings: { env: { NODE_EXTRA_CA_CERTS: pki.caCert } } }),
    );
  });

  it("mutual TLS: the client certificate is sent over gRPC only", async () => {
    const mtls = await startExtraCollector(stack, {
      name: "otelcol-mtls",
      overlays: [join(STACK_DIR, "collector/tls.yaml")],
      env: {
        CC_OTEL_TLS_CERT_FILE: pki.serverCert,
        CC_OTEL_TLS_KEY_FILE: pki.serverKey,
        CC_OTEL_TLS_CLIENT_CA_FILE: pki.caCert,
      },
    });
    try {
      const ca = { NODE_EXTRA_CA_CERTS: pki.caCert };
      const client = {
        ...ca,
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: pki.clientCert,
        OTEL_EXPORTER_OTLP_CLIENT_KEY: pki.clientKey,
      };
      const grpc = tlsUrl(mtls.grpcEndpoint, "localhost");
      const http = tlsUrl(mtls.httpEndpoint, "localhost");
      expectSuccess(await telemetryLines("grpc", grpc, { env: client }));
      expectFailure(await telemetryLines("grpc", grpc, { env: ca }), "CERTIFICATE_REQUIRED");
      expectFailure(await telemetryLines("http/protobuf", http, { env: client }), "CERTIFICATE_REQUIRED");
    } finally {
      await mtls.stop();
    }
  });

  it("a refused token is not the collector's error: it logs none", () => {
    expect(stack.collector.process().log()).not.toMatch(/\terror\t/);
  });
});

// Said once, as a skip, when the CLI tests are off: never counted as passed.
if (!CLI_TESTS_ENABLED)
  describe("exporter errors of the real Claude Code CLI", () => {
    it.skip(`not run: ${CLI_TESTS_SKIPPED_BECAUSE}`, () => {});
  });
