import Module, { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Every namespace's logger: does nothing, and says it is off. */
function silent(): void {}
silent.enabled = false;
silent.namespace = "";
silent.extend = (): typeof silent => silent;
silent.destroy = (): boolean => false;

/**
 * What `require("debug")` returns once silenced: the same shape as the real factory
 * (TypeScript-built libraries call it as `.debug` or `.default`), but `enable` does
 * nothing, so nothing in the process can turn a library's logging back on.
 */
export function silentDebugFactory(): typeof silent {
  return silent;
}
silentDebugFactory.debug = silentDebugFactory;
silentDebugFactory.default = silentDebugFactory;
silentDebugFactory.enable = (): void => {};
silentDebugFactory.disable = (): string => "";
silentDebugFactory.enabled = (): boolean => false;
silentDebugFactory.names = [] as RegExp[];
silentDebugFactory.skips = [] as RegExp[];
silentDebugFactory.formatters = {} as Record<string, unknown>;

/**
 * Socket.IO, engine.io, Express and the Redis adapter log through `debug`, and their
 * lines name rooms (namespaces) and sockets. Dropping `DEBUG` keeps them quiet only as
 * long as nothing calls `debug.enable`; and even off, every call builds its arguments
 * into an array on the relay's hot path (6 % of what the server allocates under load,
 * 5–6 % of its CPU per delivery, docs/performance.md). So before those libraries load,
 * the module they resolve as `debug` is replaced, in Node's module cache, by a factory
 * whose loggers do nothing. Must run before anything requires `debug`; one copy of
 * each package (the root `overrides`) means there is one `debug` to replace. (The
 * release bundle has no module cache to replace it in: its build links every
 * `require("debug")` to `silentDebugFactory` instead, scripts/package.js.)
 */
export function silenceDebug(): void {
  delete process.env.DEBUG;
  let path: string;
  try {
    path = require.resolve("debug");
  } catch {
    return; // Not installed: nothing can log through it.
  }
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = silentDebugFactory;
  require.cache[path] = module;
}
