import type { AttributeSpec, ContentSpec, ContentToggle } from "./attributes.js";

/** Small builders for the attribute tables of events.ts and traces.ts. */

// Generic so that literal `values` survive into the types (EVENTS.tool_result.attributes.success.values
// is readonly ["true", "false"], not string[]).
export const s = <const X extends Partial<AttributeSpec> = Record<never, never>>(
  description: string,
  extra?: X,
) => ({ type: "string", description, ...extra }) as { type: "string"; description: string } & X;
export const i = <const X extends Partial<AttributeSpec> = Record<never, never>>(
  description: string,
  extra?: X,
) => ({ type: "int", description, ...extra }) as { type: "int"; description: string } & X;
export const b = <const X extends Partial<AttributeSpec> = Record<never, never>>(
  description: string,
  extra?: X,
) => ({ type: "bool", description, ...extra }) as { type: "bool"; description: string } & X;
export const opt = { optional: true } as const;

/** A field that holds content under these client settings is dropped; `keeps` names what stays. */
export const dropped = (toggles: readonly ContentToggle[], keeps?: string) =>
  ({ toggles, byDefault: "drop", ...(keeps ? { keeps } : {}) }) as const satisfies ContentSpec;
