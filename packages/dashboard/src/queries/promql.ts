import {
  COUNTER_LOOKBACK,
  EVENT_METRICS,
  type EventMetricName,
  eventMetricSeries,
  exactGrowth,
  type MetricName,
  MODEL_FAMILIES,
  modelIdPattern,
  PRICE_COLUMN_OF_TOKEN_TYPE,
  PRICES,
  promLabel,
  promSeries,
  type TokenType,
} from "@cc-otel/contract";
import { FILTERS, filterApplies } from "../variables.js";
import { RANGE, str, sum } from "./common.js";

export { COUNTER_LOOKBACK, RANGE, str, sum };

/**
 * PromQL building blocks. Metric and label names always come from the contract. Every growth is the
 * contract's exactGrowth(): exact over the whole range (stats), per step (time series: the step's
 * growth, so bars and rates add up to the range's total) and per hour (the anomaly panel).
 */

/** A time series step: Grafana's step interval, the window of each point. */
export const STEP = "$__interval";
/** The step in seconds, to turn a step's growth into a rate. */
export const STEP_SECONDS = "($__interval_ms / 1000)";

/** Claude Code's own metrics, or the aggregates the collector makes of its events. */
export type AnyMetric = MetricName | EventMetricName;

export type MatchOp = "=" | "!=" | "=~" | "!~";
export type Matcher = readonly [label: string, op: MatchOp, value: string];

function isEventMetric(m: AnyMetric): m is EventMetricName {
  return Object.hasOwn(EVENT_METRICS, m);
}

/** The Prometheus series: an event metric with fixed buckets is a classic histogram (`part` picks _count, _sum or _bucket). */
export function seriesOf(metric: AnyMetric, part?: "count" | "sum" | "bucket"): string {
  const base = isEventMetric(metric) ? eventMetricSeries(metric) : promSeries(metric);
  return part ? `${base}_${part}` : base;
}

export interface SelectOptions {
  /** A classic histogram's _count, _sum or _bucket series. */
  readonly part?: "count" | "sum" | "bucket";
  /** Dashboard filters (by variable name) NOT to apply, where a panel's meaning excludes them. */
  readonly except?: readonly string[];
}

/** The dashboard filters that apply to a metric, as matchers on its own labels. */
export function filterMatchers(metric: AnyMetric, except: readonly string[] = []): Matcher[] {
  return FILTERS.filter((f) => filterApplies(f, metric) && !except.includes(f.variable)).map((f) => [
    f.promLabel,
    "=~",
    `$${f.variable}`,
  ]);
}

/** `series{matchers..., dashboard filters...}` */
export function sel(metric: AnyMetric, matchers: readonly Matcher[] = [], opts: SelectOptions = {}): string {
  const all = [...matchers, ...filterMatchers(metric, opts.except)];
  return `${seriesOf(metric, opts.part)}{${all.map(([l, op, v]) => `${l}${op}${str(v)}`).join(", ")}}`;
}

/** Exact growth of a counter series over `window` (RANGE by default). */
export function growth(selector: string, window = RANGE): string {
  return exactGrowth(selector, window, "counter");
}

/** Exact growth of a native histogram series over `window`. */
export function histogramGrowth(selector: string, window = RANGE): string {
  return exactGrowth(selector, window, "histogram");
}

/** `sum(growth(metric{...}[window]))`, optionally by labels. */
export function total(
  metric: AnyMetric,
  matchers: readonly Matcher[] = [],
  by: readonly string[] = [],
  window = RANGE,
  opts: SelectOptions = {},
): string {
  return sum(growth(sel(metric, matchers, opts), window), by);
}

/** Growth per second over each step, summed: a rate whose integral over the range is the total. */
export function ratePerSecond(
  metric: AnyMetric,
  matchers: readonly Matcher[] = [],
  by: readonly string[] = [],
): string {
  return `${total(metric, matchers, by, STEP)} / ${STEP_SECONDS}`;
}

/** Number of events a native-histogram event metric counted over `window`, summed by labels. */
export function eventCount(
  metric: EventMetricName,
  matchers: readonly Matcher[] = [],
  by: readonly string[] = [],
  window = RANGE,
  opts: SelectOptions = {},
): string {
  return sum(`histogram_count(${histogramGrowth(sel(metric, matchers, opts), window)})`, by);
}

/**
 * The q-quantile of a native-histogram event metric over `window`, by labels: from the histogram of
 * the window's growth, so an old backlog of events never weighs on a recent point.
 */
export function quantile(
  q: number,
  metric: EventMetricName,
  by: readonly string[],
  window = STEP,
  matchers: readonly Matcher[] = [],
): string {
  return `histogram_quantile(${q}, ${sum(histogramGrowth(sel(metric, matchers), window), by)})`;
}

/** Keep only positive denominators: a ratio over an empty or zero period shows "No data", not NaN/Inf. */
export function positive(expr: string): string {
  return `(${expr} > 0)`;
}

/** `expr`, or 0 for each label set `like` has: a group with no such series shows 0, not nothing. */
export function orZeroLike(expr: string, like: string): string {
  return `(${expr} or ${like} * 0)`;
}

const TOKENS: MetricName = "claude_code.token.usage";
export const TOKEN_TYPE_LABEL = promLabel(TOKENS, "type");
export const MODEL_LABEL = promLabel(TOKENS, "model");

export function tokenType(type: TokenType): Matcher {
  return [TOKEN_TYPE_LABEL, "=", type];
}

/** Price column of the contract's price list for each token type (5-minute cache writes). */
export const PRICE_OF_TOKEN_TYPE = PRICE_COLUMN_OF_TOKEN_TYPE;

/** Families grouped by their price for one token type, so the query has one term per distinct price. */
export function familiesByPrice(type: TokenType): { price: number; patterns: string[] }[] {
  const column = PRICE_OF_TOKEN_TYPE[type];
  const groups = new Map<number, string[]>();
  for (const family of MODEL_FAMILIES) {
    const price = PRICES[family][column];
    groups.set(price, [...(groups.get(price) ?? []), modelIdPattern(family)]);
  }
  return [...groups.entries()].map(([price, patterns]) => ({ price, patterns }));
}

/** A model-id pattern matching every family the contract prices. */
export function pricedModels(): string {
  return MODEL_FAMILIES.map(modelIdPattern).join("|");
}

/**
 * USD spent on one token type over `window`, priced per model family from the contract:
 * Σ over distinct prices of (tokens of the families at that price) × price / 1e6. A family with no
 * traffic adds 0; with no tokens of that type at all the result is empty ("No data", not $0.00).
 * Tokens of models the price list lacks are not priced: see unpricedTokens().
 */
export function tokenCost(type: TokenType, window = RANGE): string {
  const terms = familiesByPrice(type).map(({ price, patterns }) => {
    const tokens = total(TOKENS, [tokenType(type), [MODEL_LABEL, "=~", patterns.join("|")]], [], window);
    return `(${tokens} or vector(0)) * ${price} / 1e6`;
  });
  return `(${terms.join(" + ")}) and on () ${total(TOKENS, [tokenType(type)], [], window)}`;
}

/** Tokens of one type from models the contract cannot price (a new family, a custom id). */
export function unpricedTokens(type: TokenType, window = RANGE): string {
  return total(TOKENS, [tokenType(type), [MODEL_LABEL, "!~", pricedModels()]], [], window);
}
