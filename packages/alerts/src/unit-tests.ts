import { stringify } from "yaml";
import type { AlertCase, AlertRule, RuleFile } from "./model.js";
import { expandTemplate } from "./templates.js";

/**
 * promtool unit tests (`promtool test rules`) from the cases each alert carries: one test group per
 * case, expecting exactly the listed alerts FIRING at the case's time — full labels and the
 * annotations as Prometheus renders them — or none at all for a quiet case.
 */
export interface PromtoolTestOptions {
  /** Absolute paths of the rule files to load (alerts, budget, optional). */
  readonly ruleFiles: readonly string[];
  /** Values of the `query` templates in annotations (e.g. the test budget). */
  readonly queries: Readonly<Record<string, number>>;
}

function caseGroup(
  a: AlertRule,
  c: AlertCase,
  kind: "fires" | "quiet",
  opts: PromtoolTestOptions,
  interval: string,
) {
  return {
    name: `${a.alert} ${kind}: ${c.title}`,
    interval,
    input_series: c.series.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: [
      {
        eval_time: c.at,
        alertname: a.alert,
        exp_alerts: c.expect.map((e) => {
          const labels = { ...a.labels, severity: a.severity, ...e.labels };
          const ctx = { labels, value: e.value, queries: opts.queries };
          return {
            exp_labels: labels,
            exp_annotations: {
              summary: expandTemplate(a.summary, ctx),
              description: expandTemplate(a.description, ctx),
            },
          };
        }),
      },
    ],
  };
}

/** One promtool test file for one alert (the evaluation interval is per file). */
export function promtoolTestFile(a: AlertRule, opts: PromtoolTestOptions): string {
  const interval = a.tests.interval ?? "1m";
  const tests = [
    ...a.tests.fires.map((c) => caseGroup(a, c, "fires", opts, interval)),
    ...a.tests.quiet.map((c) => caseGroup(a, c, "quiet", opts, interval)),
  ];
  return stringify(
    { rule_files: [...opts.ruleFiles], evaluation_interval: interval, tests },
    { lineWidth: 0, indentSeq: true },
  );
}

export function alertsOf(...files: RuleFile[]): AlertRule[] {
  return files.flatMap((f) => f.groups.flatMap((g) => g.alerts));
}
