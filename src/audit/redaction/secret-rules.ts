/** The rules for secrets: private keys, JWTs, API keys, bearer tokens and credentials. They run before the rules for personal data. */
import { maskShape } from "./kinds";
import { maskMatches, replaceMatches, type Rule } from "./rule-engine";

// ---------------------------------------------------------------------------------------------------
// private_key: a PEM block from BEGIN to the next END; without an END (a truncated paste), the
// header and the base64 lines that follow it.

const pemBegin = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const pemEnd = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const pemLineBreak = /(?:[ \t\r\n]|\\[nr])/y;
const base64Run = /[A-Za-z0-9+/=]*/y;

export const maskPrivateKeys: Rule = (text, tally) => {
  if (!text.includes("PRIVATE KEY")) return text;
  const ends = [...text.matchAll(pemEnd)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  let next = 0;
  return replaceMatches(text, pemBegin, (begin) => {
    const headerEnd = begin.index + begin[0].length;
    // END markers come in text order and blocks never overlap: a pointer that only advances keeps this linear.
    while (next < ends.length && (ends[next]?.start ?? 0) < headerEnd) next++;
    const end = ends[next]?.end ?? truncatedBodyEnd(text, headerEnd);
    return { text: tally.mask("private_key"), end };
  });
};

/** The end of the lines of 16 or more base64 characters that follow a header (line breaks may be escaped). */
function truncatedBodyEnd(text: string, headerEnd: number): number {
  let end = headerEnd;
  for (;;) {
    let lineStart = end;
    pemLineBreak.lastIndex = lineStart;
    while (pemLineBreak.exec(text) !== null) lineStart = pemLineBreak.lastIndex;
    base64Run.lastIndex = lineStart;
    const line = base64Run.exec(text)?.[0] ?? "";
    if (lineStart === end || line.length < 16) return end;
    end = lineStart + line.length;
  }
}

// ---------------------------------------------------------------------------------------------------
// jwt: three (or five, for an encrypted token) base64url segments, the first starting `eyJ` (`{"`).

const jwtPattern = /(?<![\w\]-])eyJ[\w-]{8}[\w-]*\.[\w-]{2}[\w-]*\.[\w-]*(?:\.[\w-]+){0,2}/g;

export const maskJwts: Rule = maskMatches("jwt", jwtPattern);

// ---------------------------------------------------------------------------------------------------
// api_key: well-known token shapes. `sk-` covers OpenAI (`sk-`, `sk-proj-`, `sk-svcacct-`), Anthropic
// (`sk-ant-`) and this gateway's own keys (`sk-sb-` + 40 base62, see src/governance/api-key.ts).

const apiKeyPattern = new RegExp(
  "(?<![\\w\\]-])(?:" +
    [
      "(sk-|xox[abprs]-)[\\w-]{20}[\\w-]*",
      "(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16}[A-Za-z0-9]*",
      "A(?:KIA|SIA)[A-Z0-9]{16}(?![\\w[-])",
      "gh[pousr]_[A-Za-z0-9]{30}[A-Za-z0-9]*",
      "github_pat_\\w{20}\\w*",
      "AIza[\\w-]{35}(?![\\w[-])",
    ].join("|") +
    ")",
  "g",
);

/** `sk-` and Slack prefixes are also ordinary words: their keys must look random (a digit or a capital). */
function looksLikeApiKey(match: RegExpExecArray): boolean {
  const prefix = match[1];
  if (prefix === undefined) return true;
  return /[0-9A-Z]/.test(match[0].slice(prefix.length));
}

export const maskApiKeys: Rule = maskMatches("api_key", apiKeyPattern, looksLikeApiKey);

// ---------------------------------------------------------------------------------------------------
// bearer_token: `Bearer <token>`; the word stays, the token goes.

const bearerPattern = /(?<![\w\]])([Bb]earer|BEARER)([ \t]+)([\w.~+/=-]+)/g;

export const maskBearerTokens: Rule = (text, tally) =>
  replaceMatches(text, bearerPattern, (match) => {
    const [, word = "", blanks = "", token = ""] = match;
    // A token has a digit or is long: "Bearer authentication" is prose.
    const isToken = token.length >= 8 && (/[0-9]/.test(token) || token.length >= 20);
    // When it is not one, the next word may itself start "Bearer <token>".
    return isToken ? word + blanks + tally.mask("bearer_token") : { end: match.index + word.length };
  });

// ---------------------------------------------------------------------------------------------------
// credential: `name = value`, `name: value`, `"name": "value"` where the name ends with a secret-ish
// word; the name and the quotes stay, the value goes. Also the password of a URL's user info.

const credentialAssignment =
  /(?<![\w.\]-])([\w.-]*(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?key|credential))(["']?[ \t]*(?:=>|:=|[:=](?!=))[ \t]*)(["']|[^\s"'`,;&<>(){}[\]]+)/gi;

const placeholderValue = /^(?:|null|nil|none|true|false|undefined)$/i;

export const maskCredentialAssignments: Rule = (text, tally) =>
  replaceMatches(text, credentialAssignment, (match) => {
    const [whole, name = "", separator = "", value = ""] = match;
    const quote = value === '"' || value === "'" ? value : "";
    const valueStart = match.index + whole.length - value.length;
    const end = quote === "" ? valueStart + value.length : closingQuoteEnd(text, valueStart + 1, quote);
    if (end === undefined) return undefined;
    const inner = text.slice(valueStart + quote.length, end - quote.length);
    if (placeholderValue.test(inner) || maskShape.test(inner)) return { end };
    return { end, text: name + separator + quote + tally.mask("credential") + quote };
  });

/** Just past the quote that closes a value opened before `from`, on the same line; backslash escapes. */
function closingQuoteEnd(text: string, from: number, quote: string): number | undefined {
  for (let i = from; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === quote) return i + 1;
    if (char === "\\") i++;
    else if (char === "\n" || char === "\r") return undefined;
  }
  return undefined;
}

const urlUserInfo = /:\/\/([^\s:/@?#[\]]{1,256}):([^\s/@?#[\]]{1,256})@/g;

export const maskUrlPasswords: Rule = (text, tally) =>
  replaceMatches(text, urlUserInfo, (match) => `://${match[1] ?? ""}:${tally.mask("credential")}@`);
