import { promLabel, type TokenType } from "@cc-otel/contract";
import { ThresholdsConfigBuilder, ThresholdsMode } from "@grafana/grafana-foundation-sdk/dashboard";
import { INVENTORY } from "../inventory.js";
import {
  type Matcher,
  orZeroLike,
  positive,
  ratePerSecond,
  TOKEN_TYPE_LABEL,
  tokenType,
  total,
} from "../queries/promql.js";
import { barGauge, gauge, LAST_7D, LAST_24H, pie, stat, TODAY, timeseries } from "./kinds.js";

const TOKENS = "claude_code.token.usage";
const COST = "claude_code.cost.usage";
const MODEL = promLabel(TOKENS, "model");

const FILTER_NOTE = "Follows the department, team, user, terminal and model filters.";

function typesMatcher(types: readonly TokenType[]): Matcher {
  return [TOKEN_TYPE_LABEL, "=~", types.join("|")];
}

export function tokenPanels() {
  const cacheRead = total(TOKENS, [tokenType("cacheRead")]);
  const cacheable = total(TOKENS, [typesMatcher(["input", "cacheRead"])]);
  return [
    stat({
      id: 15,
      title: INVENTORY[15],
      description: `Tokens of every type (input, output, cache read, cache creation) used since midnight in the dashboard time zone: growth of the token counter over now/d. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(TOKENS), instant: true, legend: "today" }],
      timeFrom: TODAY,
      unit: "short",
      color: "blue",
      w: 5,
      h: 7,
    }),
    stat({
      id: 19,
      title: INVENTORY[19],
      description: `Tokens of every type used in the last 7 days: growth of the token counter over the 7d relative range. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(TOKENS), instant: true, legend: "7 days" }],
      timeFrom: LAST_7D,
      unit: "short",
      color: "blue",
      w: 5,
      h: 7,
    }),
    stat({
      id: 8,
      title: INVENTORY[8],
      description: `Cost over the dashboard range per 1,000 tokens of every type (input, output, cache read, cache creation): cost / tokens × 1000. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [
        { expr: `${total(COST)} / ${positive(total(TOKENS))} * 1000`, instant: true, legend: "per 1K" },
      ],
      unit: "currencyUSD",
      decimals: 4,
      w: 4,
      h: 7,
    }),
    gauge({
      id: 14,
      title: INVENTORY[14],
      description: `Share of prompt input served from the prompt cache over the dashboard range: cacheRead / (input + cacheRead) tokens. Higher is cheaper (cache reads cost a tenth of input). ${FILTER_NOTE}`,
      datasource: "prometheus",
      // No cache reads at all is a hit rate of 0 %, not "No data".
      targets: [
        {
          expr: `${orZeroLike(cacheRead, cacheable)} / ${positive(cacheable)}`,
          instant: true,
          legend: "cache hit rate",
        },
      ],
      unit: "percentunit",
      decimals: 1,
      min: 0,
      max: 1,
      w: 5,
      h: 7,
    }).thresholds(
      new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
        { value: null, color: "red" },
        { value: 0.5, color: "yellow" },
        { value: 0.8, color: "green" },
      ]),
    ),
    pie({
      id: 10,
      title: INVENTORY[10],
      description: `Tokens of every type used in the last 24 h, split by model: growth of the token counter summed by model. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(TOKENS, [], [MODEL]), instant: true, legend: "{{model}}" }],
      timeFrom: LAST_24H,
      unit: "short",
      w: 5,
      h: 7,
    }),
    timeseries({
      id: 24,
      title: INVENTORY[24],
      description: `Tokens per minute over the last 24 h by token type: the token counter's exact growth over each step, per minute of the step (the points add up to the 24 h total). ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: `${ratePerSecond(TOKENS, [], [TOKEN_TYPE_LABEL])} * 60`, legend: "{{type}}" }],
      timeFrom: LAST_24H,
      unit: "short",
      w: 12,
      h: 8,
    }).axisLabel("tokens / min"),
    barGauge({
      id: 16,
      title: INVENTORY[16],
      description: `Tokens obtained per US dollar, by model, over the dashboard range: tokens of every type / cost, both summed by model. Cheaper models and better cache use score higher. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [
        {
          expr: `${total(TOKENS, [], [MODEL])} / ${positive(total(COST, [], [MODEL]))}`,
          instant: true,
          legend: "{{model}}",
        },
      ],
      unit: "short",
      decimals: 0,
      w: 12,
      h: 8,
    }),
  ];
}
