import { createHash } from "node:crypto";
import {
  type AttributeSpec,
  EVENT_COMMON_ATTRIBUTES,
  EVENTS,
  type EventName,
  eventBody,
  METRIC_NAMES,
  METRICS,
  type MetricName,
  RESOURCE_ATTRIBUTES,
  SCOPES,
  STANDARD_ATTRIBUTES,
  TEAM_RESOURCE_ATTRIBUTES,
} from "@cc-otel/contract";
import { encodeOtlpRequest, fieldTag } from "@cc-otel/otlp-sink";

/**
 * Pre-encoded OTLP/protobuf requests shaped like Claude Code's (metrics: the contract's counters as
 * delta Sums with the CLI's standard attributes on every point; logs: the CLI's events), for the
 * throughput benchmark.
 *
 * Requests are plain objects encoded with the official schema (@cc-otel/otlp-sink's vendored .proto
 * files); metric names, units and value types, and every attribute's OTLP value kind where the
 * contract names the attribute, come from @cc-otel/contract. Requests are encoded ONCE; every
 * timestamp is a fixed64 field, so its byte offset is recorded and the load generator rewrites the
 * timestamps in place before each send (`stamp`): each request carries new times at almost no cost
 * to the load generator, and delta_to_cumulative has real accumulating to do.
 */

type Value = string | number | boolean;
type Attrs = Record<string, Value>;
type Specs = Readonly<Record<string, AttributeSpec>>;

/**
 * common.v1.KeyValue list. A key the contract names gets the contract's OTLP kind (and a value of
 * another kind is a mistake in this file); other keys the kind of their JS value.
 */
function keyValues(attrs: Attrs, specs: Specs) {
  return Object.entries(attrs).map(([key, v]) => {
    const kind =
      specs[key]?.type ??
      (typeof v === "string"
        ? "string"
        : typeof v === "boolean"
          ? "bool"
          : Number.isInteger(v)
            ? "int"
            : "double");
    const fits =
      (kind === "string" && typeof v === "string") ||
      (kind === "bool" && typeof v === "boolean") ||
      (kind === "int" && Number.isInteger(v)) ||
      (kind === "double" && typeof v === "number");
    if (!fits) throw new Error(`attribute ${key}: ${JSON.stringify(v)} is not the contract's ${kind}`);
    const value =
      kind === "string"
        ? { stringValue: v }
        : kind === "bool"
          ? { boolValue: v }
          : kind === "int"
            ? { intValue: v }
            : { doubleValue: v };
    return { key, value };
  });
}

const RESOURCE_SPECS: Specs = { ...RESOURCE_ATTRIBUTES, ...TEAM_RESOURCE_ATTRIBUTES };
const metricSpecs = (name: MetricName): Specs => ({ ...STANDARD_ATTRIBUTES, ...METRICS[name].attributes });
const eventSpecs = (name: EventName): Specs => ({
  ...STANDARD_ATTRIBUTES,
  ...EVENT_COMMON_ATTRIBUTES,
  ...EVENTS[name].attributes,
});

// Placeholders written where a timestamp goes, found again in the encoded bytes (`locate`).
const START = 0x5a17_c0de_0000_0001n;
const TIME = 0x5a17_c0de_0000_0002n;

export interface Template {
  /** The encoded request; `stamp` rewrites its timestamps in place. */
  readonly body: Buffer;
  /** Data points (metrics) or log records (logs) in the request. */
  readonly items: number;
  readonly startOffsets: readonly number[];
  readonly timeOffsets: readonly number[];
}

function locate(body: Buffer, sentinel: bigint, tagByte: number): number[] {
  const pattern = Buffer.alloc(8);
  pattern.writeBigUInt64LE(sentinel);
  const out: number[] = [];
  for (let i = body.indexOf(pattern); i !== -1; i = body.indexOf(pattern, i + 8)) {
    if (body[i - 1] !== tagByte) throw new Error(`timestamp placeholder at ${i} without its field tag`);
    out.push(i);
  }
  return out;
}

/**
 * Rewrites a template's timestamps: every start_time to `startNs`, every time to `timeNs` plus
 * the index of the field (so log records of one request have distinct times).
 */
export function stamp(t: Template, startNs: bigint, timeNs: bigint): Buffer {
  for (const o of t.startOffsets) t.body.writeBigUInt64LE(startNs, o);
  let i = 0n;
  for (const o of t.timeOffsets) t.body.writeBigUInt64LE(timeNs + i++, o);
  return t.body;
}

// ---- Claude Code-shaped content (names and value types as in @cc-otel/contract) ----

export interface Developer {
  readonly resource: Attrs;
  /** Standard attributes the CLI puts on every point and event (session.id included). */
  readonly standard: Attrs;
}

const hex = (s: string) => createHash("sha256").update(s).digest("hex");
const uuid = (s: string) => {
  const h = hex(s);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

/** Developer `i` of a 10-team organisation, logged in with claude.ai, in one session. */
export function developer(i: number, seed = "bench"): Developer {
  const team = {
    department: pick(["engineering", "data", "platform", "mobile"], i),
    "team.id": `team-${i % 10}`,
    cost_center: `cc-${100 + (i % 4)}`,
  };
  return {
    resource: {
      ...team,
      "service.name": "claude-code",
      "service.version": pick(["2.1.331", "2.1.330", "2.1.329"], i),
      "os.type": pick(["darwin", "linux", "windows"], i),
      "os.version": pick(["24.6.0", "6.8.0-60-generic", "10.0.26100"], i),
      "host.arch": pick(["arm64", "x64"], i),
    },
    standard: {
      ...team,
      "user.id": hex(`${seed}-user-${i}`),
      "session.id": uuid(`${seed}-session-${i}`),
      "terminal.type": pick(["vscode", "iTerm.app", "xterm-256color", "cursor", "tmux"], i),
      "anthropic.provider": "firstParty",
      "anthropic.custom_base_url": false,
      "user.account_uuid": uuid(`${seed}-account-${i}`),
      "organization.id": uuid(`${seed}-org`),
      "user.email": `dev${i}@example.com`,
    },
  };
}

const MODELS = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"] as const;

/**
 * One CLI export interval's points per contract metric. A Record over the contract's names: a metric
 * added there does not compile here until it has points.
 */
function sessionPoints(): Record<MetricName, { attrs: Attrs; value: number }[]> {
  const byModel = MODELS.map((model, m) => ({ model, query_source: m === 0 ? "main" : "subagent" }));
  return {
    "claude_code.session.count": [{ attrs: { start_type: "fresh" }, value: 1 }],
    "claude_code.cost.usage": byModel.map((a, m) => ({ attrs: a, value: 0.0123 + m * 0.004 })),
    "claude_code.token.usage": byModel.flatMap((a) =>
      ["input", "output", "cacheRead", "cacheCreation"].map((type, t) => ({
        attrs: { ...a, type },
        value: 120 + 1000 * t,
      })),
    ),
    "claude_code.active_time.total": [
      { attrs: { type: "user" }, value: 12.5 },
      { attrs: { type: "cli" }, value: 31.25 },
    ],
    "claude_code.lines_of_code.count": [
      { attrs: { type: "added", model: MODELS[0] }, value: 42 },
      { attrs: { type: "removed", model: MODELS[0] }, value: 7 },
    ],
    "claude_code.code_edit_tool.decision": [
      {
        attrs: { decision: "accept", source: "config", tool_name: "Edit", language: "TypeScript" },
        value: 3,
      },
      { attrs: { decision: "reject", source: "user_reject", tool_name: "Write", language: "Go" }, value: 1 },
    ],
    "claude_code.commit.count": [{ attrs: {}, value: 1 }],
    "claude_code.pull_request.count": [{ attrs: {}, value: 1 }],
  };
}

/** Data points per session in a metrics request. */
export const POINTS_PER_SESSION = Object.values(sessionPoints()).reduce((n, points) => n + points.length, 0);

const CLI_VERSION = "2.1.331";

/**
 * ExportMetricsServiceRequest with one ResourceMetrics per developer (one CLI process each), every
 * contract metric a monotonic DELTA Sum as the CLI sends by default.
 */
export function metricsTemplate(devs: readonly Developer[]): Template {
  const points = sessionPoints();
  const request = {
    resourceMetrics: devs.map((dev) => ({
      resource: { attributes: keyValues(dev.resource, RESOURCE_SPECS) },
      scopeMetrics: [
        {
          scope: { name: SCOPES.metrics, version: CLI_VERSION },
          metrics: METRIC_NAMES.map((name) => ({
            name,
            unit: METRICS[name].unit,
            sum: {
              aggregationTemporality: "AGGREGATION_TEMPORALITY_DELTA",
              isMonotonic: true,
              dataPoints: points[name].map((p) => ({
                attributes: keyValues({ ...dev.standard, ...p.attrs }, metricSpecs(name)),
                startTimeUnixNano: START,
                timeUnixNano: TIME,
                ...(METRICS[name].valueType === "int" ? { asInt: p.value } : { asDouble: p.value }),
              })),
            },
          })),
        },
      ],
    })),
  };
  const point = "opentelemetry.proto.metrics.v1.NumberDataPoint";
  return template(
    encodeOtlpRequest("metrics", request),
    devs.length * POINTS_PER_SESSION,
    [START, fieldTag(point, "startTimeUnixNano")],
    [TIME, fieldTag(point, "timeUnixNano")],
    "metrics template: timestamp placeholders do not match the data points",
  );
}

function template(
  bytes: Uint8Array,
  items: number,
  [start, startTag]: [bigint, number],
  [time, timeTag]: [bigint, number],
  mismatch: string,
): Template {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const t: Template = {
    body,
    items,
    startOffsets: locate(body, start, startTag),
    timeOffsets: locate(body, time, timeTag),
  };
  if (t.startOffsets.length !== items || t.timeOffsets.length !== items) throw new Error(mismatch);
  return t;
}

/** One prompt's events, in the order the CLI emits them. */
function promptEvents(i: number): { name: EventName; attrs: Attrs }[] {
  const req = `req_${hex(`r${i}`).slice(0, 24)}`;
  const toolUse = `toolu_${hex(`t${i}`).slice(0, 24)}`;
  const api = (n: number) => ({
    name: "api_request" as const,
    attrs: {
      model: MODELS[n % 2] as string,
      input_tokens: 1200 + n,
      output_tokens: 350,
      cache_read_tokens: 48_000,
      cache_creation_tokens: 2_100,
      cache_creation_5m_tokens: 2_100,
      cache_creation_1h_tokens: 0,
      cost_usd: 0.0321,
      cost_usd_micros: 32_100,
      duration_ms: 4_210,
      ttft_ms: 830,
      request_id: `${req}${n}`,
      speed: "normal",
      query_source: n % 2 ? "subagent" : "main",
    },
  });
  const tool = (name: string, n: number) => [
    {
      name: "tool_decision" as const,
      attrs: {
        tool_name: name,
        decision: "accept",
        source: "config",
        tool_use_id: `${toolUse}${n}`,
        tool_source: "builtin",
        permission_mode: "default",
        request_id: req,
      },
    },
    {
      name: "tool_result" as const,
      attrs: {
        tool_name: name,
        success: "true",
        duration_ms: "152",
        tool_input_size_bytes: "412",
        tool_result_size_bytes: "8210",
        tool_use_id: `${toolUse}${n}`,
        request_id: req,
      },
    },
  ];
  return [
    {
      name: "user_prompt" as const,
      attrs: { prompt_length: "214", prompt: "<REDACTED>", "message.uuid": uuid(`m${i}`) },
    },
    api(0),
    ...tool("Read", 0),
    api(1),
    ...tool("Edit", 1),
    api(2),
    {
      name: "assistant_response" as const,
      attrs: {
        response_length: 1800,
        response: "<REDACTED>",
        model: MODELS[0],
        request_id: req,
        "message.uuid": uuid(`a${i}`),
        query_source: "main",
      },
    },
  ];
}

/** Log records per session in a logs request (one prompt's events). */
export const RECORDS_PER_SESSION = promptEvents(0).length;

/**
 * ExportLogsServiceRequest with one ResourceLogs per developer: the events of one prompt (user
 * prompt, API requests, tool decisions and results, the answer), body `claude_code.<event>`, with
 * the standard and common attributes and the `<REDACTED>` prompt/response the CLI sends by default
 * (transform/privacy deletes them).
 */
export function logsTemplate(devs: readonly Developer[]): Template {
  const request = {
    resourceLogs: devs.map((dev, d) => {
      const promptId = uuid(`prompt-${d}`);
      return {
        resource: { attributes: keyValues(dev.resource, RESOURCE_SPECS) },
        scopeLogs: [
          {
            scope: { name: SCOPES.events, version: CLI_VERSION },
            logRecords: promptEvents(d).map((e, seq) => ({
              // observed_time_unix_nano takes the "start" placeholder, time_unix_nano the "time".
              timeUnixNano: TIME,
              observedTimeUnixNano: START,
              severityNumber: "SEVERITY_NUMBER_INFO",
              severityText: "INFO",
              body: { stringValue: eventBody(e.name) },
              attributes: keyValues(
                {
                  ...dev.standard,
                  "event.name": e.name,
                  "event.timestamp": "2026-11-25T10:00:00.000Z",
                  "event.sequence": seq,
                  "prompt.id": promptId,
                  ...e.attrs,
                },
                eventSpecs(e.name),
              ),
            })),
          },
        ],
      };
    }),
  };
  const record = "opentelemetry.proto.logs.v1.LogRecord";
  return template(
    encodeOtlpRequest("logs", request),
    devs.length * RECORDS_PER_SESSION,
    [START, fieldTag(record, "observedTimeUnixNano")],
    [TIME, fieldTag(record, "timeUnixNano")],
    "logs template: timestamp placeholders do not match the log records",
  );
}
