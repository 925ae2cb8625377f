#!/usr/bin/env node
// pnpm run doctor (pnpm 12 has a built-in `pnpm doctor` that shadows the script) — "I see no data": checks Claude Code's telemetry settings, the stack, and sends a
// tagged probe through the real path. Exit code 0 only when data would flow.
import { main } from "./main.js";

const { code, output } = await main(process.argv.slice(2), process.env);
(code === 2 ? process.stderr : process.stdout).write(output);
// The OTLP exporters can keep sockets open for a while: leave now, with the verdict.
process.exit(code);
