const utf8 = new TextDecoder("utf-8");
const MIN_PRINTABLE_SHARE = 0.9;

function isPrintable(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f) && code !== 0xfffd);
}

/** The decoded text, or null when it is mostly not text (images, compressed data, noise). */
function mostlyPrintable(text: string): string | null {
  if (text.length === 0) return null;
  let printable = 0;
  for (let i = 0; i < text.length; i++) if (isPrintable(text.charCodeAt(i))) printable++;
  return printable >= text.length * MIN_PRINTABLE_SHARE ? text : null;
}

function printableText(bytes: Uint8Array): string | null {
  return mostlyPrintable(utf8.decode(bytes));
}

export function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

export function isBase64Character(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b || // +
    code === 0x2f || // /
    code === 0x2d || // - (base64url)
    code === 0x5f // _ (base64url)
  );
}

export function decodeBase64(encoded: string): string | null {
  const standard = encoded.replaceAll("-", "+").replaceAll("_", "/");
  // Unpadded input is common; a trailing partial quantum carries under one byte, so drop it.
  const whole = standard.slice(0, standard.length - (standard.length % 4));
  const binary = atob(whole);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return printableText(bytes);
}

export function decodeHex(encoded: string): string | null {
  const bytes = new Uint8Array(Math.floor(encoded.length / 2));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(encoded.slice(i * 2, i * 2 + 2), 16);
  return printableText(bytes);
}

const PERCENT_ESCAPES = /(?:%[0-9a-f]{2})+/gi;

/** Tolerant where decodeURIComponent throws: malformed UTF-8 becomes U+FFFD and counts against printability. */
export function decodePercent(encoded: string): string | null {
  const decoded = encoded.replaceAll("+", " ").replace(PERCENT_ESCAPES, (escapes) => {
    const bytes = new Uint8Array(escapes.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(escapes.slice(i * 3 + 1, i * 3 + 3), 16);
    return utf8.decode(bytes);
  });
  return mostlyPrintable(decoded);
}
