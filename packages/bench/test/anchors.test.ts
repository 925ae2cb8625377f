import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ANCHORS, ourComponents, type PreparedAnchor, prepareAnchor } from "../src/anchors.js";
import { mergedConfig, validate } from "../src/collector.js";

// What the anchors benchmark claims to run, checked against the real collector binary; nothing is timed.

type Pipelines = Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }>;

let dir: string;
let prepared: PreparedAnchor[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-otel-bench-anchors-test-"));
  const have = ourComponents();
  prepared = ANCHORS.map((a) => prepareAnchor(a, dir, have));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("anchor fixtures", () => {
  it.each(ANCHORS.map((a) => [a.title, a.file]))("%s names its source, commit and licence", (_, file) => {
    const header = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("#"))
      .join("\n");
    expect(header).toMatch(/https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\//);
    expect(header).toMatch(/[Ll]icence/);
  });
});

describe("anchor configs as the benchmark runs them", () => {
  it("are valid for our collector binary", () => {
    for (const p of prepared) expect(validate([], p.variant.base), p.anchor.title).toBeNull();
  });

  it("keep the anchor's pipelines, receivers and processors; every exporter is nop", () => {
    for (const p of prepared) {
      const original = parse(readFileSync(p.anchor.file, "utf8")).service.pipelines as Pipelines;
      const merged = mergedConfig([], p.variant.base).service.pipelines;
      expect(Object.keys(merged).sort(), p.anchor.title).toEqual(Object.keys(original).sort());
      for (const [name, q] of Object.entries(original)) {
        expect(merged[name]?.receivers, name).toEqual(q.receivers);
        expect(merged[name]?.processors ?? [], name).toEqual(q.processors ?? []);
        expect(merged[name]?.exporters, name).toEqual(["nop"]);
      }
    }
  });

  it("report what our build lacks (a deprecated alias it still accepts is not missing)", () => {
    const by = Object.fromEntries(prepared.map((p) => [p.anchor.title, p]));
    expect(by["ColeMurray/claude-code-otel"]?.missing).toEqual(["exporter prometheus"]);
    expect(by["anthropics/claude-code-monitoring-guide"]?.missing).toEqual(["exporter prometheus"]);
  });

  it("load only the signals the anchor has an OTLP pipeline for", () => {
    const by = Object.fromEntries(prepared.map((p) => [p.anchor.title, p.signals]));
    expect(by["ColeMurray/claude-code-otel"]).toEqual(["metrics", "logs"]);
    expect(by["anthropics/claude-code-monitoring-guide"]).toEqual(["metrics"]);
  });
});
