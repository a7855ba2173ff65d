import * as z from "zod/mini";

/** Names of providers, targets and regions: safe in headers, logs and storage keys. */
export const identifier = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "must be 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"),
);

/** The name of a Worker secret or variable (set with `wrangler secret put NAME`). */
export const secretName = z.string().check(
  z.regex(/^[A-Z][A-Z0-9_]{0,127}$/, "must be an upper-case environment variable name such as OPENAI_API_KEY"),
);

export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" });

/** Headers a config may add upstream. Credentials belong in secrets, never in the config file. */
const credentialHeaders = new Set(["authorization", "api-key", "x-api-key", "x-goog-api-key", "proxy-authorization", "cookie"]);

export const extraHeaders = z.record(
  z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, "must be an HTTP header name")),
  z.string(),
).check(
  z.superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (credentialHeaders.has(name.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: [name], message: "must not carry credentials: use apiKeySecret", input: name });
      }
    }
  }),
);
