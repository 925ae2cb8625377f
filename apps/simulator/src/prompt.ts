import { costUsd } from "@cc-otel/contract";
import { type ContentSettings, fakeText, RAW_BODY_LIMIT, toolInputJson } from "./content.js";
import { bytesToTokens, ConversationContext, type TokenUsage } from "./context.js";
import { modelOf } from "./models.js";
import type { Developer, Hook } from "./org.js";
import { clamp, type Rng } from "./random.js";
import type { FailureRates } from "./scenarios.js";
import type { SessionTelemetry } from "./session-telemetry.js";
import { errorTypeOf, mcpNames, toolCall } from "./tool-calls.js";
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
  /** The run's content toggles (OTEL_LOG_*): what the CLI would put into its events. */
  readonly content: ContentSettings;
  /**
   * Draws for what the CLI sends beyond the original five events (retries exhausted, raw bodies,
   * hooks, compaction, tool parameters): a stream of its own, so adding them left every draw of
   * `rng`, and so every seeded run's sessions, prompts and costs, as they were.
   */
  readonly extra: Rng;
  /** Draws for made-up content only, so that a toggle changes nothing but the content. */
  readonly contentRng: Rng;
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

/** What a Task subagent did, for its subagent_completed event. */
interface SubagentRun {
  readonly durationMs: number;
  readonly tokens: number;
  readonly toolUses: number;
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
    if (conversation.full) this.autoCompaction(model, conversation.compact(this.p.extra));
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
            request_id: requestId(this.p.extra),
            speed,
            query_source: querySource,
          },
          at,
        ),
      );
      return undefined;
    }
    const firstAttempt = this.t;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const status = this.pickFailure(this.t);
      if (status === undefined) break;
      const duration =
        status === 0 ? rng.int(2_000, 30_000) : status === 500 ? rng.int(800, 15_000) : rng.int(120, 1_500);
      this.t += duration;
      if (attempt === MAX_ATTEMPTS) {
        const at = this.t;
        const error = ERROR_MESSAGES[status] ?? "error";
        const id = status === 0 ? undefined : requestId(this.p.extra);
        const retryMs = at - firstAttempt;
        this.at(at, () => {
          tel.event(
            "api_error",
            this.promptId,
            {
              model,
              error,
              ...(status === 0 ? {} : { status_code: status }),
              duration_ms: duration,
              attempt,
              ...(id ? { request_id: id } : {}),
              speed,
              query_source: querySource,
            },
            at,
          );
          // Right after it, the CLI sums up the burst it gave up on (observed on 2.1.331).
          tel.event(
            "api_retries_exhausted",
            this.promptId,
            {
              model,
              error,
              ...(status === 0 ? {} : { status_code: status }),
              total_attempts: attempt,
              total_retry_duration_ms: retryMs,
              speed,
              query_source: querySource,
              ...(querySource !== "subagent" && dev.effort ? { effort: dev.effort } : {}),
            },
            at,
          );
        });
        return undefined;
      }
      // Exponential backoff with jitter, capped like the Anthropic SDK's retry delay.
      this.t += Math.min(500 * 2 ** (attempt - 1), 32_000) * (1 + 0.25 * rng.next());
    }

    const m = modelOf(model);
    const sentAt = this.t;
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
    const bodies = this.p.content.OTEL_LOG_RAW_API_BODIES
      ? this.rawBodies(model, querySource, usage.contextTokens, outputTokens, id, {
          sent: sentAt,
          answered: end,
        })
      : undefined;
    if (bodies) this.at(sentAt, bodies.request);
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
      bodies?.response();
    });
    return { requestId: id, usage, end };
  }

  /** One request's api_request_body and api_response_body (OTEL_LOG_RAW_API_BODIES=1). */
  private rawBodies(
    model: string,
    querySource: string,
    contextTokens: number,
    output: number,
    id: string,
    times: { readonly sent: number; readonly answered: number },
  ) {
    const { tel, contentRng: extra } = this.p;
    const bodyId = extra.uuid();
    const requestLength = contextTokens * 4 + extra.int(200, 2000);
    const responseLength = output * 4 + extra.int(250, 700);
    const messageUuid = extra.uuid();
    const messageId = `msg_01${extra.base62(22)}`;
    return {
      request: () =>
        tel.event(
          "api_request_body",
          this.promptId,
          {
            body: `{"model":"${model}","messages":[{"role":"user","content":"${fakeText(extra, Math.min(requestLength, RAW_BODY_LIMIT) - 60)}"}]}`.slice(
              0,
              RAW_BODY_LIMIT,
            ),
            body_length: requestLength,
            ...(requestLength > RAW_BODY_LIMIT ? { body_truncated: "true" } : {}),
            model,
            query_source: querySource,
            request_body_id: bodyId,
          },
          times.sent,
        ),
      response: () =>
        tel.event(
          "api_response_body",
          this.promptId,
          {
            body: `{"id":"${messageId}","type":"message","content":[{"type":"text","text":"${fakeText(extra, responseLength - 80)}"}]}`,
            body_length: responseLength,
            model,
            query_source: querySource,
            request_id: id,
            request_body_id: bodyId,
            "message.id": messageId,
            "message.uuid": messageUuid,
          },
          times.answered,
        ),
    };
  }

  /**
   * The context outgrew the window: before its next request the CLI summarises it with a request of
   * its own (query_source "compact", answered like any request) and reports a compaction (auto).
   */
  private autoCompaction(
    model: string,
    { pre, post }: { pre: number; post: number },
    trigger: "auto" | "manual" = "auto",
  ): void {
    const { tel, extra, dev } = this.p;
    const start = this.t;
    const output = Math.min(post, extra.int(2_500, 8_000));
    const m = modelOf(model);
    const duration = Math.round(m.ttftMedianMs + (output / m.tokensPerSecond) * 1000);
    this.t += duration;
    const at = this.t;
    const usage = { input: extra.int(1, 12), output, cacheRead: pre, cacheCreation: 0 };
    const cost = costUsd(model, { ...usage, cacheCreation1h: 0 });
    const id = requestId(extra);
    const own = { model, query_source: "compact", ...(dev.effort ? { effort: dev.effort } : {}) };
    const bodies = this.p.content.OTEL_LOG_RAW_API_BODIES
      ? this.rawBodies(model, "compact", pre, output, id, { sent: start, answered: at })
      : undefined;
    if (bodies) this.at(start, bodies.request);
    this.at(at, () => {
      tel.event(
        "api_request",
        this.promptId,
        {
          model,
          input_tokens: usage.input,
          output_tokens: usage.output,
          cache_read_tokens: usage.cacheRead,
          cache_creation_tokens: 0,
          cache_creation_5m_tokens: 0,
          cache_creation_1h_tokens: 0,
          cost_usd: cost,
          cost_usd_micros: Math.round(cost * 1_000_000),
          duration_ms: duration,
          ttft_ms: m.ttftMedianMs,
          request_id: id,
          speed: "normal",
          query_source: "compact",
          ...(dev.effort ? { effort: dev.effort } : {}),
        },
        at,
      );
      tel.metric("claude_code.cost.usage", cost, own, at);
      for (const [type, n] of [
        ["input", usage.input],
        ["output", usage.output],
        ["cacheRead", usage.cacheRead],
        ["cacheCreation", 0],
      ] as const)
        tel.metric("claude_code.token.usage", n, { ...own, type }, at);
      bodies?.response();
      tel.event(
        "assistant_response",
        this.promptId,
        {
          response_length: output * 4,
          response: this.responseText(output * 4),
          model,
          request_id: id,
          "message.uuid": extra.uuid(),
          query_source: "compact",
        },
        at,
      );
      tel.event(
        "compaction",
        this.promptId,
        {
          trigger,
          success: "true",
          duration_ms: at - start,
          pre_tokens: pre,
          post_tokens: post,
          // Observed on /compact (2.1.331): the summary computed ahead of time was not ready yet.
          ...(trigger === "manual" ? { precompute_reuse: "miss_not_ready" } : {}),
        },
        at,
      );
    });
  }

  /** `<REDACTED>` unless the run logs prompts or answers, like the CLI. */
  private responseText(length: number): string {
    const c = this.p.content;
    return c.OTEL_LOG_USER_PROMPTS || c.OTEL_LOG_ASSISTANT_RESPONSES
      ? fakeText(this.p.contentRng, length)
      : "<REDACTED>";
  }

  /** A hook event's runs, as the CLI reports them around a tool call or at the end of a prompt. */
  private hooks(event: Hook["event"], toolName: string | undefined, at: number): () => void {
    const { tel, extra, dev } = this.p;
    const matching = dev.hooks.filter(
      (h) =>
        h.event === event &&
        (h.matcher === undefined ||
          (toolName !== undefined && new RegExp(`^(${h.matcher})$`).test(toolName))),
    );
    if (matching.length === 0) return () => {};
    const name = toolName && matching[0]?.matcher ? `${event}:${toolName}` : event;
    const duration = extra.int(3, 400);
    const failed = extra.chance(0.02) ? 1 : 0;
    const common = { hook_event: event, hook_name: name, num_hooks: matching.length };
    const flags = { managed_only: "false", hook_source: "merged", safe_mode: "false" };
    return () => {
      tel.event("hook_execution_start", this.promptId, { ...common, ...flags }, at);
      tel.event(
        "hook_execution_complete",
        this.promptId,
        {
          ...common,
          num_success: matching.length - failed,
          num_blocking: 0,
          num_non_blocking_error: failed,
          num_cancelled: 0,
          total_duration_ms: duration,
          stdout_chars: extra.int(0, 200),
          additional_context_chars: 0,
          system_message_chars: 0,
          initial_user_message_chars: 0,
          num_outputs_persisted: 0,
          ...flags,
        },
        at,
      );
    };
  }

  /** Permission decision, execution and result of one tool call; its result joins the context. */
  private tool(
    tool: ToolSpec,
    requestIdOfCall: string,
    model: string,
    conversation: ConversationContext,
    firstOfResponse: boolean,
  ): void {
    const { rng, tel, dev, extra, content } = this.p;
    const id = toolUseId(rng);
    const { decision, source } = decide(rng, tool, dev.permissionMode);
    // A user deciding takes a few seconds; config decisions are instant.
    if (source.startsWith("user")) this.t += Math.round(rng.logNormal(2500, 0.7));
    const decidedAt = this.t;
    const language = tool.edit ? rng.pick(dev.languages) : undefined;
    const call = toolCall(extra, tool);
    const parameters = toolParameters(tool, call, content.OTEL_LOG_TOOL_DETAILS);
    const preHooks = this.hooks("PreToolUse", tool.name, decidedAt);
    // The CLI checks permission for the first tool_use block while the response is still being
    // finalised: with an instant (config) decision, tool_decision comes before that request's
    // api_request event (observed on 2.1.331). Same timestamp, earlier sequence number.
    const beforeRequest = firstOfResponse && !source.startsWith("user") && this.requestActionIndex >= 0;
    const decide_ = () => {
      preHooks();
      tel.event(
        "tool_decision",
        this.promptId,
        {
          tool_name: tool.name,
          decision,
          source,
          tool_use_id: id,
          tool_source: tool.source,
          ...(parameters ? { tool_parameters: parameters } : {}),
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
    const subagent = tool.name === "Task" ? this.subagent(conversation) : undefined;
    if (subagent) duration = subagent.durationMs;
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
    const postHooks = this.hooks("PostToolUse", tool.name, doneAt);
    this.at(doneAt, () => {
      if (subagent) {
        tel.event(
          "subagent_completed",
          this.promptId,
          {
            agent_type: call.subagentType ?? "general-purpose",
            is_built_in: true,
            is_async: false,
            total_tokens: subagent.tokens,
            total_tool_uses: subagent.toolUses,
            duration_ms: subagent.durationMs,
            model: dev.subagentModel,
            final_model: dev.subagentModel,
            model_swapped: false,
          },
          doneAt,
        );
      }
      tel.event(
        "tool_result",
        this.promptId,
        {
          tool_name: tool.name,
          success: success ? "true" : "false",
          duration_ms: duration,
          // On failure the CLI names the error's class; its message only with OTEL_LOG_TOOL_DETAILS=1.
          ...(error ? { error_type: errorTypeOf(tool) } : {}),
          ...(error && content.OTEL_LOG_TOOL_DETAILS ? { error } : {}),
          ...(parameters ? { tool_parameters: parameters } : {}),
          ...(content.OTEL_LOG_TOOL_DETAILS ? { tool_input: toolInputJson(call.input) } : {}),
          tool_input_size_bytes: inputBytes,
          ...(success ? { tool_result_size_bytes: resultBytes } : {}),
          tool_use_id: id,
          request_id: requestIdOfCall,
        },
        doneAt,
      );
      postHooks();
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

  /** A Task subagent: its own conversation on the subagent model, read-only tools. */
  private subagent(parent: ConversationContext): SubagentRun {
    const { rng, dev } = this.p;
    const started = this.t;
    const model = dev.subagentModel;
    const conversation = new ConversationContext(rng.int(9_000, 16_000), 5 * 60_000, false);
    const turns = Math.min(12, rng.geometric(4));
    const weights = toolWeights(SUBAGENT_TOOLS);
    let tokens = 0;
    let toolUses = 0;
    for (let turn = 1; turn <= turns; turn++) {
      const final = turn === turns;
      const call = this.apiCall(
        model,
        "subagent",
        conversation,
        final ? sized(rng, [600, 0.5]) : sized(rng, [90, 0.5]),
      );
      if (!call) break;
      const u = call.usage;
      tokens += u.input + u.output + u.cacheRead + u.cacheCreation5m + u.cacheCreation1h;
      if (final) break;
      const n = rng.chance(0.7) ? 1 : 2;
      for (let i = 0; i < n; i++) {
        const name = rng.weighted(weights);
        const tool = SUBAGENT_TOOLS.find((x) => x.name === name) as ToolSpec;
        this.tool(tool, call.requestId, model, conversation, i === 0);
        toolUses++;
      }
    }
    parent.append(rng.int(400, 2500));
    return { durationMs: this.t - started, tokens, toolUses };
  }

  /**
   * The user types /compact: a slash-command prompt (command_name, no message uuid, as the CLI
   * reports it) and a manual compaction, summarised by a request of its own.
   */
  compactCommand(): PromptPlan {
    const { tel, conversation, content } = this.p;
    const start = this.t;
    const text = "/compact";
    this.at(start, () =>
      tel.event(
        "user_prompt",
        this.promptId,
        {
          prompt_length: text.length,
          prompt: content.OTEL_LOG_USER_PROMPTS ? text : "<REDACTED>",
          prompt_text: content.OTEL_LOG_USER_PROMPTS ? text : "<REDACTED>",
          command_name: "compact",
          command_source: "builtin",
        },
        start,
      ),
    );
    this.t += 200;
    this.autoCompaction(this.p.model, conversation.compact(this.p.extra), "manual");
    return { actions: this.actions, end: this.t, failed: false };
  }

  plan(): PromptPlan {
    const { rng, tel, dev, conversation } = this.p;
    const promptLength = clamp(Math.round(rng.logNormal(160, 1.1)), 4, 40_000);
    const start = this.t;
    const userSec = this.p.userActiveSec;
    const messageUuid = rng.uuid();
    const promptText = this.p.content.OTEL_LOG_USER_PROMPTS
      ? fakeText(this.p.contentRng, promptLength)
      : "<REDACTED>";
    this.at(start, () => {
      tel.event(
        "user_prompt",
        this.promptId,
        {
          prompt_length: promptLength,
          prompt: promptText,
          prompt_text: promptText,
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
              response: this.responseText(responseLength),
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
    this.at(end, this.hooks("Stop", undefined, end));
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

/** `/compact` typed instead of a prompt. */
export function planCompactCommand(input: PromptInput): PromptPlan {
  return new PromptPlanner(input).compactCommand();
}

/**
 * The tool call's tool_parameters JSON as the CLI builds it: MCP server and tool names always; with
 * OTEL_LOG_TOOL_DETAILS=1 also Bash's command (first word, whole line, description) and a Task's
 * subagent type. Undefined when empty (the CLI then leaves the attribute out).
 */
function toolParameters(
  tool: ToolSpec,
  call: ReturnType<typeof toolCall>,
  details: boolean,
): string | undefined {
  const params: Record<string, string> = {};
  if (details && call.command !== undefined) {
    params.bash_command = call.command.trim().split(/\s+/)[0] ?? "";
    params.full_command = call.command;
    if (call.description !== undefined) params.description = call.description;
  }
  const mcp = tool.source === "mcp" ? mcpNames(tool.name) : undefined;
  if (mcp) {
    params.mcp_server_name = mcp.server;
    params.mcp_tool_name = mcp.tool;
  }
  if (details && call.subagentType !== undefined) params.subagent_type = call.subagentType;
  return Object.keys(params).length > 0 ? JSON.stringify(params) : undefined;
}
