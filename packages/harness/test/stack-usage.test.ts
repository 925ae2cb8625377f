import { join } from "node:path";
import { CLI_DEFAULTS } from "@cc-otel/contract";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/paths.js";

// What `pnpm stack:up` tells the user to paste must match how stack/.env set the receivers up:
// http:// settings against a TLS-only receiver, or no token against one that requires it, is
// exactly the "no data" the doctor exists for. The script runs with plain Node before anything is
// built, so it spells the OTLP ports itself: here they are checked against the contract's.
const { grpc: GRPC, "http/protobuf": HTTP } = CLI_DEFAULTS.otlpPorts;

type Usage = (s: { bind: string; tls: boolean; auth: boolean }) => string;
const usageText = async (): Promise<Usage> =>
  ((await import(join(REPO_ROOT, "scripts/lib/stack-usage.mjs"))) as { usageText: Usage }).usageText;

const envLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim().startsWith("export "))
    .map((l) => l.trim());

describe("what stack:up prints", () => {
  it("plain and open (the default): http:// on 127.0.0.1, no certificate, no token", async () => {
    const text = (await usageText())({ bind: "127.0.0.1", tls: false, auth: false });
    expect(envLines(text)).toContain(`export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${GRPC}`);
    expect(text).not.toMatch(/https:|OTEL_EXPORTER_OTLP_CERTIFICATE|Authorization/);
  });

  it("TLS: https:// to a host name (Claude Code's gRPC TLS refuses IP addresses), the CA as NODE_EXTRA_CA_CERTS", async () => {
    const text = (await usageText())({ bind: "127.0.0.1", tls: true, auth: false });
    expect(envLines(text)).toContain(`export OTEL_EXPORTER_OTLP_ENDPOINT=https://localhost:${GRPC}`);
    // Claude Code's HTTP exporters ignore OTEL_EXPORTER_OTLP_CERTIFICATE (packages/e2e exporter-errors test).
    expect(envLines(text)).toContain("export NODE_EXTRA_CA_CERTS=/path/to/ca.crt");
    expect(text).not.toContain("OTEL_EXPORTER_OTLP_CERTIFICATE");
    expect(text).toContain(`HTTP https://localhost:${HTTP}`);
    expect(text).not.toContain("OTEL_EXPORTER_OTLP_ENDPOINT=http:");
  });

  it("token auth on all interfaces: the Authorization header, and no 127.0.0.1 address", async () => {
    const text = (await usageText())({ bind: "0.0.0.0", tls: true, auth: true });
    expect(envLines(text).find((l) => l.startsWith("export OTEL_EXPORTER_OTLP_HEADERS="))).toContain(
      "Authorization=Bearer ",
    );
    expect(text).not.toContain("127.0.0.1");
    expect(text).toContain(`https://<this-host>:${GRPC}`);
  });
});
