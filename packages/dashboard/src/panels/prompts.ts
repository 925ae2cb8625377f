import { EVENT_METRICS } from "@cc-otel/contract";
import { VizOrientation } from "@grafana/grafana-foundation-sdk/common";
import { INVENTORY } from "../inventory.js";
import { growth, STEP, sel, sum } from "../queries/promql.js";
import { barGauge, timeseries } from "./kinds.js";

const PROMPTS = "claude_code.prompt.length";
/** Upper bounds (inclusive) of the prompt-length histogram: the contract's fixed buckets. */
const BOUNDS: readonly number[] = (() => {
  const b = EVENT_METRICS[PROMPTS].buckets;
  if (!b) throw new Error(`${PROMPTS} has no fixed buckets in the contract`);
  return b;
})();

const FROM_EVENTS =
  "From the collector's event metrics (user_prompt events aggregated as they arrive: exact, stamped on arrival).";
const FILTER_NOTE = "Follows the department, team, user and terminal filters.";

/** The buckets as [label, lower le or undefined, upper le or "+Inf"]. */
export function promptLengthBuckets(): {
  label: string;
  lower: number | undefined;
  upper: number | "+Inf";
}[] {
  const uppers: (number | "+Inf")[] = [...BOUNDS, "+Inf"];
  return uppers.map((upper, i) => {
    const lower = i === 0 ? undefined : (BOUNDS[i - 1] as number);
    const from = lower === undefined ? 0 : lower + 1;
    const label = upper === "+Inf" ? `≥ ${from} chars` : `${from}–${upper} chars`;
    return { label, lower, upper };
  });
}

/** Prompts in one bucket over the range: the cumulative bucket at its upper bound minus the one below. */
function bucketCount(lower: number | undefined, upper: number | "+Inf"): string {
  const at = (le: number | "+Inf") =>
    sum(growth(sel(PROMPTS, [["le", "=", String(le)]], { part: "bucket" })));
  return lower === undefined ? at(upper) : `${at(upper)} - ${at(lower)}`;
}

export function promptPanels() {
  return [
    timeseries({
      id: 21,
      title: INVENTORY[21],
      description: `Prompts submitted per hour: the number of user_prompt events in each hour-long step (the prompt-length histogram's count, exact growth over the step; min interval 1h; on ranges over ~40 days a bar covers several hours). ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: sum(growth(sel(PROMPTS, [], { part: "count" }), STEP)), legend: "prompts" }],
      interval: "1h",
      unit: "short",
      bars: true,
      w: 12,
      h: 8,
    }),
    barGauge({
      id: 25,
      title: INVENTORY[25],
      description: `Histogram of prompt length over the dashboard range: user_prompt events counted per prompt_length bucket (characters; the collector counts them into these fixed buckets, so each count is exact). ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: promptLengthBuckets().map(({ label, lower, upper }) => ({
        expr: bucketCount(lower, upper),
        instant: true,
        legend: label,
      })),
      unit: "short",
      decimals: 0,
      color: "blue",
      w: 12,
      h: 8,
    }).orientation(VizOrientation.Vertical),
  ];
}
