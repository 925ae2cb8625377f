import { sharedConfig } from "../../vitest.shared.js";

// The end-to-end tests start the real collector and Prometheus: generous timeouts, and one file at a
// time so two stacks never compete for the 2 cores.
export default sharedConfig(import.meta.dirname, { testTimeout: 600_000, serial: true });
