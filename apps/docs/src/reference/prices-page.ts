import {
  costUsd,
  exactGrowth,
  MODEL_FAMILIES,
  modelIdPattern,
  PRICES,
  PROMETHEUS_SERIES,
} from "@cc-otel/contract";
import { banner, code, frontmatter, page } from "./markdown.js";

function usd(n: number): string {
  return n.toFixed(2);
}

export function pricesPage(generateCommand: string): string {
  const sample = { input: 1201, output: 41, cacheCreation: 3000, cacheRead: 9000 };
  const sampleCost = costUsd("claude-sonnet-4-5-20250929", sample);
  const out = [
    frontmatter(
      "Prices",
      "The per-model price table Claude Code applies to estimate cost, and how the stack uses it.",
      banner("apps/docs/src/reference/prices-page.ts", "@cc-otel/contract", generateCommand),
      { wideTables: true },
    ),
    "Claude Code computes `claude_code.cost.usage` and the `cost_usd` of every `api_request` event itself, on the client, from a price table like this one. It is an estimate: it knows nothing of discounts, commitments, taxes or requests made outside Claude Code, so it will not match an invoice to the cent (see [Troubleshooting](/troubleshooting/#cost-does-not-match-the-invoice)).",
    "",
    "The simulator prices its synthetic requests with this table, and the dashboard's cost-split panels use it to price tokens per type.",
    "",
    "## Price table",
    "",
    "USD per million tokens.",
    "",
    "| family | model | input | output | cache write (5 min) | cache write (1 h) | cache read |",
    "|---|---|---|---|---|---|---|",
    ...MODEL_FAMILIES.map((f) => {
      const p = PRICES[f];
      return `| ${code(f)} | ${p.displayName} | ${usd(p.input)} | ${usd(p.output)} | ${usd(p.cacheWrite5m)} | ${usd(p.cacheWrite1h)} | ${usd(p.cacheRead)} |`;
    }),
    "",
    "## Formula",
    "",
    "```text",
    "cost_usd = (input × in + output × out + cache_creation × write_5m + cache_read × read) / 1 000 000",
    "```",
    "",
    "1-hour cache writes cost twice the input price; they are priced separately when the 1-hour part is known.",
    "",
    `Example: ${code("claude-sonnet-4-5")} with ${sample.input.toLocaleString("en-US")} input, ${sample.output} output, ${sample.cacheCreation.toLocaleString("en-US")} cache-creation and ${sample.cacheRead.toLocaleString("en-US")} cache-read tokens costs **${sampleCost.toFixed(6)} USD**, the figure the CLI reports.`,
    "",
    "## Model ids",
    "",
    "The `model` attribute holds the id exactly as sent: undated (`claude-sonnet-4-5`), dated (`claude-sonnet-4-5-20250929`) or decorated by a cloud provider (`us.anthropic.claude-sonnet-4-5-20250929-v1:0`). Each resolves to its family above. In queries, match a family with a regular expression such as:",
    "",
    "```promql",
    `sum(${exactGrowth(`${PROMETHEUS_SERIES["claude_code.token.usage"]}{model=~"${modelIdPattern("claude-sonnet-4-5")}"}`, "24h")})`,
    "```",
    "",
    "To add a model family, add it to `packages/contract/src/pricing.ts`; the simulator, the dashboard and this page regenerate from it.",
  ];
  return page(out);
}
