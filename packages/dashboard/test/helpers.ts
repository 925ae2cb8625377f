import type { VariableModel } from "@grafana/grafana-foundation-sdk/dashboard";
import { parser as logqlParser } from "@grafana/lezer-logql";
import type { SyntaxNode, Tree } from "@lezer/common";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import {
  ALL,
  buildDashboard,
  type DatasourceKind,
  type InterpolationContext,
  interpolate,
  type PanelQuery,
  queryContext,
  type VariableValue,
} from "../src/index.js";

export interface Parsed {
  readonly text: string;
  readonly tree: Tree;
}

export function parse(kind: DatasourceKind, text: string): Parsed {
  return { text, tree: (kind === "prometheus" ? promqlParser : logqlParser).parse(text) };
}

/** Syntax errors as "offset: context" strings (empty when the query parses). */
export function syntaxErrors({ text, tree }: Parsed): string[] {
  const errors: string[] = [];
  tree.iterate({
    enter(n) {
      if (n.type.isError) errors.push(`at ${n.from}: …${text.slice(Math.max(0, n.from - 30), n.from + 30)}…`);
    },
  });
  return errors;
}

export function nodes(tree: Tree, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  tree.iterate({
    enter(n) {
      if (n.name === name) out.push(n.node);
    },
  });
  return out;
}

export function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === name) out.push(c);
    out.push(...descendants(c, name));
  }
  return out;
}

export const textOf = (p: Parsed, n: SyntaxNode) => p.text.slice(n.from, n.to);

/** A string literal's value (PromQL/LogQL double-quoted or backtick strings). */
export function unquote(literal: string): string {
  if (literal.startsWith("`")) return literal.slice(1, -1);
  return JSON.parse(literal) as string;
}

export const DASHBOARD = buildDashboard();
export const VARIABLES: readonly VariableModel[] = DASHBOARD.templating?.list ?? [];

/** Variable values to interpolate with, as a user could set them. */
export interface Scenario {
  readonly name: string;
  readonly values: Record<string, VariableValue>;
  readonly dashboardRange: string;
}

const UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const USER = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "everything All, last 24 h",
    dashboardRange: "24h",
    values: {
      department: ALL,
      team: ALL,
      user: ALL,
      terminal: ALL,
      model: ALL,
      session_id: "",
      prometheus_datasource: "prometheus",
      loki_datasource: "loki",
    },
  },
  {
    name: "one value each (Bedrock model id with dots and a colon), last 7 days",
    dashboardRange: "7d",
    values: {
      department: ["R&D (core)"],
      team: ["team-42"],
      user: [USER],
      terminal: ["iTerm.app"],
      model: ["us.anthropic.claude-sonnet-4-5-20250929-v1:0"],
      session_id: UUID,
      prometheus_datasource: "prometheus",
      loki_datasource: "loki",
    },
  },
  {
    name: "several values each, last hour",
    dashboardRange: "1h",
    values: {
      department: ["eng", "sales"],
      team: ["a", "b", "c"],
      user: [USER, "a".repeat(64)],
      terminal: ["vscode", "xterm-256color"],
      model: ["claude-opus-4-5", "claude-haiku-4-5-20251001", "claude-sonnet-4-5[1m]"],
      session_id: UUID,
      prometheus_datasource: "prometheus",
      loki_datasource: "loki",
    },
  },
  {
    name: "All, last 30 days",
    dashboardRange: "30d",
    values: {
      department: ALL,
      team: ALL,
      user: ALL,
      terminal: ALL,
      model: [".*"],
      session_id: UUID,
      prometheus_datasource: "prometheus",
      loki_datasource: "loki",
    },
  },
];

/** Evaluation time of the scenarios: 13:30 UTC, so "today so far" is 13.5 h. */
export const NOW = Date.UTC(2026, 10, 25, 13, 30);

/** The context Grafana would use for one query of a panel. */
export function contextFor(q: PanelQuery, scenario: Scenario): InterpolationContext {
  return queryContext(q, { dashboardRange: scenario.dashboardRange, now: NOW, values: scenario.values });
}

export function interpolated(q: PanelQuery, scenario: Scenario): Parsed {
  return parse(q.datasource, interpolate(q.expr, contextFor(q, scenario)));
}

/** Go duration / PromQL duration ("2m15s", "240s", "1h") in seconds. */
export function durationSeconds(d: string): number {
  const units: Record<string, number> = { ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;
  let consumed = 0;
  for (const m of d.matchAll(re)) {
    total += Number(m[1]) * (units[m[2] ?? ""] ?? Number.NaN);
    consumed += m[0].length;
  }
  if (consumed !== d.length) throw new Error(`not a duration: ${d}`);
  return total;
}
