const clientIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a well-formed client-sent `x-request-id` (so traces join up), else makes a new one. */
export function resolveRequestId(clientValue: string | undefined): string {
  return clientValue !== undefined && clientIdPattern.test(clientValue) ? clientValue : crypto.randomUUID();
}
