import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_DEFAULTS, promSeries, SCOPES, SERVICE_NAME } from "@cc-otel/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postOtlpJson, sumRequest } from "../src/otlp-json.js";
import { REPO_ROOT } from "../src/paths.js";
import { PrometheusClient } from "../src/prometheus-client.js";
import {
  type ExtraCollector,
  type NativeStack,
  startExtraCollector,
  startNativeStack,
} from "../src/stack.js";
import { makeTestPki, type TestPki } from "../src/tls.js";
import { eventually } from "../src/wait.js";

/**
 * The troubleshooting page's queries, as written there, against the real collector and Prometheus:
 * a query that answers the same whatever the cause confirms nothing.
 */

const PAGE = join(REPO_ROOT, "apps/docs/src/content/docs/troubleshooting.md");
/** The ports the page's commands name (the standard ones), replaced by this test's. */
const { grpc: GRPC, "http/protobuf": HTTP } = CLI_DEFAULTS.otlpPorts;

/** The ```<lang> blocks of one `## ` section of the page. */
function blocksOf(section: string, lang: string): string[] {
  const text = readFileSync(PAGE, "utf8");
  const start = text.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`troubleshooting.md has no section "${section}"`);
  const end = text.indexOf("\n## ", start + 1);
  const body = text.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] as string);
}

/** The lines of the ```promql blocks of a section. */
const promqlOf = (section: string) =>
  blocksOf(section, "promql").flatMap((b) =>
    b
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );

/** The commands of the ```sh blocks of a section, continuation lines joined. */
const commandsOf = (section: string) =>
  blocksOf(section, "sh").flatMap((b) =>
    b
      .replace(/\\\n\s*/g, "")
      .split("\n")
      .filter((l) => l.trim()),
  );

/**
 * A command of the page, as written but for the addresses and paths this test's servers have
 * (`substitute`), run by bash in `cwd`.
 */
function runAsWritten(command: string, substitute: Record<string, string>, cwd: string) {
  let line = command;
  for (const [from, to] of Object.entries(substitute)) {
    expect(line, `the page's command names ${from}`).toContain(from);
    line = line.split(from).join(to);
  }
  return spawnSync("bash", ["-c", line], { cwd, encoding: "utf8", timeout: 30_000 });
}

describe("troubleshooting: high cardinality", () => {
  const [countAll, bySession] = promqlOf("High cardinality");
  const SERIES = promSeries("claude_code.session.count");
  let stack: NativeStack;
  let keeping: ExtraCollector | undefined;
  let prom: PrometheusClient;

  /** Sessions of one user, each counted once, through a collector's OTLP/HTTP receiver. */
  const sessions = (endpoint: string, user: string, ids: string[]) => {
    const t = Date.now() - 60_000;
    return postOtlpJson(
      endpoint,
      "metrics",
      sumRequest({
        resource: { "service.name": SERVICE_NAME, "service.version": "2.1.331" },
        scope: SCOPES.metrics,
        name: "claude_code.session.count",
        temporality: 1,
        // One after another: without session.id they are one stream, whose points must move on.
        points: ids.map((id, i) => ({
          attributes: { "user.id": user, "session.id": id },
          startMs: t + i * 1000,
          timeMs: t + (i + 1) * 1000,
          value: 1,
        })),
      }),
    );
  };
  const landed = (user: string, total: number) =>
    eventually(async () => {
      const v = await prom.scalar(`sum(${SERIES}{user_id="${user}"})`);
      return v === total ? v : undefined;
    }, `${total} sessions of ${user} in Prometheus`);

  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true });
    prom = new PrometheusClient(stack.prometheus.url);
  });
  afterAll(async () => {
    await keeping?.stop();
    await stack?.stop();
  });

  it("the page has both queries", () => {
    expect(countAll).toMatch(/^count\(/);
    expect(bySession).toMatch(/count by \(session_id\)/);
  });

  it("default collector (session.id dropped): the session query returns nothing, where the naive one said 1", async () => {
    expect((await sessions(stack.collector.httpEndpoint, "u-card-default", ["s-a", "s-b"])).status).toBe(200);
    await landed("u-card-default", 2);
    expect(await prom.scalar(countAll as string)).toBeGreaterThanOrEqual(1);
    expect(await prom.query(bySession as string)).toEqual([]);
    // Why the page filters on session_id!="": without it, every series lands in one empty group.
    const naive = (bySession as string).replace(/,\s*session_id!=""/, "");
    expect(naive).not.toBe(bySession);
    expect(await prom.scalar(naive)).toBe(1);
  });

  it("CC_OTEL_KEEP_SESSION_ID=true: the session query counts the sessions that have series", async () => {
    keeping = await startExtraCollector(stack, {
      env: { CC_OTEL_KEEP_SESSION_ID: "true" },
      name: "otelcol-keep",
    });
    const ids = ["s-1", "s-2", "s-3"];
    expect((await sessions(keeping.httpEndpoint, "u-card-kept", ids)).status).toBe(200);
    await landed("u-card-kept", 3);
    expect(await prom.labelValues("session_id")).toEqual(ids);
    expect(await prom.scalar(bySession as string)).toBe(ids.length);
  });
});

describe("troubleshooting: 401 and TLS handshake errors, the page's commands as written", () => {
  const TOKEN = "the-receiver-token";
  let stack: NativeStack;
  let tls: ExtraCollector;
  let pki: TestPki;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "cc-otel-troubleshooting-"));
    mkdirSync(join(work, "stack"));
    // stack/.env as the local stack has it, with the token the collector requires.
    writeFileSync(join(work, "stack/.env"), `GRAFANA_ADMIN_PASSWORD=x\nCC_OTEL_RECEIVER_TOKEN=${TOKEN}\n`);
    pki = makeTestPki();
    stack = await startNativeStack({
      quiet: true,
      collectorOverlays: [join(REPO_ROOT, "stack/collector/auth.yaml")],
      collectorEnv: { CC_OTEL_RECEIVER_TOKEN: TOKEN },
    });
    tls = await startExtraCollector(stack, {
      name: "otelcol-tls",
      overlays: [join(REPO_ROOT, "stack/collector/tls.yaml")],
      env: { CC_OTEL_TLS_CERT_FILE: pki.serverCert, CC_OTEL_TLS_KEY_FILE: pki.serverKey },
    });
  });
  afterAll(async () => {
    await tls?.stop();
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("401: without the token, then with the one in stack/.env", () => {
    const commands = commandsOf("401 Unauthorized: the collector wants a token");
    expect(commands).toHaveLength(2);
    const local = { [`127.0.0.1:${HTTP}`]: stack.collector.httpEndpoint.replace("http://", "") };
    const codes = commands.map((c) => runAsWritten(c, local, work).stdout.trim());
    expect(codes).toEqual(["401", "200"]);
    // And a wrong token in stack/.env: 401 both times.
    writeFileSync(join(work, "stack/.env"), "CC_OTEL_RECEIVER_TOKEN=not-the-token\n");
    expect(commands.map((c) => runAsWritten(c, local, work).stdout.trim())).toEqual(["401", "401"]);
  });

  it("TLS: openssl says `Verify return code: 0 (ok)` with the right CA, and not with another", () => {
    const [check, san] = commandsOf("TLS handshake errors");
    const port = new URL(tls.grpcEndpoint).port;
    const server = {
      [`otel.example.internal:${GRPC}`]: `localhost:${port}`,
      "-servername otel.example.internal": "-servername localhost",
    };
    const ok = runAsWritten(check as string, { ...server, "ca.crt": pki.caCert }, work);
    expect(ok.stdout).toContain("Verify return code: 0 (ok)");
    const other = runAsWritten(check as string, { ...server, "ca.crt": pki.otherCaCert }, work);
    expect(other.stdout).toMatch(/Verify return code: [1-9]/);
    expect(runAsWritten(san as string, { "tls.crt": pki.serverCert }, work).stdout).toContain(
      "DNS:localhost",
    );
  });

  it("a busy port: ss names the process that holds it", () => {
    const [ss] = commandsOf("A port is already in use");
    const port = new URL(stack.collector.grpcEndpoint).port;
    const res = runAsWritten(ss as string, { [`:${GRPC}`]: `:${port}` }, work);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain(`:${port}`);
    expect(res.stdout).toMatch(/users:\(\("otelcol/);
  });
});
