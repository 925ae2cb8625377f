import { costUsd } from "@cc-otel/contract";
import { bytesToTokens, ConversationContext, type TokenUsage } from "./context.js";
import { modelOf } from "./models.js";
import type { Developer } from "./org.js";
import { clamp, type Rng } from "./random.js";
import type { FailureRates } from "./scenarios.js";
import type { SessionTelemetry } from "./session-telemetry.js";
import { decide, MCP_TOOLS, SUBAGENT_TOOLS, TOOLS, type ToolSpec, toolWeights } from "./tools.js";

/**
 * One user prompt and everything it causes, planned up front as timed actions:
 * user_prompt → (api_request → tool_decision → tool_result ...)* → assistant_response, all under
 * one prompt.id. Retried API failures cost time but emit nothing; a request that finally fails
 * emits api_error and ends the prompt, as the CLI does.
 */

export interface Action {
  readonly at: number;
  readonly run: () => void;
}

export interface PromptPlan {
  readonly actions: Action[];
  readonly end: number;
  readonly failed: boolean;
}

export interface PromptInput {
  readonly dev: Developer;
  readonly rng: Rng;
  readonly tel: SessionTelemetry;
  readonly conversation: ConversationContext;
  readonly model: string;
  readonly start: number;
  /** Seconds the user spent reading and typing before submitting. */
  readonly userActiveSec: number;
  readonly failures: (at: number) => FailureRates;
  readonly fatalRate: number;
  /** > 1 for a runaway agent loop: more turns, bigger outputs. */
  readonly intensity: number;
  /**
   * `claude -p` from a script or CI job: query_source "sdk" and no user active time, as the CLI
   * reports print mode (observed on 2.1.331).
   */
  readonly headless: boolean;
}

/** The CLI's default: 10 retries after the first attempt. */
const MAX_ATTEMPTS = 11;

const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  0: "Connection error.",
  400: "prompt is too long: 204811 tokens > 200000 maximum",
  413: "Request too large",
  429: "429 rate_limit_error: Number of request tokens has exceeded your per-minute rate limit",
  500: "500 api_error: Internal server error",
  529: "529 overloaded_error: Overloaded",
};

function requestId(rng: Rng): string {
  return `req_011C${rng.base62(20)}`;
}

function toolUseId(rng: Rng): string {
  return `toolu_01${rng.base62(22)}`;
}

function sized(rng: Rng, [median, sigma]: readonly [number, number]): number {
  return Math.max(1, Math.round(rng.logNormal(median, sigma)));
}

class PromptPlanner {
  private readonly actions: Action[] = [];
  private t: number;
  private readonly promptId: string;
  private cliMs = 0;
  /** Where the last api_request action sits, so a tool decision can be placed before it. */
  private requestActionIndex = -1;

  constructor(private readonly p: PromptInput) {
    this.t = p.start;
    this.promptId = p.rng.uuid();
  }

  private at(time: number, run: () => void): void {
    this.actions.push({ at: time, run });
  }

  private pickFailure(at: number): number | undefined {
    const { rng } = this.p;
    const rates = this.p.failures(at);
    let r = rng.next();
    for (const [status, rate] of Object.entries(rates) as [string, number][]) {
      r -= rate;
      if (r < 0) return Number(status);
    }
    return undefined;
  }

  /**
   * One request with the CLI's retries. Returns the successful usage and request id, or undefined
   * when it failed for good (api_error already planned).
   */
  private apiCall(
    model: string,
    querySource: "main" | "sdk" | "subagent",
    conversation: ConversationContext,
    outputTokens: number,
  ): { requestId: string; usage: TokenUsage; end: number } | undefined {
    const { rng, tel, dev } = this.p;
    const speed = querySource === "subagent" ? "normal" : dev.speed;
    if (rng.chance(this.p.fatalRate)) {
      const status = rng.chance(0.7) ? 400 : 413;
      const duration = rng.int(150, 900);
      this.t += duration;
      const at = this.t;
      this.at(at, () =>
        tel.event(
          "api_error",
          this.promptId,
          {
            model,
            error: ERROR_MESSAGES[status] ?? "error",
            status_code: status,
            duration_ms: duration,
            attempt: 1,
            speed,
            query_source: querySource,
          },
          at,
        ),
      );
      return undefined;
    }
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const status = this.pickFailure(this.t);
      if (status === undefined) break;
      const duration =
        status === 0 ? rng.int(2_000, 30_000) : status === 500 ? rng.int(800, 15_000) : rng.int(120, 1_500);
      this.t += duration;
      if (attempt === MAX_ATTEMPTS) {
        const at = this.t;
        this.at(at, () =>
          tel.event(
            "api_error",
            this.promptId,
            {
              model,
              error: ERROR_MESSAGES[status] ?? "error",
              ...(status === 0 ? {} : { status_code: status }),
              duration_ms: duration,
              attempt,
              speed,
              query_source: querySource,
            },
            at,
          ),
        );
        return undefined;
      }
      // Exponential backoff with jitter, capped like the Anthropic SDK's retry delay.
      this.t += Math.min(500 * 2 ** (attempt - 1), 32_000) * (1 + 0.25 * rng.next());
    }

    const m = modelOf(model);
    const usage = conversation.call(rng, this.t, outputTokens);
    const ttft = Math.round(rng.logNormal(m.ttftMedianMs * (1 + usage.contextTokens / 150_000), 0.35));
    const duration = ttft + Math.round((outputTokens / m.tokensPerSecond) * 1000 * rng.uniform(0.8, 1.25));
    this.t += duration;
    this.cliMs += duration;
    const end = this.t;
    const id = requestId(rng);
    const cacheCreation = usage.cacheCreation5m + usage.cacheCreation1h;
    const cost = costUsd(model, {
      input: usage.input,
      output: usage.output,
      cacheRead: usage.cacheRead,
      cacheCreation,
      cacheCreation1h: usage.cacheCreation1h,
    });
    const effort = querySource === "subagent" ? undefined : dev.effort;
    const own = { model, query_source: querySource, ...(effort ? { effort } : {}) };
    this.requestActionIndex = this.actions.length;
    this.at(end, () => {
      tel.event(
        "api_request",
        this.promptId,
        {
          model,
          input_tokens: usage.input,
          output_tokens: usage.output,
          cache_read_tokens: usage.cacheRead,
          cache_creation_tokens: cacheCreation,
          cache_creation_5m_tokens: usage.cacheCreation5m,
          cache_creation_1h_tokens: usage.cacheCreation1h,
          cost_usd: cost,
          cost_usd_micros: Math.round(cost * 1_000_000),
          duration_ms: duration,
          ttft_ms: ttft,
          request_id: id,
          speed,
          query_source: querySource,
          ...(effort ? { effort } : {}),
        },
        end,
      );
      tel.metric("claude_code.cost.usage", cost, own, end);
      tel.metric("claude_code.token.usage", usage.input, { ...own, type: "input" }, end);
      tel.metric("claude_code.token.usage", usage.output, { ...own, type: "output" }, end);
      tel.metric("claude_code.token.usage", usage.cacheRead, { ...own, type: "cacheRead" }, end);
      tel.metric("claude_code.token.usage", cacheCreation, { ...own, type: "cacheCreation" }, end);
    });
    return { requestId: id, usage, end };
  }

  /** Permission decision, execution and result of one tool call; its result joins the context. */
  private tool(
    tool: ToolSpec,
    requestIdOfCall: string,
    model: string,
    conversation: ConversationContext,
    firstOfResponse: boolean,
  ): void {
    const { rng, tel, dev } = this.p;
    const id = toolUseId(rng);
    const { decision, source } = decide(rng, tool, dev.permissionMode);
    // A user deciding takes a few seconds; config decisions are instant.
    if (source.startsWith("user")) this.t += Math.round(rng.logNormal(2500, 0.7));
    const decidedAt = this.t;
    const language = tool.edit ? rng.pick(dev.languages) : undefined;
    // The CLI checks permission for the first tool_use block while the response is still being
    // finalised: with an instant (config) decision, tool_decision comes before that request's
    // api_request event (observed on 2.1.331). Same timestamp, earlier sequence number.
    const beforeRequest = firstOfResponse && !source.startsWith("user") && this.requestActionIndex >= 0;
    const decide_ = () => {
      tel.event(
        "tool_decision",
        this.promptId,
        {
          tool_name: tool.name,
          decision,
          source,
          tool_use_id: id,
          tool_source: tool.source,
          permission_mode: dev.permissionMode,
          request_id: requestIdOfCall,
        },
        decidedAt,
      );
      if (tool.edit && language) {
        tel.metric(
          "claude_code.code_edit_tool.decision",
          1,
          { decision, source, tool_name: tool.edit, language },
          decidedAt,
        );
      }
    };
    if (beforeRequest) this.actions.splice(this.requestActionIndex, 0, { at: decidedAt, run: decide_ });
    else this.at(decidedAt, decide_);
    if (decision === "reject") {
      conversation.append(40);
      return;
    }

    let duration = Math.round(rng.logNormal(tool.durationMs[0], tool.durationMs[1]));
    if (tool.name === "Task") duration = this.subagent(conversation);
    const success = !rng.chance(tool.failRate);
    const inputBytes = sized(rng, tool.inputBytes);
    const resultBytes = success ? sized(rng, tool.resultBytes) : rng.int(20, 200);
    this.t += duration;
    this.cliMs += tool.name === "Task" ? 0 : duration;
    const doneAt = this.t;
    const error = success ? undefined : rng.pick(tool.errors);
    const lines = success && tool.edit ? editedLines(rng, tool.edit) : undefined;
    const commit = success && tool.name === "Bash" && rng.chance(0.07);
    const pullRequest = success && tool.name === "Bash" && !commit && rng.chance(0.012);
    this.at(doneAt, () => {
      tel.event(
        "tool_result",
        this.promptId,
        {
          tool_name: tool.name,
          success: success ? "true" : "false",
          duration_ms: duration,
          tool_input_size_bytes: inputBytes,
          tool_result_size_bytes: resultBytes,
          tool_use_id: id,
          request_id: requestIdOfCall,
          ...(error ? { error } : {}),
        },
        doneAt,
      );
      if (lines) {
        if (lines.added > 0)
          tel.metric("claude_code.lines_of_code.count", lines.added, { type: "added", model }, doneAt);
        if (lines.removed > 0)
          tel.metric("claude_code.lines_of_code.count", lines.removed, { type: "removed", model }, doneAt);
      }
      if (commit) tel.metric("claude_code.commit.count", 1, {}, doneAt);
      if (pullRequest) tel.metric("claude_code.pull_request.count", 1, {}, doneAt);
    });
    conversation.append(bytesToTokens(resultBytes));
  }

  /** A Task subagent: its own conversation on the subagent model, read-only tools. Returns its duration. */
  private subagent(parent: ConversationContext): number {
    const { rng, dev } = this.p;
    const started = this.t;
    const model = dev.subagentModel;
    const conversation = new ConversationContext(rng.int(9_000, 16_000), 5 * 60_000, false);
    const turns = Math.min(12, rng.geometric(4));
    const weights = toolWeights(SUBAGENT_TOOLS);
    for (let turn = 1; turn <= turns; turn++) {
      const final = turn === turns;
      const call = this.apiCall(
        model,
        "subagent",
        conversation,
        final ? sized(rng, [600, 0.5]) : sized(rng, [90, 0.5]),
      );
      if (!call) break;
      if (final) break;
      const n = rng.chance(0.7) ? 1 : 2;
      for (let i = 0; i < n; i++) {
        const name = rng.weighted(weights);
        const tool = SUBAGENT_TOOLS.find((x) => x.name === name) as ToolSpec;
        this.tool(tool, call.requestId, model, conversation, i === 0);
      }
    }
    parent.append(rng.int(400, 2500));
    return this.t - started;
  }

  plan(): PromptPlan {
    const { rng, tel, dev, conversation } = this.p;
    const promptLength = clamp(Math.round(rng.logNormal(160, 1.1)), 4, 40_000);
    const start = this.t;
    const userSec = this.p.userActiveSec;
    const messageUuid = rng.uuid();
    this.at(start, () => {
      tel.event(
        "user_prompt",
        this.promptId,
        {
          prompt_length: promptLength,
          prompt: "<REDACTED>",
          prompt_text: "<REDACTED>",
          "message.uuid": messageUuid,
        },
        start,
      );
      if (!this.p.headless) tel.metric("claude_code.active_time.total", userSec, { type: "user" }, start);
    });
    conversation.append(Math.ceil(promptLength / 4) + 12);

    const mainWeights = toolWeights(dev.usesMcp ? [...TOOLS, ...MCP_TOOLS] : TOOLS);
    const allTools = [...TOOLS, ...MCP_TOOLS];
    const turns = Math.min(60, rng.geometric(3.2 * this.p.intensity));
    let failed = false;
    for (let turn = 1; turn <= turns; turn++) {
      const final = turn === turns;
      const output = final
        ? sized(rng, [320 * Math.sqrt(this.p.intensity), 0.7])
        : sized(rng, [140 * this.p.intensity, 0.6]);
      const call = this.apiCall(this.p.model, this.p.headless ? "sdk" : "main", conversation, output);
      if (!call) {
        failed = true;
        break;
      }
      if (final) {
        const at = this.t;
        const responseLength = output * 4 + rng.int(0, 3);
        const responseUuid = rng.uuid();
        this.at(at, () =>
          tel.event(
            "assistant_response",
            this.promptId,
            {
              response_length: responseLength,
              response: "<REDACTED>",
              model: this.p.model,
              request_id: call.requestId,
              "message.uuid": responseUuid,
              query_source: this.p.headless ? "sdk" : "main",
            },
            at,
          ),
        );
        break;
      }
      const n = rng.weighted({ 1: 62, 2: 25, 3: 13 });
      for (let i = 0; i < Number(n); i++) {
        const name = rng.weighted(mainWeights);
        const tool = allTools.find((x) => x.name === name) as ToolSpec;
        this.tool(tool, call.requestId, this.p.model, conversation, i === 0);
      }
    }
    const end = this.t;
    const cliSec = this.cliMs / 1000;
    this.at(end, () => tel.metric("claude_code.active_time.total", cliSec, { type: "cli" }, end));
    return { actions: this.actions, end, failed };
  }
}

function editedLines(rng: Rng, tool: string): { added: number; removed: number } {
  switch (tool) {
    case "Write":
      return {
        added: clamp(Math.round(rng.logNormal(90, 0.9)), 1, 2000),
        removed: rng.chance(0.3) ? rng.int(1, 80) : 0,
      };
    case "MultiEdit":
      return {
        added: clamp(Math.round(rng.logNormal(24, 0.8)), 1, 600),
        removed: clamp(Math.round(rng.logNormal(14, 0.9)), 0, 400),
      };
    default:
      return {
        added: clamp(Math.round(rng.logNormal(7, 0.9)), 0, 300),
        removed: clamp(Math.round(rng.logNormal(4, 1)), 0, 200),
      };
  }
}

export function planPrompt(input: PromptInput): PromptPlan {
  return new PromptPlanner(input).plan();
}
