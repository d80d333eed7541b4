import * as z from 'zod';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    allowedActions: z.array(z.string()).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

/** What API Gateway itself answers (throttling, its JWT authorizer, its own limits and failures). */
export const gatewayMessageSchema = z.object({ message: z.string() }).meta({ id: 'GatewayMessage' });

/** GET /v1/openapi.json: an OpenAPI 3.1 document (its own schema is the OpenAPI specification's). */
export const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument' });

export const htmlPageSchema = z.string();

/** A path parameter that names an existing item: what does not name one is a 404. */
export const pathParameterSchema = z.string().min(1);
