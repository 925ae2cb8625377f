import { T } from "./model.js";

/**
 * Expands the annotation templates of src/model.ts (`T`) the way Prometheus does, for the unit
 * tests' expected annotations. Any other `{{ ... }}` is an error: an annotation using a template
 * construct the tests cannot predict would go untested.
 */
export function expandTemplate(
  template: string,
  ctx: {
    labels: Readonly<Record<string, string>>;
    value: number;
    queries?: Readonly<Record<string, number>>;
  },
): string {
  let out = template;
  out = out.replace(
    /\{\{ with query "([^"]+)" \}\}\{\{ \. \| first \| value \| printf "%\.2f" \}\}\{\{ end \}\}/g,
    (_, q: string) => {
      const v = ctx.queries?.[q];
      return v === undefined ? "" : v.toFixed(2);
    },
  );
  out = out.replaceAll(T.value2, () => ctx.value.toFixed(2));
  out = out.replaceAll(T.value0, () => ctx.value.toFixed(0));
  out = out.replaceAll(T.percent, () => humanizePercentage(ctx.value));
  out = out.replace(
    /\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g,
    (_, name: string) => ctx.labels[name] ?? "",
  );
  const left = out.match(/\{\{[^}]*\}\}/);
  if (left) throw new Error(`template construct the tests cannot expand: ${left[0]} in "${template}"`);
  return out;
}

/** Go's fmt "%.4g%%" of v*100, as Prometheus' humanizePercentage. */
function humanizePercentage(v: number): string {
  const p = v * 100;
  if (p === 0) return "0%";
  const exp = Math.floor(Math.log10(Math.abs(p)));
  if (exp < -4 || exp >= 4)
    throw new Error(`humanizePercentage of ${v}: exponent form not supported by the tests`);
  return `${Number.parseFloat(p.toPrecision(4))}%`;
}
