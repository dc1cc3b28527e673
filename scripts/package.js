#!/usr/bin/env node
// `npm run package`: one installable tarball in release/ — the `sanctuary` command (the
// server bundled by esbuild into one ESM file, no dependencies left to install) and the
// built web app beside it. Builds first (Turborepo, telemetry off), then stages
// release/package/ and packs it with `npm pack`.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RELEASE = join(ROOT, "release");
const STAGE = join(RELEASE, "package");
const here = (file) => join(ROOT, "scripts", "package", file);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

const rootPkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const serverPkg = JSON.parse(readFileSync(join(ROOT, "apps/server/package.json"), "utf8"));

if (!process.argv.includes("--no-build")) {
  execFileSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });
}

rmSync(RELEASE, { recursive: true, force: true });
mkdirSync(join(STAGE, "dist"), { recursive: true });

/**
 * Two modules load a dependency through `createRequire`, which a bundler cannot follow;
 * in the bundle, where the dependency is part of the one file anyway, they become:
 * commander (config/commanderOnce.ts, needed at start) a plain import; the confusables
 * table (protocol's alias/confusablesOnDemand) a `require` that esbuild turns into a
 * wrapper run on the first call, so the bundle too builds the table only when used.
 * And `debug`, which the server replaces in Node's module cache at start
 * (apps/server/src/silentDebug.ts), is linked to the same silent factory here.
 */
const onDemandModules = {
  name: "on-demand-modules",
  setup(b) {
    b.onResolve({ filter: /^debug$/ }, () => ({ path: "debug", namespace: "silent" }));
    b.onLoad({ filter: /.*/, namespace: "silent" }, () => ({
      loader: "js",
      contents: 'module.exports = require("./src/silentDebug.ts").silentDebugFactory;\n',
      resolveDir: join(ROOT, "apps/server"),
    }));
    b.onLoad({ filter: /[\\/]config[\\/]commanderOnce\.ts$/ }, () => ({
      loader: "js",
      contents:
        'import * as commander from "commander";\n' +
        "export function withCommander(use) {\n  return use(commander);\n}\n",
      resolveDir: join(ROOT, "apps/server"),
    }));
    b.onLoad({ filter: /[\\/]alias[\\/]confusablesOnDemand\.js$/ }, () => ({
      loader: "js",
      contents:
        "let replace;\n" +
        "export function replaceConfusables(text) {\n" +
        '  replace ??= require("unhomoglyph");\n' +
        "  return replace(text);\n}\n",
      resolveDir: join(ROOT, "packages/protocol"),
    }));
  },
};

const result = await build({
  entryPoints: [join(ROOT, "apps/server/src/main.ts")],
  outfile: join(STAGE, "dist/sanctuary.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  // ws's optional native speed-ups: never installed, never bundled; ws works without them.
  external: ["bufferutil", "utf-8-validate"],
  define: { __SANCTUARY_PACKAGED__: "true" },
  // CommonJS dependencies call `require` for Node's built-in modules.
  banner: {
    js: 'import { createRequire as __sanctuaryRequire } from "node:module";\nconst require = __sanctuaryRequire(import.meta.url);',
  },
  plugins: [onDemandModules],
});

// The web app, without Vite's manifest (build metadata, not served).
cpSync(join(ROOT, "apps/web/dist"), join(STAGE, "web"), {
  recursive: true,
  filter: (src) => !src.split(/[\\/]/).includes(".vite"),
});

writeFileSync(join(STAGE, "LICENSE"), readFileSync(here("LICENSE")));
writeFileSync(join(STAGE, "README.md"), readFileSync(here("README.md")));
writeFileSync(join(STAGE, "THIRD_PARTY_LICENSES.txt"), thirdPartyLicenses(result.metafile));
writeFileSync(
  join(STAGE, "package.json"),
  `${JSON.stringify(
    {
      name: "sanctuary",
      version: serverPkg.version,
      description: rootPkg.description,
      license: rootPkg.license,
      type: "module",
      bin: { sanctuary: "dist/sanctuary.js" },
      engines: rootPkg.engines,
      files: ["dist", "web", "THIRD_PARTY_LICENSES.txt"],
    },
    null,
    2,
  )}\n`,
);

writeFileSync(join(RELEASE, "bundle-meta.json"), JSON.stringify(result.metafile));

const packed = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--pack-destination", RELEASE], {
    cwd: STAGE,
    env,
    encoding: "utf8",
  }),
)[0];
console.log(
  `package: release/${packed.filename} (${kib(packed.size)} packed, ${kib(packed.unpackedSize)} unpacked)`,
);

/** Every bundled package's licence text, found from esbuild's list of inputs. */
function thirdPartyLicenses(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules[\\/](@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(input);
    if (!match) continue;
    const dir = join(ROOT, match[1]);
    if (!packages.has(dir)) packages.set(dir, licenceOf(dir));
  }
  const sections = [...packages.values()].filter(Boolean).sort();
  return `Third-party software bundled in dist/sanctuary.js\n\n${sections.join("\n\n")}\n`;
}

function licenceOf(dir) {
  const pkgFile = join(dir, "package.json");
  if (!existsSync(pkgFile)) return null;
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  const file = readdirSync(dir).find(
    (f) => /^(licen[cs]e|copying)/i.test(f) && statSync(join(dir, f)).isFile(),
  );
  const text = file
    ? readFileSync(join(dir, file), "utf8").trim()
    : `License: ${pkg.license ?? "see package"}`;
  return `== ${pkg.name}@${pkg.version}\n${text}`;
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}
