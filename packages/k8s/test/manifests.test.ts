import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { collectorImage } from "../src/generate.js";
import { K8S_DIR, KUSTOMIZATIONS, REPO_ROOT } from "../src/paths.js";
import {
  find,
  findGenerated,
  type K8sObject,
  kustomizeBuild,
  ownOverlay,
  parseObjects,
  type Rendered,
  validateObjects,
} from "../src/render.js";
import { cleanScratch, scratch } from "../src/scratch.js";

/** The oldest and the newest Kubernetes minor we check the objects against. */
const KUBERNETES_VERSIONS = ["1.30.0", "1.37.0"];

const stackConfigText = readFileSync(join(REPO_ROOT, "stack/collector/config.yaml"), "utf8");
const stackConfig = parse(stackConfigText);
const port = (endpoint: string) => Number(/:(\d+)\}?$/.exec(endpoint)?.[1]);

/** Users' own overlays combining components, as k8s/README.md shows. */
const OWN_OVERLAYS: Record<string, string[]> = {
  "tailscale+auth (own overlay)": ["tailscale", "auth"],
  "loadbalancer+auth+tls (own overlay)": ["loadbalancer", "auth", "tls"],
  "loadbalancer+scale-out (own overlay)": ["loadbalancer", "scale-out"],
  "auth+backend-auth+backend-tenant (own overlay)": ["auth", "backend-auth", "backend-tenant"],
};

const builds = new Map<string, Rendered>();
beforeAll(() => {
  for (const k of KUSTOMIZATIONS) builds.set(k, kustomizeBuild(k));
  for (const [name, components] of Object.entries(OWN_OVERLAYS))
    builds.set(name, kustomizeBuild(ownOverlay(components)));
}, 1_800_000);
afterAll(cleanScratch);
const objects = (k: string) => (builds.get(k) as Rendered).objects;

describe.each([...KUSTOMIZATIONS, ...Object.keys(OWN_OVERLAYS)])("kustomize build %s", (k) => {
  it("renders the namespace, the three services, the collector StatefulSet, its ServiceAccount and ConfigMaps, all in cc-otel", () => {
    const objs = objects(k);
    const scaleOut = k.includes("scale-out");
    expect(objs.map((o) => o.kind).sort()).toEqual(
      [
        "ConfigMap",
        "ConfigMap",
        "StatefulSet",
        "Namespace",
        "Service",
        "Service",
        "Service",
        "ServiceAccount",
        // The router tier and its config.
        ...(scaleOut ? ["Deployment", "ConfigMap"] : []),
      ].sort(),
    );
    for (const o of objs.filter((o) => o.kind !== "Namespace")) expect(o.metadata.namespace).toBe("cc-otel");
    for (const o of objs) expect(o.metadata.labels?.["app.kubernetes.io/part-of"]).toBe("cc-otel");
  });

  it.each(KUBERNETES_VERSIONS)(
    "validates against the Kubernetes %s OpenAPI schemas (strict, offline)",
    (v) => {
      const res = validateObjects((builds.get(k) as Rendered).yaml, v);
      expect(res.ok, res.output).toBe(true);
      // Every object was checked against a schema: none was skipped for want of one.
      expect(res.output).not.toMatch(/Couldn't find schema/);
      expect(res.output.match(/passed for resource/g)?.length).toBe(objects(k).length);
    },
  );

  it("mounts the stack's collector config, byte for byte, and runs it", () => {
    const objs = objects(k);
    const cm = findGenerated(objs, "ConfigMap", "cc-otel-collector-config");
    expect(cm.data?.["config.yaml"]).toBe(stackConfigText);
    const pod = find(objs, "StatefulSet", "cc-otel-collector").spec.template.spec;
    expect(pod.containers[0].args[0]).toBe("--config=/etc/otelcol/config.yaml");
    expect(pod.volumes).toContainEqual({ name: "config", configMap: { name: cm.metadata.name } });
  });
});

describe("k8s/base", () => {
  let objs: K8sObject[];
  // biome-ignore lint/suspicious/noExplicitAny: the pod spec is checked field by field
  let pod: any;
  // biome-ignore lint/suspicious/noExplicitAny: the container is checked field by field
  let container: any;
  beforeAll(() => {
    objs = objects("k8s/base");
    pod = find(objs, "StatefulSet", "cc-otel-collector").spec.template.spec;
    container = pod.containers[0];
  });
  const envValue = (name: string) => container.env.find((e: { name: string }) => e.name === name)?.value;

  it("pins the image of stack/versions.json; one replica of a StatefulSet under its headless Service", () => {
    const sts = find(objs, "StatefulSet", "cc-otel-collector");
    expect(container.image).toBe(collectorImage().image);
    expect(sts.spec.replicas).toBe(1);
    const headless = find(objs, "Service", sts.spec.serviceName);
    expect(headless.spec.clusterIP).toBe("None");
    expect(headless.spec.selector).toEqual(sts.spec.selector.matchLabels);
  });

  it("takes the backend endpoints from endpoints.env, through a generated ConfigMap", () => {
    const endpoints = findGenerated(objs, "ConfigMap", "cc-otel-endpoints");
    expect(Object.keys(endpoints.data ?? {}).sort()).toEqual([
      "CC_OTEL_LOKI_OTLP_URL",
      "CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL",
    ]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: endpoints.metadata.name } }]);
    // The config reads exactly these variables for its two exporters.
    const exporterEndpoints = Object.values(
      stackConfig.exporters as Record<string, { endpoint?: string }>,
    ).map((e) => e.endpoint ?? "");
    for (const name of Object.keys(endpoints.data ?? {})) {
      expect(exporterEndpoints.filter((e) => e.startsWith(`\${env:${name}`))).toHaveLength(1);
    }
  });

  it("rolls the pod when an endpoint changes: the ConfigMap's hashed name is in the pod template", () => {
    // A copy of k8s/base with one URL changed, built by the same kustomize.
    const dir = join(scratch("base-copy"), "base");
    cpSync(join(K8S_DIR, "base"), dir, { recursive: true });
    const envFile = join(dir, "endpoints.env");
    const edited = readFileSync(envFile, "utf8").replace(
      /^(CC_OTEL_LOKI_OTLP_URL=).*$/m,
      "$1http://loki.elsewhere.svc.cluster.local:3100/otlp",
    );
    expect(edited).not.toBe(readFileSync(envFile, "utf8"));
    writeFileSync(envFile, edited);
    const after = kustomizeBuild(dir).objects;
    const template = (o: K8sObject[]) => find(o, "StatefulSet", "cc-otel-collector").spec.template;
    // A different pod template is what makes the StatefulSet controller replace the pod.
    expect(template(after)).not.toEqual(template(objs));
    expect(template(after).spec.containers[0].envFrom).toEqual([
      { configMapRef: { name: findGenerated(after, "ConfigMap", "cc-otel-endpoints").metadata.name } },
    ]);
    expect(findGenerated(after, "ConfigMap", "cc-otel-endpoints").metadata.name).not.toBe(
      findGenerated(objs, "ConfigMap", "cc-otel-endpoints").metadata.name,
    );
  });

  it("sizes the memory limiter inside the container's memory limit", () => {
    const mib = (q: string) => {
      const m = /^(\d+)(Mi|Gi)$/.exec(q);
      if (!m) throw new Error(`unexpected quantity ${q}`);
      return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
    };
    const limit = mib(container.resources.limits.memory);
    const limiter = Number(envValue("CC_OTEL_MEMORY_LIMIT_MIB"));
    const spike = Number(envValue("CC_OTEL_MEMORY_SPIKE_MIB"));
    expect(container.resources.requests.memory).toBe(container.resources.limits.memory);
    expect(limiter).toBeGreaterThan(spike);
    expect(limiter + spike).toBeLessThanOrEqual(limit); // headroom for what the Go heap does not count
    expect(envValue("GOMEMLIMIT")).toBe(`${limiter}MiB`);
    expect(stackConfig.processors.memory_limiter.limit_mib).toMatch(/CC_OTEL_MEMORY_LIMIT_MIB/);
    expect(stackConfig.processors.memory_limiter.spike_limit_mib).toMatch(/CC_OTEL_MEMORY_SPIKE_MIB/);
  });

  it("runs locked down: non-root 10001, read-only root, no privilege escalation, no capabilities, seccomp", () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      fsGroup: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    // Its own ServiceAccount, which holds no token either: not the namespace's `default`, which
    // something else in cc-otel could be given rights to.
    expect(pod.serviceAccountName).toBe("cc-otel-collector");
    expect(find(objs, "ServiceAccount", pod.serviceAccountName)).toMatchObject({
      automountServiceAccountToken: false,
    });
    expect(find(objs, "Namespace", "cc-otel").metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe(
      "restricted",
    );
  });

  it("probes the health_check extension's port", () => {
    const named = (name: string) =>
      container.ports.find((p: { name: string }) => p.name === name).containerPort;
    expect(named(container.readinessProbe.httpGet.port)).toBe(13133);
    expect(named(container.livenessProbe.httpGet.port)).toBe(13133);
    expect(port(stackConfig.extensions.health_check.endpoint)).toBe(13133);
  });

  it("exposes the ports the config listens on through the two Services", () => {
    const containerPort = (name: string) =>
      container.ports.find((p: { name: string }) => p.name === name)?.containerPort;
    expect(containerPort("otlp-grpc")).toBe(port(stackConfig.receivers.otlp.protocols.grpc.endpoint));
    expect(containerPort("otlp-http")).toBe(port(stackConfig.receivers.otlp.protocols.http.endpoint));
    expect(containerPort("metrics")).toBe(8888);
    const svc = (name: string) =>
      find(objs, "Service", name).spec.ports.map((p: { port: number; targetPort: string }) => [
        p.port,
        containerPort(p.targetPort),
      ]);
    expect(svc("cc-otel-collector")).toEqual([
      [4317, 4317],
      [4318, 4318],
    ]);
    expect(svc("cc-otel-collector-monitoring")).toEqual([
      [8888, 8888],
      [13133, 13133],
    ]);
    expect(find(objs, "Service", "cc-otel-collector").spec.type).toBe("ClusterIP");
  });

  it("keeps the send queue at CC_OTEL_QUEUE_DIR on a ReadWriteOnce volume per pod", () => {
    const dir = envValue("CC_OTEL_QUEUE_DIR");
    expect(stackConfig.extensions["file_storage/queue"].directory).toMatch(/CC_OTEL_QUEUE_DIR/);
    expect(container.volumeMounts).toContainEqual({ name: "queue", mountPath: dir });
    // From the claim template, not a shared claim: a second pod gets a volume of its own.
    expect(pod.volumes.map((v: { name: string }) => v.name)).not.toContain("queue");
    const [claim] = find(objs, "StatefulSet", "cc-otel-collector").spec.volumeClaimTemplates;
    expect(claim.metadata.name).toBe("queue");
    expect(claim.spec.accessModes).toEqual(["ReadWriteOnce"]);
    expect(objs.filter((o) => o.kind === "PersistentVolumeClaim")).toEqual([]);
  });
});

describe("overlays", () => {
  const otlpService = (k: string) => find(objects(k), "Service", "cc-otel-collector");

  it("nodeport: OTLP on fixed node ports 30317/30318, monitoring stays internal", () => {
    const svc = otlpService("k8s/overlays/nodeport");
    expect(svc.spec.type).toBe("NodePort");
    expect(svc.spec.ports.map((p: { port: number; nodePort: number }) => [p.port, p.nodePort])).toEqual([
      [4317, 30317],
      [4318, 30318],
    ]);
    expect(find(objects("k8s/overlays/nodeport"), "Service", "cc-otel-collector-monitoring").spec.type).toBe(
      "ClusterIP",
    );
  });

  it("loadbalancer: a LoadBalancer Service for OTLP", () => {
    expect(otlpService("k8s/overlays/loadbalancer").spec.type).toBe("LoadBalancer");
  });

  it("tailscale: the Service carries the Tailscale operator's annotations", () => {
    const svc = otlpService("k8s/overlays/tailscale");
    expect(svc.metadata.annotations).toEqual({
      "tailscale.com/expose": "true",
      "tailscale.com/hostname": "cc-otel",
    });
    expect(svc.spec.type).toBe("ClusterIP");
  });

  it.each(["k8s/overlays/auth", "tailscale+auth (own overlay)"])(
    "%s: second --config with stack/collector/auth.yaml, token from a Secret",
    (k) => {
      const objs = objects(k);
      const container = find(objs, "StatefulSet", "cc-otel-collector").spec.template.spec.containers[0];
      expect(container.args).toEqual([
        "--config=/etc/otelcol/config.yaml",
        "--config=/etc/otelcol/auth.yaml",
      ]);
      expect(container.env).toContainEqual({
        name: "CC_OTEL_RECEIVER_TOKEN",
        valueFrom: { secretKeyRef: { name: "cc-otel-receiver-token", key: "token" } },
      });
      const cm = findGenerated(objs, "ConfigMap", "cc-otel-collector-config");
      expect(cm.data?.["auth.yaml"]).toBe(readFileSync(join(REPO_ROOT, "stack/collector/auth.yaml"), "utf8"));
      expect(cm.data?.["config.yaml"]).toBe(stackConfigText);
    },
  );

  const TLS_ENV = [
    { name: "CC_OTEL_TLS_CERT_FILE", value: "/etc/otelcol-tls/tls.crt" },
    { name: "CC_OTEL_TLS_KEY_FILE", value: "/etc/otelcol-tls/tls.key" },
  ];

  it.each([
    ["k8s/overlays/tls", ["--config=/etc/otelcol/config.yaml", "--config=/etc/otelcol/tls.yaml"]],
    [
      "loadbalancer+auth+tls (own overlay)",
      [
        "--config=/etc/otelcol/config.yaml",
        "--config=/etc/otelcol/auth.yaml",
        "--config=/etc/otelcol/tls.yaml",
      ],
    ],
  ])(
    "%s: another --config with stack/collector/tls.yaml, certificate and key from a kubernetes.io/tls Secret",
    (k, args) => {
      const objs = objects(k);
      const pod = find(objs, "StatefulSet", "cc-otel-collector").spec.template.spec;
      const container = pod.containers[0];
      expect(container.args).toEqual(args);
      expect(container.env).toEqual(expect.arrayContaining(TLS_ENV));
      expect(container.volumeMounts).toContainEqual({
        name: "tls",
        mountPath: "/etc/otelcol-tls",
        readOnly: true,
      });
      // 0440: readable through the pod's fsGroup (10001), which the collector runs in, and by no one else.
      expect(pod.volumes).toContainEqual({
        name: "tls",
        secret: { secretName: "cc-otel-collector-tls", defaultMode: 0o440 },
      });
      expect(pod.securityContext.fsGroup).toBe(10001);
      const cm = findGenerated(objs, "ConfigMap", "cc-otel-collector-config");
      expect(cm.data?.["tls.yaml"]).toBe(readFileSync(join(REPO_ROOT, "stack/collector/tls.yaml"), "utf8"));
      expect(cm.data?.["config.yaml"]).toBe(stackConfigText);
    },
  );

  it("loadbalancer+auth+tls: the token, the TLS Secret and the LoadBalancer all apply", () => {
    const objs = objects("loadbalancer+auth+tls (own overlay)");
    const container = find(objs, "StatefulSet", "cc-otel-collector").spec.template.spec.containers[0];
    expect(container.env).toContainEqual({
      name: "CC_OTEL_RECEIVER_TOKEN",
      valueFrom: { secretKeyRef: { name: "cc-otel-receiver-token", key: "token" } },
    });
    const cm = findGenerated(objs, "ConfigMap", "cc-otel-collector-config");
    expect(Object.keys(cm.data ?? {}).sort()).toEqual(["auth.yaml", "config.yaml", "tls.yaml"]);
    expect(find(objs, "Service", "cc-otel-collector").spec.type).toBe("LoadBalancer");
  });

  const stackFile = (name: string) => readFileSync(join(REPO_ROOT, `stack/collector/${name}.yaml`), "utf8");
  const BACKEND_SECRET = { secretRef: { name: "cc-otel-backend-auth" } };

  it("backend-auth: another --config with stack/collector/backend-auth.yaml, the headers from a Secret", () => {
    const objs = objects("k8s/overlays/backend-auth");
    const container = find(objs, "StatefulSet", "cc-otel-collector").spec.template.spec.containers[0];
    expect(container.args).toEqual([
      "--config=/etc/otelcol/config.yaml",
      "--config=/etc/otelcol/backend-auth.yaml",
    ]);
    const endpoints = findGenerated(objs, "ConfigMap", "cc-otel-endpoints");
    // The Secret after endpoints.env: its keys are exactly the overlay's variables.
    expect(container.envFrom).toEqual([{ configMapRef: { name: endpoints.metadata.name } }, BACKEND_SECRET]);
    const cm = findGenerated(objs, "ConfigMap", "cc-otel-collector-config");
    expect(cm.data?.["backend-auth.yaml"]).toBe(stackFile("backend-auth"));
    expect(Object.keys(cm.data ?? {}).sort()).toEqual(["backend-auth.yaml", "config.yaml"]);
  });

  it("backend-tenant: another --config with stack/collector/backend-tenant.yaml, no Secret (tenants go in endpoints.env)", () => {
    const objs = objects("k8s/overlays/backend-tenant");
    const container = find(objs, "StatefulSet", "cc-otel-collector").spec.template.spec.containers[0];
    expect(container.args).toEqual([
      "--config=/etc/otelcol/config.yaml",
      "--config=/etc/otelcol/backend-tenant.yaml",
    ]);
    expect(container.envFrom).toHaveLength(1);
    const cm = findGenerated(objs, "ConfigMap", "cc-otel-collector-config");
    expect(cm.data?.["backend-tenant.yaml"]).toBe(stackFile("backend-tenant"));
    // Shipped commented out: the collector refuses to start until the user names the tenants.
    const endpointsEnv = readFileSync(join(K8S_DIR, "base/endpoints.env"), "utf8");
    for (const key of ["CC_OTEL_PROMETHEUS_TENANT", "CC_OTEL_LOKI_TENANT"])
      expect(endpointsEnv).toMatch(new RegExp(`^# ${key}=$`, "m"));
  });

  it("auth+backend-auth+backend-tenant: receiver token and backend credentials side by side", () => {
    const objs = objects("auth+backend-auth+backend-tenant (own overlay)");
    const container = find(objs, "StatefulSet", "cc-otel-collector").spec.template.spec.containers[0];
    expect(container.args).toEqual([
      "--config=/etc/otelcol/config.yaml",
      "--config=/etc/otelcol/auth.yaml",
      "--config=/etc/otelcol/backend-auth.yaml",
      "--config=/etc/otelcol/backend-tenant.yaml",
    ]);
    expect(container.env).toContainEqual({
      name: "CC_OTEL_RECEIVER_TOKEN",
      valueFrom: { secretKeyRef: { name: "cc-otel-receiver-token", key: "token" } },
    });
    expect(container.envFrom).toContainEqual(BACKEND_SECRET);
    const cm = findGenerated(objs, "ConfigMap", "cc-otel-collector-config");
    expect(Object.keys(cm.data ?? {}).sort()).toEqual([
      "auth.yaml",
      "backend-auth.yaml",
      "backend-tenant.yaml",
      "config.yaml",
    ]);
  });

  it("the base alone turns on neither auth nor TLS", () => {
    const pod = find(objects("k8s/base"), "StatefulSet", "cc-otel-collector").spec.template.spec;
    expect(pod.containers[0].args).toEqual(["--config=/etc/otelcol/config.yaml"]);
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(["config"]);
  });
});

describe("k8s/overlays/scale-out", () => {
  const objs = () => objects("k8s/overlays/scale-out");
  // biome-ignore lint/suspicious/noExplicitAny: the router's container is checked field by field
  const router = (): any => find(objs(), "Deployment", "cc-otel-router").spec.template.spec;
  const backends = (): string[] =>
    parse(
      router().containers[0].env.find((e: { name: string }) => e.name === "CC_OTEL_ROUTER_BACKENDS").value,
    );

  it("lists every converting pod, by its stable name, once: the router's list and the replicas agree", () => {
    const sts = find(objs(), "StatefulSet", "cc-otel-collector");
    expect(sts.spec.replicas).toBeGreaterThan(1);
    const grpc = port(stackConfig.receivers.otlp.protocols.grpc.endpoint);
    expect(backends()).toEqual(
      Array.from(
        { length: sts.spec.replicas },
        (_, i) => `${sts.metadata.name}-${i}.${sts.spec.serviceName}:${grpc}`,
      ),
    );
    // Names resolve while a pod restarts, so the router waits for it instead of failing over.
    expect(find(objs(), "Service", sts.spec.serviceName).spec.publishNotReadyAddresses).toBe(true);
  });

  it("runs stack/collector/router.yaml, byte for byte, on the same image", () => {
    const cm = findGenerated(objs(), "ConfigMap", "cc-otel-router-config");
    expect(cm.data?.["router.yaml"]).toBe(
      readFileSync(join(REPO_ROOT, "stack/collector/router.yaml"), "utf8"),
    );
    expect(router().containers[0].args).toEqual(["--config=/etc/otelcol/router.yaml"]);
    expect(router().volumes).toContainEqual({ name: "config", configMap: { name: cm.metadata.name } });
    expect(router().containers[0].image).toBe(collectorImage().image);
  });

  it("runs the router as locked down as the collector: the token-less ServiceAccount, no token", () => {
    expect(router().automountServiceAccountToken).toBe(false);
    expect(router().serviceAccountName).toBe("cc-otel-collector");
    expect(find(objs(), "ServiceAccount", router().serviceAccountName)).toMatchObject({
      automountServiceAccountToken: false,
    });
    const collectorPod = find(objs(), "StatefulSet", "cc-otel-collector").spec.template.spec;
    expect(router().securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(router().containers[0].securityContext).toEqual(collectorPod.containers[0].securityContext);
  });

  it("combines with a networking component: the load balancer leads to the routers", () => {
    const own = objects("loadbalancer+scale-out (own overlay)");
    const svc = find(own, "Service", "cc-otel-collector");
    expect(svc.spec.type).toBe("LoadBalancer");
    expect(svc.spec.selector).toEqual(find(own, "Deployment", "cc-otel-router").spec.selector.matchLabels);
  });

  it("leads the OTLP Service to the routers; monitoring still selects the converting pods", () => {
    const routerLabels = find(objs(), "Deployment", "cc-otel-router").spec.selector.matchLabels;
    expect(find(objs(), "Service", "cc-otel-collector").spec.selector).toEqual(routerLabels);
    const sts = find(objs(), "StatefulSet", "cc-otel-collector");
    expect(find(objs(), "Service", "cc-otel-collector-monitoring").spec.selector).toEqual(
      sts.spec.selector.matchLabels,
    );
  });
});

describe("k8s/argocd/application.yaml", () => {
  const [app] = parseObjects(readFileSync(join(K8S_DIR, "argocd/application.yaml"), "utf8"));

  it("is an Argo CD Application that syncs a kustomization of this repo into cc-otel", () => {
    expect(app?.apiVersion).toBe("argoproj.io/v1alpha1");
    expect(app?.kind).toBe("Application");
    const source = app?.spec.source;
    expect(source.repoURL).toMatch(/^https:\/\/.+\.git$/);
    expect(KUSTOMIZATIONS as readonly string[]).toContain(source.path);
    expect(app?.spec.destination).toEqual({ server: "https://kubernetes.default.svc", namespace: "cc-otel" });
    expect(app?.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });
});
