import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:tls";
import { stringAttr } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STACK_DIR } from "../src/paths.js";
import { type NativeStack, startNativeStack } from "../src/stack.js";
import { makeTestPki, renewServerCert, type TestPki } from "../src/tls.js";
import { eventually } from "../src/wait.js";

// stack/collector/tls.yaml on the real collector: a throwaway CA and server certificate (openssl, as
// the docs tell users), and the OpenTelemetry JS exporter Claude Code uses, configured only by the
// OTEL_EXPORTER_OTLP_* variables the docs give (test/fixtures/otlp-export.mjs, one child process each).

const overlay = (name: string) => join(STACK_DIR, `collector/${name}.yaml`);
const FIXTURE = join(import.meta.dirname, "fixtures/otlp-export.mjs");

type Protocol = "grpc" | "http/protobuf";
interface ExportResult {
  ok: boolean;
  error?: string;
}

/** One event from `userId`, exported like Claude Code with exactly `env` (plus PATH). */
function exportEvent(userId: string, env: Record<string, string>): Promise<ExportResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [FIXTURE, userId],
      {
        cwd: import.meta.dirname,
        // A failing export retries until this timeout: keep the refusals quick.
        env: { PATH: process.env.PATH ?? "", OTEL_EXPORTER_OTLP_TIMEOUT: "5000", ...env },
        timeout: 120_000,
      },
      (err, stdout, stderr) => {
        const line = stdout.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(line) as ExportResult);
        } catch {
          reject(new Error(`exporter fixture failed (${err?.message}):\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

/** The collector endpoint of `protocol`, with https:// (the harness reports http:// URLs). */
function httpsEndpoint(stack: NativeStack, protocol: Protocol): string {
  const plain = protocol === "grpc" ? stack.collector.grpcEndpoint : stack.collector.httpEndpoint;
  return plain.replace(/^http:/, "https:");
}

const landed = (stack: NativeStack, userId: string) =>
  stack.loki.sink.logs.some((l) => stringAttr(l.attributes, "user.id") === userId);

async function waitLanded(stack: NativeStack, userId: string): Promise<void> {
  await stack.loki.sink.waitFor(() => landed(stack, userId), 60_000);
}

/** The serial number of the certificate the server on `port` presents (ALPN h2 for gRPC). */
function presentedSerial(port: number, ca: string, alpn: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ca: readFileSync(ca), ALPNProtocols: alpn }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.end();
      resolve(serial);
    });
    socket.once("error", reject);
  });
}

const port = (url: string) => Number(new URL(url).port);

describe("TLS on the OTLP receivers (tls.yaml)", () => {
  let pki: TestPki;
  let stack: NativeStack;
  beforeAll(async () => {
    pki = makeTestPki();
    stack = await startNativeStack({
      collectorOverlays: [overlay("tls")],
      collectorEnv: {
        CC_OTEL_TLS_CERT_FILE: pki.serverCert,
        CC_OTEL_TLS_KEY_FILE: pki.serverKey,
        CC_OTEL_TLS_RELOAD_INTERVAL: "1s", // for the renewal test; the default is 1h
      },
      quiet: true,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each<Protocol>(["http/protobuf", "grpc"])(
    "accepts %s over TLS from a client that trusts the CA (OTEL_EXPORTER_OTLP_CERTIFICATE), and the event lands",
    async (protocol) => {
      const userId = `u-tls-${protocol}`;
      const res = await exportEvent(userId, {
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_ENDPOINT: httpsEndpoint(stack, protocol),
        OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert,
      });
      expect(res).toEqual({ ok: true });
      await waitLanded(stack, userId);
    },
  );

  it("refuses plain text on both ports, and nothing sent that way lands", async () => {
    const raw = await fetch(`${stack.collector.httpEndpoint}/v1/logs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ resourceLogs: [] }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.text()).toMatch(/HTTP request to an HTTPS server/);

    const http = await exportEvent("u-plain-http", {
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: stack.collector.httpEndpoint,
    });
    expect(http.ok).toBe(false);
    expect(http.error).toMatch(/400/);
    const grpc = await exportEvent("u-plain-grpc", {
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_EXPORTER_OTLP_ENDPOINT: stack.collector.grpcEndpoint,
    });
    expect(grpc.ok).toBe(false);
    expect(grpc.error).toMatch(/UNAVAILABLE/);

    // A request over TLS after them lands; the refused ones never reached the pipeline at all.
    const marker = await exportEvent("u-after-plain", {
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: httpsEndpoint(stack, "http/protobuf"),
      OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert,
    });
    expect(marker.ok).toBe(true);
    await waitLanded(stack, "u-after-plain");
    expect(landed(stack, "u-plain-http")).toBe(false);
    expect(landed(stack, "u-plain-grpc")).toBe(false);
  });

  it.each<Protocol>(["http/protobuf", "grpc"])(
    "%s: a client that does not trust the CA fails certificate verification",
    async (protocol) => {
      const base = {
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_ENDPOINT: httpsEndpoint(stack, protocol),
      };
      // System CAs only (a private CA is in no system store), then trusting some other CA.
      for (const env of [base, { ...base, OTEL_EXPORTER_OTLP_CERTIFICATE: pki.otherCaCert }]) {
        const res = await exportEvent(`u-untrusted-${protocol}`, env);
        expect(res.ok).toBe(false);
        expect(res.error).toMatch(/unable to verify the first certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
      }
      expect(landed(stack, `u-untrusted-${protocol}`)).toBe(false);
    },
  );

  it("serves a renewed certificate without a restart (CC_OTEL_TLS_RELOAD_INTERVAL)", async () => {
    const http = port(stack.collector.httpEndpoint);
    const grpc = port(stack.collector.grpcEndpoint);
    const before = await presentedSerial(http, pki.caCert, []);
    expect(before).toBe(new X509Certificate(readFileSync(pki.serverCert)).serialNumber);
    const pid = stack.collector.process().child.pid;
    renewServerCert(pki);
    const renewed = new X509Certificate(readFileSync(pki.serverCert)).serialNumber;
    expect(renewed).not.toBe(before);
    for (const [p, alpn] of [
      [http, []],
      [grpc, ["h2"]],
    ] as const) {
      await eventually(
        async () => ((await presentedSerial(p, pki.caCert, [...alpn])) === renewed ? true : undefined),
        `the renewed certificate on port ${p}`,
      );
    }
    expect(stack.collector.process().child.pid).toBe(pid);
    const res = await exportEvent("u-renewed", {
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_EXPORTER_OTLP_ENDPOINT: httpsEndpoint(stack, "grpc"),
      OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert,
    });
    expect(res).toEqual({ ok: true });
    await waitLanded(stack, "u-renewed");
  });
});

describe("mutual TLS and a bearer token together (auth.yaml + tls.yaml, CC_OTEL_TLS_CLIENT_CA_FILE)", () => {
  const TOKEN = "tls-and-token";
  let pki: TestPki;
  let stack: NativeStack;
  beforeAll(async () => {
    pki = makeTestPki();
    stack = await startNativeStack({
      collectorOverlays: [overlay("auth"), overlay("tls")],
      collectorEnv: {
        CC_OTEL_RECEIVER_TOKEN: TOKEN,
        CC_OTEL_TLS_CERT_FILE: pki.serverCert,
        CC_OTEL_TLS_KEY_FILE: pki.serverKey,
        CC_OTEL_TLS_CLIENT_CA_FILE: pki.caCert,
      },
      quiet: true,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const client = (protocol: Protocol, extra: Record<string, string>) => ({
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_ENDPOINT: httpsEndpoint(stack, protocol),
    OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert,
    ...extra,
  });
  const withClientCert = () => ({
    OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: pki.clientCert,
    OTEL_EXPORTER_OTLP_CLIENT_KEY: pki.clientKey,
  });
  const withToken = { OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${TOKEN}` };

  it.each<Protocol>(["http/protobuf", "grpc"])(
    "%s: accepted with a client certificate and the token, and the event lands",
    async (protocol) => {
      const userId = `u-mtls-${protocol}`;
      const res = await exportEvent(userId, client(protocol, { ...withClientCert(), ...withToken }));
      expect(res).toEqual({ ok: true });
      await waitLanded(stack, userId);
    },
  );

  it.each<Protocol>(["http/protobuf", "grpc"])(
    "%s: refused without a client certificate, even with the token",
    async (protocol) => {
      const res = await exportEvent(`u-no-client-cert-${protocol}`, client(protocol, withToken));
      expect(res.ok).toBe(false);
      expect(res.error).toMatch(/alert certificate required/);
    },
  );

  it.each<[Protocol, RegExp]>([
    ["http/protobuf", /401/],
    ["grpc", /UNAUTHENTICATED/],
  ])("%s: refused with a client certificate but without the token", async (protocol, refusal) => {
    const res = await exportEvent(`u-no-token-${protocol}`, client(protocol, withClientCert()));
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(refusal);
  });

  it("none of the refused events landed", async () => {
    await waitLanded(stack, "u-mtls-grpc");
    const refused = stack.loki.sink.logs
      .map((l) => stringAttr(l.attributes, "user.id") ?? "")
      .filter((id) => /^u-no-/.test(id));
    expect(refused).toEqual([]);
  });
});
