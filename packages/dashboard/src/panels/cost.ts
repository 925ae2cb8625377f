import { promLabel } from "@cc-otel/contract";
import { TableSortByFieldStateBuilder } from "@grafana/grafana-foundation-sdk/common";
import { EXTRA, INVENTORY } from "../inventory.js";
import { increase, perSecond, positive, sel, sum, tokenCost, total } from "../queries/promql.js";
import { LAST_24H, pie, stat, TODAY, table, timeseries } from "./kinds.js";

const COST = "claude_code.cost.usage";
const TOKENS = "claude_code.token.usage";
const SESSIONS = "claude_code.session.count";
const MODEL = promLabel(COST, "model");
const QUERY_SOURCE = promLabel(COST, "query_source");
const USER = promLabel(COST, "user.id");

const FILTER_NOTE = "Follows the department, team, user, terminal and model filters.";

export function costPanels() {
  return [
    stat({
      id: 2,
      title: INVENTORY[2],
      description: `Estimated spend since midnight (dashboard time zone): increase of the CLI's cost counter over "today so far" (relative time now/d). ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(COST), instant: true, legend: "today" }],
      timeFrom: TODAY,
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
      description: `Cost over the dashboard range divided by the sessions started in it (claude_code.session.count). No data when no session started in the range. The model filter narrows the cost only: sessions carry no model.`,
      datasource: "prometheus",
      targets: [
        { expr: `${total(COST)} / ${positive(total(SESSIONS))}`, instant: true, legend: "per session" },
      ],
      unit: "currencyUSD",
      decimals: 3,
      w: 4,
      h: 4,
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
      h: 4,
    }),
    stat({
      id: 3,
      title: INVENTORY[3],
      description:
        "What writing to the prompt cache cost in the last 24 h: cacheCreation tokens of each model family × that family's 5-minute cache-write price (contract price list), summed over families. 1-hour writes (2× input) are not split out by the metric and are priced as 5-minute writes; models missing from the price list count as 0.",
      datasource: "prometheus",
      targets: [{ expr: tokenCost("cacheCreation"), instant: true, legend: "cache writes" }],
      timeFrom: LAST_24H,
      unit: "currencyUSD",
      decimals: 2,
      color: "purple",
      w: 4,
      h: 4,
    }),
    stat({
      id: 4,
      title: INVENTORY[4],
      description:
        "What uncached input tokens cost in the last 24 h: input tokens of each model family × that family's input price (contract price list), summed over families. Models missing from the price list count as 0.",
      datasource: "prometheus",
      targets: [{ expr: tokenCost("input"), instant: true, legend: "input" }],
      timeFrom: LAST_24H,
      unit: "currencyUSD",
      decimals: 2,
      color: "blue",
      w: 4,
      h: 4,
    }),
    timeseries({
      id: 1,
      title: INVENTORY[1],
      description: `Current spend rate in USD per hour, stacked by model: rate of the cost counter over $__rate_interval × 3600. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: `${perSecond(COST, [], [MODEL])} * 3600`, legend: "{{model}}" }],
      unit: "currencyUSD",
      stacked: true,
      w: 12,
      h: 8,
    }).axisLabel("USD / hour"),
    timeseries({
      id: 18,
      title: INVENTORY[18],
      description:
        "Spend per hour as bars, to spot the busiest hours: increase of the cost counter over each hour-long step (min interval 1h; on ranges over ~40 days a bar covers several hours).",
      datasource: "prometheus",
      targets: [{ expr: sum(increase(sel(COST), "$__interval")), legend: "cost per hour" }],
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
      description: `Spend over the dashboard range split by query_source: the main conversation loop versus subagents and other internal requests. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(COST, [], [QUERY_SOURCE]), instant: true, legend: "{{query_source}}" }],
      unit: "currencyUSD",
      w: 6,
      h: 8,
    }),
    table({
      id: EXTRA.topUsersByCost,
      title: "Top Users by Cost",
      description: `The 10 users (anonymous user.id) who spent most over the dashboard range: topk(10) of the cost increase summed by user_id. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: `topk(10, ${total(COST, [], [USER])})`, instant: true, format: "table" }],
      unit: "currencyUSD",
      decimals: 2,
      w: 6,
      h: 8,
    })
      .transformations([
        {
          id: "organize",
          options: { excludeByName: { Time: true }, renameByName: { [USER]: "User", Value: "Cost" } },
        },
      ])
      .sortBy([new TableSortByFieldStateBuilder().displayName("Cost").desc(true)]),
  ];
}

function costAnomaly() {
  const hourly = total(COST, [], [], "1h");
  const average = `avg_over_time(${hourly}[24h:10m])`;
  const threshold = `${average} + 2 * stddev_over_time(${hourly}[24h:10m])`;
  return timeseries({
    id: 20,
    title: INVENTORY[20],
    description:
      "Hourly spend against its own recent history: the cost of the last hour (increase over 1h), its 24 h rolling average (avg_over_time of a 24h subquery) and the anomaly threshold avg + 2σ (stddev_over_time). Spend above the red dashed line is unusual for the last day.",
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
