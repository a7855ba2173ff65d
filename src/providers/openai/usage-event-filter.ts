import type { StreamFilter } from "../shared/pump-stream";

const encoder = new TextEncoder();

const emptyChoices = /"choices"\s*:\s*\[\s*\]/;

/** OpenAI's usage chunk: the one event with an empty `choices` and a `usage` object. */
function isUsageEvent(event: string): boolean {
  return event.startsWith("data:") && event.includes('"usage"') && emptyChoices.test(event);
}

/**
 * Withholds the usage event from an OpenAI stream the gateway asked usage for on its own (to settle
 * the request's limits) when the client did not: a client that did not ask for it may not expect a
 * chunk without choices. Events are passed on whole, as they complete; the rest of the stream is
 * unchanged byte for byte.
 */
export function usageEventFilter(): StreamFilter {
  const decoder = new TextDecoder();
  let carry = "";
  const complete = (text: string): Uint8Array => {
    carry += text;
    const lastBoundary = carry.lastIndexOf("\n\n");
    if (lastBoundary < 0) return new Uint8Array(0);
    const events = carry.slice(0, lastBoundary + 2);
    carry = carry.slice(lastBoundary + 2);
    if (!events.includes('"usage"')) return encoder.encode(events);
    const kept = events
      .split(/(?<=\n\n)/)
      .filter((event) => !isUsageEvent(event.trimStart()))
      .join("");
    return encoder.encode(kept);
  };
  return {
    chunk: (bytes) => {
      const text = decoder.decode(bytes, { stream: true });
      // The common case: whole events, none of them the usage chunk; the bytes pass as they came.
      if (carry === "" && text.endsWith("\n\n") && !emptyChoices.test(text)) return bytes;
      return complete(text);
    },
    flush: () => {
      const rest = complete(decoder.decode());
      const tail = carry;
      carry = "";
      return tail === "" ? rest : concat(rest, encoder.encode(tail));
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
