import { MODEL_FAMILIES, modelFamily, PRICES, TOKEN_TYPES } from "@cc-otel/contract";
import { describe, expect, it } from "vitest";
import { events, numericRange, quantileOverTime } from "../src/queries/logql.js";
import { familiesByPrice, PRICE_OF_TOKEN_TYPE, sel, tokenCost, total } from "../src/queries/promql.js";

describe("PromQL helpers", () => {
  it("adds the dashboard filters a metric can carry", () => {
    expect(sel("claude_code.commit.count")).toBe(
      'claude_code_commit_count_total{department=~"$department", team_id=~"$team", user_id=~"$user", terminal_type=~"$terminal"}',
    );
    expect(sel("claude_code.cost.usage", [["query_source", "=", "main"]])).toBe(
      'claude_code_cost_usage_USD_total{query_source="main", department=~"$department", team_id=~"$team", user_id=~"$user", terminal_type=~"$terminal", model=~"$model"}',
    );
    // Every growth is exact: the last value in the window minus the last before it.
    const sessions = sel("claude_code.session.count");
    expect(total("claude_code.session.count", [], ["user_id"], "1h")).toBe(
      `sum by (user_id) (((last_over_time(${sessions}[1h]) - last_over_time(${sessions}[25h] offset 1h)) >= 0 or last_over_time(${sessions}[1h]) * 1))`,
    );
    // Event metrics take the user and terminal filters; a model filter only where they have a model.
    expect(sel("claude_code.tool.duration")).toBe(
      'claude_code_tool_duration_milliseconds{department=~"$department", team_id=~"$team", user_id=~"$user", terminal_type=~"$terminal"}',
    );
    expect(sel("claude_code.api_request.duration")).toContain('model=~"$model"');
    expect(sel("claude_code.cost.usage", [], { except: ["model"] })).not.toContain("model");
  });

  describe.each(TOKEN_TYPES)("prices %s tokens per family", (type) => {
    const groups = familiesByPrice(type);
    const column = PRICE_OF_TOKEN_TYPE[type];

    it("has one term per distinct price covering every family once", () => {
      expect(groups.reduce((n, g) => n + g.patterns.length, 0)).toBe(MODEL_FAMILIES.length);
      expect(new Set(groups.map((g) => g.price)).size).toBe(groups.length);
      const expr = tokenCost(type);
      for (const g of groups) expect(expr).toContain(`or vector(0)) * ${g.price} / 1e6`);
    });

    it.each(MODEL_FAMILIES)("matches every id of %s with its family's price only", (family) => {
      const ids = [
        family,
        `${family}-20250929`,
        `${family}@20250929`,
        `us.anthropic.${family}-v1:0`,
        `${family}[1m]`,
      ];
      for (const id of ids) {
        expect(modelFamily(id)).toBe(family);
        // Prometheus anchors regex matchers: ^(?:...)$.
        const matching = groups.filter((g) => new RegExp(`^(?:${g.patterns.join("|")})$`).test(id));
        expect(
          matching.map((g) => g.price),
          id,
        ).toEqual([PRICES[family][column]]);
      }
    });
  });
});

describe("LogQL helpers", () => {
  it("selects one event kind and adds the filters it can carry", () => {
    expect(events("tool_result")).toBe(
      '{service_name="claude-code"} | event_name="tool_result" | department=~"$department" | team_id=~"$team" | user_id=~"$user" | terminal_type=~"$terminal"',
    );
    expect(events("api_request", [["model", "!=", ""]])).toContain('| model!="" | department=~');
    expect(events("api_request")).toMatch(/\| model=~"\$model"$/);
  });

  it("builds numeric ranges and quantiles", () => {
    expect(numericRange("prompt_length", 50, 200)).toBe("| prompt_length >= 50 and prompt_length < 200");
    expect(numericRange("prompt_length", 5000)).toBe("| prompt_length >= 5000");
    expect(quantileOverTime(0.95, '{a="b"}', "duration_ms", ["model"])).toBe(
      'quantile_over_time(0.95, {a="b"} | unwrap duration_ms | __error__="" [$__auto]) by (model)',
    );
  });
});
