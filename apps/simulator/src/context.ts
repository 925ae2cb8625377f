import { clamp, type Rng } from "./random.js";

/**
 * Prompt-cache accounting of one conversation (the main loop, or one subagent). Claude Code puts
 * a cache breakpoint at the end of each request, so a request reads everything up to the previous
 * request from the cache and writes what was added since (the user's message, tool results, the
 * previous answer); only a few tokens are sent uncached. A pause longer than the cache TTL
 * (5 minutes, or 1 hour for those who pay for it) expires the cache and the whole context is
 * written again, which is what makes long think times expensive.
 */

/** System prompt and tool definitions: identical across sessions, so often already cached. */
const SHARED_PREFIX = 13_500;
const COMPACT_AT = 155_000;

export interface TokenUsage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheCreation5m: number;
  readonly cacheCreation1h: number;
  /** Context size the request was sent with, for latency. */
  readonly contextTokens: number;
}

export class ConversationContext {
  private cached = 0;
  private pending: number;
  private lastCallAt: number | undefined;

  constructor(
    initialTokens: number,
    private readonly ttlMs: number,
    private readonly oneHour: boolean,
  ) {
    this.pending = initialTokens;
  }

  /** Content appended to the conversation (prompt text, tool results), in tokens. */
  append(tokens: number): void {
    this.pending += Math.max(0, Math.round(tokens));
  }

  get size(): number {
    return this.cached + this.pending;
  }

  call(rng: Rng, at: number, output: number): TokenUsage {
    const total = this.cached + this.pending;
    let read: number;
    if (this.lastCallAt === undefined || at - this.lastCallAt > this.ttlMs) {
      // Cold: at best the shared system prompt is still in the cache from another session.
      read = rng.chance(0.75) ? Math.min(SHARED_PREFIX, total) : 0;
    } else {
      read = this.cached;
    }
    const fresh = total - read;
    const input = Math.min(fresh, rng.chance(0.9) ? rng.int(1, 12) : rng.int(13, 600));
    const creation = fresh - input;
    this.lastCallAt = at;
    this.cached = total;
    this.pending = output;
    return {
      input,
      output,
      cacheRead: read,
      cacheCreation5m: this.oneHour ? 0 : creation,
      cacheCreation1h: this.oneHour ? creation : 0,
      contextTokens: total,
    };
  }

  /** Past the auto-compact threshold: the CLI compacts before its next request. */
  get full(): boolean {
    return this.size > COMPACT_AT;
  }

  /** Auto-compact: the conversation is summarised and starts again small and uncached. */
  compact(rng: Rng): { pre: number; post: number } {
    const pre = this.size;
    this.cached = 0;
    this.pending = clamp(Math.round(rng.logNormal(26_000, 0.2)), 15_000, 45_000);
    this.lastCallAt = undefined;
    return { pre, post: this.pending };
  }
}

/** Bytes of text to tokens, roughly as Claude tokenises code and prose. */
export function bytesToTokens(bytes: number): number {
  return Math.round(bytes / 3.6);
}
