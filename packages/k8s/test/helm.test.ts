import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseDocument, stringify } from "yaml";
import { BACKEND_AUTH_SECRET, collectorImage, HELM_OVERLAYS, type HelmOverlay } from "../src/generate.js";
import { mergeHelmValues } from "../src/helm.js";
import { serviceMonitor } from "../src/operator.js";
import { K8S_DIR, REPO_ROOT } from "../src/paths.js";
import { find, findGenerated, type K8sObject, kustomizeBuild, validateObjects } from "../src/render.js";
import { cleanScratch } from "../src/scratch.js";

afterAll(cleanScratch);

let base: K8sObject[] | undefined;
const baseObjects = () => {
  base ??= kustomizeBuild("k8s/base").objects;
  return base;
};

const valuesText = readFileSync(join(K8S_DIR, "helm/values.yaml"), "utf8");
const values = parse(valuesText);
const stackConfigText = readFileSync(join(REPO_ROOT, "stack/collector/config.yaml"), "utf8");

/**
 * The opentelemetry-collector chart is not on any registry this project can reach (npm, PyPI, the
 * Go module proxy), so neither `helm template` nor `helm lint` runs here. What we check instead:
 * the values parse, carry the stack's config, and use only keys of the chart's values.schema.json
 * (read by hand from the chart's repository, chart 0.1xx; the schema has additionalProperties: false
 * at the top level, so a misspelt key would make `helm install` fail).
 */
const CHART_KEYS = {
  top: [
    "enabled",
    "global",
    "nameOverride",
    "fullnameOverride",
    "mode",
    "namespaceOverride",
    "presets",
    "configMap",
    "alternateConfig",
    "config",
    "image",
    "imagePullSecrets",
    "command",
    "serviceAccount",
    "clusterRole",
    "podSecurityContext",
    "securityContext",
    "nodeSelector",
    "tolerations",
    "affinity",
    "topologySpreadConstraints",
    "priorityClassName",
    "extraContainers",
    "initContainers",
    "extraEnvs",
    "extraEnvsFrom",
    "extraVolumes",
    "extraVolumeMounts",
    "extraManifests",
    "ports",
    "resources",
    "lifecycleHooks",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "podAnnotations",
    "podLabels",
    "additionalLabels",
    "hostNetwork",
    "hostAliases",
    "dnsPolicy",
    "dnsConfig",
    "schedulerName",
    "replicaCount",
    "revisionHistoryLimit",
    "annotations",
    "service",
    "ingress",
    "podMonitor",
    "serviceMonitor",
    "podDisruptionBudget",
    "autoscaling",
    "rollout",
    "prometheusRule",
    "statefulset",
    "networkPolicy",
    "internalTelemetryViaOTLP",
    "useGOMEMLIMIT",
    "shareProcessNamespace",
  ],
  image: ["registry", "repository", "tag", "digest", "pullPolicy"],
  command: ["name", "extraArgs"],
  serviceAccount: ["create", "annotations", "name", "automountServiceAccountToken"],
  port: ["enabled", "containerPort", "servicePort", "hostPort", "nodePort", "protocol", "appProtocol"],
  probe: [
    "initialDelaySeconds",
    "periodSeconds",
    "timeoutSeconds",
    "successThreshold",
    "failureThreshold",
    "terminationGracePeriodSeconds",
    "httpGet",
  ],
  httpGet: ["port", "path"],
  resources: ["limits", "requests"],
  quantity: ["cpu", "memory", "ephemeral-storage"],
  service: [
    "enabled",
    "trafficDistribution",
    "type",
    "clusterIP",
    "loadBalancerIP",
    "loadBalancerSourceRanges",
    "annotations",
    "internalTrafficPolicy",
    "externalTrafficPolicy",
  ],
  rollout: ["rollingUpdate", "strategy"],
  statefulset: ["volumeClaimTemplates", "podManagementPolicy", "persistentVolumeClaimRetentionPolicy"],
  serviceMonitor: ["enabled", "metricsEndpoints", "extraLabels", "relabelings", "metricRelabelings"],
};
const keysOf = (o: object) => Object.keys(o);

describe("k8s/helm/values.yaml", () => {
  it("is valid YAML", () => {
    expect(parseDocument(valuesText).errors).toEqual([]);
  });

  it("embeds stack/collector/config.yaml as alternateConfig, text and meaning", () => {
    expect(values.alternateConfig).toEqual(parse(stackConfigText));
    // The block under `alternateConfig:` is the file itself, comments included, indented by two.
    const after = valuesText.split("\nalternateConfig:\n")[1] ?? "";
    const block: string[] = [];
    for (const line of after.split("\n")) {
      if (line !== "" && !line.startsWith("  ")) break; // the next top-level key or comment
      block.push(line.slice(2));
    }
    const dedented = block.join("\n");
    expect(`${dedented.trimEnd()}\n`).toBe(stackConfigText);
  });

  it("uses only keys the chart's values schema allows", () => {
    expect(keysOf(values).filter((k) => !CHART_KEYS.top.includes(k))).toEqual([]);
    expect(keysOf(values.image).filter((k) => !CHART_KEYS.image.includes(k))).toEqual([]);
    expect(keysOf(values.command).filter((k) => !CHART_KEYS.command.includes(k))).toEqual([]);
    expect(keysOf(values.serviceAccount).filter((k) => !CHART_KEYS.serviceAccount.includes(k))).toEqual([]);
    expect(keysOf(values.service).filter((k) => !CHART_KEYS.service.includes(k))).toEqual([]);
    expect(keysOf(values.statefulset).filter((k) => !CHART_KEYS.statefulset.includes(k))).toEqual([]);
    expect(keysOf(values.serviceMonitor).filter((k) => !CHART_KEYS.serviceMonitor.includes(k))).toEqual([]);
    for (const p of Object.values(values.ports) as object[]) {
      expect(keysOf(p).filter((k) => !CHART_KEYS.port.includes(k))).toEqual([]);
      expect(p).toHaveProperty("enabled");
    }
    for (const probe of [values.livenessProbe, values.readinessProbe]) {
      expect(keysOf(probe).filter((k) => !CHART_KEYS.probe.includes(k))).toEqual([]);
      expect(keysOf(probe.httpGet).filter((k) => !CHART_KEYS.httpGet.includes(k))).toEqual([]);
    }
    expect(keysOf(values.resources).filter((k) => !CHART_KEYS.resources.includes(k))).toEqual([]);
    for (const q of Object.values(values.resources) as object[]) {
      expect(keysOf(q).filter((k) => !CHART_KEYS.quantity.includes(k))).toEqual([]);
    }
    expect(["daemonset", "deployment", "statefulset"]).toContain(values.mode);
  });

  it("the queue's claim template validates against the Kubernetes schemas, as a PersistentVolumeClaim", () => {
    const docs = (values.statefulset.volumeClaimTemplates as object[])
      .map((t) => stringify({ apiVersion: "v1", kind: "PersistentVolumeClaim", ...t }))
      .join("---\n");
    const res = validateObjects(docs, "1.37.0");
    expect(res.ok, res.output).toBe(true);
    expect(res.output.match(/passed for resource/g)?.length).toBe(1);
  });

  it("names everything cc-otel-collector, as k8s/base and the docs do", () => {
    // The chart's fullname, which names the StatefulSet, Service, ServiceAccount and ConfigMap.
    expect(values.fullnameOverride).toBe(
      find(baseObjects(), "StatefulSet", "cc-otel-collector").metadata.name,
    );
    expect(values.fullnameOverride).toBe(
      find(baseObjects(), "ServiceAccount", "cc-otel-collector").metadata.name,
    );
  });
});

describe.each(Object.keys(HELM_OVERLAYS) as HelmOverlay[])("k8s/helm/values-%s.yaml", (overlay) => {
  const text = readFileSync(join(K8S_DIR, `helm/values-${overlay}.yaml`), "utf8");
  const second = parse(text);
  const stackOverlay = parse(readFileSync(join(REPO_ROOT, `stack/collector/${overlay}.yaml`), "utf8"));
  const merged = mergeHelmValues(values, second) as typeof values;

  it("is valid YAML that uses only keys of the chart's values schema", () => {
    expect(parseDocument(text).errors).toEqual([]);
    expect(keysOf(second).filter((k) => !CHART_KEYS.top.includes(k))).toEqual([]);
  });

  it(`carries stack/collector/${overlay}.yaml as alternateConfig, which Helm merges into values.yaml's`, () => {
    expect(second.alternateConfig).toEqual(stackOverlay);
    // The merge keeps every key of the stack config and adds the overlay's headers to its exporters.
    const base = parse(stackConfigText);
    expect(Object.keys(merged.alternateConfig.service)).toEqual(Object.keys(base.service));
    expect(merged.alternateConfig.service).toEqual(base.service);
    for (const [id, exporter] of Object.entries(stackOverlay.exporters as Record<string, object>))
      expect(merged.alternateConfig.exporters[id], id).toEqual({ ...base.exporters[id], ...exporter });
  });

  it("replaces no list of values.yaml except with the same list plus its own entries", () => {
    for (const key of keysOf(second).filter((k) => Array.isArray(second[k]))) {
      expect(second[key], key).toEqual(expect.arrayContaining(values[key] ?? []));
      expect(second[key].length, key).toBeGreaterThan((values[key] ?? []).length);
    }
    if (overlay === "backend-auth")
      expect(merged.extraEnvsFrom).toEqual([
        ...(values.extraEnvsFrom ?? []),
        { secretRef: { name: BACKEND_AUTH_SECRET } },
      ]);
    else expect(merged.extraEnvsFrom).toEqual(values.extraEnvsFrom);
  });
});

describe("the Helm values deploy the same collector as k8s/base", () => {
  // biome-ignore lint/suspicious/noExplicitAny: compared field by field
  let workload: any;
  // biome-ignore lint/suspicious/noExplicitAny: compared field by field
  let pod: any;
  // biome-ignore lint/suspicious/noExplicitAny: compared field by field
  let container: any;
  beforeAll(() => {
    workload = find(baseObjects(), "StatefulSet", "cc-otel-collector").spec;
    pod = workload.template.spec;
    container = pod.containers[0];
  }, 1_800_000);

  it("image, mode, replicas", () => {
    const { repository, tag } = collectorImage();
    expect(values.image).toEqual({ repository, tag });
    expect(values.command.name).toBe("otelcol-contrib"); // the contrib image's binary
    expect(values.mode).toBe("statefulset");
    expect(values.replicaCount).toBe(workload.replicas);
    expect(values.replicaCount).toBe(1);
    expect(values.statefulset.podManagementPolicy).toBe(workload.podManagementPolicy);
  });

  it("resources and security contexts", () => {
    expect(values.resources).toEqual(container.resources);
    expect(values.securityContext).toEqual(container.securityContext);
    expect(values.podSecurityContext).toEqual(pod.securityContext);
    expect(values.serviceAccount.automountServiceAccountToken).toBe(false);
  });

  it("environment: the endpoints of k8s/base/endpoints.env, memory limiter and queue settings", () => {
    // The backends exactly as kustomize's generated ConfigMap holds them (same names, same values)...
    const endpoints = findGenerated(baseObjects(), "ConfigMap", "cc-otel-endpoints").data ?? {};
    expect(keysOf(endpoints).sort()).toEqual([
      "CC_OTEL_LOKI_OTLP_URL",
      "CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL",
    ]);
    const fromValues = Object.fromEntries(
      (values.extraEnvs as { name: string; value: string }[])
        .filter((e) => e.name in endpoints)
        .map((e) => [e.name, e.value]),
    );
    expect(fromValues).toEqual(endpoints);
    // ...as plain env values in the pod template: a change of one changes the template, and the
    // StatefulSet rolls the pod. From a ConfigMap (envFrom), a change would restart nothing: the
    // chart's checksum/config annotation covers its config ConfigMap only.
    expect(values.extraEnvsFrom).toBeUndefined();
    for (const e of values.extraEnvs) expect(keysOf(e).sort()).toEqual(["name", "value"]);
    const baseEnv = (container.env as { name: string; value: string }[]).filter(
      (e) => e.name !== "GOMEMLIMIT",
    );
    expect(values.extraEnvs).toEqual(expect.arrayContaining(baseEnv));
    expect(values.useGOMEMLIMIT).toBe(true);
  });

  it("probes on the health check port, the same timings", () => {
    for (const [chart, ours] of [
      [values.livenessProbe, container.livenessProbe],
      [values.readinessProbe, container.readinessProbe],
    ]) {
      expect(chart.httpGet).toEqual({ port: 13133, path: ours.httpGet.path });
      const { httpGet: _a, ...chartTiming } = chart;
      const { httpGet: _b, ...ourTiming } = ours;
      expect(chartTiming).toEqual(ourTiming);
    }
  });

  it("the chart's ServiceMonitor, when enabled, relabels job as components/prometheus-operator does", () => {
    expect(values.serviceMonitor.enabled).toBe(false); // the CRD may not exist in the cluster
    const ours = (serviceMonitor() as { spec: { endpoints: object[] } }).spec.endpoints;
    expect(values.serviceMonitor.metricsEndpoints).toEqual(ours);
    expect(values.ports[ours.map((e) => (e as { port: string }).port)[0] ?? ""].enabled).toBe(true);
  });

  it("ports: OTLP gRPC/HTTP and self-metrics on, the chart's trace-only ports off", () => {
    const on = Object.entries(values.ports as Record<string, { enabled: boolean; containerPort?: number }>)
      .filter(([, p]) => p.enabled)
      .map(([, p]) => p.containerPort)
      .sort();
    expect(on).toEqual([4317, 4318, 8888]);
    for (const off of ["jaeger-compact", "jaeger-thrift", "jaeger-grpc", "zipkin"]) {
      expect(values.ports[off]).toEqual({ enabled: false });
    }
  });

  it("the send queue: the base's ReadWriteOnce claim template per pod, mounted at CC_OTEL_QUEUE_DIR", () => {
    const queueDir = values.extraEnvs.find((e: { name: string }) => e.name === "CC_OTEL_QUEUE_DIR").value;
    expect(values.statefulset.volumeClaimTemplates).toEqual(workload.volumeClaimTemplates);
    expect(values.statefulset.volumeClaimTemplates[0].spec.accessModes).toEqual(["ReadWriteOnce"]);
    expect(values.extraVolumes).toBeUndefined();
    expect(values.extraVolumeMounts).toEqual([{ name: "queue", mountPath: queueDir }]);
    // Nothing beside the chart's own objects: the queue claims come from the template above, the
    // backends are env values.
    expect(values.extraManifests).toBeUndefined();
  });
});
