/**
 * How each scheme's numbers are written: the shapes the `national_id` rule looks for, which of them
 * count only after a keyword (where a checksum alone would pass too many ordinary numbers), and how a
 * written number becomes the compact, upper-case form its validator checks.
 */
import type { NationalIdScheme } from "./national-id-validators";

export interface NationalIdFormat {
  /** The number as written, as a regular expression source ending with its boundary (see `token`). */
  source: string;
  /** Only a number shortly after this keyword is one (see `keywordBefore`). */
  keyword?: RegExp;
  /** A check on the written form beyond its shape. */
  plausible?: (written: string) => boolean;
  /** The compact form to validate; by default the written one without spaces, dots and dashes, upper-case. */
  compact?: (written: string) => string;
}

/**
 * What may not stand before a number: a letter, digit, `_`, `+` (a phone's country code) or a mask,
 * nor a digit or mask glued by `.`, `,`, `:`, `/` or `-`. The rule's scan starts only where this holds.
 */
export const nationalIdStart = "(?<![A-Za-z0-9_+\\]]|[0-9\\]][.,:/-])";

/**
 * `body` as a whole token: not before a letter, digit, `_` or mask, nor before such glue and a digit
 * or mask. A number written in groups (`spaced`) also may not touch another group across a space,
 * so it is never a piece of a longer run such as a card number in groups of four. No backreferences:
 * the sources are joined into one pattern.
 */
function token(body: string, { spaced = false } = {}): string {
  const glue = spaced ? "[ .,:/-]" : "[.,:/-]";
  return `${spaced ? "(?<![0-9\\]] )" : ""}(?:${body})(?![A-Za-z0-9_[]|${glue}[0-9[])`;
}

/**
 * Matches the end of the text before a number when one of `words` (a whole word, upper or lower
 * case) stands there, followed by at most 32 characters holding no digit, line break or mask:
 * `BSN: `, `burgerservicenummer van de klant is `, `"cpf": "`. With no digit between, no other
 * number stands there, so masks written by later rules cannot change what the keyword reaches.
 */
function keywordBefore(words: readonly string[]): RegExp {
  return new RegExp(`(?<!\\p{L})(?:${words.join("|")})(?!\\p{L})[^0-9[\\]\\r\\n]{0,32}$`, "iu");
}

const bsnKeyword = keywordBefore(["bsn", "bsn-?nummer", "burger ?service ?nummer", "sofi-?nummer", "sofi-?nr", "citizen service number"]);
const swedishKeyword = keywordBefore(["personnummer", "personnr", "samordningsnummer", "personal identity number"]);
const belgianKeyword = keywordBefore([
  "rijksregister(?:nummer)?",
  "(?:num[ée]ro )?(?:de )?registre national",
  "num[ée]ro national",
  "national (?:register|registry|registration) number",
  "national number",
  "niss",
  "insz",
  "rrn",
]);
const cpfKeyword = keywordBefore(["cpf"]);
// Not a bare "uid": user ids in code are often 12 digits.
const aadhaarKeyword = keywordBefore(["aadhaar", "aadhar", "uidai", "आधार"]);

const withoutSeparators = (written: string): string => written.replace(/[ .-]/g, "").toUpperCase();
const upperCase = (written: string): string => written.toUpperCase();

/** Four-digit groups that are all years (`2019 2020 2021`) are a list of years. */
const notOnlyYears = (written: string): boolean => !/^(?:(?:19|20)[0-9]{2}[ -]?){3}$/.test(written);

/** Upper- or lower-case throughout, and at least one digit: a word of letters is a word. */
const uniformCaseWithDigit = (written: string): boolean =>
  /[0-9]/.test(written) && (written === written.toUpperCase() || written === written.toLowerCase());

const omocodiaDigit = "[0-9LMNPQRSTUVlmnpqrstuv]";

export const nationalIdFormats: Readonly<Record<NationalIdScheme, readonly NationalIdFormat[]>> = {
  es_dni: [{ source: token("[0-9]{8}(?:[ -]?[A-Z]|-?[a-z])") }, { source: token("[0-9]{2}\\.[0-9]{3}\\.[0-9]{3}[ -]?[A-Za-z]") }],
  es_nie: [{ source: token("[XYZ]-?[0-9]{7}-?[A-Z]|[xyz]-?[0-9]{7}-?[a-z]") }],
  nl_bsn: [
    { source: token("[0-9]{9}"), keyword: bsnKeyword },
    { source: token("[0-9]{4}\\.[0-9]{2}\\.[0-9]{3}"), keyword: bsnKeyword },
    { source: token("[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}|[0-9]{3} [0-9]{3} [0-9]{3}", { spaced: true }), keyword: bsnKeyword },
  ],
  fr_nir: [
    { source: token("[12][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{6} ?[0-9]{2}", { spaced: true }) },
    { source: token("[12] [0-9]{2} [0-9]{2} (?:[0-9]{2}|2[AB]) [0-9]{3} [0-9]{3} [0-9]{2}", { spaced: true }) },
  ],
  se_personnummer: [
    { source: token("(?:[0-9]{2})?[0-9]{6}[-+][0-9]{4}"), compact: (written) => written.replace(/[-+]/, "") },
    { source: token("[0-9]{10}(?:[0-9]{2})?"), keyword: swedishKeyword },
  ],
  fi_hetu: [{ source: token("[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-FHJ-NPR-Y]"), compact: upperCase }],
  pl_pesel: [{ source: token("[0-9]{11}") }],
  no_fodselsnummer: [{ source: token("[0-9]{11}") }, { source: token("[0-9]{6} [0-9]{5}", { spaced: true }) }],
  be_national_number: [
    { source: token("[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}[- ][0-9]{3}\\.[0-9]{2}") },
    { source: token("[0-9]{6}-[0-9]{3}[-.][0-9]{2}") },
    { source: token("[0-9]{11}"), keyword: belgianKeyword },
  ],
  br_cpf: [{ source: token("[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}-[0-9]{2}") }, { source: token("[0-9]{11}"), keyword: cpfKeyword }],
  cn_resident_id: [{ source: token("[1-8][0-9]{16}[0-9Xx]") }],
  in_aadhaar: [
    { source: token("[2-9][0-9]{3} [0-9]{4} [0-9]{4}|[2-9][0-9]{3}-[0-9]{4}-[0-9]{4}", { spaced: true }), plausible: notOnlyYears },
    { source: token("[2-9][0-9]{11}"), keyword: aadhaarKeyword },
  ],
  it_codice_fiscale: [
    {
      source: token(`[A-Za-z]{6}${omocodiaDigit}{2}[A-Za-z]${omocodiaDigit}{2}[A-Za-z]${omocodiaDigit}{3}[A-Za-z]`),
      plausible: uniformCaseWithDigit,
      compact: upperCase,
    },
  ],
};

/** The compact, upper-case form of a number written in `format`. */
export function compactNationalId(format: NationalIdFormat, written: string): string {
  return (format.compact ?? withoutSeparators)(written);
}
