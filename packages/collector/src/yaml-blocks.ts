/**
 * Finding one mapping entry of a hand-written YAML file by its text, so that it can be replaced
 * while every comment and blank line around it stays as written (a YAML round trip would lose or
 * move them).
 */

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * The entry `key:` at exactly `indent` spaces, from its key line to the end of its last line: the
 * lines after the key that are indented deeper. The first line that is not (a blank line, a
 * sibling key, a comment at the key's level) ends it. With `within`, only that part of the text is
 * searched. Throws unless the key is there exactly once.
 */
export function entryRange(text: string, key: string, indent: number, within?: TextRange): TextRange {
  const from = within?.start ?? 0;
  const to = within?.end ?? text.length;
  const keyLine = new RegExp(`^ {${indent}}${escapeRegExp(key)}:[^\\n]*$`, "gm");
  const found = [...text.slice(from, to).matchAll(keyLine)];
  if (found.length !== 1) {
    throw new Error(`expected one \`${key}:\` indented ${indent} spaces, found ${found.length}`);
  }
  const start = from + (found[0]?.index ?? 0);
  let end = text.indexOf("\n", start);
  if (end < 0) return { start, end: text.length };
  const deeper = " ".repeat(indent + 1);
  while (end < to) {
    const next = text.indexOf("\n", end + 1);
    const line = text.slice(end + 1, next < 0 ? text.length : next);
    if (!line.startsWith(deeper)) break;
    end = next < 0 ? text.length : next;
  }
  return { start, end };
}

/**
 * A top-level section (`processors:`): from its key line to the next top-level key, blank lines
 * and comments between its entries included.
 */
export function sectionRange(text: string, key: string): TextRange {
  const { start } = entryRange(text, key, 0);
  const next = /^[^\s#]/gm;
  next.lastIndex = text.indexOf("\n", start) + 1 || text.length;
  const following = next.exec(text);
  return { start, end: following ? following.index - 1 : text.length };
}

/** Indents every non-empty line by `spaces`. */
export function indentLines(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line.length > 0 ? pad + line : line))
    .join("\n");
}

export function replaceRange(text: string, range: TextRange, replacement: string): string {
  return text.slice(0, range.start) + replacement + text.slice(range.end);
}
