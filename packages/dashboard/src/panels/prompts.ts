import { lokiField } from "@cc-otel/contract";
import { VizOrientation } from "@grafana/grafana-foundation-sdk/common";
import { INVENTORY } from "../inventory.js";
import { countOverTime, events, numericRange, sum } from "../queries/logql.js";
import { barGauge, timeseries } from "./kinds.js";

const PROMPT_LENGTH = lokiField("user_prompt", "prompt_length");

/** Histogram buckets of prompt length, in characters: [from, to). */
export const PROMPT_LENGTH_BUCKETS: readonly (readonly [number, number | undefined])[] = [
  [0, 50],
  [50, 200],
  [200, 1000],
  [1000, 5000],
  [5000, undefined],
];

const FILTER_NOTE = "Loki events; follows the department, team, user and terminal filters.";

function bucketLabel([from, to]: readonly [number, number | undefined]): string {
  return to === undefined ? `≥ ${from} chars` : `${from}–${to - 1} chars`;
}

export function promptPanels() {
  const prompts = events("user_prompt");
  return [
    timeseries({
      id: 21,
      title: INVENTORY[21],
      description: `Prompts submitted per hour: count of user_prompt events in each hour-long step (min interval 1h; on ranges over ~40 days a bar covers several hours). ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [{ expr: sum(countOverTime(prompts, "$__interval")), legend: "prompts" }],
      interval: "1h",
      unit: "short",
      bars: true,
      w: 12,
      h: 8,
    }),
    barGauge({
      id: 25,
      title: INVENTORY[25],
      description: `Histogram of prompt length over the dashboard range: user_prompt events counted per prompt_length bucket (characters; the CLI sends the length as a string, Loki compares it as a number). ${FILTER_NOTE}`,
      datasource: "loki",
      targets: PROMPT_LENGTH_BUCKETS.map(([from, to]) => ({
        expr: sum(countOverTime(`${prompts} ${numericRange(PROMPT_LENGTH, from, to)}`)),
        instant: true,
        legend: bucketLabel([from, to]),
      })),
      unit: "short",
      decimals: 0,
      color: "blue",
      w: 12,
      h: 8,
    }).orientation(VizOrientation.Vertical),
  ];
}
