import type { AlertRule, AlertsReferenceData, RuleFile, Runbook } from "@cc-otel/alerts";
import { CONNECTOR } from "@cc-otel/collector/names";
import { anchor, banner, frontmatter, page } from "./markdown.js";

/** The alerts page: every alert with its runbook, from @cc-otel/alerts' data. */

// Expressions go in inline code in tables: a backtick inside would end it.
const code = (s: string) => `\`${s.replaceAll("`", "'")}\``;

function runbookSection(rb: Runbook, lang: "promql" | "logql"): string[] {
  const out = [
    `**What it means.** ${rb.meaning}`,
    "",
    "**Likely causes.**",
    "",
    ...rb.causes.map((c) => `- ${c}`),
    "",
    "**What to do.**",
    "",
    ...rb.actions.map((a, i) => `${i + 1}. ${a}`),
    "",
  ];
  if (rb.confirm) out.push("**Confirm.**", "", `\`\`\`${lang}`, rb.confirm, "```", "");
  return out;
}

function alertSection(a: AlertRule, file: RuleFile, group: string): string[] {
  const cases = (list: readonly { title: string }[]) => list.map((c) => `“${c.title}”`).join(", ");
  return [
    `### ${a.alert}`,
    "",
    `**${a.summary}.** Severity \`${a.severity}\`, fires after ${a.for}; file \`${file.path}\`, group \`${group}\`.`,
    "",
    "```promql",
    a.expr,
    "```",
    "",
    ...runbookSection(a.runbook, "promql"),
    `**Tested** (promtool unit tests): fires for ${cases(a.tests.fires)}; stays quiet for ${cases(a.tests.quiet)}.`,
    "",
  ];
}

export function alertsPage(ref: AlertsReferenceData, generateCommand: string): string {
  const files = ref.ruleFiles;
  const all = files.flatMap((f) => f.groups.flatMap((g) => g.alerts));
  const loki = ref.loki.rule;
  const { budget } = ref;
  const lines: string[] = [
    frontmatter(
      "Alerts reference",
      "Every Prometheus alert cc-otel ships: what it means, likely causes, what to do and the query that confirms it.",
      banner("apps/docs/src/reference/alerts-page.ts", "the rules in packages/alerts/src", generateCommand),
    ),
    "_Generated from the rules in `packages/alerts/src`. When an alert says telemetry is not arriving, [`pnpm run doctor`](/guides/doctor/) finds where it stops._",
    "",
    `cc-otel ships Prometheus alerting rules for Claude Code spend and for the collector's health, written in
TypeScript in \`packages/alerts\` from the telemetry contract and generated into
\`${files[0]?.path ?? ""}\`. Prometheus loads every \`stack/prometheus/rules/*.yml\` (compose mounts the
directory at \`/etc/prometheus/rules\`). The stack has no Alertmanager: firing alerts show in Prometheus
(<http://127.0.0.1:9090/alerts>); point Prometheus at your Alertmanager (\`alerting:\` in prometheus.yml) or
use Grafana alerting on the same expressions to be notified.`,
    "",
    "Severities: `critical` — telemetry is being lost now, or the budget is exceeded; `warning` — a trend that needs a look; `info` — optional, informational. Every alert also has a `component` label (`cost`, `collector`, `usage`, `api`).",
    "",
    "## Alerts",
    "",
    "| alert | severity | for | summary |",
    "|---|---|---|---|",
    ...all.map((a) => `| [${a.alert}](#${anchor(a.alert)}) | ${a.severity} | ${a.for} | ${a.summary} |`),
    `| [${loki.alert}](#${anchor(loki.alert)}) | ${loki.severity} | ${loki.for} | ${loki.summary} (Loki ruler, not loaded by default) |`,
    "",
    "## The daily budget",
    "",
    `The budget is one recording rule, \`${budget.record}\`, in \`${budget.path}\` (generated with ${budget.defaultUsd} USD).
"Daily" means the rolling last 24 hours. To change it, edit the number in \`vector(...)\` and reload Prometheus
(\`curl -X POST http://127.0.0.1:9090/-/reload\`; the stack enables \`--web.enable-lifecycle\`), or regenerate:
\`${budget.regenerateWith}\`. The alerts file does not change.`,
    "",
    "## Recording rules",
    "",
    "| series | expression | what |",
    "|---|---|---|",
    `| \`${budget.record}\` | ${code(`vector(${budget.defaultUsd})`)} | The daily budget in USD (edit it). |`,
    ...files.flatMap((f) =>
      f.groups.flatMap((g) => g.recording.map((r) => `| \`${r.record}\` | ${code(r.expr)} | ${r.help} |`)),
    ),
    "",
    "Spend is the exact growth of the cost counters, the formula the dashboard's cost panels use (see",
    "[Reading a running total](/reference/metrics/#reading-a-running-total)): a series born in the window counts in",
    "full, and each running total the collector starts (after a restart, on another replica) is its own series, so",
    "an alert agrees with the panel it sends you to.",
    "",
    "## Optional alerts",
    "",
    `One file holds alerts that are off by default; Prometheus only loads \`*.yml\`. Turn it on by renaming it
(the generator then keeps writing to the new name) and reloading Prometheus:

${ref.optionalFiles.map((o) => `- \`${o.disabled}\` → \`${o.enabled}\`: previously active users who went\n  silent (holidays trigger it too).`).join("\n")}

API errors exist only as \`api_error\` events. The stack's collector counts every event into
\`${ref.eventCountSeries}{event_name}\` (connector \`${CONNECTOR.eventCount}\` in \`stack/collector/config.yaml\`), exactly:
the end-to-end tests compare these counts with what the simulator sent. That is what the API error alert reads.`,
    "",
  ];
  for (const f of files) {
    lines.push(`## ${f.title}`, "");
    for (const g of f.groups) {
      lines.push(`Group \`${g.name}\`${g.interval ? ` (evaluated every ${g.interval})` : ""}: ${g.help}`, "");
      for (const a of g.alerts) lines.push(...alertSection(a, f, g.name));
    }
  }
  lines.push(
    "## API errors with the Loki ruler",
    "",
    `The same API error ratio in LogQL, for Loki's ruler, generated to \`${ref.loki.path}\` — for setups whose
collector does not count events. The stack does not load it (Loki's ruler is not configured) and it is not tested against
a real Loki here: only its LogQL is parsed. To use it, enable the ruler in Loki's config and copy the file into its
rules directory. The Prometheus variant (ClaudeCodeApiErrorRatioHigh) is tested and preferred.`,
    "",
    `### ${loki.alert}`,
    "",
    `**${loki.summary}.** Severity \`${loki.severity}\`, fires after ${loki.for}.`,
    "",
    "```logql",
    loki.expr,
    "```",
    "",
    ...runbookSection(loki.runbook, "logql"),
  );
  return page(lines);
}
