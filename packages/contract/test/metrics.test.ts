import { describe, expect, it } from "vitest";
import { METRIC_NAMES, METRICS, metric, TOKEN_TYPES } from "../src/index.js";

describe("metrics", () => {
  it("has the 8 Claude Code metrics, all counters under claude_code.", () => {
    expect(METRIC_NAMES).toHaveLength(8);
    for (const name of METRIC_NAMES) {
      expect(name).toMatch(/^claude_code\.[a-z_]+\.[a-z_]+$/);
      expect(METRICS[name].instrument).toBe("counter");
      expect(METRICS[name].description.length).toBeGreaterThan(10);
    }
  });

  it("uses the units the CLI sends", () => {
    expect(metric("claude_code.cost.usage").unit).toBe("USD");
    expect(metric("claude_code.token.usage").unit).toBe("tokens");
    expect(metric("claude_code.active_time.total").unit).toBe("s");
    expect(metric("claude_code.session.count").unit).toBe("");
  });

  it("names the code-edit tool attribute tool_name, not tool", () => {
    const attrs = metric("claude_code.code_edit_tool.decision").attributes;
    expect(Object.keys(attrs)).toContain("tool_name");
    expect(Object.keys(attrs)).not.toContain("tool");
  });

  it("lists the four token types", () => {
    expect(metric("claude_code.token.usage").attributes.type.values).toEqual(TOKEN_TYPES);
    expect(TOKEN_TYPES).toEqual(["input", "output", "cacheRead", "cacheCreation"]);
  });

  it("rejects misspelt metric names at compile time", () => {
    // @ts-expect-error — not a metric: the typecheck task fails if this ever compiles
    expect(() => metric("claude_code.cost.usge").unit).toThrow();
  });
});
