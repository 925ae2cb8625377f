import type { TokenType } from "./metrics.js";

/**
 * Model prices in USD per million tokens, per model family, as the Claude Code CLI applies them
 * (shared/claude-code-telemetry.md; other families from Anthropic's published price list).
 *
 * The CLI's own formula, reproduced exactly:
 *   cost_usd = input*in + output*out + cache_creation*write5m + cache_read*read   (all / 1e6)
 * 1-hour cache writes are billed at 2x input; they are priced separately when the split is known.
 */

export interface ModelPrice {
  /** Canonical family id, e.g. `claude-sonnet-4-5`. */
  readonly family: string;
  readonly displayName: string;
  readonly input: number;
  readonly output: number;
  readonly cacheWrite5m: number;
  readonly cacheWrite1h: number;
  readonly cacheRead: number;
}

type PriceRow = Omit<ModelPrice, "family" | "cacheWrite1h">;

/** The price list. Add a family here; everything else (dashboard cost panels, docs) regenerates. */
const FAMILIES = {
  "claude-opus-4-5": {
    displayName: "Claude Opus 4.5",
    input: 5,
    output: 25,
    cacheWrite5m: 6.25,
    cacheRead: 0.5,
  },
  "claude-opus-4-1": {
    displayName: "Claude Opus 4.1",
    input: 15,
    output: 75,
    cacheWrite5m: 18.75,
    cacheRead: 1.5,
  },
  "claude-opus-4": {
    displayName: "Claude Opus 4",
    input: 15,
    output: 75,
    cacheWrite5m: 18.75,
    cacheRead: 1.5,
  },
  "claude-sonnet-4-5": {
    displayName: "Claude Sonnet 4.5",
    input: 3,
    output: 15,
    cacheWrite5m: 3.75,
    cacheRead: 0.3,
  },
  "claude-sonnet-4": {
    displayName: "Claude Sonnet 4",
    input: 3,
    output: 15,
    cacheWrite5m: 3.75,
    cacheRead: 0.3,
  },
  "claude-3-7-sonnet": {
    displayName: "Claude Sonnet 3.7",
    input: 3,
    output: 15,
    cacheWrite5m: 3.75,
    cacheRead: 0.3,
  },
  "claude-3-5-sonnet": {
    displayName: "Claude Sonnet 3.5",
    input: 3,
    output: 15,
    cacheWrite5m: 3.75,
    cacheRead: 0.3,
  },
  "claude-haiku-4-5": {
    displayName: "Claude Haiku 4.5",
    input: 1,
    output: 5,
    cacheWrite5m: 1.25,
    cacheRead: 0.1,
  },
  "claude-3-5-haiku": {
    displayName: "Claude Haiku 3.5",
    input: 0.8,
    output: 4,
    cacheWrite5m: 1,
    cacheRead: 0.08,
  },
  "claude-3-haiku": {
    displayName: "Claude Haiku 3",
    input: 0.25,
    output: 1.25,
    cacheWrite5m: 0.3,
    cacheRead: 0.03,
  },
} as const satisfies Record<string, PriceRow>;

export type ModelFamily = keyof typeof FAMILIES;

export const PRICES: Readonly<Record<ModelFamily, ModelPrice>> = Object.fromEntries(
  Object.entries(FAMILIES).map(([family, row]) => [family, { family, ...row, cacheWrite1h: row.input * 2 }]),
) as Record<ModelFamily, ModelPrice>;

export const MODEL_FAMILIES = Object.keys(FAMILIES) as ModelFamily[];

export class UnknownModelError extends Error {
  constructor(readonly model: string) {
    super(
      `unknown model '${model}': no price for it in packages/contract/src/pricing.ts — add its family there (known: ${MODEL_FAMILIES.join(", ")})`,
    );
    this.name = "UnknownModelError";
  }
}

/**
 * The family of a model id: strips release dates (`-20250929`, `@20250929`), `-latest`, context
 * suffixes (`[1m]`) and Bedrock's `us.anthropic.` / `-v1:0` decorations. Returns undefined when
 * the family is not in the price list.
 */
export function modelFamily(modelId: string): ModelFamily | undefined {
  const id = modelId
    .trim()
    .toLowerCase()
    .replace(/\[[^\]]*\]$/, "")
    .replace(/^(?:[a-z]{2,4}\.)?anthropic\./, "")
    .replace(/-v\d+(?::\d+)?$/, "")
    .replace(/(?:[-@]\d{8}|-latest)$/, "");
  return Object.hasOwn(FAMILIES, id) ? (id as ModelFamily) : undefined;
}

/** Price of a model id; throws UnknownModelError rather than pricing an unknown model at 0. */
export function priceOf(modelId: string): ModelPrice {
  const family = modelFamily(modelId);
  if (!family) throw new UnknownModelError(modelId);
  return PRICES[family];
}

/** Which price column bills each token type of claude_code.token.usage (its cacheCreation does not
 * split 5-minute from 1-hour writes, so it is billed at the 5-minute price, as the CLI does). */
export const PRICE_COLUMN_OF_TOKEN_TYPE = {
  input: "input",
  output: "output",
  cacheRead: "cacheRead",
  cacheCreation: "cacheWrite5m",
} as const satisfies Record<TokenType, keyof ModelPrice>;

export interface TokenCounts {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  /** All cache-creation tokens; when the 1 h part is known, pass it in cacheCreation1h too. */
  readonly cacheCreation: number;
  readonly cacheCreation1h?: number;
}

/** Cost in USD the way the CLI computes `cost_usd`. */
export function costUsd(modelId: string, t: TokenCounts): number {
  const p = priceOf(modelId);
  const oneHour = t.cacheCreation1h ?? 0;
  const fiveMin = t.cacheCreation - oneHour;
  const micro =
    t.input * p.input +
    t.output * p.output +
    fiveMin * p.cacheWrite5m +
    oneHour * p.cacheWrite1h +
    t.cacheRead * p.cacheRead;
  return micro / 1_000_000;
}

/**
 * An RE2 regular expression (Prometheus/Loki `=~`) matching every id of a family the way
 * modelFamily() resolves it, for queries that price tokens per family.
 */
export function modelIdPattern(family: ModelFamily): string {
  const escaped = family.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return `(?:(?:[a-z]{2,4}\\.)?anthropic\\.)?${escaped}(?:[-@][0-9]{8}|-latest)?(?:-v[0-9]+(?::[0-9]+)?)?(?:\\[[^\\]]*\\])?`;
}
