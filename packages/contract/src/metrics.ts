import type { AttributeSpec } from "./attributes.js";

/**
 * The 8 metrics of Claude Code. All are monotonic Sums (OTel counters) sent with DELTA temporality
 * unless the user asks for cumulative. Source: shared/claude-code-telemetry.md.
 */

export type Instrument = "counter";

export interface MetricSpec {
  readonly instrument: Instrument;
  /** UCUM-ish unit exactly as the CLI sends it ("" = dimensionless). */
  readonly unit: string;
  readonly description: string;
  readonly valueType: "int" | "double";
  /** Point attributes besides the standard ones (attributes.ts). */
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

const model = {
  type: "string",
  description: "Model id as sent, dated or undated (e.g. claude-sonnet-4-5-20250929).",
  open: true,
} as const satisfies AttributeSpec;

const querySource = {
  type: "string",
  description: "Which part of the CLI made the request: the main loop or a subagent, compaction...",
  values: ["main", "subagent"],
  open: true,
} as const satisfies AttributeSpec;

const effort = {
  type: "string",
  description: "Reasoning effort, only when set.",
  values: ["low", "medium", "high"],
  open: true,
  optional: true,
} as const satisfies AttributeSpec;

export const TOKEN_TYPES = ["input", "output", "cacheRead", "cacheCreation"] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export const METRICS = {
  "claude_code.session.count": {
    instrument: "counter",
    unit: "",
    description: "CLI sessions started.",
    // The real CLI (2.1.331) sends these points as doubles: observed by the conformance test.
    valueType: "double",
    attributes: {
      start_type: {
        type: "string",
        description: "How the session started.",
        values: ["fresh", "resume", "continue"],
        open: true,
      },
    },
  },
  "claude_code.cost.usage": {
    instrument: "counter",
    unit: "USD",
    description: "Estimated cost of API requests, computed by the client from its price table.",
    valueType: "double",
    attributes: { model, query_source: querySource, effort },
  },
  "claude_code.token.usage": {
    instrument: "counter",
    unit: "tokens",
    description: "Tokens used, by token type.",
    // The real CLI (2.1.331) sends these points as doubles: observed by the conformance test.
    valueType: "double",
    attributes: {
      model,
      query_source: querySource,
      effort,
      type: { type: "string", description: "Token type.", values: TOKEN_TYPES },
    },
  },
  "claude_code.active_time.total": {
    instrument: "counter",
    unit: "s",
    description: "Active time: the user typing/reading (user) and the CLI working (cli).",
    valueType: "double",
    attributes: { type: { type: "string", description: "Whose time.", values: ["user", "cli"] } },
  },
  "claude_code.lines_of_code.count": {
    instrument: "counter",
    unit: "",
    description: "Lines of code added or removed by edits.",
    valueType: "int",
    attributes: {
      type: { type: "string", description: "Added or removed.", values: ["added", "removed"] },
      model,
    },
  },
  "claude_code.code_edit_tool.decision": {
    instrument: "counter",
    unit: "",
    description: "Accept/reject decisions on code-editing tool use.",
    valueType: "int",
    attributes: {
      decision: { type: "string", description: "Accepted or rejected.", values: ["accept", "reject"] },
      source: {
        type: "string",
        description: "Where the decision came from.",
        values: ["config", "user_temporary", "user_permanent", "user_reject", "hook"],
        open: true,
      },
      tool_name: {
        type: "string",
        description: "Editing tool (older docs call this `tool`; the CLI sends `tool_name`).",
        values: ["Edit", "Write", "NotebookEdit", "MultiEdit"],
      },
      language: { type: "string", description: "Language of the edited file.", open: true },
    },
  },
  "claude_code.commit.count": {
    instrument: "counter",
    unit: "",
    description: "Git commits created by the CLI.",
    valueType: "int",
    attributes: {},
  },
  "claude_code.pull_request.count": {
    instrument: "counter",
    unit: "",
    description: "Pull requests created by the CLI.",
    valueType: "int",
    attributes: {},
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** Point attribute keys of one metric: a misspelt key fails to compile. */
export type MetricAttributeKey<M extends MetricName> = keyof (typeof METRICS)[M]["attributes"] & string;

export function metric<M extends MetricName>(name: M): (typeof METRICS)[M] {
  return METRICS[name];
}
