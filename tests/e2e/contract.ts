import { AssertionError } from 'node:assert';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { openApiDocument } from '../../functions/api/openapi.js';

type Json = Record<string, any>;

/**
 * Checks responses against the OpenAPI document the API serves (`/v1/openapi.json`): the route
 * is found by method and path template, the response by status, and the body is validated
 * (JSON Schema 2020-12, Ajv) against the schema of the media type the response declares. A
 * response the document does not describe is a failure too. Paths outside the document (the
 * local runtime's `/_local/*`) are not checked.
 */
export interface ContractChecker {
  /** The failures of one response (empty when it matches the document). */
  check(method: string, path: string, status: number, contentType: string | null, body: unknown): string[];
}

interface Operation {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly responses: Json;
}

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

const formatErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`).join('; ');

export function contractChecker(doc: Json = openApiDocument()): ContractChecker {
  // Strict: a keyword Ajv does not know (or a schema it cannot compile) fails here, as it would
  // in a validating proxy.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  // ajv-formats is CommonJS: under NodeNext its function is the namespace's `default`.
  formats.default(ajv);
  // Each component under its own id so `#/components/schemas/X` resolves from any schema.
  const base = 'https://redress.invalid/openapi.json';
  const rewrite = (schema: unknown): Json =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${base}#/$defs/`)) as Json;
  ajv.addSchema({ $id: base, $defs: rewrite(doc.components.schemas) });
  const operations: Operation[] = Object.entries(doc.paths as Record<string, Json>)
    .flatMap(([template, item]) =>
      methods
        .filter((method) => item[method])
        .map((method) => ({
          method: method.toUpperCase(),
          template,
          pattern: templatePattern(template),
          responses: item[method].responses as Json,
        })),
    )
    // Literal segments first: /v1/tickets/mine before /v1/tickets/{ticketId}.
    .sort((a, b) => b.template.replace(/\{\w+\}/g, '').length - a.template.replace(/\{\w+\}/g, '').length);
  const compiled = new Map<string, ValidateFunction>();
  // By the schema's text: the many responses that only reference Problem share one validator.
  const validator = (schema: Json) => {
    const key = JSON.stringify(schema);
    const known = compiled.get(key);
    if (known) return known;
    const validate = ajv.compile(rewrite(schema));
    compiled.set(key, validate);
    return validate;
  };

  // Compiled up front: the local runtime shares this process, so no compile may stall it mid-test.
  for (const operation of operations) {
    for (const response of Object.values(operation.responses)) {
      for (const media of Object.values((response as Json).content ?? {})) {
        const schema = (media as Json).schema as Json | undefined;
        if (schema) validator(schema);
      }
    }
  }

  return {
    check(method, path, status, contentType, body) {
      const pathname = new URL(path, 'http://localhost').pathname;
      if (!pathname.startsWith('/v1/')) return [];
      const where = `${method} ${pathname} → ${status}`;
      const operation = operations.find((op) => op.method === method && op.pattern.test(pathname));
      if (!operation) return [`${where}: no operation in the OpenAPI document`];
      const response = operation.responses[String(status)] as Json | undefined;
      if (!response)
        return [`${where}: status ${status} is not documented for ${method} ${operation.template}`];
      const content = response.content as Record<string, Json> | undefined;
      if (!content) {
        return body === undefined || body === ''
          ? []
          : [
              `${where}: the document declares no body, the server sent one (${contentType ?? 'no media type'})`,
            ];
      }
      const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const media = content[mediaType];
      if (!media) {
        return [
          `${where}: media type ${mediaType || '(none)'} is not one of ${Object.keys(content).join(', ')}`,
        ];
      }
      if (!media.schema) return [];
      const validate = validator(media.schema as Json);
      if (validate(body)) return [];
      return [`${where}: body does not match the schema: ${formatErrors(validate.errors)}`];
    },
  };
}

/** Throws an assertion error listing the failures (from the test that made the call). */
export function assertContract(failures: readonly string[]): void {
  if (failures.length === 0) return;
  throw new AssertionError({ message: `Response drifts from the OpenAPI document:\n${failures.join('\n')}` });
}
