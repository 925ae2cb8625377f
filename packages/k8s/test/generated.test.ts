import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { collectorImage, GENERATE_COMMAND, generatedFiles, staleFiles } from "../src/generate.js";
import { REPO_ROOT } from "../src/paths.js";

const read = (rel: string) => readFileSync(join(REPO_ROOT, rel), "utf8");

describe("generated files under k8s/", () => {
  it("are up to date with stack/ (else: run the generate command)", () => {
    const stale = staleFiles().map((f) => `${f.path} (from ${f.from})`);
    expect(stale, `stale generated files; run \`${GENERATE_COMMAND}\` and commit the result`).toEqual([]);
  });

  it("copy the collector config and the auth and TLS overlays byte for byte", () => {
    expect(read("k8s/base/collector/config.yaml")).toBe(read("stack/collector/config.yaml"));
    expect(read("k8s/components/auth/collector/auth.yaml")).toBe(read("stack/collector/auth.yaml"));
    expect(read("k8s/components/tls/collector/tls.yaml")).toBe(read("stack/collector/tls.yaml"));
  });

  it("pin the collector image of stack/versions.json in the Deployment and the Helm values", () => {
    const { image, repository, tag } = collectorImage();
    expect(read("k8s/base/deployment.yaml")).toContain(`image: ${image}\n`);
    const values = parse(read("k8s/helm/values.yaml"));
    expect(values.image).toMatchObject({ repository, tag });
    expect(repository).toBe("otel/opentelemetry-collector-contrib");
  });

  it("cover every file that has a generated header or a stack source", () => {
    expect(generatedFiles().map((f) => f.path)).toEqual([
      "k8s/base/collector/config.yaml",
      "k8s/components/auth/collector/auth.yaml",
      "k8s/components/tls/collector/tls.yaml",
      "k8s/helm/values.yaml",
      "k8s/base/deployment.yaml",
    ]);
  });
});

describe("stack/collector/auth.yaml", () => {
  const config = parse(read("stack/collector/config.yaml"));
  const auth = parse(read("stack/collector/auth.yaml"));

  it("repeats every extension of config.yaml (merging config files replaces lists)", () => {
    const base: string[] = config.service.extensions;
    const merged: string[] = auth.service.extensions;
    expect(merged).toEqual(expect.arrayContaining(base));
    expect(merged).toContain("bearertokenauth/receiver");
  });

  it("puts the bearer token authenticator on both OTLP protocols, with the token from the environment", () => {
    expect(auth.receivers.otlp.protocols.grpc.auth.authenticator).toBe("bearertokenauth/receiver");
    expect(auth.receivers.otlp.protocols.http.auth.authenticator).toBe("bearertokenauth/receiver");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
    expect(auth.extensions["bearertokenauth/receiver"].token).toBe("${env:CC_OTEL_RECEIVER_TOKEN}");
    // An overlay only: no pipelines, exporters or processors of its own.
    expect(Object.keys(auth).sort()).toEqual(["extensions", "receivers", "service"]);
    expect(Object.keys(auth.service)).toEqual(["extensions"]);
  });
});

describe("stack/collector/tls.yaml", () => {
  const tls = parse(read("stack/collector/tls.yaml"));

  it("holds no list (merging config files replaces lists) and nothing but the receivers' tls", () => {
    const lists: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) lists.push(path);
      else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, `${path}.${k}`);
    };
    walk(tls, "");
    expect(lists).toEqual([]);
    expect(Object.keys(tls)).toEqual(["receivers"]);
    expect(Object.keys(tls.receivers.otlp.protocols.grpc)).toEqual(["tls"]);
    expect(Object.keys(tls.receivers.otlp.protocols.http)).toEqual(["tls"]);
  });

  it("reads the certificate and key from the environment (components/tls, compose and the harness set it)", () => {
    for (const protocol of ["grpc", "http"]) {
      const t = tls.receivers.otlp.protocols[protocol].tls;
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
      expect(t.cert_file).toBe("${env:CC_OTEL_TLS_CERT_FILE}");
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
      expect(t.key_file).toBe("${env:CC_OTEL_TLS_KEY_FILE}");
    }
  });
});
