import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { freePorts, startLokiStandIn } from "@cc-otel/harness";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { collectorBinary, podRun, validateCollector } from "../src/collector.js";
import { mergeHelmValues } from "../src/helm.js";
import { K8S_DIR, KUSTOMIZATIONS } from "../src/paths.js";
import { findGenerated, type K8sObject, kustomizeBuild, ownOverlay } from "../src/render.js";
import { cleanScratch, scratch } from "../src/scratch.js";

const TOKEN = "s3cr3t-token-for-tests";
const BACKEND_AUTH = {
  CC_OTEL_PROMETHEUS_AUTHORIZATION: `Basic ${Buffer.from("123456:prom-token").toString("base64")}`,
  CC_OTEL_LOKI_AUTHORIZATION: "Bearer loki-token-for-tests",
};
/** The Secrets users create by hand (k8s/README.md); the TLS one gets a real certificate in beforeAll. */
const SECRETS: Record<string, Record<string, string>> = {
  "cc-otel-receiver-token": { token: TOKEN },
  "cc-otel-backend-auth": BACKEND_AUTH,
};
const COMBINED = "loadbalancer+auth+tls (own overlay)";
const BACKENDS = "auth+backend-auth+backend-tenant (own overlay)";
const TENANTS = { CC_OTEL_PROMETHEUS_TENANT: "team-a", CC_OTEL_LOKI_TENANT: "team-a" };

/**
 * The objects as deployed once the user has named the tenants in base/endpoints.env (shipped
 * commented out), for kustomizations with the backend-tenant component: the endpoints ConfigMap gets
 * them, as the uncommented lines would put them there.
 */
function withTenants(objs: K8sObject[]): K8sObject[] {
  const usesTenant = objs.some(
    (o) => o.kind === "ConfigMap" && o.data?.["backend-tenant.yaml"] !== undefined,
  );
  if (!usesTenant) return objs;
  return objs.map((o) =>
    o.kind === "ConfigMap" && o.metadata.name.startsWith("cc-otel-endpoints")
      ? { ...o, data: { ...o.data, ...TENANTS } }
      : o,
  );
}

/** A self-signed certificate for 127.0.0.1, as `kubectl create secret tls` would get it: tls.crt, tls.key. */
function selfSignedTlsSecret(): Record<string, string> {
  const dir = scratch("tls");
  const res = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      "tls.key",
      "-out",
      "tls.crt",
    ],
    { cwd: dir, encoding: "utf8" },
  );
  if (res.status !== 0)
    throw new Error(`openssl failed (Debian package openssl):\n${res.stderr ?? res.error}`);
  return {
    "tls.crt": readFileSync(join(dir, "tls.crt"), "utf8"),
    "tls.key": readFileSync(join(dir, "tls.key"), "utf8"),
  };
}

const builds = new Map<string, K8sObject[]>();
beforeAll(() => {
  collectorBinary(); // build (or find) it once, before the per-test timeouts start
  for (const k of KUSTOMIZATIONS) builds.set(k, kustomizeBuild(k).objects);
  builds.set(COMBINED, kustomizeBuild(ownOverlay(["loadbalancer", "auth", "tls"])).objects);
  builds.set(BACKENDS, kustomizeBuild(ownOverlay(["auth", "backend-auth", "backend-tenant"])).objects);
  SECRETS["cc-otel-collector-tls"] = selfSignedTlsSecret();
}, 1_800_000);
const objects = (k: string) => builds.get(k) as K8sObject[];

describe("the real collector accepts what the manifests deploy", () => {
  it.each([...KUSTOMIZATIONS, COMBINED, BACKENDS])(
    "%s: `otelcol validate` with the ConfigMap, the StatefulSet's args and env",
    (k) => {
      const run = podRun(withTenants(objects(k)), "cc-otel-collector", SECRETS);
      // What the pod gets from endpoints.env and the StatefulSet, and nothing else.
      expect(run.env.CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL).toMatch(/^https?:\/\//);
      expect(run.env.CC_OTEL_LOKI_OTLP_URL).toMatch(/^https?:\/\//);
      expect(run.env.CC_OTEL_MEMORY_LIMIT_MIB).toBe("400");
      const res = validateCollector(run.args, run.env);
      expect(res.ok, res.output).toBe(true);
    },
  );

  it("scale-out overlay: the router's config with the router Deployment's args and env", () => {
    const run = podRun(objects("k8s/overlays/scale-out"), "cc-otel-router");
    expect(run.env.CC_OTEL_ROUTER_BACKENDS).toMatch(/^\[.+\]$/);
    const res = validateCollector(run.args, run.env);
    expect(res.ok, res.output).toBe(true);
    // Without its list of pods the router must not start (the static resolver needs one).
    const without = validateCollector(run.args, { ...run.env, CC_OTEL_ROUTER_BACKENDS: "" });
    expect(without.ok).toBe(false);
  });

  it("auth overlay: refuses to start when the token Secret is empty (fails closed)", () => {
    const run = podRun(objects("k8s/overlays/auth"), "cc-otel-collector", {
      "cc-otel-receiver-token": { token: "" },
    });
    const res = validateCollector(run.args, run.env);
    expect(res.ok).toBe(false);
    expect(res.output).toMatch(/bearertokenauth\/receiver: no bearer token provided/);
  });

  it.each(Object.keys(BACKEND_AUTH))(
    "backend-auth overlay: refuses to start when the Secret lacks %s, naming it (fails closed)",
    (key) => {
      const { [key as keyof typeof BACKEND_AUTH]: _, ...rest } = BACKEND_AUTH;
      const run = podRun(objects("k8s/overlays/backend-auth"), "cc-otel-collector", {
        "cc-otel-backend-auth": rest,
      });
      const res = validateCollector(run.args, run.env);
      expect(res.ok).toBe(false);
      expect(res.output).toContain(`backend-auth.yaml_requires_${key}: no bearer token provided`);
    },
  );

  it("backend-tenant overlay: refuses to start as shipped, naming both tenants, until endpoints.env names them", () => {
    const shipped = podRun(objects("k8s/overlays/backend-tenant"), "cc-otel-collector", SECRETS);
    const res = validateCollector(shipped.args, shipped.env);
    expect(res.ok).toBe(false);
    for (const key of Object.keys(TENANTS))
      expect(res.output).toContain(`backend-tenant.yaml_requires_${key}`);
    const named = podRun(withTenants(objects("k8s/overlays/backend-tenant")), "cc-otel-collector", SECRETS);
    expect(validateCollector(named.args, named.env).ok).toBe(true);
  });

  it("tls overlay: refuses to start without a certificate path (fails closed)", () => {
    const run = podRun(objects("k8s/overlays/tls"), "cc-otel-collector", SECRETS);
    const res = validateCollector(run.args, { ...run.env, CC_OTEL_TLS_CERT_FILE: "" });
    expect(res.ok).toBe(false);
    expect(res.output).toMatch(/must include both certificate and key/);
  });

  it("Helm values: alternateConfig with the values' env validates too", () => {
    const values = parse(readFileSync(join(K8S_DIR, "helm/values.yaml"), "utf8"));
    const dir = scratch("helm");
    const file = join(dir, "relay.yaml");
    // Written from the parsed values, as the chart writes its ConfigMap (toYaml of alternateConfig).
    writeFileSync(file, JSON.stringify(values.alternateConfig));
    // The whole environment is extraEnvs, endpoints included (the chart's GOMEMLIMIT aside).
    const env: Record<string, string> = {};
    for (const e of values.extraEnvs) env[e.name] = e.value;
    const res = validateCollector([`--config=${file}`], env);
    expect(res.ok, res.output).toBe(true);
  });

  it("Helm values + values-backend-auth.yaml + values-backend-tenant.yaml: valid with the Secret and the tenants, not without", () => {
    const read = (f: string) => parse(readFileSync(join(K8S_DIR, `helm/${f}`), "utf8"));
    const values = mergeHelmValues(
      read("values.yaml"),
      read("values-backend-auth.yaml"),
      read("values-backend-tenant.yaml"),
    ) as Record<string, K8sObject[] & { name: string; value: string }[]>;
    const file = join(scratch("helm"), "relay.yaml");
    writeFileSync(file, JSON.stringify(values.alternateConfig));
    const endpoints = values.extraManifests?.find((m) => m.kind === "ConfigMap");
    const env: Record<string, string> = { ...endpoints?.data };
    for (const e of values.extraEnvs ?? []) env[e.name] = e.value;
    // extraEnvsFrom as the kubelet reads it: the endpoints (with the tenants the user adds), the Secret.
    const secretRefs = (values.extraEnvsFrom as unknown as { secretRef?: { name: string } }[])
      .map((f) => f.secretRef?.name)
      .filter((n) => n !== undefined);
    expect(secretRefs).toEqual(["cc-otel-backend-auth"]);
    const full = { ...env, ...TENANTS, ...SECRETS["cc-otel-backend-auth"] };
    const ok = validateCollector([`--config=${file}`], full);
    expect(ok.ok, ok.output).toBe(true);
    const missing = validateCollector([`--config=${file}`], env);
    expect(missing.ok).toBe(false);
    for (const key of [...Object.keys(BACKEND_AUTH), ...Object.keys(TENANTS)])
      expect(missing.output).toContain(`_requires_${key}:`);
  });
});

// ---------------------------------------------------------------------------------------------
// The auth overlay at run time: a real collector with config.yaml + auth.yaml, on loopback ports.

let running: ChildProcess | undefined;
afterEach(() => {
  running?.kill("SIGTERM");
  running = undefined;
});
afterAll(cleanScratch);

/** Starts the collector as the StatefulSet of `k` would, with listen addresses moved to free loopback ports. */
async function startCollector(
  k: string,
  backends: { loki?: string } = {},
): Promise<{ otlpHttp: string; log: () => string }> {
  const run = podRun(withTenants(objects(k)), "cc-otel-collector", SECRETS);
  const [http, grpc, health, metrics, deadBackend] = (await freePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const env = {
    ...run.env,
    CC_OTEL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
    CC_OTEL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
    CC_OTEL_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    CC_OTEL_SELF_METRICS_HOST: "127.0.0.1",
    CC_OTEL_SELF_METRICS_PORT: String(metrics),
    CC_OTEL_QUEUE_DIR: scratch("queue"),
    // Nothing listens there: the exporters retry in the background, which these tests do not need.
    CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL: `http://127.0.0.1:${deadBackend}/api/v1/write`,
    CC_OTEL_LOKI_OTLP_URL: backends.loki ?? `http://127.0.0.1:${deadBackend}/otlp`,
  };
  let output = "";
  const proc = spawn(collectorBinary(), run.args, {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running = proc;
  proc.stdout?.on("data", (d) => (output += d));
  proc.stderr?.on("data", (d) => (output += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`collector exited ${proc.exitCode}:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${health}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`collector not healthy after 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { otlpHttp: `http://127.0.0.1:${http}`, log: () => output };
}

const postLogs = (base: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/v1/logs`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ resourceLogs: [] }),
  }).then((r) => r.status);

describe("bearer-token auth, run for real", () => {
  it("auth overlay: OTLP/HTTP answers 401 without the token or with a wrong one, 200 with it", async () => {
    const { otlpHttp, log } = await startCollector("k8s/overlays/auth");
    expect(await postLogs(otlpHttp), log()).toBe(401);
    expect(await postLogs(otlpHttp, { authorization: "Bearer not-the-token" })).toBe(401);
    expect(await postLogs(otlpHttp, { authorization: `Bearer ${TOKEN}` })).toBe(200);
  });

  it("base: no auth, OTLP/HTTP accepts a request without a token", async () => {
    const { otlpHttp } = await startCollector("k8s/base");
    expect(await postLogs(otlpHttp)).toBe(200);
  });

  it("the ConfigMap the auth overlay mounts holds both files", () => {
    const cm = findGenerated(objects("k8s/overlays/auth"), "ConfigMap", "cc-otel-collector-config");
    expect(Object.keys(cm.data ?? {}).sort()).toEqual(["auth.yaml", "config.yaml"]);
  });
});

describe("backend credentials from the Secret, run for real", () => {
  it("auth+backend-auth+backend-tenant: Loki gets the Secret's Authorization and the tenant; the receiver still wants its token", async () => {
    const loki = await startLokiStandIn({ bearerToken: "loki-token-for-tests" });
    try {
      const { otlpHttp, log } = await startCollector(BACKENDS, { loki: loki.otlpUrl });
      const event = {
        resourceLogs: [
          {
            resource: { attributes: [{ key: "service.name", value: { stringValue: "k8s-test" } }] },
            scopeLogs: [{ logRecords: [{ body: { stringValue: "one event" } }] }],
          },
        ],
      };
      const post = (headers: Record<string, string>) =>
        fetch(`${otlpHttp}/v1/logs`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(event),
        }).then((r) => r.status);
      expect(await post({}), log()).toBe(401);
      expect(await post({ authorization: `Bearer ${TOKEN}` })).toBe(200);
      await loki.sink.waitFor((s) => s.logs.length === 1, 30_000);
      const [request] = loki.sink.requests;
      expect(request?.headers.authorization).toBe(BACKEND_AUTH.CC_OTEL_LOKI_AUTHORIZATION);
      expect(request?.headers["x-scope-orgid"]).toBe(TENANTS.CC_OTEL_LOKI_TENANT);
      // The receiver's token is the collector's own business: it is not passed on.
      expect(request?.headers.authorization).not.toContain(TOKEN);
    } finally {
      await loki.close();
    }
  });
});

/** POST an empty OTLP/JSON logs request over https, trusting `ca` (else the system CAs); the status, or the error's code. */
function postLogsTls(
  base: string,
  ca: string | undefined,
  headers: Record<string, string> = {},
): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      `${base}/v1/logs`,
      { method: "POST", ...(ca ? { ca } : {}), headers: { "content-type": "application/json", ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end(JSON.stringify({ resourceLogs: [] }));
  });
}

describe("TLS from the Secret, run for real", () => {
  it("tls overlay: OTLP/HTTP over https with the Secret's certificate; plain http is refused", async () => {
    const { otlpHttp, log } = await startCollector("k8s/overlays/tls");
    const https = otlpHttp.replace(/^http:/, "https:");
    const cert = SECRETS["cc-otel-collector-tls"]?.["tls.crt"] ?? "";
    expect(await postLogsTls(https, cert), log()).toBe(200);
    expect(await postLogs(otlpHttp)).toBe(400); // "Client sent an HTTP request to an HTTPS server."
    expect(await postLogsTls(https, undefined)).toBe("DEPTH_ZERO_SELF_SIGNED_CERT"); // not trusting it
  });

  it("loadbalancer+auth+tls: https and the token together", async () => {
    const { otlpHttp, log } = await startCollector(COMBINED);
    const https = otlpHttp.replace(/^http:/, "https:");
    const cert = SECRETS["cc-otel-collector-tls"]?.["tls.crt"] ?? "";
    expect(await postLogsTls(https, cert), log()).toBe(401);
    expect(await postLogsTls(https, cert, { authorization: `Bearer ${TOKEN}` })).toBe(200);
  });
});
