/**
 * What an alert is made of here: the Prometheus rule, the runbook the reference prints, and the
 * promtool unit-test cases that prove it fires when it should and stays quiet when it should not.
 * Every alert must carry both kinds of case (the types do not let one be forgotten).
 */

export type Severity = "critical" | "warning" | "info";

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  /** Shown in the reference. */
  readonly help: string;
}

export interface Runbook {
  /** What it means, in one or two sentences. */
  readonly meaning: string;
  /** Likely causes, most common first. */
  readonly causes: readonly string[];
  /** What to do, in order. */
  readonly actions: readonly string[];
  /** A query (PromQL/LogQL) or command that confirms the diagnosis. */
  readonly confirm?: string;
}

/** One promtool alert_rule_test case, written in promtool's series notation. */
export interface AlertCase {
  readonly title: string;
  readonly series: ReadonlyArray<{ readonly series: string; readonly values: string }>;
  /** Evaluation time (promtool duration from the start of the series). */
  readonly at: string;
  /** The alerts expected FIRING at `at` (labels besides alertname and the rule's own; $value). Empty = quiet. */
  readonly expect: ReadonlyArray<{
    readonly labels: Readonly<Record<string, string>>;
    readonly value: number;
  }>;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  /** Extra labels besides severity (component...). */
  readonly labels: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly description: string;
  readonly runbook: Runbook;
  /** promtool cases: at least one firing and one quiet. */
  readonly tests: {
    readonly fires: readonly [AlertCase, ...AlertCase[]];
    readonly quiet: readonly [AlertCase, ...AlertCase[]];
    /** Evaluation interval of the test file (series samples use the same step). Default 1m. */
    readonly interval?: string;
  };
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  /** One-line purpose, written as a comment above the group and in the reference. */
  readonly help: string;
  readonly recording: readonly RecordingRule[];
  readonly alerts: readonly AlertRule[];
}

/** A rules file as Prometheus (or the Loki ruler) loads it. */
export interface RuleFile {
  /** Relative to the repository root; off-by-default files by their disabled name. */
  readonly path: string;
  readonly title: string;
  readonly loadedBy: string;
  readonly groups: readonly RuleGroup[];
}

/**
 * Annotation templates use only these forms, so the unit tests can expand them exactly
 * (src/templates.ts) and compare with what promtool renders.
 */
export const T = {
  value2: '{{ $value | printf "%.2f" }}',
  value0: '{{ $value | printf "%.0f" }}',
  percent: "{{ $value | humanizePercentage }}",
  label: (name: string) => `{{ $labels.${name} }}`,
  /** The first value of an instant query, with two decimals (empty when the query returns nothing). */
  query2: (expr: string) => `{{ with query "${expr}" }}{{ . | first | value | printf "%.2f" }}{{ end }}`,
} as const;
