import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  COLLECTOR,
  CONNECTOR,
  EXPORTER,
  EXTENSION,
  PIPELINE,
  PROCESSOR,
  RECEIVER,
  SELF_METRIC_PREFIX,
} from "@cc-otel/collector/names";
import {
  CLI_DEFAULTS,
  EVENT_COUNT,
  EVENT_METRIC_NAMES,
  eventMetricSeries,
  LOKI_SELECTOR,
  LOKI_STREAM_LABELS,
  PROMETHEUS_SERIES,
} from "@cc-otel/contract";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/paths.js";

/**
 * Every name has one owner, and is spelled only there: Prometheus series, the Loki selector and the
 * OTLP ports in @cc-otel/contract; the collector's job, service, ports, component ids and
 * self-metrics in @cc-otel/collector. A name spelled elsewhere goes stale when its owner changes it:
 * an alert on a renamed exporter, a docs script waiting for a series that no longer exists.
 *
 * Only literals count (strings, templates, regular expressions, numbers), read with the TypeScript
 * parser: comments, and the titles of tests, are prose. A file that must spell a name — plain Node
 * run before anything is built, a test whose expectation is the written-out text — is listed in
 * ALLOWED with why; an entry that no longer matches anything fails too, so the list stays true.
 */

interface Rule {
  readonly name: string;
  /** Path prefixes (from the repository root) of the owner, where the names are spelled. */
  readonly owners: readonly string[];
  readonly use: string;
  /** The offending part of a literal's text, if any. */
  match(text: string, numeric: boolean): string | undefined;
}

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const first = (re: RegExp, text: string) => re.exec(text)?.[0];

const SERIES = [
  ...Object.values(PROMETHEUS_SERIES),
  ...EVENT_METRIC_NAMES.map(eventMetricSeries),
  EVENT_COUNT.series,
];
/** The prefix the series share (`claude_code_`): a matcher on it spells the names too. */
const SERIES_PREFIX = SERIES.reduce((p, s) => {
  let n = p.length;
  while (!s.startsWith(p.slice(0, n))) n--;
  return p.slice(0, n);
});
const OTLP_PORTS = [...new Set(Object.values(CLI_DEFAULTS.otlpPorts))];
const COLLECTOR_PORTS = [COLLECTOR.selfMetricsPort, COLLECTOR.healthPort];
const COMPONENT_IDS = [
  ...new Set<string>([
    ...Object.values(RECEIVER),
    ...Object.values(PROCESSOR),
    ...Object.values(CONNECTOR),
    ...Object.values(EXPORTER),
    ...Object.values(EXTENSION),
    ...Object.values(PIPELINE),
  ]),
];
// Ids such as `otlp`, `batch` or `logs` are ordinary words: they count only as a self-metric label
// value (`receiver="otlp"`). Ids with `_` or `/` are the collector's own spelling wherever they are.
const PLAIN_IDS = COMPONENT_IDS.filter((id) => /^[a-z]+$/.test(id));
const DISTINCT_IDS = COMPONENT_IDS.filter((id) => !PLAIN_IDS.includes(id));
const port = (ports: readonly number[]) => new RegExp(`(?<![\\w.])(${ports.join("|")})(?![\\w])`);
const word = (names: readonly string[]) =>
  new RegExp(`(?<![\\w/.-])(${names.map(reEscape).join("|")})(?![\\w/-])`);

const RULES: readonly Rule[] = [
  {
    name: "Prometheus series",
    owners: ["packages/contract/"],
    use: "promSeries(), eventMetricSeries() or EVENT_COUNT.series from @cc-otel/contract",
    match: (text) =>
      (SERIES_PREFIX.length > 3
        ? first(new RegExp(`${reEscape(SERIES_PREFIX)}[\\w.*+]*`), text)
        : undefined) ?? first(word(SERIES), text),
  },
  {
    name: "Loki selector",
    owners: ["packages/contract/"],
    use: "LOKI_SELECTOR (and LOKI_FIELDS) from @cc-otel/contract",
    match: (text) =>
      text.includes(LOKI_SELECTOR)
        ? LOKI_SELECTOR
        : first(new RegExp(`${LOKI_STREAM_LABELS.serviceName}\\s*=~?\\s*\\\\?["'\`][^"'\`\\\\]*`), text),
  },
  {
    name: "OTLP port",
    owners: ["packages/contract/"],
    use: "CLI_DEFAULTS.otlpPorts from @cc-otel/contract",
    match: (text) => first(port(OTLP_PORTS), text),
  },
  {
    name: "collector vocabulary",
    owners: ["packages/collector/"],
    use: "COLLECTOR, SELF_METRICS or the component ids of @cc-otel/collector/names",
    match: (text, numeric) =>
      numeric
        ? first(port(COLLECTOR_PORTS), text)
        : (first(new RegExp(`${reEscape(SELF_METRIC_PREFIX)}\\w*`), text) ??
          first(word([COLLECTOR.service, COLLECTOR.job]), text) ??
          first(port(COLLECTOR_PORTS), text) ??
          first(word(DISTINCT_IDS), text) ??
          first(
            new RegExp(`\\b(receiver|processor|exporter|connector)=\\\\?"(${PLAIN_IDS.join("|")})\\\\?"`),
            text,
          )),
  },
];

/** Files that spell a name on purpose, by rule, and why. */
const ALLOWED: readonly { file: string; rule: Rule["name"]; why: string }[] = [
  {
    file: "scripts/lib/stack-usage.mjs",
    rule: "OTLP port",
    why: "plain Node that `pnpm stack:up` runs before any package is built; test/stack-usage.test.ts checks its ports against the contract's",
  },
  {
    file: "packages/otlp-sink/src/cli.ts",
    rule: "OTLP port",
    why: "a stand-in receiver with no workspace dependency; its CLI listens on the standard OTLP ports like any receiver",
  },
  {
    file: "apps/simulator/test/options.test.ts",
    rule: "OTLP port",
    why: "the endpoints a user gets, written out as the expectation",
  },
  {
    file: "packages/doctor/test/config.test.ts",
    rule: "OTLP port",
    why: "the endpoints a user sets, written out, and conventional-port mistakes the doctor must name",
  },
  {
    file: "packages/doctor/test/unit.test.ts",
    rule: "OTLP port",
    why: "the endpoints a user sets, written out as the expectation",
  },
  {
    file: "packages/otlp-client/test/env.test.ts",
    rule: "OTLP port",
    why: "the URLs the OpenTelemetry specification gives for each setting, written out as the expectation",
  },
  {
    file: "packages/doctor/test/unit.test.ts",
    rule: "Loki selector",
    why: "the probe's LogQL as the doctor documents it, written out as the expectation",
  },
  {
    file: "packages/doctor/test/doctor.test.ts",
    rule: "Loki selector",
    why: "the fake Loki API accepts only the documented LogQL, written out",
  },
  {
    file: "packages/alerts/test/generated.test.ts",
    rule: "Prometheus series",
    why: "a pattern that finds every series name in the rule files, to compare them with the contract's",
  },
  ...["builders", "queries", "resolve"].flatMap((t) =>
    (["Prometheus series", "Loki selector"] as const)
      .filter((rule) => !(t === "resolve" && rule === "Loki selector"))
      .map((rule) => ({
        file: `packages/dashboard/test/${t}.test.ts`,
        rule,
        why: "queries written out as Grafana receives them, and deliberately wrong names the checks must catch",
      })),
  ),
  {
    file: "packages/dashboard/test/resolve.test.ts",
    rule: "collector vocabulary",
    why: "reads the delta-to-cumulative processor's max_stale from config.yaml's text, which the dashboard's look-back follows",
  },
  ...["manifests", "helm"].flatMap((t) =>
    (["OTLP port", "collector vocabulary"] as const).map((rule) => ({
      file: `packages/k8s/test/${t}.test.ts`,
      rule,
      why: "the Kubernetes objects' ports and names as kubectl shows them, written out as the expectation",
    })),
  ),
];

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: Rule;
  readonly found: string;
}

const TEST_CALLS = new Set(["describe", "it", "test", "suite", "bench"]);

/** `it("title", ...)`, `it.each(rows)("title", ...)`, `describe.skipIf(x)("title", ...)`. */
function isTestTitle(node: ts.Node): boolean {
  let arg: ts.Node = node;
  while (ts.isTemplateSpan(arg.parent) || ts.isTemplateExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== arg) return false;
  let callee: ts.Expression = call.expression;
  for (;;) {
    if (ts.isCallExpression(callee)) callee = callee.expression;
    else if (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
    else break;
  }
  return ts.isIdentifier(callee) && TEST_CALLS.has(callee.text);
}

/** The text of each literal of a source file, with its line; test titles left out. */
function literals(file: string, source: string): { line: number; text: string; numeric: boolean }[] {
  const kind = /\.[mc]?js$/.test(file)
    ? ts.ScriptKind.JS
    : file.endsWith("x")
      ? ts.ScriptKind.TSX
      : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const out: { line: number; text: string; numeric: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    const numeric = ts.isNumericLiteral(node);
    if (
      numeric ||
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isRegularExpressionLiteral(node)
    ) {
      if (!isTestTitle(node)) {
        const text = ts.isNumericLiteral(node)
          ? String(Number(node.text))
          : (node as ts.LiteralLikeNode).text;
        out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text, numeric });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function findings(file: string, source: string): Finding[] {
  const out: Finding[] = [];
  for (const lit of literals(file, source))
    for (const rule of RULES) {
      if (rule.owners.some((o) => file.startsWith(o))) continue;
      const found = rule.match(lit.text, lit.numeric);
      if (found !== undefined) out.push({ file, line: lit.line, rule, found });
    }
  return out;
}

/** Source files git knows (tracked, or new and not ignored). */
function sourceFiles(): string[] {
  const list = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(list.split("\0"))].filter(
    (f) => /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(f) && !f.endsWith(".d.ts"),
  );
}

describe("names are spelled only by their owners", () => {
  const files = sourceFiles();
  const all = files.flatMap((file) => {
    let source: string;
    try {
      source = readFileSync(join(REPO_ROOT, file), "utf8");
    } catch {
      return []; // deleted in the work tree
    }
    return findings(file, source);
  });
  const allowed = (f: Finding) => ALLOWED.some((a) => a.file === f.file && a.rule === f.rule.name);

  it("knows the series' common prefix (a matcher on it spells every series)", () => {
    expect(SERIES_PREFIX).toMatch(/^[a-z]+_[a-z_]*$/);
  });

  it("scans the repository's sources", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain("packages/alerts/src/rules/collector.ts");
    expect(files).toContain("scripts/stack.mjs");
  });

  it("nowhere else", () => {
    const report = all
      .filter((f) => !allowed(f))
      .map((f) => `${f.file}:${f.line}: ${f.rule.name} \`${f.found}\` — use ${f.rule.use}`);
    expect(report, `\n${report.join("\n")}\n`).toEqual([]);
  });

  it("every exception is still needed", () => {
    const stale = ALLOWED.filter((a) => !all.some((f) => f.file === a.file && f.rule.name === a.rule)).map(
      (a) => `${a.file} (${a.rule}) spells no such name any more: drop it from ALLOWED`,
    );
    expect(stale).toEqual([]);
  });
});

describe("the scan (so that an empty report means something)", () => {
  // Names are interpolated here: this file must not spell them either.
  const series = PROMETHEUS_SERIES["claude_code.cost.usage"];
  const eventMetric = eventMetricSeries("claude_code.tool.duration");
  const sample = [
    `const a = "sum(${series})";`,
    `const b = \`rate(${eventMetric}[5m]) \${x}\`;`,
    `const c = /\\{${SERIES_PREFIX}.+\\}/;`,
    `const d = '${LOKI_SELECTOR} | x';`,
    `const e = { port: ${CLI_DEFAULTS.otlpPorts.grpc} };`,
    `const f = "http://127.0.0.1:${CLI_DEFAULTS.otlpPorts["http/protobuf"]}/v1/logs";`,
    `const g = "${SELF_METRIC_PREFIX}exporter_queue_size";`,
    `const h = \`exporter="${EXPORTER.loki}"\`;`,
    `const i = 'receiver="${RECEIVER.otlp}"';`,
    `const j = "pnpm stack:logs ${COLLECTOR.service}";`,
    `const k = ${COLLECTOR.selfMetricsPort};`,
    `const l = "add ${PROCESSOR.deltaToCumulative} to the pipeline";`,
    `// ${series} in a comment is prose`,
    `it("${EXPORTER.prometheus} in a test title is prose", () => {});`,
    `it.each([1])(\`${COLLECTOR.job} \${"x"}\`, () => {});`,
    `const ok = ["otlp", "batch", "logs", 43170, "cc-${COLLECTOR.service}", "${EXPORTER.loki}x"];`,
  ].join("\n");

  it("finds every kind of name in strings, templates, regular expressions and numbers", () => {
    const got = findings("packages/x/src/sample.ts", sample).map((f) => [f.line, f.rule.name]);
    expect(got).toEqual([
      [1, "Prometheus series"],
      [2, "Prometheus series"],
      [3, "Prometheus series"],
      [4, "Loki selector"],
      [5, "OTLP port"],
      [6, "OTLP port"],
      [7, "collector vocabulary"],
      [8, "collector vocabulary"],
      [9, "collector vocabulary"],
      [10, "collector vocabulary"],
      [11, "collector vocabulary"],
      [12, "collector vocabulary"],
    ]);
  });

  it("lets each owner spell its own names", () => {
    expect(findings("packages/contract/src/x.ts", sample).map((f) => f.rule.name)).not.toContain(
      "Prometheus series",
    );
    expect(findings("packages/collector/src/x.ts", sample).map((f) => f.rule.name)).not.toContain(
      "collector vocabulary",
    );
  });

  it("reads plain Node scripts too", () => {
    expect(findings("scripts/x.mjs", `export const p = ${CLI_DEFAULTS.otlpPorts.grpc};`)).toHaveLength(1);
  });
});
