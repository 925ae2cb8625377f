import type { NativeStack } from "@cc-otel/harness";
import { type Ledger, runSimulation } from "@cc-otel/simulator";

/**
 * The simulator's `team` scenario backfilled into the stack's collector (OTLP/gRPC, delta, as the
 * CLI sends), for the benchmarks that measure what a team's history becomes in Prometheus. A backfill
 * is a burst the memory limiter may refuse in part: refused requests are resent until taken.
 */
export function backfillTeam(
  stack: NativeStack,
  team: {
    readonly users: number;
    readonly seed: string;
    readonly windowMs: number;
    readonly simStart?: number;
  },
): Promise<Ledger> {
  return runSimulation({
    scenario: "team",
    users: team.users,
    seed: team.seed,
    export: {
      protocol: "grpc",
      endpoint: stack.collector.grpcEndpoint,
      headers: {},
      temporality: "delta",
      retryForMs: 10 * 60_000,
    },
    mode: { kind: "backfill", windowMs: team.windowMs },
    ...(team.simStart !== undefined ? { simStart: team.simStart } : {}),
  });
}
