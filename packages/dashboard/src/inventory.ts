/**
 * The roadmap's 26-panel inventory (shared/roadmap.md, Phase 2). The panel implementing item N
 * has panel id N and exactly this title, so tests and docs can find it.
 */
export const INVENTORY = {
  1: "Real-Time Cost Burn Rate",
  2: "Total Cost Today",
  3: "Cached Write Cost (24h)",
  4: "Regular Input Cost (24h)",
  5: "Code Edit Acceptance Rate %",
  6: "Cost Forecast",
  7: "Average Cost / Session",
  8: "Cost per 1K Tokens",
  9: "Active Time (24h)",
  10: "Token Distribution by Model (24h)",
  11: "Active Sessions (24h)",
  12: "Average Session Metrics",
  13: "Lines of Code Modified",
  14: "Cache Hit Rate %",
  15: "Total Tokens Today",
  16: "Model Token Efficiency (tokens/$)",
  17: "Tool Usage Breakdown",
  18: "Peak Cost Hours",
  19: "Weekly Total Token Usage",
  20: "Cost Anomaly Detection",
  21: "Prompts Per Hour",
  22: "Tool Decision Sources (24h)",
  23: "Code Modification Velocity (lines/min)",
  24: "Token Usage Rate (24h)",
  25: "Prompt Length Distribution",
  26: "Tool Usage Breakdown (pie)",
} as const;

export type InventoryId = keyof typeof INVENTORY;

/** Ids of panels beyond the inventory; rows use ids from 100. */
export const EXTRA = {
  costByQuerySource: 27,
  topUsersByCost: 28,
  commitsAndPullRequests: 29,
  toolSuccessRate: 30,
  toolDuration: 31,
  apiErrorsByStatus: 32,
  apiErrorRatio: 33,
  apiLatency: 34,
  timeToFirstToken: 35,
  sessionsInRange: 36,
  sessionEvents: 37,
  recentApiErrors: 38,
  costInRange: 39,
  activeDevelopersDay: 40,
  activeDevelopersWeek: 41,
  apiRequestsByModel: 42,
} as const;

export function inventoryPanel(id: InventoryId): { id: InventoryId; title: string } {
  return { id, title: INVENTORY[id] };
}
