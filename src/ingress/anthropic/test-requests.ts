import { parseRequest } from "../../http/parse-request";
import { anthropicMessagesRequestSchema } from "./request-schema";
import { toOpenAIRequest } from "./to-openai-request";

/** Validates and translates, as the route does. */
export function translate(body: unknown) {
  return toOpenAIRequest(parseRequest(anthropicMessagesRequestSchema, body));
}

/** The tool of Anthropic's tool-use guide, verbatim. */
export const weatherTool = {
  name: "get_weather",
  description: "Get the current weather in a given location",
  input_schema: {
    type: "object",
    properties: {
      location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"], description: 'The unit of temperature, either "celsius" or "fahrenheit"' },
    },
    required: ["location"],
  },
};
