/**
 * Values files merged as `helm install --values a.yaml --values b.yaml` merges them: maps merge key by
 * key, anything else (lists included) is replaced by the later file's. A `null` deletes the key, as in
 * Helm. The chart is out of reach here (k8s/README.md, "What is tested"), so the tests merge the
 * values themselves to check what the chart would be given.
 */
export function mergeHelmValues(base: unknown, ...overrides: unknown[]): unknown {
  return overrides.reduce(merge2, base);
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function merge2(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = merge2(base[k], v);
  }
  return out;
}
