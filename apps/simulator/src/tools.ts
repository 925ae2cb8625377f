import type { PermissionMode } from "./org.js";
import type { Rng } from "./random.js";

/**
 * The tools Claude Code calls, how often, how long they take, how big their input and output are
 * and how they fail. Weights are per tool call in the main loop; sizes feed the context (tokens)
 * model.
 */

export type EditToolName = "Edit" | "Write" | "MultiEdit" | "NotebookEdit";

export interface ToolSpec {
  readonly name: string;
  readonly source: "builtin" | "mcp";
  readonly weight: number;
  /** Runs without asking in the default permission mode (read-only tools). */
  readonly readOnly: boolean;
  readonly edit?: EditToolName;
  /** Median and log-normal sigma. */
  readonly durationMs: readonly [number, number];
  readonly inputBytes: readonly [number, number];
  readonly resultBytes: readonly [number, number];
  readonly failRate: number;
  readonly errors: readonly string[];
}

const t = (spec: ToolSpec) => spec;

export const TOOLS: readonly ToolSpec[] = [
  t({
    name: "Read",
    source: "builtin",
    weight: 28,
    readOnly: true,
    durationMs: [18, 0.8],
    inputBytes: [90, 0.3],
    resultBytes: [9000, 1],
    failRate: 0.02,
    errors: ["File does not exist.", "File content exceeds maximum allowed tokens"],
  }),
  t({
    name: "Grep",
    source: "builtin",
    weight: 9,
    readOnly: true,
    durationMs: [120, 0.9],
    inputBytes: [110, 0.4],
    resultBytes: [1800, 1.1],
    failRate: 0.005,
    errors: ["rg: regex parse error"],
  }),
  t({
    name: "Glob",
    source: "builtin",
    weight: 6,
    readOnly: true,
    durationMs: [60, 0.8],
    inputBytes: [70, 0.3],
    resultBytes: [900, 1],
    failRate: 0.002,
    errors: ["No files found"],
  }),
  t({
    name: "Bash",
    source: "builtin",
    weight: 16,
    readOnly: false,
    durationMs: [1400, 1.5],
    inputBytes: [140, 0.6],
    resultBytes: [1500, 1.4],
    failRate: 0.13,
    errors: ["Exit code 1", "Exit code 2", "Command timed out after 2m 0.0s", "Exit code 127"],
  }),
  t({
    name: "Edit",
    source: "builtin",
    weight: 14,
    readOnly: false,
    edit: "Edit",
    durationMs: [35, 0.6],
    inputBytes: [700, 0.9],
    resultBytes: [600, 0.7],
    failRate: 0.05,
    errors: [
      "String to replace not found in file.",
      "File has not been read yet. Read it first before writing to it.",
    ],
  }),
  t({
    name: "MultiEdit",
    source: "builtin",
    weight: 3,
    readOnly: false,
    edit: "MultiEdit",
    durationMs: [50, 0.6],
    inputBytes: [1900, 0.8],
    resultBytes: [900, 0.6],
    failRate: 0.06,
    errors: ["String to replace not found in file."],
  }),
  t({
    name: "Write",
    source: "builtin",
    weight: 5,
    readOnly: false,
    edit: "Write",
    durationMs: [25, 0.6],
    inputBytes: [4200, 1],
    resultBytes: [160, 0.3],
    failRate: 0.01,
    errors: ["File has not been read yet. Read it first before writing to it."],
  }),
  t({
    name: "NotebookEdit",
    source: "builtin",
    weight: 0.3,
    readOnly: false,
    edit: "NotebookEdit",
    durationMs: [40, 0.6],
    inputBytes: [1200, 0.8],
    resultBytes: [300, 0.5],
    failRate: 0.03,
    errors: ["Notebook cell not found"],
  }),
  t({
    name: "TodoWrite",
    source: "builtin",
    weight: 5,
    readOnly: true,
    durationMs: [4, 0.5],
    inputBytes: [600, 0.5],
    resultBytes: [120, 0.3],
    failRate: 0,
    errors: [],
  }),
  t({
    name: "Task",
    source: "builtin",
    weight: 2.5,
    readOnly: true,
    durationMs: [0, 0],
    inputBytes: [900, 0.5],
    resultBytes: [2500, 0.8],
    failRate: 0.02,
    errors: ["Agent stopped: maximum turns reached"],
  }),
  t({
    name: "WebFetch",
    source: "builtin",
    weight: 2,
    readOnly: false,
    durationMs: [2600, 0.8],
    inputBytes: [180, 0.4],
    resultBytes: [7000, 0.9],
    failRate: 0.1,
    errors: [
      "Request failed with status code 404",
      "Request failed with status code 403",
      "timeout of 60000ms exceeded",
    ],
  }),
  t({
    name: "WebSearch",
    source: "builtin",
    weight: 1.2,
    readOnly: false,
    durationMs: [3800, 0.5],
    inputBytes: [90, 0.3],
    resultBytes: [5200, 0.6],
    failRate: 0.02,
    errors: ["Web search failed"],
  }),
];

/** Only for developers with MCP servers configured. */
export const MCP_TOOLS: readonly ToolSpec[] = [
  t({
    name: "mcp__github__create_issue",
    source: "mcp",
    weight: 0.5,
    readOnly: false,
    durationMs: [900, 0.5],
    inputBytes: [800, 0.6],
    resultBytes: [1400, 0.4],
    failRate: 0.04,
    errors: ["MCP error -32603: Validation Failed"],
  }),
  t({
    name: "mcp__github__get_pull_request",
    source: "mcp",
    weight: 0.8,
    readOnly: false,
    durationMs: [700, 0.5],
    inputBytes: [120, 0.3],
    resultBytes: [6500, 0.8],
    failRate: 0.03,
    errors: ["MCP error -32603: Not Found"],
  }),
  t({
    name: "mcp__linear__list_issues",
    source: "mcp",
    weight: 0.6,
    readOnly: false,
    durationMs: [1100, 0.5],
    inputBytes: [150, 0.3],
    resultBytes: [4800, 0.7],
    failRate: 0.03,
    errors: ["MCP error -32001: Request timed out"],
  }),
  t({
    name: "mcp__slack__post_message",
    source: "mcp",
    weight: 0.2,
    readOnly: false,
    durationMs: [600, 0.4],
    inputBytes: [400, 0.5],
    resultBytes: [300, 0.3],
    failRate: 0.05,
    errors: ["MCP error -32603: channel_not_found"],
  }),
];

/** Tools a subagent (Task) uses: read-only exploration. */
export const SUBAGENT_TOOLS: readonly ToolSpec[] = TOOLS.filter((x) =>
  ["Read", "Grep", "Glob", "Bash"].includes(x.name),
);

export function toolWeights(specs: readonly ToolSpec[]): Record<string, number> {
  return Object.fromEntries(specs.map((s) => [s.name, s.weight]));
}

export interface Decision {
  readonly decision: "accept" | "reject";
  readonly source: string;
}

/** How a permission decision is made for one tool call, given the developer's permission mode. */
export function decide(rng: Rng, tool: ToolSpec, mode: PermissionMode): Decision {
  if (tool.readOnly || mode === "bypassPermissions") return { decision: "accept", source: "config" };
  if (mode === "acceptEdits" && tool.edit) return { decision: "accept", source: "config" };
  const source = rng.weighted({
    config: 36,
    user_temporary: 37,
    user_permanent: 14,
    user_reject: 10,
    hook: 3,
  });
  return source === "user_reject" ? { decision: "reject", source } : { decision: "accept", source };
}
