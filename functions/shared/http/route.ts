import type * as z from 'zod/mini';
import type { FunctionManifest } from '../manifest.js';
import type { Role } from '../principal.js';

/**
 * One HTTP route: what the handler validates (roles, path parameters, body, query), what the
 * OpenAPI document says, and the function's manifest. Each context keeps its routes in
 * `functions/<context>/routes.ts`, one named export per route; functions/api/routes.ts gathers
 * them for the OpenAPI document, the CDK HTTP API and the local router.
 */
export interface RouteDefinition extends FunctionManifest {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: `/v1/${string}`;
  readonly summary: string;
  /** Roles allowed; `public` routes need no token. */
  readonly roles: readonly Role[] | 'public';
  /** The schema of each `{name}` of the path, by name (a bad value is a 400 naming it). */
  readonly params?: Readonly<Record<string, z.ZodMiniType<string>>>;
  /**
   * The body's and the query's schemas, each given as the function that builds it
   * (`builtOnFirstUse`, functions/shared/contracts.ts): a handler builds its own route's schemas
   * when it loads, and the schemas of the other routes of its context are never built.
   */
  readonly body?: () => z.ZodMiniType;
  readonly query?: () => z.ZodMiniType;
  /**
   * Per status: the JSON body's schema, a description (an error status: a problem+json body),
   * `null` for no content, or a body of another media type. A schema may be given as a function
   * that builds it: handlers never parse their answers, so a large answer schema is built only
   * by what documents or checks it (the OpenAPI document, tests), not when a handler loads.
   */
  readonly responses: Readonly<
    Record<number, z.ZodMiniType | (() => z.ZodMiniType) | string | null | MediaResponse>
  >;
  /** Extra request headers the route understands, for the documentation. */
  readonly headers?: readonly { name: string; description: string }[];
}

/** A response body that is not (only) JSON described by a schema: its media type is documented. */
export interface MediaResponse {
  readonly description: string;
  readonly mediaType: string;
  readonly schema: z.ZodMiniType;
  /** Other media types the same response may come in, chosen by the request's Accept header. */
  readonly alternatives?: Readonly<Record<string, z.ZodMiniType>>;
}
