import { describe, expect, it } from "vitest";
import { geminiFailure } from "./failure";

// Error bodies as Google's API answers them; the messages are Google's, and must never be copied.

const invalidKey = `{
  "error": {
    "code": 400,
    "message": "API key not valid. Please pass a valid API key.",
    "status": "INVALID_ARGUMENT",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {
          "service": "generativelanguage.googleapis.com"
        }
      },
      {
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        "locale": "en-US",
        "message": "API key not valid. Please pass a valid API key."
      }
    ]
  }
}`;

const invalidArgument = `{
  "error": {
    "code": 400,
    "message": "* GenerateContentRequest.contents: contents is not specified\\n",
    "status": "INVALID_ARGUMENT"
  }
}`;

const freeTierUnavailable = `{
  "error": {
    "code": 400,
    "message": "User location is not supported for the API use.",
    "status": "FAILED_PRECONDITION"
  }
}`;

const quotaExhausted = `{
  "error": {
    "code": 429,
    "message": "You exceeded your current quota, please check your plan and billing details.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [
          {
            "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"
          }
        ]
      },
      {
        "@type": "type.googleapis.com/google.rpc.RetryInfo",
        "retryDelay": "57.238747106s"
      }
    ]
  }
}`;

const permissionDenied = `{"error": {"code": 403, "message": "Your API key was reported as leaked. Please use another API key.", "status": "PERMISSION_DENIED"}}`;
const notFound = `{"error": {"code": 404, "message": "models/gemini-1.0-pro is not found for API version v1beta, or is not supported for generateContent.", "status": "NOT_FOUND"}}`;
const internal = `{"error": {"code": 500, "message": "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting", "status": "INTERNAL"}}`;
const overloaded = `{"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}}`;

const none = new Headers();

describe("geminiFailure", () => {
  it("passes the request's own faults on with Google's status as the code", () => {
    expect(geminiFailure(400, none, invalidArgument)).toEqual({ kind: "upstream_rejected", status: 400, code: "invalid_argument", param: null });
    expect(geminiFailure(413, none, "request too large")).toEqual({ kind: "upstream_rejected", status: 413, code: null, param: null });
  });

  it("treats a refused key as the gateway's fault although Google answers 400", () => {
    expect(geminiFailure(400, none, invalidKey)).toMatchObject({ kind: "upstream_failed", status: 400 });
    expect(geminiFailure(403, none, permissionDenied)).toMatchObject({ kind: "upstream_failed", status: 403 });
    expect(geminiFailure(404, none, notFound)).toMatchObject({ kind: "upstream_failed", status: 404 });
    expect(geminiFailure(400, none, freeTierUnavailable)).toMatchObject({ kind: "upstream_failed", status: 400 });
  });

  it("reads the wait from Retry-After, else from Google's RetryInfo", () => {
    expect(geminiFailure(429, none, quotaExhausted)).toEqual({ kind: "upstream_rate_limited", retryAfterSeconds: 58 });
    expect(geminiFailure(429, new Headers({ "retry-after": "5" }), quotaExhausted)).toEqual({ kind: "upstream_rate_limited", retryAfterSeconds: 5 });
    expect(geminiFailure(429, none, "")).toEqual({ kind: "upstream_rate_limited", retryAfterSeconds: null });
  });

  it("maps server errors to upstream_failed", () => {
    expect(geminiFailure(500, none, internal)).toMatchObject({ kind: "upstream_failed", status: 500 });
    expect(geminiFailure(503, none, overloaded)).toMatchObject({ kind: "upstream_failed", status: 503 });
    expect(geminiFailure(502, none, "<html>Bad Gateway</html>")).toMatchObject({ kind: "upstream_failed", status: 502 });
  });

  it("never copies Google's message into the reason", () => {
    for (const [status, body] of [[400, invalidKey], [400, invalidArgument], [400, freeTierUnavailable], [403, permissionDenied], [404, notFound], [429, quotaExhausted], [500, internal], [503, overloaded]] as const) {
      const reason = JSON.stringify(geminiFailure(status, none, body));
      expect(reason).not.toMatch(/not valid|not specified|location|leaked|not found|quota|internal error|overloaded/);
    }
  });
});
