import {
  type EventName,
  type MetricName,
  modelFamily,
  PRICE_COLUMN_OF_TOKEN_TYPE,
  PRICES,
  type TokenType,
} from "@cc-otel/contract";
import type { JournalValue } from "@cc-otel/simulator";
import {
  type EventGroup,
  type EventIndex,
  eventGroups,
  type Growth,
  growth,
  type Labels,
  type PointIndex,
  possibleCounts,
  possibleSets,
  type Reading,
  rankQuantile,
  rowKey,
  type Scope,
  type Window,
} from "./ledger-values.js";

/**
 * Every Prometheus panel's number, computed from the simulator's journal by what the panel MEANS
 * (its title and description), not from its query: "the cost of the range", "tool results per
 * tool", "p95 of request durations per model". Keyed by panel id and query refId; the inventory
 * test fails when a Prometheus panel query has no entry here, so no panel ships unchecked.
 */

/** One row a panel must show: a value (one of the candidates), or a quantile within a bucket. */
export type Expect =
  | { readonly kind: "value"; readonly candidates: readonly number[]; readonly optional: boolean }
  | {
      readonly kind: "quantile";
      /** Where the true quantile lies, for each set of values the window may hold. */
      readonly candidates: readonly (readonly [number, number])[];
      /** Too many possible sets: the answer lies within the values' range instead. */
      readonly bounds?: readonly [number, number];
      readonly optional: boolean;
    };

export type ExpectedRows = Map<string, { readonly labels: Labels; readonly expect: Expect }>;

export interface PanelContext {
  readonly scope: Scope;
  readonly points: PointIndex;
  readonly events: EventIndex;
  /** Length of the panel's range, ms (for "per day at this pace"). */
  readonly rangeMs: number;
  /** Step of a time series, ms (its points are per-step growths). */
  readonly stepMs: number;
}

/**
 * `at`: the evaluation time. `w`: the window the panel's number covers at `at` — the panel's range
 * for a stat, (at - step, at] for a point of a time series.
 */
export type PanelExpectation = (ctx: PanelContext, at: number, w: Window) => ExpectedRows;

const COST: MetricName = "claude_code.cost.usage";
const TOKENS: MetricName = "claude_code.token.usage";
const SESSIONS: MetricName = "claude_code.session.count";
const ACTIVE: MetricName = "claude_code.active_time.total";
const LINES: MetricName = "claude_code.lines_of_code.count";
const EDITS: MetricName = "claude_code.code_edit_tool.decision";
const COMMITS: MetricName = "claude_code.commit.count";
const PRS: MetricName = "claude_code.pull_request.count";
const HOUR = 3_600_000;

export const noModel: Reading = { ignoresModel: true };
export const is =
  (key: string, value: JournalValue) =>
  (a: Readonly<Record<string, JournalValue>>): boolean =>
    String(a[key]) === String(value);

// ---------------------------------------------------------------------------------------------
// Rows from the journal

const value = (candidates: number[], optional = false): Expect => ({ kind: "value", candidates, optional });

function rows(entries: Iterable<[Labels, Expect]>): ExpectedRows {
  const out: ExpectedRows = new Map();
  for (const [labels, expect] of entries) out.set(rowKey(labels), { labels, expect });
  return out;
}

/** A metric's growth in `w` per group, mapped (a group exists when a sample fell in the window). */
export function perGroup(
  ctx: PanelContext,
  metric: MetricName,
  w: Window,
  reading: Reading = {},
  f: (sum: number) => number = (x) => x,
): ExpectedRows {
  const g = growth(ctx.points.of(metric), w, ctx.scope.selection, reading);
  return rows([...g.values()].map((x) => [x.labels, value([f(x.sum)])]));
}

/** A metric's growth in `w`, all groups summed; undefined when no sample fell in the window ("No data"). */
export function total(
  ctx: PanelContext,
  metric: MetricName,
  w: Window,
  reading: Reading = {},
): number | undefined {
  const g = growth(ctx.points.of(metric), w, ctx.scope.selection, reading);
  return g.size === 0 ? undefined : [...g.values()].reduce((s, x) => s + x.sum, 0);
}

export function single(v: number | undefined): ExpectedRows {
  return v === undefined ? new Map() : rows([[{}, value([v])]]);
}

export const ratio = (num: number | undefined, den: number | undefined): number | undefined =>
  num !== undefined && den !== undefined && den > 0 ? num / den : undefined;

/** USD of one token type over `w` priced per model family from the contract; unpriced models apart. */
function tokenCost(ctx: PanelContext, type: TokenType, w: Window, priced: boolean): number | undefined {
  const g = growth(ctx.points.of(TOKENS), w, ctx.scope.selection, {
    by: ["model"],
    where: is("type", type),
  });
  if (g.size === 0) return undefined;
  let usd = 0;
  let unpriced: number | undefined;
  for (const { labels, sum } of g.values()) {
    const family = modelFamily(labels.model ?? "");
    if (family) usd += (sum * PRICES[family][PRICE_COLUMN_OF_TOKEN_TYPE[type]]) / 1e6;
    else unpriced = (unpriced ?? 0) + sum;
  }
  return priced ? usd : unpriced;
}

/** Events in `w` per group as counts (mapped by `f`): the values some assignment of edge exports gives. */
export function countRows(
  ctx: PanelContext,
  name: EventName,
  w: Window,
  reading: Reading = {},
  f: (count: number) => number = (x) => x,
): ExpectedRows {
  const groups = eventGroups(ctx.events, name, w, ctx.scope, reading);
  return rows(
    [...groups.values()].map((g): [Labels, Expect] => {
      const counts = possibleCounts(g).filter((c) => c > 0);
      return [g.labels, value(counts.map(f), g.sure.length === 0)];
    }),
  );
}

/** The events of a window for a stat over a whole range: no export may straddle its edges. */
function sureGroups(
  ctx: PanelContext,
  name: EventName,
  w: Window,
  reading: Reading = {},
  valueKey?: string,
): Map<string, EventGroup> {
  const groups = eventGroups(ctx.events, name, w, ctx.scope, reading, valueKey);
  for (const g of groups.values())
    if (g.maybe.size > 0)
      throw new Error(
        `${name}: exports straddle the edge of the range ${new Date(w.fromMs).toISOString()}..${new Date(w.toMs).toISOString()}; pick a range the events are well inside`,
      );
  return groups;
}

function sureCount(ctx: PanelContext, name: EventName, w: Window, reading: Reading = {}): number {
  return [...sureGroups(ctx, name, w, reading).values()].reduce((s, g) => s + g.sure.length, 0);
}

export function quantileRows(
  ctx: PanelContext,
  q: number,
  name: EventName,
  valueKey: string,
  w: Window,
  reading: Reading,
): ExpectedRows {
  const groups = eventGroups(ctx.events, name, w, ctx.scope, reading, valueKey);
  return rows(
    [...groups.values()].map((g): [Labels, Expect] => {
      const sets = possibleSets(g);
      const all = [...g.sure, ...[...g.maybe.values()].flat()];
      return [
        g.labels,
        {
          kind: "quantile",
          candidates: sets ? sets.map((s) => rankQuantile(s, q)) : [],
          ...(sets ? {} : { bounds: [Math.min(...all), Math.max(...all)] as const }),
          optional: g.sure.length === 0,
        },
      ];
    }),
  );
}

/** Prompts in a length class [lo, hi]: present, as 0 too, whenever any prompt fell in the window. */
function promptClass(ctx: PanelContext, w: Window, lo: number, hi: number): ExpectedRows {
  const groups = sureGroups(ctx, "user_prompt", w, noModel, "prompt_length");
  const lengths = [...groups.values()].flatMap((g) => g.sure);
  if (lengths.length === 0) return new Map();
  return single(lengths.filter((n) => n >= lo && n <= hi).length);
}

/** Hourly cost at aligned hours within (at - 24h, at], as the anomaly panel's subquery samples it. */
function hourlyCosts(ctx: PanelContext, at: number): number[] {
  const out: number[] = [];
  for (let s = Math.ceil((at - 24 * HOUR) / HOUR) * HOUR; s <= at; s += HOUR) {
    if (s <= at - 24 * HOUR) continue;
    const v = total(ctx, COST, { fromMs: s - HOUR, toMs: s });
    if (v !== undefined) out.push(v);
  }
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stddev = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

const perSecond = (ctx: PanelContext) => (x: number) => x / (ctx.stepMs / 1000);

// ---------------------------------------------------------------------------------------------
// The panels

export const PANEL_EXPECTATIONS: Readonly<Record<string, PanelExpectation>> = {
  // Cost
  "2A": (ctx, _at, w) => single(total(ctx, COST, w)),
  "39A": (ctx, _at, w) => single(total(ctx, COST, w)),
  "6A": (ctx, _at, w) => {
    const spent = total(ctx, COST, w);
    return single(spent === undefined ? undefined : (spent * 86400) / Math.round(ctx.rangeMs / 1000));
  },
  "7A": (ctx, _at, w) => single(ratio(total(ctx, COST, w, noModel), total(ctx, SESSIONS, w, noModel))),
  "3A": (ctx, _at, w) => single(tokenCost(ctx, "cacheCreation", w, true)),
  "3B": (ctx, _at, w) => single(tokenCost(ctx, "cacheCreation", w, false)),
  "4A": (ctx, _at, w) => single(tokenCost(ctx, "input", w, true)),
  "4B": (ctx, _at, w) => single(tokenCost(ctx, "input", w, false)),
  "1A": (ctx, _at, w) => perGroup(ctx, COST, w, { by: ["model"] }, (x) => perSecond(ctx)(x) * 3600),
  "18A": (ctx, _at, w) => single(total(ctx, COST, w)),
  "20A": (ctx, at) => single(total(ctx, COST, { fromMs: at - HOUR, toMs: at })),
  "20B": (ctx, at) => {
    const hours = hourlyCosts(ctx, at);
    return single(hours.length ? mean(hours) : undefined);
  },
  "20C": (ctx, at) => {
    const hours = hourlyCosts(ctx, at);
    return single(hours.length ? mean(hours) + 2 * stddev(hours) : undefined);
  },
  "27A": (ctx, _at, w) => perGroup(ctx, COST, w, { by: ["query_source"] }),
  "28A": (ctx, _at, w) => {
    const byUser = perGroup(ctx, COST, w, { by: ["user.id", "user.email"] });
    const usd = (e: Expect) => (e.kind === "value" ? (e.candidates[0] ?? 0) : 0);
    const top = [...byUser.entries()].sort(([, a], [, b]) => usd(b.expect) - usd(a.expect)).slice(0, 10);
    return new Map(top);
  },

  // Tokens
  "15A": (ctx, _at, w) => single(total(ctx, TOKENS, w)),
  "19A": (ctx, _at, w) => single(total(ctx, TOKENS, w)),
  "8A": (ctx, _at, w) => {
    const perToken = ratio(total(ctx, COST, w), total(ctx, TOKENS, w));
    return single(perToken === undefined ? undefined : perToken * 1000);
  },
  "14A": (ctx, _at, w) =>
    single(
      ratio(
        total(ctx, TOKENS, w, { where: is("type", "cacheRead") }) ?? 0,
        total(ctx, TOKENS, w, { where: (a) => a.type === "input" || a.type === "cacheRead" }),
      ),
    ),
  "10A": (ctx, _at, w) => perGroup(ctx, TOKENS, w, { by: ["model"] }),
  "24A": (ctx, _at, w) => perGroup(ctx, TOKENS, w, { by: ["type"] }, (x) => perSecond(ctx)(x) * 60),
  "16A": (ctx, _at, w) => {
    const tokens = growth(ctx.points.of(TOKENS), w, ctx.scope.selection, { by: ["model"] });
    const cost = growth(ctx.points.of(COST), w, ctx.scope.selection, { by: ["model"] });
    return rows(
      [...tokens.entries()].flatMap(([key, t]): [Labels, Expect][] => {
        const usd = (cost.get(key) as Growth | undefined)?.sum;
        const v = ratio(t.sum, usd);
        return v === undefined ? [] : [[t.labels, value([v])]];
      }),
    );
  },

  // Activity and productivity
  "40A": (ctx, _at, w) => activeDevelopers(ctx, w),
  "41A": (ctx, _at, w) => activeDevelopers(ctx, w),
  "11A": (ctx, _at, w) => {
    const n = total(ctx, SESSIONS, w, noModel);
    return single(n === undefined ? undefined : Math.round(n));
  },
  "9A": (ctx, _at, w) => perGroup(ctx, ACTIVE, w, { ...noModel, by: ["type"] }),
  "5A": (ctx, _at, w) =>
    single(
      ratio(
        total(ctx, EDITS, w, { ...noModel, where: is("decision", "accept") }) ?? 0,
        total(ctx, EDITS, w, noModel),
      ),
    ),
  "12A": (ctx, _at, w) => single(ratio(total(ctx, COST, w, noModel), total(ctx, SESSIONS, w, noModel))),
  "12B": (ctx, _at, w) => single(ratio(total(ctx, TOKENS, w, noModel), total(ctx, SESSIONS, w, noModel))),
  "12C": (ctx, _at, w) => single(ratio(total(ctx, ACTIVE, w, noModel), total(ctx, SESSIONS, w, noModel))),
  "13A": (ctx, _at, w) => perGroup(ctx, LINES, w, { by: ["type"] }),
  "29A": (ctx, _at, w) => {
    const n = total(ctx, COMMITS, w, noModel);
    return single(n === undefined ? undefined : Math.round(n));
  },
  "29B": (ctx, _at, w) => {
    const n = total(ctx, PRS, w, noModel);
    return single(n === undefined ? undefined : Math.round(n));
  },
  "23A": (ctx, _at, w) => perGroup(ctx, LINES, w, { by: ["type"] }, (x) => perSecond(ctx)(x) * 60),

  // Tools
  "17A": (ctx, _at, w) => countRows(ctx, "tool_result", w, { ...noModel, by: ["tool_name"] }),
  "26A": (ctx, _at, w) => sureRows(ctx, "tool_result", w, { ...noModel, by: ["tool_name"] }),
  "22A": (ctx, _at, w) => sureRows(ctx, "tool_decision", w, { ...noModel, by: ["source"] }),
  "30A": (ctx, _at, w) => {
    const all = sureGroups(ctx, "tool_result", w, { ...noModel, by: ["tool_name"] });
    const ok = sureGroups(ctx, "tool_result", w, {
      ...noModel,
      by: ["tool_name"],
      where: is("success", "true"),
    });
    return rows(
      [...all.entries()].map(([key, g]): [Labels, Expect] => [
        g.labels,
        value([(ok.get(key)?.sure.length ?? 0) / g.sure.length]),
      ]),
    );
  },
  "31A": (ctx, _at, w) =>
    quantileRows(ctx, 0.5, "tool_result", "duration_ms", w, { ...noModel, by: ["tool_name"] }),
  "31B": (ctx, _at, w) =>
    quantileRows(ctx, 0.95, "tool_result", "duration_ms", w, { ...noModel, by: ["tool_name"] }),

  // Prompts
  "21A": (ctx, _at, w) => countRows(ctx, "user_prompt", w, noModel),
  "25A": (ctx, _at, w) => promptClass(ctx, w, 0, 49),
  "25B": (ctx, _at, w) => promptClass(ctx, w, 50, 199),
  "25C": (ctx, _at, w) => promptClass(ctx, w, 200, 999),
  "25D": (ctx, _at, w) => promptClass(ctx, w, 1000, 4999),
  "25E": (ctx, _at, w) => promptClass(ctx, w, 5000, Number.POSITIVE_INFINITY),

  // API
  "33A": (ctx, _at, w) => {
    const errors = sureCount(ctx, "api_error", w, noModel);
    const requests = sureCount(ctx, "api_request", w, noModel);
    return single(ratio(errors, errors + requests));
  },
  "32A": (ctx, _at, w) =>
    countRows(
      ctx,
      "api_error",
      w,
      { ...noModel, by: ["status_code"], absent: { status_code: "none" } },
      (x) => perSecond(ctx)(x) * 60,
    ),
  "42A": (ctx, _at, w) => sureRows(ctx, "api_request", w, { by: ["model"] }),
  "34A": (ctx, _at, w) => quantileRows(ctx, 0.5, "api_request", "duration_ms", w, { by: ["model"] }),
  "34B": (ctx, _at, w) => quantileRows(ctx, 0.95, "api_request", "duration_ms", w, { by: ["model"] }),
  "34C": (ctx, _at, w) => quantileRows(ctx, 0.99, "api_request", "duration_ms", w, { by: ["model"] }),
  "35A": (ctx, _at, w) => quantileRows(ctx, 0.5, "api_request", "ttft_ms", w, { by: ["model"] }),
  "35B": (ctx, _at, w) => quantileRows(ctx, 0.95, "api_request", "ttft_ms", w, { by: ["model"] }),
};

/** Developers with active time in the window (a user who only has samples of zero is not active). */
function activeDevelopers(ctx: PanelContext, w: Window): ExpectedRows {
  const g = growth(ctx.points.of(ACTIVE), w, ctx.scope.selection, { ...noModel, by: ["user.id"] });
  const n = [...g.values()].filter((x) => x.sum > 0).length;
  return single(n > 0 ? n : undefined);
}

/** Event counts per group over a whole range (no export straddles its edges). */
export function sureRows(ctx: PanelContext, name: EventName, w: Window, reading: Reading): ExpectedRows {
  return rows([...sureGroups(ctx, name, w, reading).values()].map((g) => [g.labels, value([g.sure.length])]));
}
