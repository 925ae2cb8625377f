import { knownEventNamePattern } from "@cc-otel/contract";
import { PROCESSOR } from "./names.js";
import { entryRange, sectionRange } from "./yaml-blocks.js";

/** The processor that counts unknown event names as "other". */
export const COUNT_PROCESSOR = PROCESSOR.count;

// The one statement of transform/count that names the known events: the pattern between its quotes.
const KNOWN_NAMES = /(IsMatch\(datapoint\.attributes\["event\.name"\], ")([^"]*)("\))/g;

/**
 * The config with the event-name pattern of `transform/count` set to the contract's event names
 * (knownEventNamePattern()); the rest as written.
 */
export function withKnownEventNames(config: string): string {
  const processors = sectionRange(config, "processors");
  const count = entryRange(config, COUNT_PROCESSOR, 2, processors);
  const block = config.slice(count.start, count.end);
  const found = [...block.matchAll(KNOWN_NAMES)].length;
  if (found !== 1) {
    throw new Error(
      `expected one IsMatch(datapoint.attributes["event.name"], "...") in ${COUNT_PROCESSOR}, found ${found}`,
    );
  }
  const pattern = knownEventNamePattern();
  const replaced = block.replace(
    KNOWN_NAMES,
    (_m, head: string, _old: string, tail: string) => head + pattern + tail,
  );
  return config.slice(0, count.start) + replaced + config.slice(count.end);
}
