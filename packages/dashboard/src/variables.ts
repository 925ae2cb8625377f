import {
  EVENT_METRICS,
  EVENTS,
  type EventMetricName,
  type EventName,
  LOKI_FIELDS,
  lokiFieldFor,
  METRICS,
  type MetricName,
  PROM_LABELS,
  promSeries,
} from "@cc-otel/contract";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  TextBoxVariableBuilder,
  type VariableModel,
  VariableRefresh,
  VariableSort,
} from "@grafana/grafana-foundation-sdk/dashboard";
import type { DatasourceKind } from "./interpolate.js";

/**
 * Template variables: one datasource variable per backend (no hard-coded UIDs, so the dashboard
 * works against any Prometheus and Loki) and the filters every panel applies.
 */

/** Named and labelled the way Grafana's dashboard linter (template-datasource-rule) expects. */
export const DS_VARS = {
  prometheus: "prometheus_datasource",
  loki: "loki_datasource",
} as const satisfies Record<DatasourceKind, string>;

export function dsRef(kind: DatasourceKind): { type: DatasourceKind; uid: string } {
  return { type: kind, uid: `\${${DS_VARS[kind]}}` };
}

/**
 * The value "All" stands for. `.*` (not Grafana's default alternation of every value) so series and
 * events WITHOUT the label still match: team labels are optional, and a user who appears after
 * the variable was refreshed is not dropped.
 */
export const ALL_VALUE = ".*";

/** A dashboard filter: its variable, the label it filters in Prometheus and the field in Loki. */
export interface Filter {
  readonly variable: string;
  readonly label: string;
  readonly description: string;
  readonly promLabel: string;
  readonly lokiField: string;
  /** Whether a metric of Claude Code carries the label (filters apply only where the label can exist). */
  readonly appliesToMetric: (metric: MetricName) => boolean;
  /** Whether an event metric (made by the collector) carries the label. */
  readonly appliesToEventMetric: (metric: EventMetricName) => boolean;
  readonly appliesToEvent: (event: EventName) => boolean;
}

const everywhere = () => true;

/** In dependency order: each filter's values are narrowed by the filters before it. */
export const FILTERS: readonly Filter[] = [
  {
    variable: "department",
    label: "Department",
    description: "Department resource attribute (OTEL_RESOURCE_ATTRIBUTES department=...).",
    promLabel: PROM_LABELS.department,
    lokiField: lokiFieldFor("department"),
    appliesToMetric: everywhere,
    appliesToEventMetric: everywhere,
    appliesToEvent: everywhere,
  },
  {
    variable: "team",
    label: "Team",
    description: "Team resource attribute (OTEL_RESOURCE_ATTRIBUTES team.id=...).",
    promLabel: PROM_LABELS.teamId,
    lokiField: lokiFieldFor("team.id"),
    appliesToMetric: everywhere,
    appliesToEventMetric: everywhere,
    appliesToEvent: everywhere,
  },
  {
    variable: "user",
    label: "User",
    description: "Anonymous user id (user.id, a SHA-256 hex string).",
    promLabel: PROM_LABELS.userId,
    lokiField: LOKI_FIELDS.userId,
    appliesToMetric: everywhere,
    appliesToEventMetric: everywhere,
    appliesToEvent: everywhere,
  },
  {
    variable: "terminal",
    label: "Terminal",
    description: "Terminal the CLI runs in (terminal.type).",
    promLabel: PROM_LABELS.terminalType,
    lokiField: LOKI_FIELDS.terminalType,
    appliesToMetric: everywhere,
    appliesToEventMetric: everywhere,
    appliesToEvent: everywhere,
  },
  {
    variable: "model",
    label: "Model",
    description: "Model id. Applies only to metrics and events that carry a model.",
    promLabel: "model",
    lokiField: "model",
    appliesToMetric: (m) => Object.hasOwn(METRICS[m].attributes, "model"),
    appliesToEventMetric: (m) => EVENT_METRICS[m].attributes.some((a) => a.key === "model"),
    appliesToEvent: (e) => Object.hasOwn(EVENTS[e].attributes, "model"),
  },
];

/**
 * Whether a filter applies to a metric: Claude Code's own, or an event metric. Department, team,
 * user and terminal apply to every event metric: team attributes are resource labels, and every
 * event metric keeps user.id and terminal.type (EVENT_METRIC_SHARED_ATTRIBUTES).
 */
export function filterApplies(f: Filter, metric: MetricName | EventMetricName): boolean {
  return Object.hasOwn(EVENT_METRICS, metric)
    ? f.appliesToEventMetric(metric as EventMetricName)
    : f.appliesToMetric(metric as MetricName);
}

/** The textbox variable the session drill-down reads. */
export const SESSION_VAR = "session_id";

/** Metric whose label values populate the filters: every active user produces tokens. */
const VALUES_METRIC: MetricName = "claude_code.token.usage";

function filterValuesQuery(index: number): string {
  const filter = FILTERS[index];
  if (!filter) throw new Error(`no filter #${index}`);
  const before = FILTERS.slice(0, index)
    .filter((f) => f.appliesToMetric(VALUES_METRIC))
    .map((f) => `${f.promLabel}=~"$${f.variable}"`);
  const selector = `${promSeries(VALUES_METRIC)}${before.length ? `{${before.join(", ")}}` : ""}`;
  return `label_values(${selector}, ${filter.promLabel})`;
}

export function variableBuilders(): cog.Builder<VariableModel>[] {
  const all = { selected: true, text: ["All"], value: ["$__all"] };
  return [
    new DatasourceVariableBuilder(DS_VARS.prometheus)
      .label("Prometheus data source")
      .description("Prometheus holding the Claude Code metrics (remote write from the collector).")
      .type("prometheus"),
    new DatasourceVariableBuilder(DS_VARS.loki)
      .label("Loki data source")
      .description("Loki holding the Claude Code events (OTLP logs from the collector).")
      .type("loki"),
    ...FILTERS.map((f, i) => {
      const query = filterValuesQuery(i);
      return new QueryVariableBuilder(f.variable)
        .label(f.label)
        .description(f.description)
        .datasource(dsRef("prometheus"))
        .query(query)
        .definition(query)
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true)
        .allValue(ALL_VALUE)
        .current(all);
    }),
    new TextBoxVariableBuilder(SESSION_VAR)
      .label("Session id")
      .description(
        "A session.id for the session drill-down row: paste one, or click a session in 'Sessions in Range'.",
      )
      .defaultValue(""),
  ];
}
