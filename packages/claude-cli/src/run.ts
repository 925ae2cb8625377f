import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type ContentToggle, TRACES_SETTINGS } from "@cc-otel/contract";
import { cliBinary } from "./install.js";
import { type MessagesScript, startMessagesApi } from "./messages-api.js";

/**
 * One run of the real CLI in print mode, offline: a fresh HOME, the scripted Messages API on
 * 127.0.0.1, telemetry to the given OTLP endpoint, flushed every second so that it is all sent
 * before the CLI exits.
 */

export type Protocol = "grpc" | "http/protobuf" | "http/json";

export interface TelemetryOptions {
  readonly protocol: Protocol;
  /** OTLP base endpoint (gRPC `http://host:port`, HTTP `http://host:port`). */
  readonly endpoint: string;
  /** The traces beta (CLAUDE_CODE_ENHANCED_TELEMETRY_BETA=1, OTEL_TRACES_EXPORTER=otlp). */
  readonly traces?: boolean;
  /** Content toggles turned on (OTEL_LOG_USER_PROMPTS=1...). */
  readonly content?: readonly ContentToggle[];
  readonly resourceAttributes?: string;
}

/** The variables a user sets for Claude Code's telemetry, exactly as the docs tell them to. */
export function telemetryEnv(t: TelemetryOptions): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: t.protocol,
    OTEL_EXPORTER_OTLP_ENDPOINT: t.endpoint,
    OTEL_METRIC_EXPORT_INTERVAL: "1000",
    OTEL_LOGS_EXPORT_INTERVAL: "1000",
    ...(t.traces ? { ...TRACES_SETTINGS, OTEL_TRACES_EXPORT_INTERVAL: "1000" } : {}),
    ...Object.fromEntries((t.content ?? []).map((toggle) => [toggle, "1"])),
    ...(t.resourceAttributes ? { OTEL_RESOURCE_ATTRIBUTES: t.resourceAttributes } : {}),
  };
}

export interface RunOptions {
  readonly telemetry: TelemetryOptions;
  readonly prompt: string;
  /** Further invocations in the same HOME and directory (e.g. `--continue` then `/compact`). */
  readonly followUps?: readonly (readonly string[])[];
  readonly script?: MessagesScript;
  readonly model?: string;
  /** --allowedTools, e.g. `Bash(echo:*)`. */
  readonly allowedTools?: readonly string[];
  /** More arguments for every invocation (e.g. `--debug-file <path>`). */
  readonly args?: readonly string[];
  /** Files to create in the working directory (relative path → content). */
  readonly files?: Readonly<Record<string, string>>;
  /** ~/.claude/settings.json of the run's HOME (hooks...). */
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
  /** A non-zero exit is expected (an API error ends the run). */
  readonly expectFailure?: boolean;
}

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
  /** The run's HOME and working directory (deleted after the run). */
  readonly home: string;
  readonly apiCalls: number;
}

async function invoke(args: readonly string[], home: string, env: Record<string, string>) {
  const child = spawn(cliBinary(), args, { cwd: home, stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  return { code, output };
}

export async function runClaude(o: RunOptions): Promise<RunResult> {
  const api = await startMessagesApi(o.script);
  const home = mkdtempSync(join(tmpdir(), "cc-otel-claude-home-"));
  try {
    for (const [rel, content] of Object.entries(o.files ?? {})) {
      mkdirSync(dirname(join(home, rel)), { recursive: true });
      writeFileSync(join(home, rel), content);
    }
    if (o.settings) {
      mkdirSync(join(home, ".claude"), { recursive: true });
      writeFileSync(join(home, ".claude", "settings.json"), JSON.stringify(o.settings));
    }
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      ANTHROPIC_BASE_URL: api.url,
      ANTHROPIC_API_KEY: "sk-ant-cc-otel-test",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_AUTOUPDATER: "1",
      ...telemetryEnv(o.telemetry),
      ...o.env,
    };
    const common = [
      "--model",
      o.model ?? "claude-sonnet-4-5",
      ...(o.allowedTools?.length ? ["--allowedTools", ...o.allowedTools] : []),
      ...(o.args ?? []),
    ];
    let last = await invoke(["-p", o.prompt, ...common], home, env);
    for (const args of o.followUps ?? []) {
      if (last.code !== 0) break;
      last = await invoke([...args, ...common], home, env);
    }
    if ((last.code === 0) === Boolean(o.expectFailure))
      throw new Error(
        `claude exited ${last.code}${o.expectFailure ? " (a failure was expected)" : ""}: ${last.output.slice(0, 400)}`,
      );
    return { ...last, home, apiCalls: api.calls.length };
  } finally {
    await api.close();
    rmSync(home, { recursive: true, force: true });
  }
}
