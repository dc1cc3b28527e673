/**
 * The part of zod the protocol is written with: zod's functional `zod/mini` API, one
 * name per builder used. Every schema module imports `z` from here, never from zod.
 *
 * Why a module of its own: loaded as it is published, zod brings all of its core
 * (every locale, JSON Schema output, the code generator) into the heap of whoever
 * imports the protocol, about 2.6 MiB on a server that uses none of it. The build
 * (`scripts/bundleZod.js`) replaces this file's output with these builders bundled and
 * tree-shaken (about 0.2 MiB). Types still come from zod itself.
 */

export type { infer, output, ZodMiniLazy, ZodMiniObject, ZodMiniString, ZodMiniType } from "zod/mini";
export {
  array,
  boolean,
  custom,
  discriminatedUnion,
  enum,
  extend,
  gte,
  int,
  lazy,
  length,
  literal,
  lte,
  maxLength,
  minLength,
  nonnegative,
  object,
  optional,
  pipe,
  positive,
  refine,
  regex,
  strictObject,
  string,
  superRefine,
  transform,
  union,
} from "zod/mini";
