import {
  type AttributeSpec,
  EVENT_COMMON_ATTRIBUTES,
  EVENTS,
  type EventAttributeKey,
  type EventName,
  METRICS,
  type MetricAttributeKey,
  type MetricName,
  type OtlpValueType,
  RESOURCE_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
} from "@cc-otel/contract";
import type { Developer } from "./org.js";

/**
 * Attribute sets built from the contract. Values are coerced to the OTLP kind the contract gives
 * each key (a number for a `string` key becomes its decimal string, an `int` is rounded), so the
 * simulator cannot drift from the CLI's mixed types however the generators compute values.
 */

export type AttrValue = string | number | boolean | string[];
export type Attrs = Record<string, AttrValue>;

function coerce(type: OtlpValueType, key: string, value: AttrValue): AttrValue {
  if (type === "array") {
    if (!Array.isArray(value)) throw new Error(`attribute ${key}: a list expected`);
    return value;
  }
  if (Array.isArray(value)) throw new Error(`attribute ${key}: ${type} expected, got a list`);
  switch (type) {
    case "string":
      return typeof value === "string" ? value : String(value);
    case "int":
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new Error(`attribute ${key}: int expected`);
      return Math.round(value);
    case "double":
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new Error(`attribute ${key}: number expected`);
      return value;
    case "bool":
      return value === true || value === "true";
  }
}

function coerceAll(
  specs: Readonly<Record<string, AttributeSpec>>,
  values: Readonly<Attrs>,
  into: Attrs,
  what: string,
) {
  for (const key in values) {
    const value = values[key];
    if (value === undefined) continue;
    const spec = specs[key];
    if (!spec) throw new Error(`${what} has no attribute '${key}' in the contract`);
    into[key] = coerce(spec.type, key, value);
  }
}

export type EventAttrs<E extends EventName> = Partial<Record<EventAttributeKey<E>, AttrValue>>;
export type MetricAttrs<M extends MetricName> = Partial<Record<MetricAttributeKey<M>, AttrValue>>;

/** team.id / department / cost_center plus OTEL_RESOURCE_ATTRIBUTES, as the user would configure them. */
function userResourceAttributes(dev: Developer): Record<string, string> {
  const out: Record<string, string> = {};
  if (dev.team) {
    out.department = dev.team.department;
    out["team.id"] = dev.team.id;
    out.cost_center = dev.team.costCenter;
  }
  for (const [k, v] of Object.entries(dev.extraResource)) if (!(k in RESOURCE_ATTRIBUTES)) out[k] = v;
  return out;
}

/**
 * Standard attributes (on every point and record) of one session of one developer. The CLI also
 * copies what OTEL_RESOURCE_ATTRIBUTES sets onto every point and record (observed on 2.1.331 with
 * team.id and department), so those come first, exactly as the CLI orders them.
 */
export function standardAttributes(dev: Developer, sessionId: string): Attrs {
  const values: Attrs = {
    "user.id": dev.userId,
    "session.id": sessionId,
    "terminal.type": dev.terminal,
    "anthropic.provider": dev.provider,
    "anthropic.custom_base_url": dev.customBaseUrl,
  };
  if (dev.login) {
    values["user.account_uuid"] = dev.login.accountUuid;
    values["organization.id"] = dev.login.organizationId;
    values["user.email"] = dev.email;
  }
  const out: Attrs = { ...userResourceAttributes(dev) };
  coerceAll(STANDARD_ATTRIBUTES, values, out, "standard attributes");
  return out;
}

export function resourceAttributes(dev: Developer): Attrs {
  const values: Attrs = {
    "service.name": "claude-code",
    "service.version": dev.cliVersion,
    "os.type": dev.os.type,
    "os.version": dev.os.version,
    "host.arch": dev.arch,
  };
  // What the user adds with OTEL_RESOURCE_ATTRIBUTES; the CLI's own keys win.
  const out: Attrs = { ...userResourceAttributes(dev) };
  coerceAll(RESOURCE_ATTRIBUTES, values, out, "resource");
  return out;
}

export function metricAttributes<M extends MetricName>(name: M, standard: Attrs, own: MetricAttrs<M>): Attrs {
  const out: Attrs = { ...standard };
  coerceAll(METRICS[name].attributes, own as Attrs, out, name);
  return out;
}

export function eventAttributes<E extends EventName>(
  name: E,
  standard: Attrs,
  common: { timestamp: string; sequence: number; promptId: string | undefined },
  own: EventAttrs<E>,
): Attrs {
  const head: Attrs = {
    "event.name": name,
    "event.timestamp": common.timestamp,
    "event.sequence": common.sequence,
  };
  if (common.promptId !== undefined) head["prompt.id"] = common.promptId;
  const out: Attrs = {};
  Object.assign(out, standard);
  coerceAll(EVENT_COMMON_ATTRIBUTES, head, out, "event");
  coerceAll(EVENTS[name].attributes, own as Attrs, out, `event ${name}`);
  return out;
}
