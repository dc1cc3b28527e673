import unhomoglyph from "unhomoglyph";

/**
 * Replaces every character by the prototype it is confusable with (Unicode's
 * confusables.txt, as shipped by `unhomoglyph`). This is the copy browsers and bundles
 * get: loaded with the page. Node gets `confusablesOnDemand.ts` instead (package.json
 * `imports`, "#confusables").
 */
export const replaceConfusables: (text: string) => string = unhomoglyph;
