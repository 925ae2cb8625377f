import { sharedConfig } from "../../vitest.shared.js";

// The browser test builds the site when dist/ is missing or stale and opens every page.
export default sharedConfig(import.meta.dirname, { testTimeout: 120_000 });
