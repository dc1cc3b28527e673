/**
 * Password strength (F32) by zxcvbn-ts, a maintained estimator. Its dictionaries are
 * large, so they load with a dynamic import the first time someone types a password,
 * never in the first-load bundle.
 */

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  score: StrengthScore;
  /** One sentence: the verdict first ("Very weak: …"), then what to do. */
  message: string;
}

/** zxcvbn slows down on very long input; what matters is decided well before this. */
const ESTIMATE_MAX_CHARS = 100;

const MESSAGES: Readonly<Record<StrengthScore, string>> = {
  0: "Very weak: it would be guessed almost at once. Generate a strong password instead.",
  1: "Weak: a determined guesser would find it. Use a long passphrase, or generate one.",
  2: "Fair: fine for a short chat among friends; a generated password is safer.",
  3: "Strong.",
  4: "Very strong.",
};

let estimator: Promise<(password: string) => StrengthScore> | null = null;

function loadEstimator(): Promise<(password: string) => StrengthScore> {
  estimator ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")]).then(
    ([core, common]) => {
      core.zxcvbnOptions.setOptions({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
      return (password) => core.zxcvbn(password.slice(0, ESTIMATE_MAX_CHARS)).score as StrengthScore;
    },
  );
  return estimator;
}

/**
 * How strong `password` is, with words for it.
 *
 * @example
 * (await estimateStrength("abc")).message; // "Very weak: …"
 */
export async function estimateStrength(password: string): Promise<Strength> {
  const score = (await loadEstimator())(password);
  return { score, message: MESSAGES[score] };
}
