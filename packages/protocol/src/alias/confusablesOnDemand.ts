/// <reference types="node" />
import { createRequire } from "node:module";

let replace: ((text: string) => string) | undefined;

/**
 * `replaceConfusables` (see `confusables.ts`) for Node, where the table is loaded on
 * the first call instead of at import: it is about 0.9 MiB of heap, and a server holds
 * it only once someone joins a room. The load is synchronous, so the first alias check
 * is as strict as every later one.
 */
export function replaceConfusables(text: string): string {
  replace ??= createRequire(import.meta.url)("unhomoglyph") as (text: string) => string;
  return replace(text);
}
