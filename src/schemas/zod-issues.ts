import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// zod/mini ships without messages ("Invalid input"); the English locale makes errors name what was
// expected. Every module that turns issues into messages imports this one, so it is configured first.
z.config(en());

/** Formats a zod issue path the way clients write it: `messages[0].content`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

export interface FirstIssue {
  readonly path: string;
  readonly message: string;
  /** The field is absent, as opposed to present with a wrong value. */
  readonly missing: boolean;
}

/** The first issue of a failed parse, as a path and a message; the one a client should fix first. */
export function firstIssue(error: z.core.$ZodError): FirstIssue {
  const issue = error.issues[0];
  if (!issue) return { path: "", message: "Invalid input", missing: false };
  // zod reports an absent field as a type mismatch against `undefined`.
  const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
  return { path: formatIssuePath(issue.path), message: issue.message, missing };
}
