import * as z from 'zod/mini';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string(),
    errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    allowedActions: z.optional(z.array(z.string())),
    requestId: z.optional(z.string()),
  })
  .check(z.meta({ id: 'Problem' }));

export const healthSchema = z.object({ status: z.literal('ok') }).check(z.meta({ id: 'Health' }));

/** What API Gateway itself answers (throttling, its JWT authorizer, its own limits and failures). */
export const gatewayMessageSchema = z.object({ message: z.string() }).check(z.meta({ id: 'GatewayMessage' }));

/** GET /v1/openapi.json: an OpenAPI 3.1 document (its own schema is the OpenAPI specification's). */
export const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .check(z.meta({ id: 'OpenApiDocument' }));

export const htmlPageSchema = z.string();

/** A path parameter that names an existing item: what does not name one is a 404. */
export const pathParameterSchema = z.string().check(z.minLength(1));
