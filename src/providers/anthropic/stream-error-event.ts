/**
 * What a client of Anthropic's API reads when the provider fails mid-stream: an `error` event, framed
 * as Anthropic frames it (its SDK raises it), with a generic message, never the provider's.
 */
export const anthropicStreamErrorEvent = `event: error\ndata: ${JSON.stringify({
  type: "error",
  error: { type: "api_error", message: "The provider failed while streaming the response." },
})}\n\n`;
