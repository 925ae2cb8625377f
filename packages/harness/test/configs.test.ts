import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SENSITIVE_EVENT_ATTRIBUTES } from "@cc-otel/contract";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { collectorBinary, prometheusBinaries } from "../src/binaries.js";
import { STACK_DIR } from "../src/paths.js";
import { renderPrometheusConfig } from "../src/stack.js";

const collectorConfig = join(STACK_DIR, "collector/config.yaml");

describe("collector config", () => {
  it("is valid for the real collector binary, with compose's environment and without any", () => {
    const bin = collectorBinary();
    for (const env of [
      {},
      {
        CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL: "http://prometheus:9090/api/v1/write",
        CC_OTEL_LOG_CONTENT: "true",
      },
    ]) {
      const res = spawnSync(bin, ["validate", `--config=${collectorConfig}`], {
        env: { ...process.env, ...env },
        encoding: "utf8",
      });
      expect(res.status, res.stderr).toBe(0);
    }
  });

  it("rejects a broken config at start-up with a clear error", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-otel-cfg-"));
    const broken = join(dir, "broken.yaml");
    writeFileSync(
      broken,
      readFileSync(collectorConfig, "utf8").replace("delta_to_cumulative:", "delta_to_cumulativ:"),
    );
    const res = spawnSync(collectorBinary(), ["validate", `--config=${broken}`], { encoding: "utf8" });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/delta_to_cumulativ/);
  });

  it("removes every sensitive event attribute the contract names", () => {
    const text = readFileSync(collectorConfig, "utf8");
    for (const key of SENSITIVE_EVENT_ATTRIBUTES)
      expect(text).toContain(`delete_key(log.attributes, "${key}")`);
  });

  it("reads every backend endpoint from the environment", () => {
    const cfg = parse(readFileSync(collectorConfig, "utf8"));
    expect(cfg.exporters.prometheus_remote_write.endpoint).toMatch(
      /^\$\{env:CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL/,
    );
    expect(cfg.exporters["otlp_http/loki"].endpoint).toMatch(/^\$\{env:CC_OTEL_LOKI_OTLP_URL/);
    // delta->cumulative must come after session.id removal, so sessions of a user share a stream.
    const procs: string[] = cfg.service.pipelines.metrics.processors;
    expect(procs[0]).toBe("memory_limiter");
    expect(procs.indexOf("transform/cardinality")).toBeLessThan(procs.indexOf("delta_to_cumulative"));
    // ...and cumulative input must become per-session deltas before session.id goes.
    expect(procs.indexOf("cumulative_to_delta")).toBeLessThan(procs.indexOf("transform/cardinality"));
  });
});

describe("prometheus config", () => {
  it("passes promtool check config, as shipped and as the harness renders it", () => {
    const { promtool } = prometheusBinaries();
    const dir = mkdtempSync(join(tmpdir(), "cc-otel-prom-"));
    const file = join(dir, "prometheus.yml");
    writeFileSync(file, renderPrometheusConfig("127.0.0.1:8888"));
    const res = spawnSync(promtool, ["check", "config", file], { encoding: "utf8" });
    expect(res.status, res.stdout + res.stderr).toBe(0);
  });
});

describe("compose's collector command", () => {
  const compose = () =>
    parse(readFileSync(join(STACK_DIR, "compose.yaml"), "utf8")) as {
      services: { "otel-collector": { command: string[]; volumes: string[] } };
    };

  it("merges an auth overlay chosen by CC_OTEL_RECEIVER_AUTH, open by default", () => {
    const svc = compose().services["otel-collector"];
    expect(svc.command).toEqual([
      "--config=/etc/otelcol/config.yaml",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolates this, not JS
      "--config=/etc/otelcol/${CC_OTEL_RECEIVER_AUTH:-open}.yaml",
    ]);
    for (const overlay of ["open", "auth"])
      expect(svc.volumes).toContain(`./collector/${overlay}.yaml:/etc/otelcol/${overlay}.yaml:ro`);
  });

  it("is valid for the real collector with either overlay; auth refuses to start without a token", () => {
    const run = (overlay: string, env: Record<string, string> = {}) =>
      spawnSync(
        collectorBinary(),
        [
          "validate",
          `--config=${collectorConfig}`,
          `--config=${join(STACK_DIR, `collector/${overlay}.yaml`)}`,
        ],
        {
          env: { ...process.env, ...env },
          encoding: "utf8",
        },
      );
    expect(run("open").status, run("open").stderr).toBe(0);
    expect(run("auth", { CC_OTEL_RECEIVER_TOKEN: "s3cret" }).status).toBe(0);
    const noToken = run("auth", { CC_OTEL_RECEIVER_TOKEN: "" });
    expect(noToken.status).not.toBe(0);
  });
});
