import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ALERTS_PATH, activePath, BUDGET_PATH, OPTIONAL_PATH_DISABLED } from "@cc-otel/alerts";
import { COLLECTOR } from "@cc-otel/collector/names";
import { DASHBOARD_PATH } from "@cc-otel/dashboard";
import { prometheusBinaries } from "@cc-otel/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { DASHBOARD_KEY, OPERATOR_FILES, operatorFiles } from "../src/operator.js";
import { REPO_ROOT } from "../src/paths.js";
import {
  find,
  type K8sObject,
  kustomizeBuild,
  ownOverlay,
  type Rendered,
  validateObjects,
} from "../src/render.js";
import { cleanScratch, scratch } from "../src/scratch.js";

/**
 * k8s/components/prometheus-operator (and its optional user-silence component), built by kustomize
 * into a user's own overlay, against what the compose stack loads: the same rules, the same budget,
 * the same dashboard, and a scrape whose job the collector alerts select. The real API server, with
 * the operator's CRDs, accepts them in apiserver.test.ts.
 */

const read = (rel: string) => readFileSync(join(REPO_ROOT, rel), "utf8");

let withOperator: Rendered;
let withOptional: Rendered;
let withScaleOut: Rendered;
beforeAll(() => {
  withOperator = kustomizeBuild(ownOverlay(["prometheus-operator"]));
  withOptional = kustomizeBuild(ownOverlay(["prometheus-operator", "prometheus-operator/user-silence"]));
  withScaleOut = kustomizeBuild(ownOverlay(["scale-out", "prometheus-operator"]));
}, 1_800_000);
afterAll(cleanScratch);

// biome-ignore lint/suspicious/noExplicitAny: the operator's objects are checked field by field
const spec = (o: K8sObject): any => o.spec;
const groupsOf = (rel: string) => parse(read(rel)).groups;

describe("own overlay with components/prometheus-operator", () => {
  it("adds a ServiceMonitor, the routers' PodMonitor, two PrometheusRules and the dashboard ConfigMap to the base, in cc-otel", () => {
    const base = kustomizeBuild("k8s/base").objects;
    const added = withOperator.objects.filter(
      (o) => !base.some((b) => b.kind === o.kind && b.metadata.name === o.metadata.name),
    );
    expect(added.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      "ConfigMap/cc-otel-grafana-dashboard",
      "PodMonitor/cc-otel-router",
      "PrometheusRule/cc-otel-alerts",
      "PrometheusRule/cc-otel-budget",
      "ServiceMonitor/cc-otel-collector",
    ]);
    for (const o of added) {
      expect(o.metadata.namespace).toBe("cc-otel");
      expect(o.metadata.labels?.["app.kubernetes.io/part-of"]).toBe("cc-otel");
    }
    // The base's own objects are untouched.
    expect(withOperator.objects.filter((o) => !added.includes(o))).toEqual(base);
  });

  it("the built-in kinds validate against the Kubernetes schemas (the CRD kinds: apiserver.test.ts)", () => {
    const builtIn = withOperator.objects.filter((o) => o.apiVersion !== "monitoring.coreos.com/v1");
    const res = validateObjects(builtIn.map((o) => stringify(o)).join("---\n"), "1.37.0");
    expect(res.ok, res.output).toBe(true);
    expect(res.output.match(/passed for resource/g)?.length).toBe(builtIn.length);
  });
});

describe("the routers' PodMonitor", () => {
  const podTemplates = (objs: K8sObject[]) =>
    objs
      .filter((o) => ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind))
      .map((o) => spec(o).template);
  const selected = (objs: K8sObject[]) => {
    const selector = spec(find(objs, "PodMonitor", "cc-otel-router")).selector.matchLabels as Record<
      string,
      string
    >;
    return podTemplates(objs).filter((t) =>
      Object.entries(selector).every(([k, v]) => t.metadata.labels?.[k] === v),
    );
  };

  it("with scale-out: selects the routers (only), on their self-metrics port, under the collector alerts' job", () => {
    const [router] = selected(withScaleOut.objects);
    expect(selected(withScaleOut.objects)).toHaveLength(1);
    expect(router).toEqual(spec(find(withScaleOut.objects, "Deployment", "cc-otel-router")).template);
    const [endpoint] = spec(find(withScaleOut.objects, "PodMonitor", "cc-otel-router")).podMetricsEndpoints;
    const port = router.spec.containers[0].ports.find((p: { name: string }) => p.name === endpoint.port);
    expect(port.containerPort).toBe(COLLECTOR.selfMetricsPort);
    expect(endpoint.relabelings).toEqual([
      { action: "replace", targetLabel: "job", replacement: COLLECTOR.job },
    ]);
  });

  it("without scale-out: selects no pod", () => {
    expect(selected(withOperator.objects)).toEqual([]);
  });
});

describe("the ServiceMonitor", () => {
  const monitor = () => find(withOperator.objects, "ServiceMonitor", "cc-otel-collector");
  /** The Services the operator would scrape: labels matching the selector, and the endpoint's port. */
  const scraped = (objs: K8sObject[]) => {
    const m = find(objs, "ServiceMonitor", "cc-otel-collector");
    const selector = spec(m).selector.matchLabels as Record<string, string>;
    const [endpoint] = spec(m).endpoints;
    return objs.filter(
      (o) =>
        o.kind === "Service" &&
        Object.entries(selector).every(([k, v]) => o.metadata.labels?.[k] === v) &&
        spec(o).ports.some((p: { name: string }) => p.name === endpoint.port),
    );
  };

  it("selects exactly one Service with its port: the self-metrics one", () => {
    const [endpoint] = spec(monitor()).endpoints;
    const services = scraped(withOperator.objects);
    expect(services.map((s) => s.metadata.name)).toEqual(["cc-otel-collector-monitoring"]);
    const port = spec(services[0] as K8sObject).ports.find((p: { name: string }) => p.name === endpoint.port);
    expect(port.port).toBe(COLLECTOR.selfMetricsPort);
    // ...and that Service's port reaches the collector's self-metrics port.
    const container = spec(find(withOperator.objects, "StatefulSet", "cc-otel-collector")).template.spec
      .containers[0];
    expect(container.ports.find((p: { name: string }) => p.name === port.targetPort).containerPort).toBe(
      COLLECTOR.selfMetricsPort,
    );
  });

  it("with scale-out too: the same one Service, which still leads to every converting pod, not the routers", () => {
    // The OTLP Service and the headless one carry the same name label, but no `metrics` port.
    expect(scraped(withScaleOut.objects).map((s) => s.metadata.name)).toEqual([
      "cc-otel-collector-monitoring",
    ]);
    const sts = find(withScaleOut.objects, "StatefulSet", "cc-otel-collector");
    expect(sts.spec.replicas).toBeGreaterThan(1);
    expect(spec(scraped(withScaleOut.objects)[0] as K8sObject).selector).toEqual(
      sts.spec.selector.matchLabels,
    );
    const router = find(withScaleOut.objects, "Deployment", "cc-otel-router");
    expect(router.spec.template.metadata.labels).not.toMatchObject(
      spec(scraped(withScaleOut.objects)[0] as K8sObject).selector,
    );
  });

  it("relabels job to the job the collector alerts select", () => {
    const [endpoint] = spec(monitor()).endpoints;
    expect(endpoint.relabelings).toEqual([
      { action: "replace", targetLabel: "job", replacement: COLLECTOR.job },
    ]);
    // Every job the rules select is that one (and they do select one: the collector alerts).
    const rules = JSON.stringify(spec(find(withOperator.objects, "PrometheusRule", "cc-otel-alerts")).groups);
    const jobs = new Set([...rules.matchAll(/job=\\"([^"\\]*)\\"/g)].map((m) => m[1]));
    expect([...jobs]).toEqual([endpoint.relabelings[0].replacement]);
  });
});

describe("the PrometheusRules", () => {
  it("cc-otel-alerts holds the groups of the stack's alert rules, recording rules included", () => {
    const groups = spec(find(withOperator.objects, "PrometheusRule", "cc-otel-alerts")).groups;
    expect(groups).toEqual(groupsOf(ALERTS_PATH));
    expect(groups.flatMap((g: { rules: object[] }) => g.rules).some((r: object) => "record" in r)).toBe(true);
  });

  it("cc-otel-budget holds the budget file's group, with its budget", () => {
    const groups = spec(find(withOperator.objects, "PrometheusRule", "cc-otel-budget")).groups;
    expect(groups).toEqual(groupsOf(BUDGET_PATH));
  });

  it("the budget is the one the budget file holds, hand edits included", () => {
    const root = mkdtempSync(join(tmpdir(), "cc-otel-k8s-"));
    mkdirSync(dirname(join(root, BUDGET_PATH)), { recursive: true });
    writeFileSync(join(root, BUDGET_PATH), read(BUDGET_PATH).replace(/vector\(\d+(\.\d+)?\)/, "vector(250)"));
    const budget = operatorFiles(root).find((f) => f.path === OPERATOR_FILES.budget)?.content ?? "";
    expect(parse(budget).spec.groups).toEqual(
      parse(read(BUDGET_PATH).replace(/vector\(\d+(\.\d+)?\)/, "vector(250)")).groups,
    );
    expect(budget).toContain("vector(250)");
  });

  it("the user-silence rules stay optional: only in the nested component", () => {
    expect(withOperator.objects.some((o) => o.metadata.name === "cc-otel-user-silence")).toBe(false);
    const groups = spec(find(withOptional.objects, "PrometheusRule", "cc-otel-user-silence")).groups;
    expect(groups).toEqual(groupsOf(activePath(OPTIONAL_PATH_DISABLED)));
    expect(withOptional.objects.filter((o) => o.metadata.name !== "cc-otel-user-silence")).toEqual(
      withOperator.objects,
    );
  });

  it("promtool accepts every PrometheusRule's groups as a rules file", () => {
    const { promtool } = prometheusBinaries();
    const dir = scratch("promrules");
    for (const o of withOptional.objects.filter((x) => x.kind === "PrometheusRule")) {
      const file = join(dir, `${o.metadata.name}.yml`);
      writeFileSync(file, stringify({ groups: spec(o).groups }));
      const res = spawnSync(promtool, ["check", "rules", "--lint=all", "--lint-fatal", file], {
        encoding: "utf8",
      });
      expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
    }
  });
});

describe("the Grafana dashboard ConfigMap", () => {
  const cm = () => find(withOperator.objects, "ConfigMap", "cc-otel-grafana-dashboard");

  it("holds the stack's dashboard byte for byte, under a .json key", () => {
    expect(Object.keys(cm().data ?? {})).toEqual([DASHBOARD_KEY]);
    expect(cm().data?.[DASHBOARD_KEY]).toBe(read(DASHBOARD_PATH));
  });

  it("is labelled for Grafana's dashboard sidecar", () => {
    expect(cm().metadata.labels?.grafana_dashboard).toBe("1");
  });

  it("keeps one name (no content hash): each renamed copy would stay behind, with the same dashboard uid", () => {
    expect(withOperator.objects.filter((o) => o.metadata.labels?.grafana_dashboard)).toEqual([cm()]);
    expect(cm().metadata.name).toBe("cc-otel-grafana-dashboard");
  });
});

describe("k8s/README.md's overlay for kube-prometheus-stack", () => {
  it("builds as written, next to a checkout called cc-otel, and labels, budgets and adds what it says", () => {
    const readme = read("k8s/README.md");
    const section = readme.slice(readme.indexOf("## Prometheus Operator"), readme.indexOf("## Upgrade"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    const dir = scratch("readme-overlay");
    symlinkSync(REPO_ROOT, join(dir, "cc-otel"));
    mkdirSync(join(dir, "my-overlay"));
    writeFileSync(join(dir, "my-overlay/kustomization.yaml"), block as string);
    const objs = kustomizeBuild(join(dir, "my-overlay")).objects;
    const operatorObjects = objs.filter((o) => o.apiVersion === "monitoring.coreos.com/v1");
    expect(operatorObjects.map((o) => o.metadata.name).sort()).toEqual([
      "cc-otel-alerts",
      "cc-otel-budget",
      "cc-otel-collector",
      "cc-otel-router",
      "cc-otel-user-silence",
    ]);
    for (const o of operatorObjects) expect(o.metadata.labels?.release).toBe("kube-prometheus-stack");
    expect(spec(find(objs, "PrometheusRule", "cc-otel-budget")).groups[0].rules[0].expr).toBe("vector(250)");
    // Nothing else got the label.
    expect(objs.filter((o) => o.metadata.labels?.release)).toHaveLength(operatorObjects.length);
  });
});
