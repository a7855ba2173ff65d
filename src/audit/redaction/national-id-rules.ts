/**
 * national_id: national identity numbers that carry a check digit or letter, masked only when the
 * check holds, and the date of birth inside too where there is one. The formats are in
 * national-id-formats.ts and the checks in national-id-validators.ts.
 *
 * One pass for every format at once: a pattern joining all the formats finds where some number may
 * start, and there each format is tried in turn, the first valid one masked. Separate passes would
 * test the start boundary once per format at every character, which in a long run of digits costs
 * the rule two dozen times over.
 */
import { compactNationalId, type NationalIdFormat, nationalIdFormats, nationalIdStart } from "./national-id-formats";
import { type NationalIdScheme, nationalIdSchemes, nationalIdValidators } from "./national-id-validators";
import { replaceMatches, type Rule } from "./rule-engine";

/** A format ready to scan: its pattern anchored where the joined pattern matched, and its scheme's check. */
interface ScannedFormat {
  format: NationalIdFormat;
  anchored: RegExp;
  validate: (id: string) => boolean;
}

/** Enough text before a number to hold the longest keyword, its 32-character gap and the character before it. */
const keywordWindow = 80;

function hasKeywordBefore(text: string, start: number, keyword: RegExp): boolean {
  return keyword.test(text.slice(Math.max(0, start - keywordWindow), start));
}

/** The length of the valid number the format finds at `start`, if it finds one. */
function nationalIdLengthAt(text: string, start: number, { format, anchored, validate }: ScannedFormat): number | undefined {
  anchored.lastIndex = start;
  const written = anchored.exec(text)?.[0];
  if (written === undefined) return undefined;
  if (format.plausible !== undefined && !format.plausible(written)) return undefined;
  if (format.keyword !== undefined && !hasKeywordBefore(text, start, format.keyword)) return undefined;
  return validate(compactNationalId(format, written)) ? written.length : undefined;
}

function nationalIdRule(schemes: readonly NationalIdScheme[]): Rule {
  const scanned: ScannedFormat[] = schemes.flatMap((scheme) =>
    nationalIdFormats[scheme].map((format) => ({ format, anchored: new RegExp(format.source, "y"), validate: nationalIdValidators[scheme] })),
  );
  const candidate = new RegExp(`${nationalIdStart}(?:${scanned.map(({ format }) => format.source).join("|")})`, "g");
  return (text, tally) =>
    replaceMatches(text, candidate, (match) => {
      for (const format of scanned) {
        const length = nationalIdLengthAt(text, match.index, format);
        if (length !== undefined) return { end: match.index + length, text: tally.mask("national_id") };
      }
      // None is valid here: resume at the next character, where a number may start after a space.
      return { end: match.index + 1 };
    });
}

/** The rule for one scheme's formats alone. */
export function maskNationalIdsOf(scheme: NationalIdScheme): Rule {
  return nationalIdRule([scheme]);
}

export const maskNationalIds: Rule = nationalIdRule(nationalIdSchemes);
