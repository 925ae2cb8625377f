import { type GeneratedFile, REPO_ROOT, readRepoFile } from "@cc-otel/repo";

/**
 * Files under k8s/ that are GENERATED from the stack, so that Kubernetes runs exactly the collector
 * config docker compose and the native harness run:
 * - k8s/base/collector/config.yaml, k8s/components/auth/collector/auth.yaml and
 *   k8s/components/tls/collector/tls.yaml: byte-identical copies of stack/collector/*.yaml (kustomize
 *   refuses to read files outside a kustomization's directory);
 * - k8s/helm/values.yaml: packages/k8s/templates/helm-values.yaml with the collector config embedded
 *   (Helm values cannot include a file) and the image of stack/versions.json;
 * - k8s/base/statefulset.yaml: packages/k8s/templates/statefulset.yaml with the image of
 *   stack/versions.json. Rendered whole from a template (not patched in place) so that it can be
 *   deleted and made again;
 * - k8s/components/scale-out/router-deployment.yaml: packages/k8s/templates/router-deployment.yaml,
 *   likewise; k8s/components/scale-out/collector/router.yaml: a byte-identical copy of
 *   stack/collector/router.yaml.
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
  out = fill(out, "@@IMAGE_REPOSITORY@@", repository, HELM_VALUES_TEMPLATE);
  out = fill(out, "@@IMAGE_TAG@@", tag, HELM_VALUES_TEMPLATE);
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

export function generatedFiles(root: string = REPO_ROOT): GeneratedFile[] {
  const read = reader(root);
  const copy = (path: string, from: string): GeneratedFile => ({ path, content: read(from), from });
  return [
    copy("k8s/base/collector/config.yaml", "stack/collector/config.yaml"),
    copy("k8s/components/auth/collector/auth.yaml", "stack/collector/auth.yaml"),
    copy("k8s/components/tls/collector/tls.yaml", "stack/collector/tls.yaml"),
    copy("k8s/components/scale-out/collector/router.yaml", "stack/collector/router.yaml"),
    {
      path: "k8s/helm/values.yaml",
      content: renderHelmValues(root),
      from: `${HELM_VALUES_TEMPLATE} + stack/collector/config.yaml + stack/versions.json`,
    },
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
  ];
}
