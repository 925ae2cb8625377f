import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PACKAGE_DIR, REPO_ROOT } from "./paths.js";

/**
 * Files under k8s/ that are GENERATED from the stack, so that Kubernetes runs exactly the collector
 * config docker compose and the native harness run:
 * - k8s/base/collector/config.yaml, k8s/components/auth/collector/auth.yaml and
 *   k8s/components/tls/collector/tls.yaml: byte-identical copies of stack/collector/*.yaml (kustomize
 *   refuses to read files outside a kustomization's directory);
 * - k8s/helm/values.yaml: packages/k8s/templates/helm-values.yaml with the collector config embedded
 *   (Helm values cannot include a file) and the image of stack/versions.json;
 * - the image line of k8s/base/deployment.yaml, pinned to stack/versions.json.
 */
export interface GeneratedFile {
  /** Path relative to the repository root. */
  path: string;
  /** What the file must contain. */
  content: string;
  /** Where it comes from, for messages. */
  from: string;
}

export const GENERATE_COMMAND = "pnpm --filter @cc-otel/k8s generate";

const read = (rel: string) => readFileSync(join(REPO_ROOT, rel), "utf8");

/** The collector image every deployment pins: stack/versions.json collector.image. */
export function collectorImage(): { image: string; repository: string; tag: string } {
  const versions = JSON.parse(read("stack/versions.json")) as { collector: { image: string } };
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

function fill(template: string, placeholder: string, value: string): string {
  if (!template.includes(placeholder)) throw new Error(`template lacks the placeholder ${placeholder}`);
  return template.split(placeholder).join(value);
}

/** k8s/helm/values.yaml, rendered from its template. */
export function renderHelmValues(): string {
  const template = readFileSync(join(PACKAGE_DIR, "templates/helm-values.yaml"), "utf8");
  const { repository, tag } = collectorImage();
  // The config goes in as a YAML block under `alternateConfig:`, comments and all.
  const configLine = /^( *)# @@COLLECTOR_CONFIG@@.*$/m.exec(template);
  if (!configLine) throw new Error("templates/helm-values.yaml lacks the line '# @@COLLECTOR_CONFIG@@ ...'");
  const config = indent(read("stack/collector/config.yaml"), configLine[1] ?? "");
  let out = template.replace(configLine[0], () => config);
  out = fill(out, "@@IMAGE_REPOSITORY@@", repository);
  out = fill(out, "@@IMAGE_TAG@@", tag);
  return out;
}

const IMAGE_LINE = /^(\s*image:\s*)otel\/opentelemetry-collector-contrib:\S+$/m;

/** k8s/base/deployment.yaml with its image pinned to stack/versions.json. */
export function renderDeployment(): string {
  const current = read("k8s/base/deployment.yaml");
  if (!IMAGE_LINE.test(current)) {
    throw new Error(
      "k8s/base/deployment.yaml has no 'image: otel/opentelemetry-collector-contrib:<tag>' line",
    );
  }
  return current.replace(IMAGE_LINE, (_m, lead: string) => `${lead}${collectorImage().image}`);
}

export function generatedFiles(): GeneratedFile[] {
  return [
    {
      path: "k8s/base/collector/config.yaml",
      content: read("stack/collector/config.yaml"),
      from: "stack/collector/config.yaml",
    },
    {
      path: "k8s/components/auth/collector/auth.yaml",
      content: read("stack/collector/auth.yaml"),
      from: "stack/collector/auth.yaml",
    },
    {
      path: "k8s/components/tls/collector/tls.yaml",
      content: read("stack/collector/tls.yaml"),
      from: "stack/collector/tls.yaml",
    },
    {
      path: "k8s/helm/values.yaml",
      content: renderHelmValues(),
      from: "packages/k8s/templates/helm-values.yaml + stack/collector/config.yaml + stack/versions.json",
    },
    {
      path: "k8s/base/deployment.yaml",
      content: renderDeployment(),
      from: "stack/versions.json (collector.image)",
    },
  ];
}

function currentContent(rel: string): string | undefined {
  try {
    return read(rel);
  } catch {
    return undefined;
  }
}

/** Generated files whose committed content differs from what generation gives. */
export function staleFiles(): GeneratedFile[] {
  return generatedFiles().filter((f) => currentContent(f.path) !== f.content);
}

/** Writes every stale generated file; returns the ones written. */
export function writeGeneratedFiles(): GeneratedFile[] {
  const stale = staleFiles();
  for (const f of stale) {
    mkdirSync(dirname(join(REPO_ROOT, f.path)), { recursive: true });
    writeFileSync(join(REPO_ROOT, f.path), f.content);
  }
  return stale;
}
