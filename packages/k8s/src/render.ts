import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { K8S_DIR, REPO_ROOT } from "./paths.js";
import { scratch } from "./scratch.js";
import { tools } from "./tools.js";

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field in the tests
  spec?: any;
  data?: Record<string, string>;
}

export interface Rendered {
  yaml: string;
  objects: K8sObject[];
}

/** Parses a multi-document YAML stream of Kubernetes objects. */
export function parseObjects(yaml: string): K8sObject[] {
  return parseAllDocuments(yaml)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`invalid YAML: ${d.errors.map((e) => e.message).join("; ")}`);
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/**
 * A user's own overlay: k8s/base plus the named components (e.g. "tailscale", "auth"), in a scratch
 * directory, as k8s/README.md shows (kustomize wants relative paths). Returns its directory.
 */
export function ownOverlay(components: string[]): string {
  const dir = scratch("overlay");
  writeFileSync(
    join(dir, "kustomization.yaml"),
    [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "resources:",
      `  - ${relative(dir, join(K8S_DIR, "base"))}`,
      "components:",
      ...components.map((c) => `  - ${relative(dir, join(K8S_DIR, "components", c))}`),
      "",
    ].join("\n"),
  );
  return dir;
}

/** `kustomize build <dir>` (repo-relative or absolute) with the pinned kustomize. */
export function kustomizeBuild(dir: string): Rendered {
  const { kustomize } = tools("kustomize");
  const abs = isAbsolute(dir) ? dir : join(REPO_ROOT, dir);
  const res = spawnSync(kustomize, ["build", abs], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`kustomize build ${dir} failed:\n${res.stderr}`);
  return { yaml: res.stdout, objects: parseObjects(res.stdout) };
}

export interface Validation {
  ok: boolean;
  output: string;
}

/**
 * Validates every object against the Kubernetes OpenAPI schemas (offline: kubernetes-validate
 * bundles them), strictly: unknown fields are errors, as `kubectl apply --validate=strict` makes them.
 */
export function validateObjects(yaml: string, kubernetesVersion: string): Validation {
  const validator = tools("kubernetes-validate")["kubernetes-validate"];
  const file = join(scratch("validate"), "objects.yaml");
  writeFileSync(file, yaml);
  const res = spawnSync(validator, ["--strict", "--kubernetes-version", kubernetesVersion, file], {
    encoding: "utf8",
  });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`)}`);
  return found;
}

/** A generated ConfigMap keeps its base name plus a content hash (cc-otel-endpoints-5h2k...). */
export function findGenerated(objects: K8sObject[], kind: string, baseName: string): K8sObject {
  const found = objects.filter(
    (o) => o.kind === kind && new RegExp(`^${baseName}-[a-z0-9]{10}$`).test(o.metadata.name),
  );
  if (found.length !== 1)
    throw new Error(`expected one generated ${kind} ${baseName}-<hash>, found ${found.length}`);
  return found[0] as K8sObject;
}
