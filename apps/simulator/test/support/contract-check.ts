import {
  type AttributeSpec,
  EVENT_BODY_PREFIX,
  EVENT_COMMON_ATTRIBUTES,
  EVENTS,
  type EventName,
  METRICS,
  type MetricName,
  RESOURCE_ATTRIBUTES,
  SCOPES,
  STANDARD_ATTRIBUTES,
  TEAM_RESOURCE_ATTRIBUTES,
} from "@cc-otel/contract";
import {
  type Attributes,
  type OtlpSink,
  plainAttributes,
  pointValue,
  type ReceivedLogRecord,
} from "@cc-otel/otlp-sink";

/**
 * Everything the sink decoded, checked against the contract: names, units, temporality, attribute
 * keys, OTLP value kinds and allowed values. Returns the violations (empty when all is well), so a
 * failure lists every problem at once.
 */

type Specs = Readonly<Record<string, AttributeSpec>>;

/**
 * What the CLI puts on every point and record: the standard attributes, plus whatever
 * OTEL_RESOURCE_ATTRIBUTES sets (observed on 2.1.331) — here the team attributes.
 */
const ON_EVERYTHING: Specs = { ...(STANDARD_ATTRIBUTES as Specs), ...(TEAM_RESOURCE_ATTRIBUTES as Specs) };

const REQUIRED_STANDARD = Object.entries(STANDARD_ATTRIBUTES as Specs)
  .filter(([, s]) => !s.optional)
  .map(([k]) => k);

function checkAttributes(
  where: string,
  attrs: Attributes,
  specs: Specs,
  required: readonly string[],
  out: string[],
) {
  for (const [key, value] of Object.entries(attrs)) {
    const spec = specs[key];
    if (!spec) {
      out.push(`${where}: attribute '${key}' is not in the contract`);
      continue;
    }
    if (value.type !== spec.type)
      out.push(`${where}: '${key}' sent as ${value.type}, contract says ${spec.type}`);
    if (spec.values && !spec.open && value.type === "string" && !spec.values.includes(value.value)) {
      out.push(`${where}: '${key}' = '${value.value}' is not one of ${spec.values.join(", ")}`);
    }
  }
  for (const key of required) if (!(key in attrs)) out.push(`${where}: required attribute '${key}' missing`);
}

function requiredOf(specs: Specs): string[] {
  return Object.entries(specs)
    .filter(([, s]) => !s.optional)
    .map(([k]) => k);
}

export function contractViolations(sink: OtlpSink, temporality: "delta" | "cumulative"): string[] {
  const out: string[] = [];
  const resourceSpecs: Specs = { ...RESOURCE_ATTRIBUTES, ...TEAM_RESOURCE_ATTRIBUTES };
  const checkResource = (
    where: string,
    resource: Attributes,
    scopeName: string,
    scopeVersion: string,
    want: string,
  ) => {
    checkAttributes(`${where} resource`, resource, resourceSpecs, Object.keys(RESOURCE_ATTRIBUTES), out);
    if (scopeName !== want) out.push(`${where}: scope '${scopeName}', want '${want}'`);
    const version = resource["service.version"];
    if (version?.type !== "string" || version.value !== scopeVersion) {
      out.push(`${where}: scope version '${scopeVersion}' differs from service.version`);
    }
    if (resource["service.name"]?.type !== "string" || resource["service.name"].value !== "claude-code") {
      out.push(`${where}: service.name is not claude-code`);
    }
  };

  for (const rm of sink.metrics)
    for (const sm of rm.scopeMetrics) {
      checkResource("metrics", rm.resource, sm.scope.name, sm.scope.version, SCOPES.metrics);
      for (const m of sm.metrics) {
        const spec = METRICS[m.name as MetricName];
        if (!spec) {
          out.push(`metric '${m.name}' is not in the contract`);
          continue;
        }
        if (m.unit !== spec.unit) out.push(`${m.name}: unit '${m.unit}', contract says '${spec.unit}'`);
        if (m.kind !== "sum") {
          out.push(`${m.name}: sent as ${m.kind}, the CLI sends a monotonic sum`);
          continue;
        }
        if (!m.isMonotonic) out.push(`${m.name}: not monotonic`);
        if (m.temporality !== temporality)
          out.push(`${m.name}: ${m.temporality} temporality, want ${temporality}`);
        for (const p of m.dataPoints) {
          if (p.value.type !== spec.valueType)
            out.push(`${m.name}: ${p.value.type} point, contract says ${spec.valueType}`);
          if (p.startTimeUnixNano > p.timeUnixNano) out.push(`${m.name}: point starts after it ends`);
          checkAttributes(
            m.name,
            p.attributes,
            { ...ON_EVERYTHING, ...(spec.attributes as Specs) },
            [...REQUIRED_STANDARD, ...requiredOf(spec.attributes as Specs)],
            out,
          );
        }
      }
    }

  for (const r of sink.logs) {
    checkResource("events", r.resource, r.scope.name, r.scope.version, SCOPES.events);
    const name = r.attributes["event.name"];
    if (name?.type !== "string") {
      out.push("log record without a string event.name");
      continue;
    }
    const spec = EVENTS[name.value as EventName];
    if (!spec) {
      out.push(`event '${name.value}' is not in the contract`);
      continue;
    }
    if (r.body?.type !== "string" || r.body.value !== `${EVENT_BODY_PREFIX}${name.value}`) {
      out.push(`${name.value}: body is not '${EVENT_BODY_PREFIX}${name.value}'`);
    }
    const ts = r.attributes["event.timestamp"];
    if (ts?.type === "string" && BigInt(Date.parse(ts.value)) * 1_000_000n !== r.timeUnixNano) {
      out.push(`${name.value}: event.timestamp ${ts.value} differs from the record time`);
    }
    const common: Specs = EVENT_COMMON_ATTRIBUTES;
    const bookkeeping = "bookkeeping" in spec;
    // Start-up bookkeeping events: the contract says to tolerate any further attributes.
    const own: Specs = bookkeeping
      ? Object.fromEntries(
          Object.entries(r.attributes)
            .filter(([k]) => !(k in common) && !(k in ON_EVERYTHING))
            .map(([k, v]) => [k, { type: v.type, description: "undocumented" } as AttributeSpec]),
        )
      : (spec.attributes as Specs);
    checkAttributes(
      name.value,
      r.attributes,
      { ...common, ...ON_EVERYTHING, ...own },
      [
        ...requiredOf(common),
        ...(bookkeeping ? [] : ["prompt.id"]),
        ...REQUIRED_STANDARD,
        ...requiredOf(spec.attributes as Specs),
      ],
      out,
    );
  }
  return [...new Set(out)];
}

function streamKey(name: string, resource: Attributes, attrs: Attributes): string {
  const all = { ...plainAttributes(resource), ...plainAttributes(attrs) };
  return `${name}|${JSON.stringify(
    Object.entries(all).sort(([a], [b]) => a.localeCompare(b)),
    (_, v) => (typeof v === "bigint" ? String(v) : v),
  )}`;
}

/** What the sink received, summarised the way the simulator's ledger is. */
export function sinkTotals(sink: OtlpSink) {
  const metrics: Record<string, { dataPoints: number; total: number }> = {};
  const last = new Map<string, { t: bigint; v: number }>();
  for (const d of sink.dataPoints()) {
    const entry = metrics[d.metric.name] ?? { dataPoints: 0, total: 0 };
    metrics[d.metric.name] = entry;
    entry.dataPoints++;
    if (d.metric.kind === "sum" && d.metric.temporality === "cumulative") {
      const key = streamKey(d.metric.name, d.resource, d.point.attributes);
      const prev = last.get(key);
      if (!prev || prev.t <= d.point.timeUnixNano)
        last.set(key, { t: d.point.timeUnixNano, v: pointValue(d.point) });
    } else entry.total += pointValue(d.point);
  }
  for (const [key, { v }] of last) {
    const name = key.slice(0, key.indexOf("|"));
    (metrics[name] as { total: number }).total += v;
  }
  const events: Record<string, number> = {};
  let eventCostUsd = 0;
  for (const r of sink.logs as ReceivedLogRecord[]) {
    const a = plainAttributes(r.attributes);
    const name = String(a["event.name"]);
    events[name] = (events[name] ?? 0) + 1;
    if (name === "api_request") eventCostUsd += a.cost_usd as number;
  }
  return { metrics, events, logRecords: sink.logs.length, eventCostUsd };
}
