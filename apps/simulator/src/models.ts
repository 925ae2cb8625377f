import { type ModelFamily, modelFamily } from "@cc-otel/contract";

/**
 * The model ids developers use, as the CLI sends them: some people pin a dated id, others use the
 * undated alias, so both spellings of a family appear side by side (the dashboard must group
 * them). Every id here must resolve to a priced family in the contract; a test checks it.
 */

export interface ModelChoice {
  readonly family: ModelFamily;
  /** The dated id and, where Anthropic publishes one the contract prices, the undated alias. */
  readonly ids: readonly string[];
  /** Output speed, tokens/s, and median time to first token, ms: drive durations. */
  readonly tokensPerSecond: number;
  readonly ttftMedianMs: number;
}

export const MODELS = {
  opus45: {
    family: "claude-opus-4-5",
    ids: ["claude-opus-4-5-20251101", "claude-opus-4-5"],
    tokensPerSecond: 45,
    ttftMedianMs: 1900,
  },
  sonnet45: {
    family: "claude-sonnet-4-5",
    ids: ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
    tokensPerSecond: 65,
    ttftMedianMs: 1400,
  },
  haiku45: {
    family: "claude-haiku-4-5",
    ids: ["claude-haiku-4-5-20251001", "claude-haiku-4-5"],
    tokensPerSecond: 160,
    ttftMedianMs: 550,
  },
  opus41: {
    family: "claude-opus-4-1",
    ids: ["claude-opus-4-1-20250805", "claude-opus-4-1"],
    tokensPerSecond: 30,
    ttftMedianMs: 2300,
  },
  sonnet4: {
    family: "claude-sonnet-4",
    ids: ["claude-sonnet-4-20250514"],
    tokensPerSecond: 60,
    ttftMedianMs: 1500,
  },
} as const satisfies Record<string, ModelChoice>;

export type ModelKey = keyof typeof MODELS;

/** Share of developers whose main model is each one (an org in late 2026). */
export const MAIN_MODEL_WEIGHTS: Readonly<Record<ModelKey, number>> = {
  sonnet45: 52,
  opus45: 34,
  haiku45: 2,
  sonnet4: 8,
  opus41: 4,
};

export function modelOf(id: string): ModelChoice {
  for (const m of Object.values(MODELS) as ModelChoice[]) if (m.ids.includes(id)) return m;
  const family = modelFamily(id);
  throw new Error(`model '${id}' is not in the simulator's catalogue (family ${family ?? "unknown"})`);
}
