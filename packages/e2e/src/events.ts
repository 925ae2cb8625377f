import { EVENT_BODY_PREFIX, EVENT_NAMES, type EventName } from "@cc-otel/contract";
import { type OtlpSink, plain, stringAttr } from "@cc-otel/otlp-sink";
import type { Ledger } from "@cc-otel/simulator";

/**
 * Reads what reached Loki's ingestion boundary (the harness's stand-in): event counts and sums of
 * event attributes, the independent record the metric-based panels are checked against.
 */
export function eventName(record: OtlpSink["logs"][number]): string | undefined {
  const name = stringAttr(record.attributes, "event.name");
  if (name) return name;
  const body = record.body?.type === "string" ? record.body.value : "";
  return body.startsWith(EVENT_BODY_PREFIX) ? body.slice(EVENT_BODY_PREFIX.length) : undefined;
}

/** Identity of each event that reached the sink: its session and per-session sequence number. */
export function eventKeys(sink: OtlpSink): string[] {
  return sink.logs.map((r) => {
    const seq = r.attributes["event.sequence"];
    return `${stringAttr(r.attributes, "session.id")}#${seq && "value" in seq ? String(seq.value) : "?"}`;
  });
}

export function countEvents(sink: OtlpSink): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of sink.logs) {
    const name = eventName(record) ?? "(unnamed)";
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Numeric attribute of an event, whatever OTLP type carries it. */
export function numberAttr(record: OtlpSink["logs"][number], key: string): number {
  const v = plain(record.attributes[key]);
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : Number(v ?? 0);
}

export function eventsOf(sink: OtlpSink, name: EventName, fromMs = -Infinity, toMs = Infinity) {
  return sink.logs.filter((r) => {
    if (eventName(r) !== name) return false;
    const t = Number(r.timeUnixNano / 1_000_000n);
    return t >= fromMs && t <= toMs;
  });
}

/** The ledger's count per event name, for the names it sent at least once. */
export function ledgerEventCounts(ledger: Ledger): Record<string, number> {
  return Object.fromEntries(
    EVENT_NAMES.filter((n) => ledger.events[n] > 0).map((n) => [n, ledger.events[n]]),
  );
}
