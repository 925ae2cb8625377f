import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CONTENT_EVENT_KEYS,
  EVENT_NAMES,
  eventBody,
  METRIC_NAMES,
  MODEL_FAMILIES,
  PRICES,
  PROMETHEUS_SERIES,
} from "@cc-otel/contract";
import { parser as logqlParser } from "@grafana/lezer-logql";
import type { Tree } from "@lezer/common";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import {
  ALERTS_GENERATE_COMMAND,
  ALERTS_REFERENCE_SOURCE,
  alertsPage,
  DOCS_DIR,
  describePath,
  fixAnchors,
  GENERATE_COMMAND,
  headingIds,
  PANEL_REFERENCE_SOURCE,
  panelsPage,
  REFERENCE_DIR,
  renderReferencePages,
} from "../scripts/reference.ts";

const pages = renderReferencePages();
const metricsPage = pages[`${REFERENCE_DIR}/metrics.md`] ?? "";
const eventsPage = pages[`${REFERENCE_DIR}/events.md`] ?? "";
const pricesPage = pages[`${REFERENCE_DIR}/prices.md`] ?? "";
const alertsReference = pages[`${REFERENCE_DIR}/alerts.md`] ?? "";

function committed(path: string): string | undefined {
  try {
    return readFileSync(join(DOCS_DIR, path), "utf8");
  } catch {
    return undefined;
  }
}

describe("generated reference pages", () => {
  it("include the pages taken from the dashboard and alerts packages", () => {
    expect(Object.keys(pages)).toEqual(
      expect.arrayContaining([`${REFERENCE_DIR}/dashboard-panels.md`, `${REFERENCE_DIR}/alerts.md`]),
    );
  });

  it.each(Object.keys(pages))("%s is committed and fresh", (path) => {
    const onDisk = committed(path);
    const hint = `${describePath(path)} is ${onDisk === undefined ? "missing" : "stale"}: run \`${GENERATE_COMMAND}\` and commit the result`;
    expect(onDisk, hint).toBeDefined();
    // Not toEqual on the whole text: a diff of a 300-line page would bury the hint.
    expect(onDisk === pages[path], hint).toBe(true);
  });

  it("documents every metric of the contract with its Prometheus series and an example query", () => {
    for (const name of METRIC_NAMES) {
      expect(metricsPage, name).toContain(`## ${name}\n`);
      expect(metricsPage, name).toContain(`\`${PROMETHEUS_SERIES[name]}\``);
      const section = metricsPage.split(`## ${name}\n`)[1]?.split("\n## ")[0] ?? "";
      expect(section, `${name} has an example PromQL query`).toMatch(
        new RegExp(`\`\`\`promql\\n[^\\n]*${PROMETHEUS_SERIES[name]}`),
      );
    }
  });

  it("documents every event of the contract with its body, attributes and an example query", () => {
    for (const name of EVENT_NAMES) {
      expect(eventsPage, name).toContain(`## ${name}\n`);
      expect(eventsPage, name).toContain(`\`${eventBody(name)}\``);
      const section = eventsPage.split(`## ${name}\n`)[1]?.split("\n## ")[0] ?? "";
      expect(section, `${name} has an example LogQL query`).toContain(`\`\`\`logql\n`);
      expect(section, name).toContain(`event_name="${name}"`);
    }
    for (const key of CONTENT_EVENT_KEYS) {
      expect(eventsPage).toContain(`\`${key}\``);
    }
  });

  it("keeps the OTLP value types exactly, including the string-typed numbers", () => {
    const row = (key: string) => eventsPage.split("\n").find((l) => l.startsWith(`| \`${key}\` |`)) ?? "";
    expect(row("prompt_length")).toContain("| string |");
    expect(row("cost_usd")).toContain("| double |");
    expect(row("input_tokens")).toContain("| int |");
    expect(row("success")).toContain("| string |");
  });

  it("lists every price family with its prices", () => {
    for (const family of MODEL_FAMILIES) {
      const p = PRICES[family];
      expect(pricesPage).toContain(
        `| \`${family}\` | ${p.displayName} | ${p.input.toFixed(2)} | ${p.output.toFixed(2)} |`,
      );
    }
    expect(pricesPage).toContain("0.018168 USD");
  });
});

describe("dashboard panel reference", () => {
  it("says it is not generated yet while the dashboard package has not written it", () => {
    const page = panelsPage(undefined);
    expect(page).toContain("Not generated yet");
    expect(page).toContain(GENERATE_COMMAND);
  });

  it("includes the dashboard's file once it exists, under our own title", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-otel-docs-"));
    const file = join(dir, "panel-reference.md");
    writeFileSync(
      file,
      "---\nx: 1\n---\n<!-- fixture-banner -->\n\n# Panel reference\n\nIntro.\n\n## Row one\n\n| # | panel |\n|---|---|\n| 1 | Cost burn rate |\n\nSee [the JSON](../dashboards/claude-code.json) and [Grafana](https://grafana.com).\n",
    );
    const page = renderReferencePages({ panelReferencePath: file })[`${REFERENCE_DIR}/dashboard-panels.md`];
    expect(page).toMatch(/^---\ntitle: "Dashboard panels"\n/);
    expect(page).toContain("| 1 | Cost burn rate |");
    expect(page).not.toContain("# Panel reference");
    expect(page).not.toContain("x: 1");
    expect(page).not.toContain("fixture-banner");
    expect(page).toContain("## Row one");
    // Repository-relative links would be broken on the site: they become plain paths.
    expect(page).toContain("the JSON (`../dashboards/claude-code.json`)");
    expect(page).toContain("[Grafana](https://grafana.com)");
    expect(page).not.toContain("Not generated yet");
  });

  it("reads the file the dashboard package writes", () => {
    expect(PANEL_REFERENCE_SOURCE.endsWith("packages/dashboard/generated/panel-reference.md")).toBe(true);
  });
});

describe("alerts reference", () => {
  it("says it is not generated yet while the alerts package has not written it", () => {
    const page = alertsPage(undefined);
    expect(page).toContain("Not generated yet");
    expect(page).toContain(ALERTS_GENERATE_COMMAND);
    expect(page).toContain(GENERATE_COMMAND);
  });

  it("includes the alerts package's file under our own title, banner and working anchors", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-otel-docs-"));
    const file = join(dir, "alerts-reference.md");
    writeFileSync(
      file,
      [
        "<!-- fixture-banner -->",
        "",
        "# Alert reference",
        "",
        "| alert | severity |",
        "|---|---|",
        "| [SomeAlert](#somealert) | critical |",
        "| [Other_Alert](#OtherAlert) | warning |",
        "| [Gone](#gone) | info |",
        "",
        "See [the rules](../../stack/prometheus/rules/claude-code-alerts.yml).",
        "",
        "```logql",
        "# SomeAlert is not a heading inside a code block",
        "```",
        "",
        "### SomeAlert",
        "",
        "### Other_Alert",
        "",
      ].join("\n"),
    );
    const page = renderReferencePages({ alertsReferencePath: file })[`${REFERENCE_DIR}/alerts.md`] ?? "";
    expect(page).toMatch(/^---\ntitle: "Alerts reference"\n/);
    expect(page).toContain("Do not edit by hand");
    expect(page).toContain(ALERTS_GENERATE_COMMAND);
    expect(page).toContain(GENERATE_COMMAND);
    expect(page).not.toContain("# Alert reference");
    expect(page).not.toContain("fixture-banner");
    expect(page).toContain("[SomeAlert](#somealert)");
    // An anchor the source spelled differently points at the id the site gives the heading.
    expect(page).toContain("[Other_Alert](#other_alert)");
    // One that matches no heading is left as is: the browser test reports it.
    expect(page).toContain("[Gone](#gone)");
    expect(page).toContain("the rules (`../../stack/prometheus/rules/claude-code-alerts.yml`)");
  });

  it("gives headings Starlight's ids, repeats numbered, code blocks skipped", () => {
    expect(headingIds("## A `code` heading\n```\n# not one\n```\n### Again\n### Again\n")).toEqual([
      "a-code-heading",
      "again",
      "again-1",
    ]);
    expect(fixAnchors("[x](#AGAIN)\n\n## Again\n")).toBe("[x](#again)\n\n## Again\n");
  });

  it("reads the file the alerts package writes, and every in-page link of it has its heading", () => {
    expect(ALERTS_REFERENCE_SOURCE.endsWith("packages/alerts/generated/alerts-reference.md")).toBe(true);
    expect(alertsReference).not.toContain("Not generated yet");
    const ids = new Set(headingIds(alertsReference));
    const anchors = [...alertsReference.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => m[1] ?? "");
    expect(anchors.length).toBeGreaterThan(5);
    expect(anchors.filter((a) => !ids.has(decodeURIComponent(a)))).toEqual([]);
  });
});

/** The syntax errors lezer finds in a query, with some context. */
function syntaxErrors(tree: Tree, text: string): string[] {
  const errors: string[] = [];
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) errors.push(`at ${n.from}: …${text.slice(Math.max(0, n.from - 30), n.from + 30)}…`);
    },
  });
  return errors;
}

// The contract pages' own examples. The panel and alert pages quote queries checked where they are
// made: the dashboard's after Grafana's interpolation, the alerts' by promtool.
describe("example queries of the metrics, events and prices pages", () => {
  const blocks = (lang: string) =>
    [metricsPage, eventsPage, pricesPage].flatMap((page) =>
      [...page.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\\n\`\`\``, "g"))].map((m) => m[1] ?? ""),
    );

  it("in LogQL parse (Grafana's LogQL grammar)", () => {
    const queries = blocks("logql");
    expect(queries.length).toBeGreaterThanOrEqual(EVENT_NAMES.length);
    for (const q of queries) expect(syntaxErrors(logqlParser.parse(q), q), q).toEqual([]);
  });

  it("in PromQL parse (Prometheus' PromQL grammar)", () => {
    const queries = blocks("promql");
    expect(queries.length).toBeGreaterThanOrEqual(METRIC_NAMES.length);
    for (const q of queries) expect(syntaxErrors(promqlParser.parse(q), q), q).toEqual([]);
  });

  it("would catch a broken one", () => {
    const broken = 'sum by (model) (count_over_time({service_name="claude-code"} [1h]';
    expect(syntaxErrors(logqlParser.parse(broken), broken)).not.toEqual([]);
  });
});
