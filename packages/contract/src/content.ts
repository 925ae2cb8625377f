import type { AttributeSpec, ContentSpec } from "./attributes.js";
import { EVENT_NAMES, EVENTS } from "./events.js";
import { SPAN_NAMES, SPANS } from "./traces.js";

/**
 * Every field in which Claude Code can send user content — event attributes, span attributes and
 * span event attributes — with what the cc-otel collector stores by default. Gathered from the
 * `content` of each attribute in events.ts and traces.ts, so a field cannot be listed without
 * existing there. The collector's `transform/privacy` processor is rendered from this list
 * (`privacyProcessor()`) and a test keeps stack/collector/config.yaml equal to it.
 */

export interface ContentField {
  /** "span status": the status message of a failed span (key is "status.message"). */
  readonly signal: "event" | "span" | "span event" | "span status";
  /** Event name, span name, or `span name / span event name`. */
  readonly owner: string;
  readonly key: string;
  readonly spec: ContentSpec;
}

/** The collector's opt-in: CC_OTEL_LOG_CONTENT=true keeps every field as the client sent it. */
export const LOG_CONTENT_ENV = "CC_OTEL_LOG_CONTENT";

function fieldsOf(
  signal: ContentField["signal"],
  owner: string,
  attributes: Readonly<Record<string, AttributeSpec>>,
): ContentField[] {
  return Object.entries(attributes)
    .filter(([, spec]) => spec.content)
    .map(([key, spec]) => ({ signal, owner, key, spec: spec.content as ContentSpec }));
}

export const CONTENT_FIELDS: readonly ContentField[] = [
  ...EVENT_NAMES.flatMap((e) => fieldsOf("event", e, EVENTS[e].attributes)),
  ...SPAN_NAMES.flatMap((name) => {
    const span = SPANS[name] as (typeof SPANS)[keyof typeof SPANS] & {
      events?: Record<string, { attributes: Record<string, AttributeSpec> }>;
    };
    const status = (span as { statusMessage?: ContentSpec }).statusMessage;
    return [
      ...fieldsOf("span", name, span.attributes),
      ...(status
        ? [{ signal: "span status" as const, owner: name, key: "status.message", spec: status }]
        : []),
      ...Object.entries(span.events ?? {}).flatMap(([event, spec]) =>
        fieldsOf("span event", `${name} / ${event}`, spec.attributes),
      ),
    ];
  }),
];

/** Event attribute keys that can carry content (on at least one event). */
export const CONTENT_EVENT_KEYS: readonly string[] = [
  ...new Set(CONTENT_FIELDS.filter((f) => f.signal === "event").map((f) => f.key)),
].sort();

// ---------------------------------------------------------------------------------------------
// The collector processor, as OTTL.

export interface OttlGroup {
  readonly context: "log" | "span" | "spanevent";
  readonly conditions: readonly string[];
  readonly statements: readonly string[];
}

const q = (value: string): string => JSON.stringify(value);
const OPTED_OUT = `"\${env:${LOG_CONTENT_ENV}:-false}" != "true"`;

/** All attribute keys of every owner of one signal, content or not. */
function keysByOwner(signal: ContentField["signal"]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (owner: string, attrs: Readonly<Record<string, AttributeSpec>>) =>
    out.set(owner, new Set(Object.keys(attrs)));
  if (signal === "event") for (const e of EVENT_NAMES) add(e, EVENTS[e].attributes);
  for (const name of SPAN_NAMES) {
    const span = SPANS[name] as {
      attributes: Record<string, AttributeSpec>;
      events?: Record<string, { attributes: Record<string, AttributeSpec> }>;
    };
    if (signal === "span") add(name, span.attributes);
    if (signal === "span event")
      for (const [event, spec] of Object.entries(span.events ?? {}))
        add(`${name} / ${event}`, spec.attributes);
  }
  return out;
}

/**
 * Statements for one signal. A key that is content wherever it appears is handled on every record
 * (also on events or spans a newer CLI adds); a key that is harmless elsewhere (an api_error's
 * `error` is the API's message, a tool_result's may quote the command) only where it is content.
 */
function statementsFor(signal: ContentField["signal"], target: string, nameOf: string): string[] {
  const fields = CONTENT_FIELDS.filter((f) => f.signal === signal);
  const owners = keysByOwner(signal);
  const out: string[] = [];
  for (const key of [...new Set(fields.map((f) => f.key))].sort()) {
    const of = fields.filter((f) => f.key === key);
    const spec = JSON.stringify(of[0]?.spec.byDefault);
    if (of.some((f) => JSON.stringify(f.spec.byDefault) !== spec))
      throw new Error(
        `content field ${key}: one treatment per key, got ${of.map((f) => f.owner).join(", ")}`,
      );
    const contentOwners = new Set(of.map((f) => f.owner.split(" / ").at(-1) as string));
    const harmlessSomewhere = [...owners].some(
      ([owner, keys]) => keys.has(key) && !of.some((f) => f.owner === owner),
    );
    const where = harmlessSomewhere
      ? ` where ${[...contentOwners].map((o) => `${nameOf} == ${q(o)}`).join(" or ")}`
      : "";
    const byDefault = of[0]?.spec.byDefault;
    if (byDefault === "drop" || byDefault === undefined) {
      out.push(`delete_key(${target}, ${q(key)})${where}`);
      continue;
    }
    if (where)
      throw new Error(
        `content field ${key}: JSON reduction is only rendered for keys that are content everywhere`,
      );
    const [context] = target.split(".");
    const value = `${target}[${q(key)}]`;
    const cache = `${context}.cache[${q(key)}]`;
    const isMap = `IsMap(${cache})`;
    out.push(
      // Parsed into the record's cache; the field itself goes in any case, so a value that is not
      // JSON (or was cut) is dropped, never kept.
      `set(${cache}, ParseJSON(${value})) where ${value} != nil`,
      `delete_key(${target}, ${q(key)})`,
      `keep_keys(${cache}, [${byDefault.keepJsonKeys.map(q).join(", ")}]) where ${isMap}`,
      ...(byDefault.commandNameKeys ?? []).flatMap((k) => [
        `replace_pattern(${cache}[${q(k)}], "^.*/", "") where ${isMap}`,
        `delete_key(${cache}, ${q(k)}) where ${isMap} and IsMatch(${cache}[${q(k)}], "=")`,
      ]),
      `set(${value}, String(${cache})) where ${isMap} and Len(${cache}) > 0`,
    );
  }
  return out;
}

/**
 * The collector's `transform/privacy` processor: runs first after memory_limiter in the logs and
 * traces pipelines (before any truncation, so a cut value cannot slip through a JSON parse).
 */
export function privacyProcessor(): {
  error_mode: "ignore";
  log_statements: OttlGroup[];
  trace_statements: OttlGroup[];
} {
  return {
    error_mode: "ignore",
    log_statements: [
      {
        context: "log",
        conditions: [OPTED_OUT],
        statements: statementsFor("event", "log.attributes", 'log.attributes["event.name"]'),
      },
    ],
    trace_statements: [
      {
        context: "span",
        conditions: [OPTED_OUT],
        statements: [
          ...statementsFor("span", "span.attributes", "span.name"),
          // A failed span's status message repeats its error text.
          ...CONTENT_FIELDS.filter((f) => f.signal === "span status").map(
            (f) => `set(span.status.message, "") where span.name == ${q(f.owner)}`,
          ),
        ],
      },
      {
        context: "spanevent",
        conditions: [OPTED_OUT],
        statements: statementsFor("span event", "spanevent.attributes", "spanevent.name"),
      },
    ],
  };
}
