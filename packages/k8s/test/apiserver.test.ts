import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePorts } from "@cc-otel/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { KUSTOMIZATIONS, REPO_ROOT } from "../src/paths.js";
import { find, kustomizeBuild, ownOverlay } from "../src/render.js";
import { cleanScratch, scratch } from "../src/scratch.js";
import { tools } from "../src/tools.js";

/**
 * A real Kubernetes API server (kube-apiserver + etcd, built from the k8s.io/kubernetes and etcd Go
 * modules by ensure-tools.sh) on loopback ports, and the real kubectl against it: `kubectl apply -k`
 * exactly as k8s/README.md says, in server-side dry-run (the API server's own validation, defaulting
 * and admission, Pod Security included), then for real for the base. No controllers or kubelet run:
 * nothing is scheduled; that part needs a real cluster.
 */

const procs: ChildProcess[] = [];
let bin = "";
let kubeconfig = "";
let dir = "";

// The servers log to files, not pipes: kubectl runs synchronously (spawnSync), and a pipe nobody
// drains meanwhile would fill up and stall the API server in the middle of a request.
const logFile = (name: string) => join(dir, `${name}.log`);
const logTail = (name: string) => readFileSync(logFile(name), "utf8").slice(-4000);

function start(name: "etcd" | "apiserver", args: string[]) {
  const out = openSync(logFile(name), "a");
  const p = spawn(bin, args, { stdio: ["ignore", out, out] });
  procs.push(p);
  return p;
}

function kubectl(...args: string[]) {
  const res = spawnSync(bin, ["kubectl", `--kubeconfig=${kubeconfig}`, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return {
    ok: res.status === 0,
    stdout: res.stdout,
    stderr: res.stderr,
    output: `${res.stdout}${res.stderr}`,
  };
}

beforeAll(async () => {
  bin = tools("k8s-test-server")["k8s-test-server"];
  dir = scratch("apiserver");
  const [etcdClient, etcdPeer, secure] = (await freePorts(3)) as [number, number, number];

  const etcd = start("etcd", [
    "etcd",
    `--data-dir=${join(dir, "etcd")}`,
    `--listen-client-url=http://127.0.0.1:${etcdClient}`,
    `--listen-peer-url=http://127.0.0.1:${etcdPeer}`,
  ]);

  // Service-account signing keys and a static admin token: the minimum kube-apiserver starts with.
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(join(dir, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
  const token = randomBytes(16).toString("hex");
  writeFileSync(join(dir, "tokens.csv"), `${token},admin,admin,system:masters\n`);
  mkdirSync(join(dir, "certs"));
  const apiserver = start("apiserver", [
    "kube-apiserver",
    `--etcd-servers=http://127.0.0.1:${etcdClient}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${secure}`,
    `--cert-dir=${join(dir, "certs")}`,
    `--token-auth-file=${join(dir, "tokens.csv")}`,
    "--authorization-mode=RBAC",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${join(dir, "sa.pub")}`,
    `--service-account-signing-key-file=${join(dir, "sa.key")}`,
    "--service-cluster-ip-range=10.96.0.0/16",
  ]);

  kubeconfig = join(dir, "kubeconfig");
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: "test",
          cluster: { server: `https://127.0.0.1:${secure}`, "insecure-skip-tls-verify": true },
        },
      ],
      users: [{ name: "admin", user: { token } }],
      contexts: [{ name: "test", context: { cluster: "test", user: "admin" } }],
      "current-context": "test",
    }),
  );

  const deadline = Date.now() + 120_000;
  for (;;) {
    for (const [name, p] of [
      ["etcd", etcd],
      ["apiserver", apiserver],
    ] as const) {
      if (p.exitCode !== null) throw new Error(`${name} exited ${p.exitCode}:\n${logTail(name)}`);
    }
    const ready = kubectl("get", "--raw=/readyz");
    if (ready.ok && ready.stdout.trim() === "ok") break;
    if (Date.now() > deadline)
      throw new Error(`kube-apiserver not ready after 120 s:\n${logTail("apiserver")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // Dry-run creates nothing, so namespaced objects would find no namespace: create it for real
  // (with a client-side apply, as a user's first `kubectl apply -k` would).
  const ns = find(kustomizeBuild("k8s/base").objects, "Namespace", "cc-otel");
  const nsFile = join(dir, "namespace.yaml");
  writeFileSync(nsFile, stringify(ns));
  const created = kubectl("apply", "-f", nsFile);
  if (!created.ok) throw new Error(`creating the namespace failed:\n${created.output}`);
}, 1_800_000);

/** Stops a server: SIGTERM, and SIGKILL when it has not exited 10 s later. */
async function stop(p: ChildProcess) {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once("exit", r));
  p.kill("SIGTERM");
  const timer = setTimeout(() => p.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

afterAll(async () => {
  // The API server first, while etcd is still there for it to shut down cleanly.
  for (const p of [...procs].reverse()) await stop(p);
  cleanScratch(); // the etcd data directory preallocates 64 MB
}, 60_000);
// Should the worker go away without afterAll, the servers must not outlive it.
process.once("exit", () => {
  for (const p of procs) if (p.exitCode === null) p.kill("SIGKILL");
});

/** Objects kustomize renders for `k`: every one must be applied. The base: Namespace, ServiceAccount,
 * 2 ConfigMaps, 3 Services (OTLP, monitoring, the StatefulSet's headless one) and the StatefulSet. */
const objectCount = (k: string) => kustomizeBuild(k).objects.length;

describe("a real kube-apiserver accepts the manifests", () => {
  it("the base renders the eight objects counted below", () => {
    expect(objectCount("k8s/base")).toBe(8);
  });

  it("reports its version", () => {
    const v = kubectl("version", "-o", "json");
    expect(v.ok, v.output).toBe(true);
    expect(JSON.parse(v.stdout).serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+/);
  });

  it.each(KUSTOMIZATIONS)("kubectl apply --dry-run=server -k %s", (k) => {
    const res = kubectl("apply", "--dry-run=server", "--validate=strict", "-k", k);
    expect(res.ok, res.output).toBe(true);
    expect(res.stdout.trim().split("\n")).toHaveLength(objectCount(k));
    // The namespace enforces (and warns on) the "restricted" Pod Security Standard: not a word.
    expect(res.stderr).not.toMatch(/PodSecurity|Warning/);
  });

  it.each(KUSTOMIZATIONS)("kubectl apply --server-side --dry-run=server -k %s", (k) => {
    const res = kubectl("apply", "--server-side", "--dry-run=server", "-k", k);
    expect(res.ok, res.output).toBe(true);
    expect(res.stdout.match(/serverside-applied \(server dry run\)/g)).toHaveLength(objectCount(k));
    // (kubectl may warn that it could not migrate the namespace's client-side apply annotation in a
    // dry run; that is about the namespace created above, not the manifests.)
    expect(res.stderr).not.toMatch(/PodSecurity/);
  });

  it("kubectl apply --dry-run=server -k <own overlay with the network-policy component>", () => {
    const res = kubectl(
      "apply",
      "--dry-run=server",
      "--validate=strict",
      "-k",
      ownOverlay(["loadbalancer", "auth", "tls", "network-policy"]),
    );
    expect(res.ok, res.output).toBe(true);
    for (const name of ["cc-otel-collector", "cc-otel-router"])
      expect(res.stdout).toMatch(
        new RegExp(`^networkpolicy.networking.k8s.io/${name} created \\(server dry run\\)$`, "m"),
      );
    expect(res.stdout.trim().split("\n")).toHaveLength(10);
  });

  it("the Pod Security check is real: a root container template draws a warning", () => {
    const objs = kustomizeBuild("k8s/base").objects;
    const d = find(objs, "StatefulSet", "cc-otel-collector");
    const bad = structuredClone(d);
    bad.metadata.name = "cc-otel-not-restricted";
    delete bad.spec.template.spec.securityContext;
    delete bad.spec.template.spec.containers[0].securityContext;
    const file = join(dir, "not-restricted.yaml");
    writeFileSync(file, stringify(bad));
    const res = kubectl("apply", "--dry-run=server", "-f", file);
    expect(res.ok, res.output).toBe(true);
    expect(res.stderr).toMatch(/would violate PodSecurity "restricted/);
  });

  it("kubectl apply -k k8s/base creates everything, and a second apply changes nothing", () => {
    const first = kubectl("apply", "-k", "k8s/base");
    expect(first.ok, first.output).toBe(true);
    const got = kubectl("get", "statefulset,service,configmap", "-n", "cc-otel", "-o", "name");
    expect(got.ok, got.output).toBe(true);
    expect(got.stdout).toMatch(/statefulset.apps\/cc-otel-collector\n/);
    expect(got.stdout).toMatch(/service\/cc-otel-collector\n/);
    expect(got.stdout).toMatch(/service\/cc-otel-collector-pods\n/);
    const sa = kubectl("get", "serviceaccount", "cc-otel-collector", "-n", "cc-otel", "-o", "json");
    expect(sa.ok, sa.output).toBe(true);
    expect(JSON.parse(sa.stdout).automountServiceAccountToken).toBe(false);
    const second = kubectl("apply", "-k", "k8s/base");
    expect(second.ok, second.output).toBe(true);
    // kubectl says "configured" for the StatefulSet on every apply: the API server adds
    // `status: {phase: Pending}` to each volumeClaimTemplate, and kubectl sends that list whole. The
    // object does not change: kubectl diff finds nothing and its generation stays 1.
    expect(second.stdout.split("\n").filter((l) => /configured|created/.test(l))).toEqual([
      "statefulset.apps/cc-otel-collector configured",
    ]);
    const diff = kubectl("diff", "-k", "k8s/base");
    expect(diff.ok, diff.output).toBe(true);
    const generation = kubectl(
      "get",
      "statefulset/cc-otel-collector",
      "-n",
      "cc-otel",
      "-o",
      "jsonpath={.metadata.generation}",
    );
    expect(generation.stdout).toBe("1");
  });

  it("a later server-side apply over it conflicts on the StatefulSet's claim templates until forced once", () => {
    // The API server fills in defaults inside volumeClaimTemplates (an atomic list), which client-side
    // apply then owns: switching to --server-side conflicts on that one field, as k8s/README.md says.
    const plain = kubectl("apply", "--server-side", "--dry-run=server", "-k", "k8s/base");
    expect(plain.ok).toBe(false);
    expect(plain.stderr).toMatch(
      /conflict with "kubectl-client-side-apply" using apps\/v1: \.spec\.volumeClaimTemplates\n/,
    );
    expect(plain.stderr.match(/^error: Apply failed with (\d+) conflicts?/m)?.[1]).toBe("1");
    const forced = kubectl(
      "apply",
      "--server-side",
      "--force-conflicts",
      "--dry-run=server",
      "-k",
      "k8s/base",
    );
    expect(forced.ok, forced.output).toBe(true);
    expect(forced.stdout.match(/serverside-applied \(server dry run\)/g)).toHaveLength(
      objectCount("k8s/base"),
    );
  });
});

describe("with the Prometheus Operator's CRDs, the real kube-apiserver accepts components/prometheus-operator", () => {
  const CRDS = ["servicemonitors", "podmonitors", "prometheusrules"].map((p) => `${p}.monitoring.coreos.com`);
  const overlay = () => ownOverlay(["prometheus-operator", "prometheus-operator/user-silence"]);

  beforeAll(() => {
    const dir = tools("prometheus-operator-crds")["prometheus-operator-crds"];
    // Server-side: the CRDs' schemas are larger than client-side apply's annotation allows.
    const files = CRDS.flatMap((c) => ["-f", join(dir, `monitoring.coreos.com_${c.split(".")[0]}.yaml`)]);
    const installed = kubectl("apply", "--server-side", ...files);
    if (!installed.ok) throw new Error(`installing the CRDs failed:\n${installed.output}`);
    const ready = kubectl(
      "wait",
      "--for=condition=Established",
      "--timeout=60s",
      ...CRDS.map((c) => `crd/${c}`),
    );
    if (!ready.ok) throw new Error(`the CRDs did not become established:\n${ready.output}`);
  }, 120_000);

  it("kubectl apply --dry-run=server --validate=strict -k <own overlay with it and user-silence>", () => {
    const res = kubectl("apply", "--dry-run=server", "--validate=strict", "-k", overlay());
    expect(res.ok, res.output).toBe(true);
    for (const line of [
      "servicemonitor.monitoring.coreos.com/cc-otel-collector created (server dry run)",
      "podmonitor.monitoring.coreos.com/cc-otel-router created (server dry run)",
      "prometheusrule.monitoring.coreos.com/cc-otel-alerts created (server dry run)",
      "prometheusrule.monitoring.coreos.com/cc-otel-budget created (server dry run)",
      "prometheusrule.monitoring.coreos.com/cc-otel-user-silence created (server dry run)",
    ]) {
      expect(res.stdout.split("\n")).toContain(line);
    }
    expect(res.stdout).toMatch(
      /^configmap\/cc-otel-grafana-dashboard (created|unchanged|configured) \(server dry run\)$/m,
    );
    // The base's 8 objects and the component's 6.
    expect(res.stdout.trim().split("\n")).toHaveLength(14);
  });

  it("kubectl apply --server-side --dry-run=server -k <the same>", () => {
    // --force-conflicts: the base's StatefulSet exists already, created by client-side apply above,
    // whose claim templates conflict with any server-side apply until forced once (tested above).
    const res = kubectl("apply", "--server-side", "--force-conflicts", "--dry-run=server", "-k", overlay());
    expect(res.ok, res.output).toBe(true);
    expect(res.stdout.match(/serverside-applied \(server dry run\)/g)).toHaveLength(14);
  });

  it("a plain client-side apply creates them (the dashboard fits in the last-applied annotation)", () => {
    const res = kubectl("apply", "-k", overlay());
    expect(res.ok, res.output).toBe(true);
    const got = kubectl(
      "get",
      "servicemonitor,podmonitor,prometheusrule,configmap",
      "-n",
      "cc-otel",
      "-o",
      "name",
    );
    expect(got.ok, got.output).toBe(true);
    expect(got.stdout).toMatch(/servicemonitor.monitoring.coreos.com\/cc-otel-collector\n/);
    expect(got.stdout).toMatch(/podmonitor.monitoring.coreos.com\/cc-otel-router\n/);
    expect(got.stdout).toMatch(/configmap\/cc-otel-grafana-dashboard\n/);
    expect(got.stdout.match(/prometheusrule.monitoring.coreos.com\//g)).toHaveLength(3);
  });

  it("the CRDs' schemas are enforced: a misspelt or invalid ServiceMonitor is refused", () => {
    const monitor = find(kustomizeBuild(overlay()).objects, "ServiceMonitor", "cc-otel-collector");
    const misspelt = structuredClone(monitor);
    misspelt.spec.endpoints[0].relabellings = misspelt.spec.endpoints[0].relabelings;
    delete misspelt.spec.endpoints[0].relabelings;
    const invalid = structuredClone(monitor);
    invalid.spec.endpoints[0].relabelings[0].action = "rename";
    for (const [name, obj, error] of [
      ["misspelt", misspelt, /unknown field "spec.endpoints\[0\].relabellings"/],
      ["invalid", invalid, /Unsupported value: "rename"/],
    ] as const) {
      const file = join(dir, `servicemonitor-${name}.yaml`);
      writeFileSync(file, stringify(obj));
      const res = kubectl("apply", "--dry-run=server", "--validate=strict", "-f", file);
      expect(res.ok, res.output).toBe(false);
      expect(res.output).toMatch(error);
    }
  });
});
