import { COLLECTOR } from "@cc-otel/collector/names";
import { type GeneratedFile, REPO_ROOT, readRepoFile } from "@cc-otel/repo";
import { parse, stringify } from "yaml";
import { operatorFiles } from "./operator.js";

/**
 * Files under k8s/ that are GENERATED from the stack, so that Kubernetes runs exactly the collector
 * config docker compose and the native harness run:
 * - k8s/base/collector/config.yaml and k8s/components/<overlay>/collector/<overlay>.yaml (auth, tls,
 *   backend-auth, backend-tenant): byte-identical copies of stack/collector/*.yaml (kustomize refuses
 *   to read files outside a kustomization's directory);
 * - k8s/helm/values.yaml: packages/k8s/templates/helm-values.yaml with the collector config embedded
 *   (Helm values cannot include a file), the image of stack/versions.json and the backends of
 *   k8s/base/endpoints.env (so that kustomize and Helm start from the same endpoints);
 * - k8s/helm/values-backend-auth.yaml and values-backend-tenant.yaml: the backend overlays as second
 *   values files, merged by Helm into values.yaml's alternateConfig;
 * - k8s/base/statefulset.yaml: packages/k8s/templates/statefulset.yaml with the image of
 *   stack/versions.json. Rendered whole from a template (not patched in place) so that it can be
 *   deleted and made again;
 * - k8s/components/scale-out/router-deployment.yaml: packages/k8s/templates/router-deployment.yaml,
 *   likewise; k8s/components/scale-out/collector/router.yaml: a byte-identical copy of
 *   stack/collector/router.yaml;
 * - k8s/components/prometheus-operator/*: ServiceMonitor, PrometheusRules and the dashboard ConfigMap,
 *   from @cc-otel/alerts' and @cc-otel/dashboard's data (src/operator.ts).
 * Every input is read under `root`: stack/collector/config.yaml must already hold its generated
 * regions (@cc-otel/collector runs first).
 */

export const HELM_VALUES_TEMPLATE = "packages/k8s/templates/helm-values.yaml";
export const WORKLOAD_TEMPLATE = "packages/k8s/templates/statefulset.yaml";
export const ROUTER_TEMPLATE = "packages/k8s/templates/router-deployment.yaml";

function reader(root: string): (rel: string) => string {
  return (rel) => {
    const text = readRepoFile(rel, root);
    if (text === undefined) throw new Error(`${rel} is missing under ${root}`);
    return text;
  };
}

/** The collector image every deployment pins: stack/versions.json collector.image. */
export function collectorImage(root: string = REPO_ROOT): { image: string; repository: string; tag: string } {
  const versions = JSON.parse(reader(root)("stack/versions.json")) as { collector: { image: string } };
  const image = versions.collector.image;
  const at = image.lastIndexOf(":");
  if (at < 0) throw new Error(`stack/versions.json collector.image '${image}' has no tag`);
  return { image, repository: image.slice(0, at), tag: image.slice(at + 1) };
}

/** Indents every non-empty line, so a YAML document can sit under a key of another. */
function indent(text: string, prefix: string): string {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line.length > 0 ? prefix + line : line))
    .join("\n");
}

function fill(template: string, placeholder: string, value: string, name: string): string {
  if (!template.includes(placeholder)) throw new Error(`${name} lacks the placeholder ${placeholder}`);
  return template.split(placeholder).join(value);
}

export const ENDPOINTS_ENV = "k8s/base/endpoints.env";

/**
 * The variables k8s/base/endpoints.env sets (comments and blank lines left out), in its order, as
 * kustomize's configMapGenerator reads an env file: KEY=VALUE, the value taken as written.
 */
export function parseEnvFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`${ENDPOINTS_ENV}:${i + 1} is not KEY=VALUE: ${raw}`);
    out.push([m[1] as string, m[2] as string]);
  }
  return out;
}

/** The backends' variables and their values, from k8s/base/endpoints.env under `root`. */
export function endpointsEnv(root: string = REPO_ROOT): [string, string][] {
  return parseEnvFile(reader(root)(ENDPOINTS_ENV));
}

/** k8s/helm/values.yaml, rendered from its template. */
export function renderHelmValues(root: string = REPO_ROOT): string {
  const read = reader(root);
  const template = read(HELM_VALUES_TEMPLATE);
  const { repository, tag } = collectorImage(root);
  // The config goes in as a YAML block under `alternateConfig:`, comments and all.
  const configLine = /^( *)# @@COLLECTOR_CONFIG@@.*$/m.exec(template);
  if (!configLine) throw new Error(`${HELM_VALUES_TEMPLATE} lacks the line '# @@COLLECTOR_CONFIG@@ ...'`);
  const config = indent(read("stack/collector/config.yaml"), configLine[1] ?? "");
  let out = template.replace(configLine[0], () => config);
  // The endpoints go in as plain env entries (JSON strings are YAML scalars), so that the pod
  // template, and with it the pod, changes with them.
  const endpointsLine = /^( *)# @@ENDPOINTS@@.*$/m.exec(out);
  if (!endpointsLine) throw new Error(`${HELM_VALUES_TEMPLATE} lacks the line '# @@ENDPOINTS@@ ...'`);
  const pad = endpointsLine[1] ?? "";
  const envs = endpointsEnv(root)
    .map(([name, value]) => `${pad}- name: ${name}\n${pad}  value: ${JSON.stringify(value)}`)
    .join("\n");
  out = out.replace(endpointsLine[0], () => envs);
  out = fill(out, "@@IMAGE_REPOSITORY@@", repository, HELM_VALUES_TEMPLATE);
  out = fill(out, "@@IMAGE_TAG@@", tag, HELM_VALUES_TEMPLATE);
  out = fill(out, "@@COLLECTOR_JOB@@", COLLECTOR.job, HELM_VALUES_TEMPLATE);
  return out;
}

/** A workload template with the image of stack/versions.json. */
function renderWithImage(template: string, root: string): string {
  // The placeholder is quoted so that the template stays valid YAML; the image goes in unquoted.
  return fill(
    reader(root)(template),
    '"@@IMAGE@@" # the quotes go too',
    collectorImage(root).image,
    template,
  );
}

/** k8s/base/statefulset.yaml, rendered from its template with the image of stack/versions.json. */
export function renderWorkload(root: string = REPO_ROOT): string {
  return renderWithImage(WORKLOAD_TEMPLATE, root);
}

/** k8s/components/scale-out/router-deployment.yaml, likewise. */
export function renderRouter(root: string = REPO_ROOT): string {
  return renderWithImage(ROUTER_TEMPLATE, root);
}

/** The collector overlays that have a kustomize component of the same name (k8s/components/<name>). */
export const COMPONENT_OVERLAYS = ["auth", "tls", "backend-auth", "backend-tenant"] as const;

/** The Secret the backend-auth component and Helm values load into the collector's environment. */
export const BACKEND_AUTH_SECRET = "cc-otel-backend-auth";

/** The backend overlays that Helm gets as second values files (k8s/helm/values-<name>.yaml). */
export const HELM_OVERLAYS = {
  "backend-auth": {
    usage: [
      "Credentials for the backends: an Authorization header on remote write and on OTLP to Loki, from",
      `the Secret ${BACKEND_AUTH_SECRET} (keys CC_OTEL_PROMETHEUS_AUTHORIZATION and`,
      'CC_OTEL_LOKI_AUTHORIZATION, each a whole header: "Bearer <token>" or "Basic <base64 of user:password>"),',
      "which you create in the release's namespace (k8s/README.md); with a key missing or empty the",
      "collector refuses to start and names it.",
    ],
  },
  "backend-tenant": {
    usage: [
      "Tenant for multi-tenant Mimir and Loki: X-Scope-OrgID on remote write and on OTLP to Loki, from",
      "CC_OTEL_PROMETHEUS_TENANT and CC_OTEL_LOKI_TENANT, which you add to values.yaml's extraEnvs beside the",
      "backends' URLs; while either is unset the collector refuses to start and names it.",
    ],
  },
} as const;
export type HelmOverlay = keyof typeof HELM_OVERLAYS;

/**
 * k8s/helm/values-<overlay>.yaml: stack/collector/<overlay>.yaml under `alternateConfig:`, which Helm
 * merges into values.yaml's (maps merge, lists are replaced: the overlays hold no list). backend-auth
 * also loads its Secret; Helm would REPLACE values.yaml's extraEnvsFrom with a list of its own, so the
 * list here is values.yaml's (if it has one) plus the Secret.
 */
export function renderHelmOverlay(overlay: HelmOverlay, root: string = REPO_ROOT): string {
  const read = reader(root);
  const lines = [
    `# Second values file for the Helm chart, after values.yaml: ${overlay}.`,
    ...HELM_OVERLAYS[overlay].usage.map((l) => `# ${l}`),
    "#",
    "#   helm upgrade --install cc-otel open-telemetry/opentelemetry-collector \\",
    `#     --namespace cc-otel --create-namespace --values k8s/helm/values.yaml --values k8s/helm/values-${overlay}.yaml`,
    "#",
    `# GENERATED by \`pnpm generate\` from stack/collector/${overlay}.yaml${overlay === "backend-auth" ? ` and ${HELM_VALUES_TEMPLATE} (extraEnvsFrom)` : ""}:`,
    `# edit ${overlay === "backend-auth" ? "those" : "that"}, not this file (a test fails when this file is stale).`,
    "",
    "# The overlay, merged by Helm into values.yaml's alternateConfig (maps merge; the overlay holds no list).",
    "alternateConfig:",
    indent(read(`stack/collector/${overlay}.yaml`), "  "),
  ];
  if (overlay === "backend-auth") {
    const base = parse(read(HELM_VALUES_TEMPLATE)) as { extraEnvsFrom?: unknown[] };
    lines.push(
      "# Helm replaces lists instead of merging them: values.yaml's extraEnvsFrom (if any), and the Secret.",
      stringify({
        extraEnvsFrom: [...(base.extraEnvsFrom ?? []), { secretRef: { name: BACKEND_AUTH_SECRET } }],
      }).trimEnd(),
    );
  }
  return `${lines.join("\n")}\n`;
}

export function generatedFiles(root: string = REPO_ROOT): GeneratedFile[] {
  const read = reader(root);
  const copy = (path: string, from: string): GeneratedFile => ({ path, content: read(from), from });
  return [
    copy("k8s/base/collector/config.yaml", "stack/collector/config.yaml"),
    ...COMPONENT_OVERLAYS.map((o) =>
      copy(`k8s/components/${o}/collector/${o}.yaml`, `stack/collector/${o}.yaml`),
    ),
    copy("k8s/components/scale-out/collector/router.yaml", "stack/collector/router.yaml"),
    {
      path: "k8s/helm/values.yaml",
      content: renderHelmValues(root),
      from: `${HELM_VALUES_TEMPLATE} + stack/collector/config.yaml + stack/versions.json + ${ENDPOINTS_ENV}`,
    },
    ...(Object.keys(HELM_OVERLAYS) as HelmOverlay[]).map((o) => ({
      path: `k8s/helm/values-${o}.yaml`,
      content: renderHelmOverlay(o, root),
      from: `stack/collector/${o}.yaml${o === "backend-auth" ? ` + ${HELM_VALUES_TEMPLATE}` : ""}`,
    })),
    {
      path: "k8s/base/statefulset.yaml",
      content: renderWorkload(root),
      from: `${WORKLOAD_TEMPLATE} + stack/versions.json (collector.image)`,
    },
    {
      path: "k8s/components/scale-out/router-deployment.yaml",
      content: renderRouter(root),
      from: `${ROUTER_TEMPLATE} + stack/versions.json (collector.image)`,
    },
    ...operatorFiles(root),
  ];
}
