import {
  type MetricName,
  MODEL_FAMILIES,
  modelIdPattern,
  PRICE_COLUMN_OF_TOKEN_TYPE,
  PRICES,
  promLabel,
  promSeries,
  type TokenType,
} from "@cc-otel/contract";
import { FILTERS } from "../variables.js";
import { RANGE, str, sum } from "./common.js";

export { RANGE, str, sum };

/** PromQL building blocks. Metric and label names always come from the contract. */

/** Window of rate() in time series: Grafana keeps it ≥ 4 scrape (= min) intervals. */
export const RATE = "$__rate_interval";

export type MatchOp = "=" | "!=" | "=~" | "!~";
export type Matcher = readonly [label: string, op: MatchOp, value: string];

/** The dashboard filters that apply to a metric, as matchers on its own labels. */
export function filterMatchers(metric: MetricName): Matcher[] {
  return FILTERS.filter((f) => f.appliesToMetric(metric)).map((f) => [f.promLabel, "=~", `$${f.variable}`]);
}

/** `series{matchers..., dashboard filters...}` */
export function sel(metric: MetricName, matchers: readonly Matcher[] = []): string {
  const all = [...matchers, ...filterMatchers(metric)];
  return `${promSeries(metric)}{${all.map(([l, op, v]) => `${l}${op}${str(v)}`).join(", ")}}`;
}

/**
 * How far back a counter's previous value is looked for. Equal to the collector's
 * delta_to_cumulative max_stale (stack/collector/config.yaml): a stream idle for longer restarts
 * from zero, so an older value is not its base any more.
 */
export const COUNTER_LOOKBACK = "25h";

/**
 * Growth of a counter over `window`.
 *
 * Over the panel's whole range ($__range, the "total" panels) Prometheus' increase() is the wrong
 * tool for Claude Code's counters: their series are sparse (a point only while someone works) and
 * often born inside the range, so increase() drops the first value of every new series and
 * extrapolates the rest to the range edges — measured 3 % off on a simulated day. Instead: last
 * value in the range minus the last value before it; series born in the range count in full; a
 * series that restarted (negative difference) counts from its restart. Exact without resets, and
 * plain PromQL that any Prometheus runs. The cc-otel collector makes resets rare: it labels each
 * running total with its start (the contract's STREAM_START), so after a collector restart the new
 * totals are new series, born in the range, and count in full.
 *
 * Shorter windows ($__interval bars) keep increase(): there a smooth estimate is what is wanted.
 */
export function increase(selector: string, window = RANGE): string {
  if (window !== RANGE) return `increase(${selector}[${window}])`;
  const now = `last_over_time(${selector}[${window}])`;
  const before = `last_over_time(${selector}[${COUNTER_LOOKBACK}] offset ${window})`;
  return `((${now} - ${before}) >= 0 or ${now} * 1)`;
}

export function rate(selector: string, window = RATE): string {
  return `rate(${selector}[${window}])`;
}

/** `sum(increase(metric{...}[window]))`, optionally by labels. */
export function total(
  metric: MetricName,
  matchers: readonly Matcher[] = [],
  by: readonly string[] = [],
  window = RANGE,
): string {
  return sum(increase(sel(metric, matchers), window), by);
}

/** `sum(rate(metric{...}[window]))`, optionally by labels. */
export function perSecond(
  metric: MetricName,
  matchers: readonly Matcher[] = [],
  by: readonly string[] = [],
  window = RATE,
): string {
  return sum(rate(sel(metric, matchers), window), by);
}

/** Keep only positive denominators: a ratio over an empty or zero period shows "No data", not NaN/Inf. */
export function positive(expr: string): string {
  return `(${expr} > 0)`;
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

/**
 * USD spent on one token type over `window`, priced per model family from the contract:
 * Σ over distinct prices of (tokens of the families at that price) × price / 1e6.
 * `or vector(0)` keeps the sum defined when some families have no traffic.
 */
export function tokenCost(type: TokenType, window = RANGE): string {
  return familiesByPrice(type)
    .map(({ price, patterns }) => {
      const tokens = total(TOKENS, [tokenType(type), [MODEL_LABEL, "=~", patterns.join("|")]], [], window);
      return `(${tokens} or vector(0)) * ${price} / 1e6`;
    })
    .join(" + ");
}
