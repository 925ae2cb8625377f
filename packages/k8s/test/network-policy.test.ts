import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COLLECTOR } from "@cc-otel/collector/names";
import { CLI_DEFAULTS } from "@cc-otel/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/paths.js";
import {
  find,
  type K8sObject,
  kustomizeBuild,
  ownOverlay,
  type Rendered,
  validateObjects,
} from "../src/render.js";
import { cleanScratch } from "../src/scratch.js";

/**
 * k8s/components/network-policy, built by kustomize into users' own overlays and checked against the
 * Kubernetes schemas and the StatefulSet it guards. Whether a network plugin enforces it is not
 * tested here (no pods run, no CNI); the real API server accepts it in apiserver.test.ts.
 */

const OVERLAYS: Record<string, string[]> = {
  "network-policy": ["network-policy"],
  "loadbalancer+auth+tls+network-policy": ["loadbalancer", "auth", "tls", "network-policy"],
  // The policy guards the converting pods; their OTLP rule has no `from`, so the routers reach them.
  "scale-out+network-policy": ["scale-out", "network-policy"],
};

const builds = new Map<string, Rendered>();
beforeAll(() => {
  for (const [name, components] of Object.entries(OVERLAYS))
    builds.set(name, kustomizeBuild(ownOverlay(components)));
}, 1_800_000);
afterAll(cleanScratch);

interface PolicyPort {
  port: string | number;
  protocol: string;
}
interface Peer {
  namespaceSelector?: { matchLabels: Record<string, string> };
  podSelector?: unknown;
  ipBlock?: unknown;
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}

/** A rule's ports as the container port numbers of a pod template (NetworkPolicy names the container's ports). */
// biome-ignore lint/suspicious/noExplicitAny: the pod template is read field by field
function containerPortsOf(rule: Rule, template: any): number[] {
  return (rule.ports ?? []).map((p) => {
    if (typeof p.port === "number") return p.port;
    const named = template.spec.containers[0].ports.find((c: { name: string }) => c.name === p.port);
    if (!named) throw new Error(`the NetworkPolicy names port ${p.port}, which the container lacks`);
    return named.containerPort as number;
  });
}

const namespaces = (peers: Peer[] | undefined) =>
  (peers ?? []).map((p) => p.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"]);

describe.each(Object.keys(OVERLAYS))("own overlay with %s", (name) => {
  const objs = () => (builds.get(name) as Rendered).objects;
  const policy = () => find(objs(), "NetworkPolicy", "cc-otel-collector");
  // biome-ignore lint/suspicious/noExplicitAny: the pod template is checked field by field
  const template = (): any => find(objs(), "StatefulSet", "cc-otel-collector").spec.template;
  const containerPorts = (rule: Rule) => containerPortsOf(rule, template());

  it.each(["1.30.0", "1.37.0"])("validates against the Kubernetes %s schemas (strict, offline)", (v) => {
    const res = validateObjects((builds.get(name) as Rendered).yaml, v);
    expect(res.ok, res.output).toBe(true);
    expect(res.output.match(/passed for resource/g)?.length).toBe(objs().length);
  });

  it("sits in cc-otel with the others, labelled part-of cc-otel", () => {
    expect(policy().metadata.namespace).toBe(
      find(objs(), "StatefulSet", "cc-otel-collector").metadata.namespace,
    );
    expect(policy().metadata.labels?.["app.kubernetes.io/part-of"]).toBe("cc-otel");
  });

  it("selects the collector's pods, and guards both directions", () => {
    const selector = policy().spec.podSelector.matchLabels as Record<string, string>;
    expect(Object.keys(selector).length).toBeGreaterThan(0);
    expect(template().metadata.labels).toMatchObject(selector);
    expect(policy().spec.policyTypes).toEqual(["Ingress", "Egress"]);
  });

  it("admits OTLP from anywhere and self-metrics from the monitoring namespace only", () => {
    const ingress = policy().spec.ingress as Rule[];
    const otlp = ingress.find((r) => containerPorts(r).includes(CLI_DEFAULTS.otlpPorts.grpc)) as Rule;
    expect(containerPorts(otlp).sort()).toEqual(
      [CLI_DEFAULTS.otlpPorts.grpc, CLI_DEFAULTS.otlpPorts["http/protobuf"]].sort(),
    );
    expect(otlp.from).toBeUndefined(); // no `from`: any source
    const metrics = ingress.find((r) => containerPorts(r).includes(COLLECTOR.selfMetricsPort)) as Rule;
    expect(containerPorts(metrics)).toEqual([COLLECTOR.selfMetricsPort]);
    expect(namespaces(metrics.from)).toEqual(["monitoring"]);
    // Nothing else comes in: in particular not the health port (the kubelet probes from the node).
    expect(ingress).toHaveLength(2);
    expect(ingress.flatMap(containerPorts)).not.toContain(COLLECTOR.healthPort);
  });

  it("lets out DNS (kube-system, UDP and TCP 53) and traffic to the monitoring namespace", () => {
    const egress = policy().spec.egress as Rule[];
    const dns = egress.find((r) => containerPorts(r).includes(53)) as Rule;
    expect(namespaces(dns.to)).toEqual(["kube-system"]);
    expect(dns.ports).toEqual([
      { port: 53, protocol: "UDP" },
      { port: 53, protocol: "TCP" },
    ]);
    const backends = egress.filter((r) => r !== dns);
    expect(backends).toHaveLength(1);
    expect(namespaces(backends[0]?.to)).toEqual(["monitoring"]);
  });

  it("changes nothing else", () => {
    const without = kustomizeBuild(ownOverlay(OVERLAYS[name]?.filter((c) => c !== "network-policy") ?? []));
    const others = (o: K8sObject[]) => o.filter((x) => x.kind !== "NetworkPolicy");
    expect(others(objs())).toEqual(without.objects);
  });
});

describe("the routers' NetworkPolicy", () => {
  const objs = (name: string) => (builds.get(name) as Rendered).objects;
  const policy = (name: string) => find(objs(name), "NetworkPolicy", "cc-otel-router");
  // biome-ignore lint/suspicious/noExplicitAny: the pod template is checked field by field
  const router = (): any =>
    find(objs("scale-out+network-policy"), "Deployment", "cc-otel-router").spec.template;
  const routerPorts = (rule: Rule | undefined) => containerPortsOf(rule ?? {}, router());

  it("selects the scale-out component's router pods, both directions", () => {
    const p = policy("scale-out+network-policy");
    expect(router().metadata.labels).toMatchObject(p.spec.podSelector.matchLabels);
    expect(p.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(p.metadata.namespace).toBe(
      find(objs("scale-out+network-policy"), "Deployment", "cc-otel-router").metadata.namespace,
    );
  });

  it("admits OTLP from anywhere and self-metrics from the monitoring namespace only", () => {
    const ingress = policy("scale-out+network-policy").spec.ingress as Rule[];
    expect(ingress).toHaveLength(2);
    expect(ingress[0]?.from).toBeUndefined();
    expect(routerPorts(ingress[0]).sort()).toEqual(
      [CLI_DEFAULTS.otlpPorts.grpc, CLI_DEFAULTS.otlpPorts["http/protobuf"]].sort(),
    );
    expect(routerPorts(ingress[1])).toEqual([COLLECTOR.selfMetricsPort]);
    expect(namespaces(ingress[1]?.from)).toEqual(["monitoring"]);
  });

  it("lets out only DNS and the converting pods' OTLP gRPC, the port CC_OTEL_ROUTER_BACKENDS names", () => {
    const egress = policy("scale-out+network-policy").spec.egress as Rule[];
    expect(egress).toHaveLength(2);
    expect(namespaces(egress[0]?.to)).toEqual(["kube-system"]);
    expect(egress[0]?.ports).toEqual([
      { port: 53, protocol: "UDP" },
      { port: 53, protocol: "TCP" },
    ]);
    const collectors = find(objs("scale-out+network-policy"), "StatefulSet", "cc-otel-collector").spec
      .template;
    expect(egress[1]?.to).toEqual([
      { podSelector: { matchLabels: { "app.kubernetes.io/name": "cc-otel-collector" } } },
    ]);
    expect(collectors.metadata.labels).toMatchObject({ "app.kubernetes.io/name": "cc-otel-collector" });
    expect(egress[1]?.ports).toEqual([{ port: CLI_DEFAULTS.otlpPorts.grpc, protocol: "TCP" }]);
    const backends = router().spec.containers[0].env.find(
      (e: { name: string }) => e.name === "CC_OTEL_ROUTER_BACKENDS",
    ).value as string;
    for (const host of backends.replace(/[[\]]/g, "").split(","))
      expect(host.trim().endsWith(`:${CLI_DEFAULTS.otlpPorts.grpc}`), host).toBe(true);
  });

  it("selects no pod without the scale-out component", () => {
    const p = policy("network-policy");
    const templates = objs("network-policy")
      .filter((o) => ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind))
      // biome-ignore lint/suspicious/noExplicitAny: pod templates
      .map((o: any) => o.spec.template.metadata.labels as Record<string, string>);
    for (const labels of templates)
      expect(Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v)).toBe(false);
  });
});

describe("k8s/README.md's NetworkPolicy patches", () => {
  it("apply as written: another Prometheus namespace, an external backend, restricted OTLP senders", () => {
    const readme = readFileSync(join(REPO_ROOT, "k8s/README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## NetworkPolicy"), readme.indexOf("## The dashboard"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const dir = ownOverlay(["network-policy"]);
    appendFileSync(join(dir, "kustomization.yaml"), block);
    const policy = find(kustomizeBuild(dir).objects, "NetworkPolicy", "cc-otel-collector");
    const ns = (p: { namespaceSelector?: { matchLabels: Record<string, string> } }) =>
      p.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"];
    expect(policy.spec.ingress[1].from.map(ns)).toEqual(["observability"]);
    expect(policy.spec.ingress[0].from.map(ns)).toEqual(["tailscale", "dev-tools"]);
    expect(policy.spec.egress.at(-1)).toEqual({
      to: [{ ipBlock: { cidr: "203.0.113.0/24" } }],
      ports: [{ port: 443, protocol: "TCP" }],
    });
  });
});
