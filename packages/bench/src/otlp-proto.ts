import { createHash } from "node:crypto";

/**
 * Pre-encoded OTLP/protobuf requests shaped like Claude Code's (metrics: delta Sums with the CLI's
 * standard attributes on every point; logs: the CLI's events), for the throughput benchmark.
 *
 * The encoder is a minimal protobuf writer for the few OTLP messages used here (field numbers from
 * the .proto files vendored in packages/otlp-sink/proto). Requests are encoded ONCE; every
 * timestamp is a fixed64 field, so its byte offset is recorded and the load generator rewrites
 * the timestamps in place before each send (`stamp`): each request carries new times at almost no
 * cost to the load generator, and delta_to_cumulative has real accumulating to do.
 */

type Value = string | number | boolean;
type Attrs = Record<string, Value>;

class Msg {
  private readonly parts: Buffer[] = [];

  private tag(field: number, wire: number): void {
    this.raw(varint((field << 3) | wire));
  }
  private raw(b: Buffer): void {
    this.parts.push(b);
  }
  uint(field: number, v: number): this {
    this.tag(field, 0);
    this.raw(varint(v));
    return this;
  }
  int64(field: number, v: number): this {
    this.tag(field, 0);
    this.raw(varint(v < 0 ? BigInt.asUintN(64, BigInt(v)) : v));
    return this;
  }
  bool(field: number, v: boolean): this {
    return this.uint(field, v ? 1 : 0);
  }
  double(field: number, v: number): this {
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.raw(b);
    return this;
  }
  fixed64(field: number, v: bigint): this {
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    this.raw(b);
    return this;
  }
  sfixed64(field: number, v: number): this {
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(v));
    this.raw(b);
    return this;
  }
  bytes(field: number, b: Buffer): this {
    this.tag(field, 2);
    this.raw(varint(b.length));
    this.raw(b);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s, "utf8"));
  }
  msg(field: number, m: Msg): this {
    return this.bytes(field, m.finish());
  }
  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function varint(v: number | bigint): Buffer {
  let n = BigInt(v);
  const out: number[] = [];
  while (n > 0x7fn) {
    out.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
  out.push(Number(n));
  return Buffer.from(out);
}

/** common.v1.AnyValue */
function anyValue(v: Value): Msg {
  const m = new Msg();
  if (typeof v === "string") m.string(1, v);
  else if (typeof v === "boolean") m.bool(2, v);
  else if (Number.isInteger(v)) m.int64(3, v);
  else m.double(4, v);
  return m;
}

/** repeated common.v1.KeyValue at `field` */
function putAttrs(m: Msg, field: number, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) m.msg(field, new Msg().string(1, k).msg(2, anyValue(v)));
}

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

/** One CLI export interval's points: [metric, unit, attributes, value] (int if value is an integer and the metric is int). */
function sessionPoints(): {
  name: string;
  unit: string;
  int: boolean;
  points: { attrs: Attrs; value: number }[];
}[] {
  const byModel = MODELS.map((model, m) => ({ model, query_source: m === 0 ? "main" : "subagent" }));
  return [
    {
      name: "claude_code.session.count",
      unit: "",
      int: false,
      points: [{ attrs: { start_type: "fresh" }, value: 1 }],
    },
    {
      name: "claude_code.cost.usage",
      unit: "USD",
      int: false,
      points: byModel.map((a, m) => ({ attrs: a, value: 0.0123 + m * 0.004 })),
    },
    {
      name: "claude_code.token.usage",
      unit: "tokens",
      int: false,
      points: byModel.flatMap((a) =>
        ["input", "output", "cacheRead", "cacheCreation"].map((type, t) => ({
          attrs: { ...a, type },
          value: 120 + 1000 * t,
        })),
      ),
    },
    {
      name: "claude_code.active_time.total",
      unit: "s",
      int: false,
      points: [
        { attrs: { type: "user" }, value: 12.5 },
        { attrs: { type: "cli" }, value: 31.25 },
      ],
    },
    {
      name: "claude_code.lines_of_code.count",
      unit: "",
      int: true,
      points: [
        { attrs: { type: "added", model: MODELS[0] }, value: 42 },
        { attrs: { type: "removed", model: MODELS[0] }, value: 7 },
      ],
    },
    {
      name: "claude_code.code_edit_tool.decision",
      unit: "",
      int: true,
      points: [
        {
          attrs: { decision: "accept", source: "config", tool_name: "Edit", language: "TypeScript" },
          value: 3,
        },
        {
          attrs: { decision: "reject", source: "user_reject", tool_name: "Write", language: "Go" },
          value: 1,
        },
      ],
    },
    { name: "claude_code.commit.count", unit: "", int: true, points: [{ attrs: {}, value: 1 }] },
  ];
}

/** Data points per session in a metrics request. */
export const POINTS_PER_SESSION = sessionPoints().reduce((n, m) => n + m.points.length, 0);

/**
 * ExportMetricsServiceRequest with one ResourceMetrics per developer (one CLI process each), every
 * metric a monotonic DELTA Sum as the CLI sends by default.
 */
export function metricsTemplate(devs: readonly Developer[]): Template {
  const req = new Msg();
  let items = 0;
  for (const dev of devs) {
    const resource = new Msg();
    putAttrs(resource, 1, dev.resource);
    const scope = new Msg().msg(1, new Msg().string(1, "com.anthropic.claude_code").string(2, "2.1.331"));
    for (const metric of sessionPoints()) {
      const sum = new Msg();
      for (const p of metric.points) {
        const dp = new Msg();
        putAttrs(dp, 7, { ...dev.standard, ...p.attrs });
        dp.fixed64(2, START).fixed64(3, TIME);
        if (metric.int) dp.sfixed64(6, p.value);
        else dp.double(4, p.value);
        sum.msg(1, dp);
        items++;
      }
      sum.uint(2, 1).bool(3, true); // AGGREGATION_TEMPORALITY_DELTA, monotonic
      scope.msg(2, new Msg().string(1, metric.name).string(3, metric.unit).msg(7, sum));
    }
    req.msg(1, new Msg().msg(1, resource).msg(2, scope));
  }
  const body = req.finish();
  const t: Template = {
    body,
    items,
    startOffsets: locate(body, START, (2 << 3) | 1),
    timeOffsets: locate(body, TIME, (3 << 3) | 1),
  };
  if (t.startOffsets.length !== items || t.timeOffsets.length !== items)
    throw new Error("metrics template: timestamp placeholders do not match the data points");
  return t;
}

/** One prompt's events, in the order the CLI emits them. */
function promptEvents(i: number): { name: string; attrs: Attrs }[] {
  const req = `req_${hex(`r${i}`).slice(0, 24)}`;
  const toolUse = `toolu_${hex(`t${i}`).slice(0, 24)}`;
  const api = (n: number) => ({
    name: "api_request",
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
      name: "tool_decision",
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
      name: "tool_result",
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
      name: "user_prompt",
      attrs: { prompt_length: "214", prompt: "<REDACTED>", "message.uuid": uuid(`m${i}`) },
    },
    api(0),
    ...tool("Read", 0),
    api(1),
    ...tool("Edit", 1),
    api(2),
    {
      name: "assistant_response",
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
  const req = new Msg();
  let items = 0;
  devs.forEach((dev, d) => {
    const resource = new Msg();
    putAttrs(resource, 1, dev.resource);
    const scope = new Msg().msg(
      1,
      new Msg().string(1, "com.anthropic.claude_code.events").string(2, "2.1.331"),
    );
    const promptId = uuid(`prompt-${d}`);
    promptEvents(d).forEach((e, seq) => {
      const rec = new Msg().fixed64(1, TIME).fixed64(11, START);
      rec.uint(2, 9).string(3, "INFO"); // SEVERITY_NUMBER_INFO
      rec.msg(5, anyValue(`claude_code.${e.name}`));
      putAttrs(rec, 6, {
        ...dev.standard,
        "event.name": e.name,
        "event.timestamp": "2026-11-25T10:00:00.000Z",
        "event.sequence": seq,
        "prompt.id": promptId,
        ...e.attrs,
      });
      scope.msg(2, rec);
      items++;
    });
    req.msg(1, new Msg().msg(1, resource).msg(2, scope));
  });
  const body = req.finish();
  const t: Template = {
    body,
    items,
    // observed_time_unix_nano (field 11) takes the "start" placeholder, time_unix_nano the "time".
    startOffsets: locate(body, START, (11 << 3) | 1),
    timeOffsets: locate(body, TIME, (1 << 3) | 1),
  };
  if (t.startOffsets.length !== items || t.timeOffsets.length !== items)
    throw new Error("logs template: timestamp placeholders do not match the log records");
  return t;
}
