/**
 * Search for Chinese text of any length. A trigram index (pg_trgm) answers words of three or more
 * characters, but not one- or two-character words, so each hazard also stores the single characters and
 * character pairs of its number, location and description (searchTokens, GIN-indexed): a short word is
 * found by token, a longer one by LIKE over the lower-cased search text (hazards.searchText) and its trigram index.
 */

/** Lower-case, full-width → half-width; split into words of letters, digits and CJK characters. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Every character and every adjacent pair of characters of each word, de-duplicated. */
export function searchTokens(...texts: string[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    for (const word of searchWords(text)) {
      const chars = [...word];
      chars.forEach((ch, i) => {
        tokens.add(ch);
        if (i + 1 < chars.length) tokens.add(ch + chars[i + 1]);
      });
    }
  }
  return [...tokens];
}

/** How to search for a query: tokens the hazard must contain (short words), and LIKE patterns in lower case (longer words). */
export function searchPlan(query: string): { tokens: string[]; patterns: string[] } {
  const words = searchWords(query).slice(0, 8);
  const short = words.filter((w) => [...w].length <= 2);
  const long = words.filter((w) => [...w].length > 2).map((w) => [...w].slice(0, 40).join(''));
  return { tokens: [...new Set(short)], patterns: long.map((w) => `%${w.replace(/[\\%_]/g, (m) => '\\' + m)}%`) };
}
