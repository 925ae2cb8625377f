import { sharedConfig } from "../../vitest.shared.js";

// promtool runs and one test starts the real collector and Prometheus: generous timeouts, one file
// at a time so two stacks never compete for the 2 cores.
export default sharedConfig(import.meta.dirname, { testTimeout: 600_000, serial: true });
