import { describe, expect, it } from "vitest";
import {
  costUsd,
  MODEL_FAMILIES,
  modelFamily,
  modelIdPattern,
  PRICES,
  priceOf,
  UnknownModelError,
} from "../src/index.js";

describe("pricing", () => {
  it("reproduces the CLI's cost_usd exactly", () => {
    const cost = costUsd("claude-sonnet-4-5", {
      input: 1201,
      output: 41,
      cacheCreation: 3000,
      cacheRead: 9000,
    });
    expect(cost).toBeCloseTo(0.018168, 12);
  });

  it("prices dated and undated ids the same", () => {
    expect(priceOf("claude-sonnet-4-5-20250929")).toBe(priceOf("claude-sonnet-4-5"));
    expect(priceOf("claude-opus-4-5-20251101")).toBe(priceOf("claude-opus-4-5"));
    expect(priceOf("claude-haiku-4-5-20251001")).toBe(priceOf("claude-haiku-4-5"));
  });

  it("resolves provider decorations to the same family", () => {
    expect(modelFamily("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).toBe("claude-sonnet-4-5");
    expect(modelFamily("claude-sonnet-4-5@20250929")).toBe("claude-sonnet-4-5");
    expect(modelFamily("claude-sonnet-4-5[1m]")).toBe("claude-sonnet-4-5");
    expect(modelFamily("claude-3-5-haiku-latest")).toBe("claude-3-5-haiku");
  });

  it("does not confuse a family with its prefix", () => {
    expect(modelFamily("claude-sonnet-4-20250514")).toBe("claude-sonnet-4");
    expect(modelFamily("claude-opus-4-1-20250805")).toBe("claude-opus-4-1");
    expect(priceOf("claude-opus-4-5").input).toBe(5);
    expect(priceOf("claude-opus-4-1").input).toBe(15);
  });

  it("reports unknown models clearly instead of pricing them at 0", () => {
    expect(modelFamily("gpt-4o")).toBeUndefined();
    expect(() => priceOf("claude-mystery-9")).toThrow(UnknownModelError);
    expect(() => priceOf("claude-mystery-9")).toThrow(/unknown model 'claude-mystery-9'.*pricing\.ts/);
    expect(() => costUsd("", { input: 1, output: 1, cacheRead: 0, cacheCreation: 0 })).toThrow(
      UnknownModelError,
    );
  });

  it("bills 1-hour cache writes at twice the input price", () => {
    for (const f of MODEL_FAMILIES) expect(PRICES[f].cacheWrite1h).toBe(PRICES[f].input * 2);
    const c = costUsd("claude-haiku-4-5", {
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheCreation: 1e6,
      cacheCreation1h: 1e6,
    });
    expect(c).toBeCloseTo(2, 12);
  });

  it("has a query pattern that matches exactly the ids modelFamily resolves", () => {
    const ids = [
      "claude-sonnet-4-5",
      "claude-sonnet-4-5-20250929",
      "claude-sonnet-4-20250514",
      "claude-opus-4-5-20251101",
      "claude-opus-4-1",
      "claude-haiku-4-5",
      "us.anthropic.claude-haiku-4-5-20251001-v1:0",
      "claude-sonnet-4-5@20250929",
      "claude-3-5-haiku-latest",
    ];
    for (const family of MODEL_FAMILIES) {
      const re = new RegExp(`^(?:${modelIdPattern(family)})$`);
      for (const id of ids) expect(re.test(id), `${family} vs ${id}`).toBe(modelFamily(id) === family);
    }
  });
});

describe("token-type price columns", () => {
  it("bill cacheCreation at the 5-minute write price and every other type at its own", async () => {
    const { PRICE_COLUMN_OF_TOKEN_TYPE, TOKEN_TYPES } = await import("../src/index.js");
    expect(Object.keys(PRICE_COLUMN_OF_TOKEN_TYPE).sort()).toEqual([...TOKEN_TYPES].sort());
    expect(PRICE_COLUMN_OF_TOKEN_TYPE.cacheCreation).toBe("cacheWrite5m");
  });
});
