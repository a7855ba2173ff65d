import * as z from "zod/mini";
import { tenantIdSchema } from "../schemas/admin";

// Queries a route reads field by field rather than through one object schema, gathered into one
// here so the document can list them; the field schemas are the route's own.

/** `GET /v1/admin/keys?tenant=<id>`. */
export const keyListQuerySchema = z.object({ tenant: tenantIdSchema });
