import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { EXPORTER, SELF_METRICS } from "@cc-otel/collector/names";
import { eventBody, promSeries, SCOPES, SERVICE_NAME } from "@cc-otel/contract";
import { stringAttr } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { collectorBinary } from "../src/binaries.js";
import { logsRequest, postOtlpJson, sumRequest } from "../src/otlp-json.js";
import { STACK_DIR } from "../src/paths.js";
import { PrometheusClient } from "../src/prometheus-client.js";
import {
  collectorErrors,
  type ExtraCollector,
  type NativeStack,
  startExtraCollector,
  startNativeStack,
} from "../src/stack.js";
import { eventually } from "../src/wait.js";

// stack/collector/backend-auth.yaml and backend-tenant.yaml: the credentials and tenant the collector
// presents to Prometheus and Loki. On the real collector and a real Prometheus that requires basic
// auth (its web config, bcrypt hash made by the harness); Loki is the stand-in, which requires a bearer
// token here and records every request's headers (the tenant is checked at that boundary).

const overlay = (name: string) => join(STACK_DIR, `collector/${name}.yaml`);
const CONFIG = overlay("config");

const PROM_USER = "123456"; // Grafana Cloud's shape: a numeric instance ID as the user
const PROM_PASSWORD = "glc-test-password-not-a-real-token";
const LOKI_TOKEN = "loki-test-token";
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const AUTH_ENV = {
  CC_OTEL_PROMETHEUS_AUTHORIZATION: basic(PROM_USER, PROM_PASSWORD),
  CC_OTEL_LOKI_AUTHORIZATION: `Bearer ${LOKI_TOKEN}`,
};
const TENANT_ENV = { CC_OTEL_PROMETHEUS_TENANT: "team-metrics", CC_OTEL_LOKI_TENANT: "team-logs" };

/** `otelcol validate` of config.yaml + overlays with exactly `env` (plus PATH). */
function validate(overlays: string[], env: Record<string, string>) {
  const res = spawnSync(
    collectorBinary(),
    ["validate", `--config=${CONFIG}`, ...overlays.map((o) => `--config=${overlay(o)}`)],
    { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" },
  );
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

describe("backend-auth.yaml and backend-tenant.yaml, as config", () => {
  const cases = [
    ["backend-auth", AUTH_ENV],
    ["backend-tenant", TENANT_ENV],
  ] as const;

  it.each(cases)("%s.yaml is valid for the real collector with its variables set", (name, env) => {
    const res = validate([name], env);
    expect(res.ok, res.output).toBe(true);
  });

  it.each(cases.flatMap(([name, env]) => Object.keys(env).map((variable) => [name, variable, env] as const)))(
    "%s.yaml refuses to start while %s is unset or empty, naming it",
    (name, variable, env) => {
      const { [variable as keyof typeof env]: _, ...others } = env;
      for (const without of [others, { ...others, [variable]: "" }]) {
        const res = validate([name], without);
        expect(res.ok).toBe(false);
        // One line names the overlay, the variable and what is wrong.
        expect(res.output).toContain(`${name}.yaml_requires_${variable}: no bearer token provided`);
        // ...and only that variable: the ones that are set are not reported.
        for (const other of Object.keys(others)) expect(res.output).not.toContain(`_requires_${other}:`);
      }
    },
  );

  it("hold no list, so merging them cannot replace one of config.yaml's or another overlay's", () => {
    const lists: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) lists.push(path);
      else if (v && typeof v === "object")
        for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k);
    };
    for (const name of ["backend-auth", "backend-tenant"]) {
      const doc = parse(readFileSync(overlay(name), "utf8"));
      walk(doc, name);
      // The headers go on the two backend exporters and nowhere else.
      expect(Object.keys(doc.exporters).sort(), name).toEqual([EXPORTER.loki, EXPORTER.prometheus].sort());
      expect(Object.keys(doc).sort(), name).toEqual(["exporters", "extensions"]);
    }
    expect(lists).toEqual([]);
  });

  it("the compose defaults backend-auth-off.yaml and backend-tenant-off.yaml are empty; config.yaml sends no header", () => {
    for (const name of ["backend-auth-off", "backend-tenant-off"])
      expect(parse(readFileSync(overlay(name), "utf8")), name).toEqual({});
    const exporters = parse(readFileSync(CONFIG, "utf8")).exporters;
    for (const id of [EXPORTER.prometheus, EXPORTER.loki]) {
      expect(exporters[id], id).not.toHaveProperty("headers");
      expect(exporters[id], id).not.toHaveProperty("auth");
    }
  });

  it("merge with receiver auth, TLS, traces and each other, in any order", () => {
    const env = {
      ...AUTH_ENV,
      ...TENANT_ENV,
      CC_OTEL_RECEIVER_TOKEN: "receiver-secret",
      CC_OTEL_TLS_CERT_FILE: "/certs/tls.crt",
      CC_OTEL_TLS_KEY_FILE: "/certs/tls.key",
      CC_OTEL_TRACES_OTLP_URL: "https://traces.example.com",
    };
    for (const overlays of [
      ["auth", "tls", "traces", "backend-auth", "backend-tenant"],
      ["backend-tenant", "backend-auth", "traces", "tls", "auth"],
    ]) {
      const res = validate(overlays, env);
      expect(res.ok, `${overlays}: ${res.output}`).toBe(true);
    }
  });
});

interface Recorded {
  /** The path segment that names the collector (each one gets its own URL). */
  name: string;
  status: number;
  headers: IncomingHttpHeaders;
}

/**
 * A pass-through in front of the real Prometheus that records the headers of every request: the
 * only way to see what the collector sends on the wire, since Prometheus ignores X-Scope-OrgID.
 * `url(name)` stands for a remote-write base; `/name` is stripped before forwarding.
 */
async function headerRecorder(target: string) {
  const seen: Recorded[] = [];
  const hopByHop = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const [, name = "", ...rest] = (req.url ?? "/").split("/");
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k, v]) => !hopByHop.has(k) && typeof v === "string"),
      ) as Record<string, string>;
      fetch(`${target}/${rest.join("/")}`, {
        method: req.method ?? "POST",
        headers,
        body: Buffer.concat(chunks),
      }).then(
        async (up) => {
          seen.push({ name, status: up.status, headers: req.headers });
          res.writeHead(up.status, { "content-type": up.headers.get("content-type") ?? "text/plain" });
          res.end(Buffer.from(await up.arrayBuffer()));
        },
        (err: Error) => {
          res.writeHead(502).end(err.message);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name: string) => `http://127.0.0.1:${port}/${name}/api/v1/write`,
    seen: (name: string) => seen.filter((r) => r.name === name),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the sink records for a request it accepted (ReceivedRequest.status). */
const ACCEPTED = 0;

const resource = { "service.name": SERVICE_NAME, "service.version": "2.1.331", "os.type": "linux" };
const COMMITS = promSeries("claude_code.commit.count");

/** Three delta exports of one user's commit counter (2 + 3 + 5) and three events, through `httpEndpoint`. */
async function sendTelemetry(httpEndpoint: string, userId: string): Promise<void> {
  const t0 = Date.now() - 240_000;
  for (const [s, e, value] of [
    [0, 60, 2],
    [60, 120, 3],
    [120, 180, 5],
  ] as const) {
    const res = await postOtlpJson(
      httpEndpoint,
      "metrics",
      sumRequest({
        resource,
        scope: SCOPES.metrics,
        name: "claude_code.commit.count",
        temporality: 1,
        points: [
          {
            attributes: { "user.id": userId, "session.id": "s-1" },
            startMs: t0 + s * 1000,
            timeMs: t0 + e * 1000,
            value,
          },
        ],
      }),
    );
    expect(res.status, res.text).toBe(200);
  }
  const res = await postOtlpJson(
    httpEndpoint,
    "logs",
    logsRequest({
      resource,
      scope: SCOPES.events,
      records: [0, 1, 2].map((i) => ({
        body: eventBody("user_prompt"),
        timeMs: t0 + i * 1000,
        attributes: { "event.name": "user_prompt", "user.id": userId, prompt_length: 10 + i },
      })),
    }),
  );
  expect(res.status, res.text).toBe(200);
}

/** A self-metric's value for one exporter on a collector's /metrics page (0 when absent). */
async function selfMetric(c: ExtraCollector, name: string, exporter: string): Promise<number> {
  const text = await (await fetch(c.selfMetricsUrl)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(`exporter="${exporter}"`));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe("backend credentials, run for real: Prometheus requires basic auth, Loki a bearer token", () => {
  let stack: NativeStack;
  let prom: PrometheusClient;
  let recorder: Awaited<ReturnType<typeof headerRecorder>>;
  const collectors: ExtraCollector[] = [];
  /** A collector beside the stack, remote-writing through the recorder under `name`. */
  const collector = async (name: string, overlays: string[], env: Record<string, string>) => {
    const c = await startExtraCollector(stack, {
      name: `otelcol-${name}`,
      overlays: overlays.map(overlay),
      env: { ...env, CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL: recorder.url(name) },
    });
    collectors.push(c);
    return c;
  };
  const eventsOf = (userId: string) =>
    stack.loki.sink.logs.filter((l) => stringAttr(l.attributes, "user.id") === userId);
  const commits = (userId: string) => prom.scalar(`sum(${COMMITS}{user_id="${userId}"})`);

  beforeAll(async () => {
    stack = await startNativeStack({
      prometheusBasicAuth: { username: PROM_USER, password: PROM_PASSWORD },
      lokiBearerToken: LOKI_TOKEN,
      quiet: true,
    });
    prom = new PrometheusClient(stack.prometheus.url, { ...stack.prometheus.headers });
    recorder = await headerRecorder(stack.prometheus.url);
  });
  afterAll(async () => {
    for (const c of collectors) await c.stop();
    await recorder?.close();
    await stack?.stop();
  });

  it("the harness's Prometheus really refuses a client without the password", async () => {
    const anonymous = await fetch(`${stack.prometheus.url}/api/v1/query?query=up`);
    expect(anonymous.status).toBe(401);
    expect(await prom.scalar("vector(1)")).toBe(1);
  });

  it("without the overlays (the default): no header is sent, both backends refuse, the collector says so", async () => {
    const c = await collector("default", [], {});
    await sendTelemetry(c.httpEndpoint, "u-default");
    await eventually(
      async () =>
        (await selfMetric(c, SELF_METRICS.sendFailedMetricPoints, EXPORTER.prometheus)) > 0 ? 1 : undefined,
      "the remote-write exporter to count failed points",
    );
    await eventually(
      async () =>
        (await selfMetric(c, SELF_METRICS.sendFailedLogRecords, EXPORTER.loki)) >= 3 ? 1 : undefined,
      "the Loki exporter to count 3 failed records",
    );
    const errors = collectorErrors(c).join("\n");
    expect(errors).toMatch(new RegExp(`${EXPORTER.prometheus}[^\\n]*401`));
    expect(errors).toMatch(new RegExp(`${EXPORTER.loki}[^\\n]*401`));
    // What reached each backend carried neither credentials nor a tenant.
    const writes = recorder.seen("default");
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) {
      expect(w.status).toBe(401);
      expect(w.headers).not.toHaveProperty("authorization");
      expect(w.headers).not.toHaveProperty("x-scope-orgid");
    }
    const refused = stack.loki.sink.requests.filter((r) => r.signal === "logs" && r.status === 401);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.headers).not.toHaveProperty("authorization");
      expect(r.headers).not.toHaveProperty("x-scope-orgid");
    }
    expect(eventsOf("u-default")).toEqual([]);
    expect(await commits("u-default")).toBeUndefined();
  });

  it("with backend-auth.yaml: exact totals in Prometheus and every event in Loki, each with its own credentials", async () => {
    const c = await collector("auth", ["backend-auth"], AUTH_ENV);
    await sendTelemetry(c.httpEndpoint, "u-auth");
    expect(
      await eventually(
        async () => ((await commits("u-auth")) === 10 ? 10 : undefined),
        "10 commits of u-auth",
      ),
    ).toBe(10);
    await stack.loki.sink.waitFor(() => eventsOf("u-auth").length >= 3, 30_000);
    expect(eventsOf("u-auth")).toHaveLength(3);
    const writes = recorder.seen("auth");
    expect(
      writes.every((w) => w.status === 204 && w.headers.authorization === basic(PROM_USER, PROM_PASSWORD)),
    ).toBe(true);
    for (const w of writes) expect(w.headers).not.toHaveProperty("x-scope-orgid");
    const accepted = stack.loki.sink.requests.filter(
      (r) =>
        r.signal === "logs" && r.status === ACCEPTED && r.headers.authorization === `Bearer ${LOKI_TOKEN}`,
    );
    expect(accepted.length).toBeGreaterThan(0);
    expect(collectorErrors(c)).toEqual([]);
  });

  it("with a wrong password: refused like no credentials, and reported", async () => {
    const c = await collector("wrong", ["backend-auth"], {
      ...AUTH_ENV,
      CC_OTEL_PROMETHEUS_AUTHORIZATION: basic(PROM_USER, "not-the-password"),
      CC_OTEL_LOKI_AUTHORIZATION: "Bearer not-the-token",
    });
    await sendTelemetry(c.httpEndpoint, "u-wrong");
    await eventually(
      async () =>
        (await selfMetric(c, SELF_METRICS.sendFailedLogRecords, EXPORTER.loki)) >= 3 ? 1 : undefined,
      "the Loki exporter to count 3 failed records",
    );
    await eventually(
      async () => (recorder.seen("wrong").some((w) => w.status === 401) ? 1 : undefined),
      "a refused remote write",
    );
    expect(collectorErrors(c).join("\n")).toMatch(new RegExp(`${EXPORTER.prometheus}[^\\n]*401`));
    expect(eventsOf("u-wrong")).toEqual([]);
    expect(await commits("u-wrong")).toBeUndefined();
  });

  it("with backend-auth.yaml and backend-tenant.yaml: each backend gets its tenant and its credentials", async () => {
    const c = await collector("tenant", ["backend-auth", "backend-tenant"], { ...AUTH_ENV, ...TENANT_ENV });
    await sendTelemetry(c.httpEndpoint, "u-tenant");
    expect(
      await eventually(
        async () => ((await commits("u-tenant")) === 10 ? 10 : undefined),
        "10 commits of u-tenant",
      ),
    ).toBe(10);
    await stack.loki.sink.waitFor(() => eventsOf("u-tenant").length >= 3, 30_000);
    const writes = recorder.seen("tenant");
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) {
      expect(w.headers["x-scope-orgid"]).toBe(TENANT_ENV.CC_OTEL_PROMETHEUS_TENANT);
      expect(w.headers.authorization).toBe(basic(PROM_USER, PROM_PASSWORD));
    }
    const toLoki = stack.loki.sink.requests.filter(
      (r) => r.signal === "logs" && r.headers["x-scope-orgid"] !== undefined,
    );
    expect(toLoki.length).toBeGreaterThan(0);
    for (const r of toLoki) {
      expect(r.headers["x-scope-orgid"]).toBe(TENANT_ENV.CC_OTEL_LOKI_TENANT);
      expect(r.headers.authorization).toBe(`Bearer ${LOKI_TOKEN}`);
      expect(r.status).toBe(ACCEPTED);
    }
  });
});
