import { type EventName, type MetricName, prometheusLabelFor } from "@cc-otel/contract";
import type { Journal, JournalEvent, JournalPoint, JournalValue } from "@cc-otel/simulator";

/**
 * What the simulator's journal says a dashboard number must be, computed from the records it
 * sent — never from another query. The building blocks here answer "how much of a metric grew in
 * a window, for whom, split by what" and "which events were counted in a window".
 *
 * Claude Code's own metrics are stamped with the point's time, so their windows are exact. The
 * metrics the collector derives from events are stamped when the collector takes a batch: after
 * the export was sent, at most its batch timeout after the export was acknowledged. An export
 * whose span crosses a window's edge may have been counted on either side; such exports are kept
 * apart as "ambiguous", and the checks accept exactly the values some assignment of them gives.
 */

/** The dashboard filters a check sets: one user, one team, one model (OTel attribute values). */
export interface Selection {
  readonly user?: string;
  readonly team?: string;
  readonly model?: string;
}

/** A window (fromMs, toMs], as Prometheus' range selectors are (left-open). */
export interface Window {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface Scope {
  readonly journal: Journal;
  readonly selection: Selection;
  /** The collector's batch timeout plus margin: how long after an ack a derived metric may be stamped. */
  readonly slackMs: number;
}

/** How a panel reads the filters: which ones its meaning ignores (the model, for session counts). */
export interface Reading {
  /** Group by these attribute keys (their Prometheus labels name the result rows). */
  readonly by?: readonly string[];
  /** Attributes whose absence reads as this value (the collector's `none` status code). */
  readonly absent?: Readonly<Record<string, string>>;
  readonly ignoresModel?: boolean;
  readonly where?: (attributes: Readonly<Record<string, JournalValue>>) => boolean;
}

const USER = "user.id";
const TEAM = "team.id";
const MODEL = "model";

function selected(
  attributes: Readonly<Record<string, JournalValue>>,
  s: Selection,
  reading: Reading,
): boolean {
  if (s.user !== undefined && attributes[USER] !== s.user) return false;
  if (s.team !== undefined && attributes[TEAM] !== s.team) return false;
  if (s.model !== undefined && !reading.ignoresModel && attributes[MODEL] !== s.model) return false;
  return reading.where ? reading.where(attributes) : true;
}

/** Labels of a result row: the group's attributes under their Prometheus names. */
export type Labels = Readonly<Record<string, string>>;

export function rowKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

function groupLabels(attributes: Readonly<Record<string, JournalValue>>, reading: Reading): Labels {
  const out: Record<string, string> = {};
  for (const key of reading.by ?? []) {
    const v = attributes[key] ?? reading.absent?.[key];
    // A label Prometheus never got is not in the row at all (sum by keeps only labels that exist).
    if (v !== undefined) out[prometheusLabelFor(key)] = String(v);
  }
  return out;
}

export const inWindow = (ms: number, w: Window): boolean => ms > w.fromMs && ms <= w.toMs;

/** Growth of a metric in a window, per group: present when a sample (any point) fell in the window. */
export interface Growth {
  readonly labels: Labels;
  readonly sum: number;
}

/** Prometheus keeps milliseconds: the exporter drops the rest of the nanoseconds. */
const storedMs = (p: JournalPoint): number => Math.floor(p.timeMs);

/** First index whose key is > `after` in an array sorted by key. */
function firstAfter<T>(sorted: readonly T[], key: (x: T) => number, after: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid] as T) > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The journal's points by metric, sorted by time, so a window is two binary searches. */
export class PointIndex {
  private readonly byMetric = new Map<MetricName, JournalPoint[]>();
  constructor(journal: Journal) {
    for (const p of journal.points) {
      const list = this.byMetric.get(p.metric) ?? [];
      list.push(p);
      this.byMetric.set(p.metric, list);
    }
    for (const list of this.byMetric.values()) list.sort((a, b) => storedMs(a) - storedMs(b));
  }
  of(metric: MetricName): readonly JournalPoint[] {
    return this.byMetric.get(metric) ?? [];
  }
}

/** Sum of a metric's increments in `w`, by group; a group exists when any of its points is in `w`. */
export function growth(
  sortedPoints: readonly JournalPoint[],
  w: Window,
  s: Selection,
  reading: Reading = {},
): Map<string, Growth> {
  const out = new Map<string, Growth>();
  const end = firstAfter(sortedPoints, storedMs, w.toMs);
  for (let i = firstAfter(sortedPoints, storedMs, w.fromMs); i < end; i++) {
    const p = sortedPoints[i] as JournalPoint;
    if (!selected(p.attributes, s, reading)) continue;
    const labels = groupLabels(p.attributes, reading);
    const key = rowKey(labels);
    const prev = out.get(key);
    out.set(key, { labels, sum: (prev?.sum ?? 0) + p.increment });
  }
  return out;
}

/** The events of a window, by group: those surely counted in it, and those that may have been. */
export interface EventGroup {
  readonly labels: Labels;
  /** Values (or 1 each, for counts) of events counted in the window whatever the collector did. */
  readonly sure: number[];
  /** Per export whose span crosses the window's edge: its events' values. */
  readonly maybe: Map<number, number[]>;
}

/** The journal's events sorted by when they were sent, with the longest send-to-ack span. */
export class EventIndex {
  readonly sorted: readonly JournalEvent[];
  readonly longestSpanMs: number;
  constructor(journal: Journal) {
    this.sorted = [...journal.events].sort((a, b) => a.sentMs - b.sentMs);
    this.longestSpanMs = this.sorted.reduce((m, e) => Math.max(m, e.ackedMs - e.sentMs), 0);
  }
}

/**
 * Events named `name` in `w` by the time a collector stamps what it derives from them. `value`:
 * the attribute whose values a histogram holds (undefined: count them).
 */
export function eventGroups(
  events: EventIndex,
  name: EventName,
  w: Window,
  scope: Scope,
  reading: Reading = {},
  value?: string,
): Map<string, EventGroup> {
  const out = new Map<string, EventGroup>();
  const all = events.sorted;
  const end = firstAfter(all, (e) => e.sentMs, w.toMs);
  const start = firstAfter(all, (e) => e.sentMs, w.fromMs - events.longestSpanMs - scope.slackMs - 1);
  for (let i = start; i < end; i++) {
    const e = all[i] as JournalEvent;
    if (e.name !== name || !selected(e.attributes, scope.selection, reading)) continue;
    const earliest = e.sentMs;
    const latest = e.ackedMs + scope.slackMs;
    if (latest <= w.fromMs || earliest > w.toMs) continue;
    const sure = earliest > w.fromMs && latest <= w.toMs;
    const labels = groupLabels(e.attributes, reading);
    const key = rowKey(labels);
    let group = out.get(key);
    if (!group) {
      group = { labels, sure: [], maybe: new Map() };
      out.set(key, group);
    }
    const v = value === undefined ? 1 : Number(e.attributes[value]);
    if (!Number.isFinite(v)) throw new Error(`${name} without a numeric ${value}`);
    if (sure) group.sure.push(v);
    else group.maybe.set(e.exportId, [...(group.maybe.get(e.exportId) ?? []), v]);
  }
  return out;
}

/** Every sum of sure + a subset of the maybes (their sizes): the counts the window may show. */
export function possibleCounts(g: EventGroup): number[] {
  let sums = new Set([g.sure.length]);
  for (const values of g.maybe.values())
    sums = new Set([...sums, ...[...sums].map((x) => x + values.length)]);
  return [...sums].sort((a, b) => a - b);
}

/** Every multiset of values the window may hold (sure + each subset of the maybes), capped. */
export function possibleSets(g: EventGroup, cap = 256): number[][] | undefined {
  const maybes = [...g.maybe.values()];
  if (2 ** maybes.length > cap) return undefined;
  const sets: number[][] = [];
  for (let mask = 0; mask < 2 ** maybes.length; mask++) {
    const set = [...g.sure];
    maybes.forEach((values, i) => {
      if (mask & (1 << i)) set.push(...values);
    });
    if (set.length > 0) sets.push(set);
  }
  return sets;
}

/**
 * The q-quantile as a histogram knows it: between the values of rank ceil(q·n) and, when q·n is a
 * whole number, the next one (Prometheus lands on the edge between their buckets). It
 * interpolates inside a bucket, so its answer is within a bucket's width of this interval.
 */
export function rankQuantile(values: readonly number[], q: number): readonly [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = Math.max(1, Math.ceil(q * n));
  const next = Number.isInteger(q * n) ? Math.min(n, rank + 1) : rank;
  return [sorted[rank - 1] as number, sorted[next - 1] as number];
}
