/**
 * Mixed-script detection after Unicode TS #39 (section 5), using the engine's own
 * Unicode data through `\p{Script_Extensions=…}`: the restriction level "Highly
 * Restrictive". A string passes when one script covers every character (Common and
 * Inherited characters, such as digits, spaces and most accents, go with any script),
 * or when its non-Latin part is Chinese, Japanese or Korean writing, which is commonly
 * mixed with Latin.
 */

/**
 * Every script a character can be in, by its Unicode long name. Names an engine does
 * not know (scripts newer than its Unicode data) are skipped when the patterns are built.
 */
const SCRIPT_NAMES = `Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah
Batak Bengali Beria_Erfe Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal
Carian Caucasian_Albanian Chakma Cham Cherokee Chisoi Chorasmian Coptic Cuneiform Cypriot
Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs
Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi
Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana
Imperial_Aramaic Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana
Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Kirat_Rai Lao Latin Lepcha
Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen
Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao
Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu
Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic Old_North_Arabian
Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya
Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan
Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sinhala Sogdian Sora_Sompeng Soyombo
Sundanese Sunuwar Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri
Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto
Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square`.split(/\s+/);

/**
 * UTS #39's augmented script sets: Han is also Japanese, Korean and Han-with-Bopomofo
 * writing; kana is Japanese, Hangul Korean, Bopomofo Han-with-Bopomofo. So "さくら明"
 * (Hiragana + Han) resolves to Japanese and "김민수金" (Hangul + Han) to Korean.
 */
const AUGMENTED: Readonly<Record<string, readonly string[]>> = {
  Han: ["Japanese", "Korean", "Han_with_Bopomofo"],
  Hiragana: ["Japanese"],
  Katakana: ["Japanese"],
  Hangul: ["Korean"],
  Bopomofo: ["Han_with_Bopomofo"],
};
const CJK = ["Japanese", "Korean", "Han_with_Bopomofo"];

/** Stands for a script the list above lacks, so such a character is its own script. */
const UNLISTED = "Unknown";

let patterns: ReadonlyArray<readonly [string, RegExp]> | undefined;

/** Built on first use; a name the engine rejects is left out. */
function scriptPatterns(): ReadonlyArray<readonly [string, RegExp]> {
  patterns ??= SCRIPT_NAMES.flatMap((name) => {
    try {
      return [[name, new RegExp(`^\\p{Script_Extensions=${name}}$`, "u")] as const];
    } catch {
      return [];
    }
  });
  return patterns;
}

const ANY_SCRIPT = /^[\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]$/u;

/** A character's scripts (augmented), or null when it goes with any script. */
export function scriptsOf(char: string): Set<string> | null {
  if (ANY_SCRIPT.test(char)) return null;
  const scripts = new Set<string>();
  for (const [name, pattern] of scriptPatterns()) {
    if (!pattern.test(char)) continue;
    scripts.add(name);
    for (const extra of AUGMENTED[name] ?? []) scripts.add(extra);
  }
  if (scripts.size === 0) scripts.add(UNLISTED);
  return scripts;
}

/**
 * The scripts every character shares (UTS #39's resolved script set): null when no
 * character has a script of its own, an empty set when the string mixes scripts.
 */
function resolvedScripts(chars: readonly string[]): Set<string> | null {
  let shared: Set<string> | null = null;
  for (const char of chars) {
    const own = scriptsOf(char);
    if (own === null) continue;
    if (shared === null) shared = own;
    else for (const script of shared) if (!own.has(script)) shared.delete(script);
  }
  return shared;
}

/**
 * The scripts a text mixes, named for people (first script of each character, in
 * order of appearance), or null when it passes the "Highly Restrictive" level.
 *
 * @example
 * mixedScripts("аlice") // → ["Cyrillic", "Latin"]
 * mixedScripts("Taro 太郎") // → null (Latin with Japanese)
 */
export function mixedScripts(text: string): string[] | null {
  const chars = [...text];
  const all = resolvedScripts(chars);
  if (all === null || all.size > 0) return null;
  const nonLatin = resolvedScripts(chars.filter((c) => !scriptsOf(c)?.has("Latin")));
  if (nonLatin !== null && CJK.some((s) => nonLatin.has(s))) return null;
  const names = new Set<string>();
  for (const char of chars) {
    const first = scriptsOf(char)?.values().next().value;
    if (first !== undefined) names.add(first.replaceAll("_", " "));
  }
  return [...names];
}
