import { createPrng } from "./prng";

export type EmbeddingInput = { kind: "text"; text: string } | { kind: "tokens"; tokens: number[] };

/**
 * A deterministic unit-length vector for one input. Components are rounded to float32 so the
 * JSON ("float") and base64 (little-endian float32) encodings carry exactly the same numbers.
 */
export function embeddingVector(model: string, input: EmbeddingInput, dimensions: number): number[] {
  const key = input.kind === "text" ? `text:${input.text}` : `tokens:${input.tokens.join(",")}`;
  const random = createPrng(`${model}\n${key}`);
  const raw = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return raw.map((value) => Math.fround(value / norm));
}

export function toBase64Float32(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
  return buffer.toString("base64");
}
