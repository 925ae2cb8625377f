import type { Attrs } from "./attributes.js";
import type { Rng } from "./random.js";

/**
 * Start-up bookkeeping events, as Claude Code 2.1.331 sends them in every session (observed with
 * the conformance run, see test/conformance.test.ts): one managed_settings_resolved, then one
 * plugin_loaded per plugin — the three plugins bundled by default, then any the user installed.
 * The contract leaves their attributes undocumented; these are the observed ones, kinds included
 * (counts as int, `managed_settings.sources` as an array, `safe_mode` as the string "false").
 */

export const MANAGED_SETTINGS_RESOLVED: Attrs = {
  "managed_settings.trigger": "startup",
  "managed_settings.sources": [],
  "managed_settings.source_behavior": "first-wins",
  "managed_settings.helper.state": "none",
  "managed_settings.helper.applied": "none",
};

function plugin(
  name: string,
  marketplace: string,
  scope: string,
  enabledVia: string,
  idHash: string,
  counts: { skills: number; commands: number; agents: number; hooks: boolean; mcp: boolean },
): Attrs {
  return {
    "plugin.name": name,
    "marketplace.name": marketplace,
    "plugin.scope": scope,
    enabled_via: enabledVia,
    plugin_id_hash: idHash,
    has_hooks: counts.hooks,
    has_mcp: counts.mcp,
    host_owned_mcp: false,
    skill_path_count: counts.skills,
    command_path_count: counts.commands,
    agent_path_count: counts.agents,
    safe_mode: "false",
  };
}

const NONE = { skills: 0, commands: 0, agents: 0, hooks: true, mcp: false };

/** Observed verbatim. */
export const DEFAULT_PLUGINS: readonly Attrs[] = [
  plugin("cc-plugin-agents-md", "builtin", "default-bundle", "default-enable", "da63145d0acbb62d", NONE),
  plugin("cc-plugin-privacy", "builtin", "default-bundle", "default-enable", "a2f27f067781660d", NONE),
  plugin(
    "cc-plugin-plugin-authoring",
    "builtin",
    "default-bundle",
    "default-enable",
    "559932fe5f722b82",
    NONE,
  ),
];

/**
 * Plugins a user may add from a marketplace. The attribute set is the observed one; the values
 * (scope, enabled_via, counts) are plausible, not observed.
 */
const MARKETPLACE_PLUGINS = [
  { name: "commit-commands", counts: { skills: 0, commands: 3, agents: 0, hooks: false, mcp: false } },
  { name: "pr-review-toolkit", counts: { skills: 0, commands: 1, agents: 6, hooks: false, mcp: false } },
  { name: "security-guidance", counts: { skills: 0, commands: 0, agents: 0, hooks: true, mcp: false } },
  { name: "feature-dev", counts: { skills: 0, commands: 1, agents: 3, hooks: false, mcp: false } },
] as const;

/** The plugins of one developer: the default bundle plus `extra` marketplace plugins. */
export function pluginsFor(extra: number, rng: Rng): Attrs[] {
  const pool = [...MARKETPLACE_PLUGINS];
  const chosen = [];
  for (let i = 0; i < extra && pool.length > 0; i++)
    chosen.push(...pool.splice(rng.int(0, pool.length - 1), 1));
  return [
    ...DEFAULT_PLUGINS,
    ...chosen.map((p) => plugin(p.name, "claude-code-plugins", "user", "settings", rng.hex(16), p.counts)),
  ];
}
