import { PROM_LABELS, promLabel } from "@cc-otel/contract";
import { TableSortByFieldStateBuilder } from "@grafana/grafana-foundation-sdk/common";
import { EXTRA, INVENTORY } from "../inventory.js";
import { positive, ratePerSecond, STEP, tokenCost, total, unpricedTokens } from "../queries/promql.js";
import { LAST_24H, pie, stat, TODAY, table, timeseries } from "./kinds.js";

const COST = "claude_code.cost.usage";
const SESSIONS = "claude_code.session.count";
const MODEL = promLabel(COST, "model");
const QUERY_SOURCE = promLabel(COST, "query_source");
const USER = promLabel(COST, "user.id");
const EMAIL = PROM_LABELS.email;

const FILTER_NOTE = "Follows the department, team, user, terminal and model filters.";
const EXACT =
  "Each point is the exact growth of the cost counter over its step (the last value in the step minus the last before it), so the points add up to the range's total.";

/** The price list's blind spot, said where a panel prices tokens itself. */
const UNPRICED_NOTE =
  'Models the contract\'s price list lacks are not priced: their tokens are shown beside the value ("unpriced tokens") rather than counted at $0.';

export function costPanels() {
  return [
    stat({
      id: 2,
      title: INVENTORY[2],
      description: `Estimated spend since midnight (dashboard time zone): growth of the CLI's cost counter over "today so far" (relative time now/d). ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(COST), instant: true, legend: "today" }],
      timeFrom: TODAY,
      unit: "currencyUSD",
      decimals: 2,
      w: 4,
      h: 4,
    }),
    stat({
      id: EXTRA.costInRange,
      title: "Total Cost (range)",
      description: `Estimated spend over the dashboard's time range: growth of the CLI's cost counter over the range. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(COST), instant: true, legend: "range" }],
      unit: "currencyUSD",
      decimals: 2,
      w: 4,
      h: 4,
    }),
    stat({
      id: 6,
      title: INVENTORY[6],
      description:
        "Projected spend for the whole of today by linear extrapolation: cost so far today × 86,400 / seconds elapsed since midnight ($__range_s under the now/d override). Swings early in the day and settles as it goes on.",
      datasource: "prometheus",
      targets: [{ expr: `${total(COST)} * 86400 / $__range_s`, instant: true, legend: "end of day" }],
      timeFrom: TODAY,
      unit: "currencyUSD",
      decimals: 2,
      color: "orange",
      w: 4,
      h: 4,
    }),
    stat({
      id: 7,
      title: INVENTORY[7],
      description:
        "Cost over the dashboard range divided by the sessions started in it (claude_code.session.count). Sessions carry no model, so the model filter does not apply here (to the cost either: an average over some models' cost and every session would mean nothing). No data when no session started in the range.",
      datasource: "prometheus",
      targets: [
        {
          expr: `${total(COST, [], [], undefined, { except: ["model"] })} / ${positive(total(SESSIONS))}`,
          instant: true,
          legend: "per session",
        },
      ],
      unit: "currencyUSD",
      decimals: 3,
      w: 4,
      h: 4,
    }),
    stat({
      id: 3,
      title: INVENTORY[3],
      description: `What writing to the prompt cache cost in the last 24 h: cacheCreation tokens of each model family × that family's 5-minute cache-write price (contract price list), summed over families. 1-hour writes (2× input) are not split out by the metric and are priced as 5-minute writes. No data when there were no cache writes. ${UNPRICED_NOTE}`,
      datasource: "prometheus",
      targets: [
        { expr: tokenCost("cacheCreation"), instant: true, legend: "cache writes" },
        { expr: unpricedTokens("cacheCreation"), instant: true, legend: "unpriced tokens" },
      ],
      timeFrom: LAST_24H,
      unit: "currencyUSD",
      decimals: 2,
      color: "purple",
      w: 4,
      h: 4,
    }).overrideByQuery("B", [
      { id: "unit", value: "short" },
      { id: "decimals", value: 0 },
      { id: "color", value: { mode: "fixed", fixedColor: "orange" } },
    ]),
    stat({
      id: 4,
      title: INVENTORY[4],
      description: `What uncached input tokens cost in the last 24 h: input tokens of each model family × that family's input price (contract price list), summed over families. No data when there was no input. ${UNPRICED_NOTE}`,
      datasource: "prometheus",
      targets: [
        { expr: tokenCost("input"), instant: true, legend: "input" },
        { expr: unpricedTokens("input"), instant: true, legend: "unpriced tokens" },
      ],
      timeFrom: LAST_24H,
      unit: "currencyUSD",
      decimals: 2,
      color: "blue",
      w: 4,
      h: 4,
    }).overrideByQuery("B", [
      { id: "unit", value: "short" },
      { id: "decimals", value: 0 },
      { id: "color", value: { mode: "fixed", fixedColor: "orange" } },
    ]),
    timeseries({
      id: 1,
      title: INVENTORY[1],
      description: `Spend rate in USD per hour, stacked by model: the cost counter's growth over each step, per hour of the step. ${EXACT} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: `${ratePerSecond(COST, [], [MODEL])} * 3600`, legend: "{{model}}" }],
      unit: "currencyUSD",
      stacked: true,
      w: 12,
      h: 8,
    }).axisLabel("USD / hour"),
    timeseries({
      id: 18,
      title: INVENTORY[18],
      description: `Spend per hour as bars, to spot the busiest hours: the cost counter's exact growth over each hour-long step (min interval 1h; on ranges over ~40 days a bar covers several hours). The bars add up to the range's total. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(COST, [], [], STEP), legend: "cost per hour" }],
      interval: "1h",
      unit: "currencyUSD",
      bars: true,
      w: 12,
      h: 8,
    }),
    costAnomaly(),
    pie({
      id: EXTRA.costByQuerySource,
      title: "Cost by Query Source",
      description: `Spend over the dashboard range split by query_source: the main conversation loop versus subagents, compaction and other internal requests. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(COST, [], [QUERY_SOURCE]), instant: true, legend: "{{query_source}}" }],
      unit: "currencyUSD",
      w: 6,
      h: 8,
    }),
    table({
      id: EXTRA.topUsersByCost,
      title: "Top Users by Cost",
      description: `The 10 users who spent most over the dashboard range: topk(10) of the cost counter's growth summed by user_id, with the e-mail where Claude Code sends one (claude.ai logins; empty for API keys). ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: `topk(10, ${total(COST, [], [USER, EMAIL])})`, instant: true, format: "table" }],
      unit: "currencyUSD",
      decimals: 2,
      w: 6,
      h: 8,
    })
      .transformations([
        {
          id: "organize",
          options: {
            excludeByName: { Time: true },
            indexByName: { [USER]: 0, [EMAIL]: 1, Value: 2 },
            renameByName: { [USER]: "User", [EMAIL]: "E-mail", Value: "Cost" },
          },
        },
      ])
      .sortBy([new TableSortByFieldStateBuilder().displayName("Cost").desc(true)]),
  ];
}

function costAnomaly() {
  const hourly = total(COST, [], [], "1h");
  const average = `avg_over_time(${hourly}[24h:1h])`;
  const threshold = `${average} + 2 * stddev_over_time(${hourly}[24h:1h])`;
  return timeseries({
    id: 20,
    title: INVENTORY[20],
    description:
      "Hourly spend against its own recent history: the cost of the last hour (the counter's exact growth over 1h), its average over the last 24 whole hours and the anomaly threshold avg + 2σ (over the same 24 hourly values). Spend above the red dashed line is unusual for the last day.",
    datasource: "prometheus",
    targets: [
      { expr: hourly, legend: "cost, last hour" },
      { expr: average, legend: "24 h rolling average" },
      { expr: threshold, legend: "anomaly threshold (avg + 2σ)" },
    ],
    unit: "currencyUSD",
    w: 12,
    h: 8,
  })
    .overrideByQuery("B", [{ id: "color", value: { mode: "fixed", fixedColor: "yellow" } }])
    .overrideByQuery("C", [
      { id: "color", value: { mode: "fixed", fixedColor: "red" } },
      { id: "custom.lineStyle", value: { fill: "dash", dash: [10, 10] } },
      { id: "custom.fillOpacity", value: 0 },
    ]);
}
