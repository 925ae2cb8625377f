import { type EventName, LOKI_FIELDS, LOKI_SELECTOR } from "@cc-otel/contract";
import { FILTERS } from "../variables.js";
import { RANGE, str, sum } from "./common.js";

export { RANGE, str, sum };

/**
 * LogQL building blocks. Events are one stream ({service_name="claude-code"}); the event kind and
 * every attribute are structured metadata, filtered with label-filter stages.
 */

/** Window of Loki time series: Grafana's step interval. */
export const AUTO = "$__auto";

export type LabelOp = "=" | "!=" | "=~" | "!~";
export type LabelFilter = readonly [field: string, op: LabelOp, value: string];

function stage([field, op, value]: LabelFilter): string {
  return `| ${field}${op}${str(value)}`;
}

/** The dashboard filters that apply to an event, as label-filter stages. */
export function filterStages(event: EventName): LabelFilter[] {
  return FILTERS.filter((f) => f.appliesToEvent(event)).map((f) => [f.lokiField, "=~", `$${f.variable}`]);
}

/** `{service_name="claude-code"} | event_name="<event>" | <extra filters> | <dashboard filters>` */
export function events(event: EventName, extra: readonly LabelFilter[] = []): string {
  return [
    LOKI_SELECTOR,
    stage([LOKI_FIELDS.eventName, "=", event]),
    ...extra.map(stage),
    ...filterStages(event).map(stage),
  ].join(" ");
}

/** A numeric comparison stage, e.g. `| prompt_length >= 100 and prompt_length < 500`. */
export function numericRange(field: string, from: number, to?: number): string {
  return to === undefined ? `| ${field} >= ${from}` : `| ${field} >= ${from} and ${field} < ${to}`;
}

export function countOverTime(pipeline: string, window = RANGE): string {
  return `count_over_time(${pipeline} [${window}])`;
}

export function rate(pipeline: string, window = AUTO): string {
  return `rate(${pipeline} [${window}])`;
}

/** `<fn>(pipeline | unwrap field | __error__="" [window])`: drops lines whose value is not numeric. */
export function unwrapped(
  fn: "sum_over_time" | "avg_over_time",
  pipeline: string,
  field: string,
  window: string,
) {
  return `${fn}(${pipeline} | unwrap ${field} | __error__="" [${window}])`;
}

export function quantileOverTime(
  q: number,
  pipeline: string,
  field: string,
  by: readonly string[],
  window = AUTO,
): string {
  return `quantile_over_time(${q}, ${pipeline} | unwrap ${field} | __error__="" [${window}]) by (${by.join(", ")})`;
}

/** `| line_format` showing `head`, then each named field when the line has it. */
export function lineFormat(head: string, fields: readonly string[]): string {
  const parts = fields.map((f) => `{{if .${f}}} ${f}={{.${f}}}{{end}}`).join("");
  return `| line_format ${str(`{{.${head}}}${parts}`)}`;
}
