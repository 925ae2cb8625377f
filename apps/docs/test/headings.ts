import { anchor } from "../src/reference/index.js";

/**
 * The text of a heading as the site renders it (inline code, emphasis and links reduced to their
 * text), from which Starlight derives the heading's id.
 */
function headingText(markdown: string): string {
  return (
    markdown
      .replace(/\s+#+\s*$/, "")
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[`*]/g, "")
      // Underscores emphasise only at word boundaries: inside a word (snake_case) they are text.
      .replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, "$1")
      .trim()
  );
}

/**
 * The ids Starlight gives the headings of a Markdown page, in order: github-slugger's slug of the
 * heading's text, with -1, -2... appended to repeats. Headings inside code blocks do not count.
 */
export function headingIds(markdown: string): string[] {
  const seen = new Map<string, number>();
  const ids: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (f && (fence === undefined || (f[0] === fence[0] && f.length >= fence.length))) {
      fence = fence === undefined ? f : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const h = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (!h) continue;
    const base = anchor(headingText(h[1] ?? ""));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.push(n ? `${base}-${n}` : base);
  }
  return ids;
}
