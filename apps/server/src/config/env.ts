import { OPTION_ROWS, type OptionName } from "./optionTable.js";

/**
 * The environment lookup: each row's `SANCTUARY_*` variable, when set. A flag on the
 * command line wins over its variable (see cli.ts).
 *
 * @example
 * envValues({ SANCTUARY_PORT: "7000" }); // { port: "7000" }
 */
export function envValues(
  env: Readonly<Record<string, string | undefined>>,
): Partial<Record<OptionName, string>> {
  const values: Partial<Record<OptionName, string>> = {};
  for (const [name, row] of OPTION_ROWS) {
    const value = row.env === undefined ? undefined : env[row.env];
    if (value !== undefined) values[name] = value;
  }
  return values;
}
