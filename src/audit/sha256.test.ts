import { describe, expect, it } from "vitest";
import { sha256, sha256Hex, toHex } from "./sha256";

async function subtleHex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65_536)));
  return bytes;
}

/** Random text mixing ASCII, two-, three- and four-byte UTF-8 characters. */
function randomText(length: number): string {
  const alphabet = ["a", "Z", "0", "\n", "{", '"', "é", "ß", "€", "中", "😀", "\u2028"];
  let text = "";
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(Math.random() * alphabet.length)];
  return text;
}

describe("sha256", () => {
  it("matches the FIPS 180-4 examples", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("matches crypto.subtle on random bytes of every length around the block boundaries, and on large inputs", async () => {
    const lengths = [...Array.from({ length: 200 }, (_, i) => i), 447, 448, 511, 512, 513, 4_096, 100_003, 1_048_576];
    for (const length of lengths) {
      const bytes = randomBytes(length);
      expect(toHex(sha256(bytes)), `length ${length}`).toBe(await subtleHex(bytes));
    }
  });

  it("hashes a string's UTF-8 bytes, as crypto.subtle does, for random multi-byte text", async () => {
    const encoder = new TextEncoder();
    for (let round = 0; round < 300; round++) {
      const text = randomText(Math.floor(Math.random() * 300));
      expect(sha256Hex(text), JSON.stringify(text)).toBe(await subtleHex(encoder.encode(text)));
    }
  });
});
