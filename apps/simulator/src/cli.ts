#!/usr/bin/env -S node --max-semi-space-size=2
import { writeFileSync } from "node:fs";
import { describeExport } from "./exporters.js";
import { parseCli, USAGE, UsageError } from "./options.js";
import { formatProgress, formatSummary } from "./report.js";
import { runSimulation, SimulationError } from "./run.js";

/**
 * Why --max-semi-space-size=2 (here and in the package's start script): generating at full speed
 * allocates fast, and V8 then grows its young generation by ~100 MB of RSS it does not need; a
 * 2 MB semi-space keeps full-speed runs well under 300 MB and is no slower.
 *
 * `pnpm simulate`: exit 0 when done (or stopped with Ctrl-C after flushing), 2 for bad input,
 * 1 when telemetry cannot be delivered. Errors are one line, never a stack trace.
 */

function fail(message: string, code: number): never {
  process.stderr.write(`simulate: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCli>;
  try {
    // `pnpm simulate -- --users 5` hands the "--" through: it is not an argument.
    const argv = process.argv.slice(2);
    options = parseCli(argv[0] === "--" ? argv.slice(1) : argv, process.env);
  } catch (e) {
    if (e instanceof UsageError) fail(e.message, 2);
    throw e;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write(
      "\nsimulate: stopping — flushing what was generated (Ctrl-C again to quit at once)\n",
    );
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const tty = process.stderr.isTTY === true;
  const mode =
    options.mode.kind === "backfill"
      ? `backfill of the last ${options.mode.windowMs / 3_600_000} h, as fast as possible`
      : `live at ${options.mode.speed}x real time${options.mode.durationMs ? ` for ${options.mode.durationMs / 1000} s` : " until Ctrl-C"}`;
  if (!options.quiet) {
    process.stderr.write(
      `simulate: scenario ${options.scenario}, ${describeExport(options.export)}, ` +
        `${options.export.temporality} temporality, ${mode}, working day in ${options.timeZone}\n`,
    );
  }

  const started = Date.now();
  let lastPlain = 0;
  const ledger = await runSimulation({
    scenario: options.scenario,
    ...(options.users !== undefined ? { users: options.users } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.teams !== undefined ? { teams: options.teams } : {}),
    cliVersion: options.cliVersion,
    timeZone: options.timeZone,
    resourceAttributes: options.resourceAttributes,
    export: options.export,
    mode: options.mode,
    metricExportIntervalMs: options.metricExportIntervalMs,
    logExportIntervalMs: options.logExportIntervalMs,
    content: options.content,
    signal: stop.signal,
    progressEveryMs: tty ? 250 : 1000,
    ...(options.quiet
      ? {}
      : {
          onProgress: (p) => {
            if (tty) process.stderr.write(`\r\x1b[2K${formatProgress(p)}`);
            else if (Date.now() - lastPlain >= 10_000) {
              // Not a terminal (CI, a log file): a plain line every 10 s instead of redrawing.
              lastPlain = Date.now();
              process.stderr.write(`${formatProgress(p)}\n`);
            }
          },
        }),
  }).catch((e: unknown) => {
    if (tty && !options.quiet) process.stderr.write("\n");
    if (e instanceof SimulationError) fail(e.message, 1);
    fail(`unexpected error: ${(e as Error).message ?? String(e)}`, 1);
  });
  if (tty && !options.quiet) process.stderr.write("\r\x1b[2K");

  const summary = formatSummary(ledger, Date.now() - started);
  if (options.ledgerFile === "-") {
    process.stderr.write(`${summary}\n`);
    process.stdout.write(`${JSON.stringify(ledger, null, 2)}\n`);
  } else {
    process.stdout.write(`${summary}\n`);
    if (options.ledgerFile) {
      try {
        writeFileSync(options.ledgerFile, `${JSON.stringify(ledger, null, 2)}\n`);
      } catch (e) {
        fail(
          `cannot write the ledger to ${options.ledgerFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          1,
        );
      }
    }
  }
  // Exporter sockets and SDK timers are closed; exit explicitly in case a library left a handle.
  process.exit(0);
}

main().catch((e: unknown) => fail(`unexpected error: ${(e as Error).message ?? String(e)}`, 1));
