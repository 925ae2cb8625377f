import { sharedConfig } from "../../vitest.shared.js";

// End-to-end tests start real servers and wait for 60 s-style flushes: generous timeouts, and one
// file at a time so two stacks never compete for the 2 cores.
export default sharedConfig(import.meta.dirname, { testTimeout: 600_000, serial: true });
