import {
  type AttributeSpec,
  EVENT_COMMON_ATTRIBUTES,
  EVENTS,
  SPAN_COMMON_ATTRIBUTES,
  SPANS,
  STANDARD_ATTRIBUTES,
  TEAM_RESOURCE_ATTRIBUTES,
  TRACES_SCOPE,
} from "@cc-otel/contract";
import { type Attributes, type OtlpSink, plain } from "@cc-otel/otlp-sink";

/**
 * The shape of what a receiver got: names, units, kinds, temporality, value kinds and every
 * attribute key with its OTLP kind — everything a dashboard or pipeline depends on, nothing that
 * varies between runs (values, times, ids).
 */

interface MetricShape {
  units: Set<string>;
  kinds: Set<string>;
  temporalities: Set<string>;
  monotonic: Set<boolean>;
  valueTypes: Set<string>;
  attributes: Map<string, Set<string>>;
}

type Attrs = Map<string, Set<string>>;

export interface Shape {
  resource: Attrs;
  metricScopes: Set<string>;
  eventScopes: Set<string>;
  metrics: Record<string, MetricShape>;
  events: Record<string, { bodies: Set<string>; attributes: Attrs }>;
  spanScopes: Set<string>;
  spans: Record<string, { attributes: Attrs; events: Record<string, Attrs> }>;
}

function addAttributes(into: Attrs, attrs: Attributes): void {
  for (const [k, v] of Object.entries(attrs)) {
    const kinds = into.get(k) ?? new Set<string>();
    kinds.add(v.type);
    into.set(k, kinds);
  }
}

export function emptyShape(): Shape {
  return {
    resource: new Map(),
    metricScopes: new Set(),
    eventScopes: new Set(),
    metrics: {},
    events: {},
    spanScopes: new Set(),
    spans: {},
  };
}

/** Adds what the sink holds to `shape` (several runs can make one shape). */
export function shapeOf(sink: OtlpSink, shape: Shape = emptyShape()): Shape {
  for (const rm of sink.metrics) {
    addAttributes(shape.resource, rm.resource);
    for (const sm of rm.scopeMetrics) {
      shape.metricScopes.add(sm.scope.name);
      for (const m of sm.metrics) {
        const s: MetricShape = shape.metrics[m.name] ?? {
          units: new Set(),
          kinds: new Set(),
          temporalities: new Set(),
          monotonic: new Set(),
          valueTypes: new Set(),
          attributes: new Map(),
        };
        shape.metrics[m.name] = s;
        s.units.add(m.unit);
        s.kinds.add(m.kind);
        if (m.kind === "sum") {
          s.temporalities.add(m.temporality);
          s.monotonic.add(m.isMonotonic);
          for (const p of m.dataPoints) {
            s.valueTypes.add(p.value.type);
            addAttributes(s.attributes, p.attributes);
          }
        }
      }
    }
  }
  for (const r of sink.logs) {
    addAttributes(shape.resource, r.resource);
    shape.eventScopes.add(r.scope.name);
    const name = String(plain(r.attributes["event.name"]));
    const e = shape.events[name] ?? { bodies: new Set<string>(), attributes: new Map<string, Set<string>>() };
    shape.events[name] = e;
    e.bodies.add(String(plain(r.body)));
    addAttributes(e.attributes, r.attributes);
  }
  for (const span of sink.spans) {
    shape.spanScopes.add(span.scope.name);
    const s: Shape["spans"][string] = shape.spans[span.name] ?? { attributes: new Map(), events: {} };
    shape.spans[span.name] = s;
    addAttributes(s.attributes, span.attributes);
    for (const e of span.events) {
      const attrs = s.events[e.name] ?? new Map();
      s.events[e.name] = attrs;
      addAttributes(attrs, e.attributes);
    }
  }
  return shape;
}

const list = (s: Set<unknown>) => [...s].map(String).sort().join("|");

function attributeDifferences(where: string, real: Attrs, sim: Attrs): string[] {
  const out: string[] = [];
  for (const [key, kinds] of real) {
    const simKinds = sim.get(key);
    if (!simKinds) out.push(`${where}: attribute '${key}' (${list(kinds)}) is never sent by the simulator`);
    else if (list(kinds) !== list(simKinds)) {
      out.push(
        `${where}: attribute '${key}' is ${list(kinds)} on the CLI, ${list(simKinds)} in the simulator`,
      );
    }
  }
  return out;
}

/**
 * Everything the real CLI sent that the simulator does not send the same way. The simulator may
 * send more (optional attributes, metrics this CLI run had no reason to emit); it may not send less
 * or differently. Traces are the contract's business only (the simulator sends none): see
 * contractDifferences.
 */
export function shapeDifferences(real: Shape, sim: Shape): string[] {
  const out = attributeDifferences("resource", real.resource, sim.resource);
  if (list(real.metricScopes) !== list(sim.metricScopes))
    out.push(`metric scope ${list(real.metricScopes)} vs ${list(sim.metricScopes)}`);
  if (list(real.eventScopes) !== list(sim.eventScopes))
    out.push(`event scope ${list(real.eventScopes)} vs ${list(sim.eventScopes)}`);
  for (const [name, m] of Object.entries(real.metrics)) {
    const s = sim.metrics[name];
    if (!s) {
      out.push(`metric ${name} is never sent by the simulator`);
      continue;
    }
    for (const [what, a, b] of [
      ["unit", m.units, s.units],
      ["kind", m.kinds, s.kinds],
      ["temporality", m.temporalities, s.temporalities],
      ["monotonic", m.monotonic, s.monotonic],
    ] as const) {
      if (list(a) !== list(b))
        out.push(`metric ${name}: ${what} is ${list(a)} on the CLI, ${list(b)} in the simulator`);
    }
    if (list(m.valueTypes) !== list(s.valueTypes)) {
      out.push(
        `metric ${name}: points are ${list(m.valueTypes)} on the CLI, ${list(s.valueTypes)} in the simulator`,
      );
    }
    out.push(...attributeDifferences(`metric ${name}`, m.attributes, s.attributes));
  }
  for (const [name, e] of Object.entries(real.events)) {
    const s = sim.events[name];
    if (!s) {
      out.push(`event ${name} is never sent by the simulator`);
      continue;
    }
    if (list(e.bodies) !== list(s.bodies))
      out.push(`event ${name}: body ${list(e.bodies)} vs ${list(s.bodies)}`);
    out.push(...attributeDifferences(`event ${name}`, e.attributes, s.attributes));
  }
  return out.sort();
}

function contractAttributes(
  where: string,
  real: Attrs,
  specs: Readonly<Record<string, AttributeSpec>>,
): string[] {
  const out: string[] = [];
  for (const [key, kinds] of real) {
    const spec = specs[key];
    if (!spec) out.push(`${where}: attribute '${key}' (${list(kinds)}) is not in the contract`);
    else if (list(kinds) !== spec.type)
      out.push(`${where}: '${key}' is ${list(kinds)} on the CLI, ${spec.type} in the contract`);
  }
  return out;
}

/** What the CLI sent that the contract does not know (events and spans), or types differently. */
export function contractDifferences(real: Shape): string[] {
  const everywhere = { ...STANDARD_ATTRIBUTES, ...TEAM_RESOURCE_ATTRIBUTES } as Record<string, AttributeSpec>;
  const out: string[] = [];
  for (const [name, e] of Object.entries(real.events)) {
    const spec = (EVENTS as Record<string, { attributes: Record<string, AttributeSpec> }>)[name];
    if (!spec) {
      out.push(`event ${name} is not in the contract`);
      continue;
    }
    out.push(
      ...contractAttributes(`event ${name}`, e.attributes, {
        ...everywhere,
        ...EVENT_COMMON_ATTRIBUTES,
        ...spec.attributes,
      }),
    );
  }
  for (const scope of real.spanScopes)
    if (scope !== TRACES_SCOPE) out.push(`span scope ${scope}, contract says ${TRACES_SCOPE}`);
  for (const [name, s] of Object.entries(real.spans)) {
    const spec = (
      SPANS as Record<
        string,
        {
          attributes: Record<string, AttributeSpec>;
          events?: Record<string, { attributes: Record<string, AttributeSpec> }>;
        }
      >
    )[name];
    if (!spec) {
      out.push(`span ${name} is not in the contract`);
      continue;
    }
    out.push(
      ...contractAttributes(`span ${name}`, s.attributes, {
        ...everywhere,
        ...SPAN_COMMON_ATTRIBUTES,
        ...spec.attributes,
      }),
    );
    for (const [event, attrs] of Object.entries(s.events)) {
      const eventSpec = spec.events?.[event];
      if (!eventSpec) out.push(`span ${name}: event ${event} is not in the contract`);
      else {
        // The CLI marks a cut value with <key>_truncated / <key>_original_length.
        const lengths = Object.fromEntries(
          Object.keys(eventSpec.attributes).flatMap((k) => [
            [`${k}_truncated`, { type: "bool", description: "" }],
            [`${k}_original_length`, { type: "int", description: "" }],
          ]),
        ) as Record<string, AttributeSpec>;
        out.push(
          ...contractAttributes(`span ${name} / ${event}`, attrs, { ...eventSpec.attributes, ...lengths }),
        );
      }
    }
  }
  return out.sort();
}
