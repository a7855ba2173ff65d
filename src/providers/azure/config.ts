import { extraHeaders, httpUrl, identifier, secretName } from "../../config/primitives";
import * as z from "zod/mini";

/** Azure OpenAI: a resource endpoint, an API version, and deployments named by each target's `model`. */
export const azureProviderConfigSchema = z.object({
  kind: z.literal("azure"),
  /** The resource endpoint, e.g. `https://my-resource.openai.azure.com`. */
  baseUrl: httpUrl,
  apiVersion: z._default(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, "must be an Azure API version such as 2024-10-21")), "2024-10-21"),
  apiKeySecret: z._default(secretName, "AZURE_OPENAI_API_KEY"),
  headers: z.optional(extraHeaders),
  region: identifier,
});

export type AzureProviderConfig = z.infer<typeof azureProviderConfigSchema>;
