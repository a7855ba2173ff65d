const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13) || code === 0xa0;
/** Digits and the separators numbers are written with (phones, cards, IBANs in groups). */
const isNumberish = (code: number): boolean => (code >= 48 && code <= 57) || code === 32 || code === 45 || code === 46 || code === 40 || code === 41 || code === 43;

/**
 * The text of a cut answer without its last, partial word, nor a run of digits and separators before
 * it: a key, an address or a number split at the cut could leave a piece too short for the masking
 * to recognize. Scans back from the end, so it takes time in the length of what it drops.
 */
export function trimCutEnd(text: string): string {
  let end = text.length;
  while (end > 0 && !isSpace(text.charCodeAt(end - 1))) end -= 1;
  while (end > 0 && isNumberish(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end);
}
