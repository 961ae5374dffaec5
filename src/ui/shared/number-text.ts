// What a form's number field holds as text. Number('') is 0 and Number(' 1 ') is 1; only plain
// decimal or exponent notation counts as a number, so a typo is named instead of read as 0.
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number the text spells, or null. */
export function parseNumberText(text: string): number | null {
  const trimmed = text.trim();
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : null;
}
