import { fakeText } from "./content.js";
import type { Rng } from "./random.js";
import type { ToolSpec } from "./tools.js";

/**
 * What one tool call asks for — the input the model sends — for the fields the CLI fills from it:
 * `tool_parameters` (MCP server and tool names always; with OTEL_LOG_TOOL_DETAILS=1 also the command
 * line, its description, a subagent's type) and `tool_input` (OTEL_LOG_TOOL_DETAILS=1). Made-up but
 * shaped like the real thing (observed with CLI 2.1.331: Bash, Read, MCP tools).
 */

export interface ToolCall {
  readonly input: Readonly<Record<string, unknown>>;
  /** Bash: the whole command line. */
  readonly command?: string;
  readonly description?: string;
  /** Task: the subagent type. */
  readonly subagentType?: string;
}

const COMMANDS = [
  "npm test",
  "npm run build",
  "git status",
  "git diff --stat",
  "pytest -q tests/",
  "go test ./...",
  "cargo build",
  "ls -la src",
  "make lint",
  "docker compose ps",
] as const;

function path(rng: Rng, ext: string): string {
  const dirs = ["src", "src/lib", "internal/api", "app/models", "tests", "pkg/store"];
  return `/home/dev/project/${dirs[rng.int(0, dirs.length - 1)]}/${fakeText(rng, 8).replace(/\W+/g, "_")}.${ext}`;
}

export function toolCall(rng: Rng, tool: ToolSpec): ToolCall {
  switch (tool.name) {
    case "Bash": {
      const command = COMMANDS[rng.int(0, COMMANDS.length - 1)] as string;
      const description = `Run ${command.split(" ")[0]}`;
      return { input: { command, description }, command, description };
    }
    case "Read":
      return { input: { file_path: path(rng, "ts") } };
    case "Edit":
    case "MultiEdit":
      return {
        input: { file_path: path(rng, "ts"), old_string: fakeText(rng, 60), new_string: fakeText(rng, 80) },
      };
    case "Write":
      return { input: { file_path: path(rng, "ts"), content: fakeText(rng, 400) } };
    case "NotebookEdit":
      return { input: { notebook_path: path(rng, "ipynb"), new_source: fakeText(rng, 120) } };
    case "Grep":
      return { input: { pattern: fakeText(rng, 10), path: "/home/dev/project" } };
    case "Glob":
      return { input: { pattern: "**/*.ts" } };
    case "Task": {
      const subagentType = rng.chance(0.8) ? "Explore" : "general-purpose";
      return {
        input: { description: fakeText(rng, 30), prompt: fakeText(rng, 300), subagent_type: subagentType },
        subagentType,
      };
    }
    case "WebFetch":
      return { input: { url: "https://docs.example.com/guide", prompt: fakeText(rng, 60) } };
    case "WebSearch":
      return { input: { query: fakeText(rng, 40) } };
    case "TodoWrite":
      return { input: { todos: [{ content: fakeText(rng, 40), status: "in_progress" }] } };
    default:
      return { input: { query: fakeText(rng, 30) } };
  }
}

/** `mcp__github__create_issue` -> github / create_issue. */
export function mcpNames(toolName: string): { server: string; tool: string } | undefined {
  const m = /^mcp__([^_]+(?:_[^_]+)*?)__(.+)$/.exec(toolName);
  return m ? { server: m[1] as string, tool: m[2] as string } : undefined;
}

/** The class name the CLI reports as a failed call's error_type (ShellError observed for Bash). */
export function errorTypeOf(tool: ToolSpec): string {
  if (tool.name === "Bash") return "ShellError";
  if (tool.source === "mcp") return "McpError";
  if (tool.name === "WebFetch") return "AxiosError";
  return "Error";
}
