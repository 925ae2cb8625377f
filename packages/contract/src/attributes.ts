/**
 * Attribute keys and their OTLP value types, as the real Claude Code CLI (2.1.x) sends them.
 * Source: shared/claude-code-telemetry.md. Value types matter downstream: Loki keeps every
 * attribute as a string, but the simulator must send exactly what the CLI sends, and a test
 * compares the two.
 */

/** OTLP AnyValue kinds the CLI uses. */
export type OtlpValueType = "string" | "int" | "double" | "bool" | "array";

export interface AttributeSpec {
  readonly type: OtlpValueType;
  readonly description: string;
  /** Values the CLI is known to send; `open` means others may appear and must be tolerated. */
  readonly values?: readonly string[];
  readonly open?: boolean;
  /** Only present in some configurations (login kind, opt-in variables...). */
  readonly optional?: boolean;
  /** User content (or a field that carries it when a client setting is on): see ContentSpec. */
  readonly content?: ContentSpec;
}

/**
 * The client settings that make Claude Code put user content into its telemetry
 * (shared/claude-code-telemetry.md, "Content toggles"). Each is off by default on the client.
 */
export const CONTENT_TOGGLES = {
  OTEL_LOG_USER_PROMPTS: "prompt text, the system prompt and the model's answers",
  OTEL_LOG_ASSISTANT_RESPONSES: "the model's answers",
  OTEL_LOG_TOOL_DETAILS:
    "tool parameters (whole command lines, file paths), tool inputs and tool error messages",
  OTEL_LOG_TOOL_CONTENT: "tool output: what a command printed, the content of files read or written",
  OTEL_LOG_RAW_API_BODIES: "the raw Messages API requests and responses: the whole conversation",
} as const;
export type ContentToggle = keyof typeof CONTENT_TOGGLES;

/**
 * How the cc-otel collector treats one content-bearing field by default (CC_OTEL_LOG_CONTENT unset);
 * with CC_OTEL_LOG_CONTENT=true it keeps every field as sent.
 */
export interface ContentSpec {
  /** The client settings under which the CLI fills this field with content (any of them). */
  readonly toggles: readonly ContentToggle[];
  /**
   * `drop`: the field is deleted. `keepJsonKeys`: the field is a JSON object; only these keys stay,
   * and those in `commandNameKeys` are cut to a command's bare name (no path, no `VAR=value` prefix).
   */
  readonly byDefault:
    | "drop"
    | { readonly keepJsonKeys: readonly string[]; readonly commandNameKeys?: readonly string[] };
  /** What stays that is safe: the field's length, a hash, an error type... (for the docs). */
  readonly keeps?: string;
}

/** On every metric data point and every event, besides their own attributes. */
export const STANDARD_ATTRIBUTES = {
  "user.id": { type: "string", description: "Anonymous, stable user id: 64-hex SHA-256 string." },
  "session.id": {
    type: "string",
    description: "UUID of the CLI session. High cardinality: not a Prometheus label by default.",
  },
  "terminal.type": {
    type: "string",
    description: "Terminal the CLI runs in.",
    values: ["xterm", "xterm-256color", "vscode", "cursor", "iTerm.app", "Apple_Terminal", "tmux", "WezTerm"],
    open: true,
  },
  "anthropic.provider": {
    type: "string",
    description: "API provider.",
    values: ["firstParty", "bedrock", "vertex"],
    open: true,
  },
  "anthropic.custom_base_url": { type: "bool", description: "Whether ANTHROPIC_BASE_URL is set." },
  "user.account_uuid": {
    type: "string",
    description: "Account UUID (claude.ai login only).",
    optional: true,
  },
  "organization.id": {
    type: "string",
    description: "Organisation UUID (claude.ai login only).",
    optional: true,
  },
  "user.email": { type: "string", description: "Account e-mail (claude.ai login only).", optional: true },
} as const satisfies Record<string, AttributeSpec>;

export type StandardAttributeKey = keyof typeof STANDARD_ATTRIBUTES;

/** Resource attributes the CLI sets itself. Teams add their own through OTEL_RESOURCE_ATTRIBUTES. */
export const RESOURCE_ATTRIBUTES = {
  "service.name": { type: "string", description: "Always `claude-code`.", values: ["claude-code"] },
  "service.version": { type: "string", description: "CLI version, e.g. 2.1.331." },
  "os.type": { type: "string", description: "Operating system.", values: ["darwin", "linux", "windows"] },
  "os.version": { type: "string", description: "Kernel / OS release." },
  "host.arch": {
    type: "string",
    description: "CPU architecture.",
    values: ["arm64", "amd64", "x64"],
    open: true,
  },
} as const satisfies Record<string, AttributeSpec>;

/**
 * Resource attributes organisations commonly add with OTEL_RESOURCE_ATTRIBUTES; the dashboard
 * offers them as filters and the simulator can emit them.
 */
export const TEAM_RESOURCE_ATTRIBUTES = {
  department: { type: "string", description: "Department, from OTEL_RESOURCE_ATTRIBUTES.", optional: true },
  "team.id": { type: "string", description: "Team, from OTEL_RESOURCE_ATTRIBUTES.", optional: true },
  cost_center: { type: "string", description: "Cost centre, from OTEL_RESOURCE_ATTRIBUTES.", optional: true },
} as const satisfies Record<string, AttributeSpec>;

export type ResourceAttributeKey = keyof typeof RESOURCE_ATTRIBUTES | keyof typeof TEAM_RESOURCE_ATTRIBUTES;

export const SERVICE_NAME = "claude-code";

/** Instrumentation scopes; version = CLI version. */
export const SCOPES = {
  metrics: "com.anthropic.claude_code",
  events: "com.anthropic.claude_code.events",
} as const;
