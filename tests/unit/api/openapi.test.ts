import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/api/openapi.js';
import { routeList } from '../../../functions/api/routes.js';
import { contractChecker } from '../../e2e/contract.js';

type Json = Record<string, any>;

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

function operations(doc: Json): { path: string; method: string; operation: Json }[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    methods.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] })),
  );
}

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) collectRefs(child, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Json)[part] : undefined),
      doc,
    );
}

describe('openApiDocument', () => {
  const doc = openApiDocument();

  it('is an OpenAPI 3.1.0 document with bearer authentication', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect((doc.components as Json).securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('has exactly one operation per route, with unique operation ids', () => {
    // Act
    const found = operations(doc);

    // Assess
    expect(found).toHaveLength(routeList.length);
    for (const route of routeList) {
      const match = found.find((op) => op.path === route.path && op.method === route.method.toLowerCase());
      expect(match?.operation.operationId, `${route.method} ${route.path}`).toBe(route.name);
    }
    expect(new Set(found.map((op) => op.operation.operationId)).size).toBe(found.length);
  });

  it('resolves every $ref to an existing component', () => {
    // Act
    const refs = collectRefs(doc);

    // Assess
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\/[A-Za-z0-9._-]+$/);
      expect(resolvePointer(doc, ref), ref).toBeDefined();
    }
  });

  it('leaves no $defs and no $schema behind', () => {
    // Act
    const text = JSON.stringify(doc);

    // Assess
    expect(text).not.toContain('"$defs"');
    expect(text).not.toContain('#/$defs/');
    expect(text).not.toContain('"$schema"');
  });

  it('needs no token for public routes and a bearer token for the others', () => {
    for (const route of routeList) {
      // Act
      const operation = (doc.paths as Json)[route.path][route.method.toLowerCase()];

      // Assess
      if (route.roles === 'public') expect(operation.security, route.name).toEqual([]);
      else expect(operation.security, route.name).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('documents every path parameter and the problem responses of the contract', () => {
    for (const { path, operation } of operations(doc)) {
      // Prepare
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

      // Act
      const pathParameters = (operation.parameters as Json[]).filter((parameter) => parameter.in === 'path');

      // Assess
      expect(pathParameters.map((parameter) => parameter.name)).toEqual(names);
      expect(operation.responses['500'].content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/Problem',
      });
    }
    const performAction = (doc.paths as Json)['/v1/tickets/{ticketId}/actions'].post;
    expect(Object.keys(performAction.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '415', '422', '500', '503']),
    );
    expect(performAction.responses['503'].headers['Retry-After'].schema).toMatchObject({ type: 'integer' });
  });

  it('documents an error body, 413, 415 and 429 for every route', () => {
    for (const { path, method, operation } of operations(doc)) {
      const where = `${method} ${path}`;

      // Assess
      expect(Object.keys(operation.responses), where).toEqual(
        expect.arrayContaining(['413', '415', '429', '500', '503']),
      );
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        if (Number(status) < 400) continue;
        expect(response.content, `${where} ${status}`).toBeDefined();
        if (status !== '429') {
          expect(response.content['application/problem+json']?.schema, `${where} ${status}`).toEqual({
            $ref: '#/components/schemas/Problem',
          });
        }
      }
      // What API Gateway answers itself (throttling, its authorizer) is its `{"message"}` body.
      expect(operation.responses['429'].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/GatewayMessage',
      });
    }
    // Opening tickets has the application's own per-customer limit besides the gateway's.
    const create = (doc.paths as Json)['/v1/tickets'].post.responses['429'];
    expect(create.content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(create.headers['Retry-After'].schema).toMatchObject({ type: 'integer' });
    expect(create.description).toContain('TOO_MANY_TICKETS');
    const survey = (doc.paths as Json)['/v1/surveys/{surveyToken}'].post;
    expect(survey.responses['401'].description).toBe('The survey token is not valid.');
    expect(survey.responses['401'].content['application/problem+json']).toBeDefined();
  });

  it('gives every response with a body its media type, and every path parameter a schema', () => {
    for (const { path, method, operation } of operations(doc)) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        if (status !== '204') expect(response.content, `${method} ${path} ${status}`).toBeDefined();
      }
      for (const parameter of (operation.parameters as Json[]).filter((p) => p.in === 'path')) {
        expect(parameter.schema, `${method} ${path} ${parameter.name}`).toMatchObject({
          type: 'string',
          minLength: 1,
        });
      }
    }
    expect((doc.paths as Json)['/v1/docs'].get.responses['200'].content['text/html'].schema).toEqual({
      type: 'string',
    });
    expect(Object.keys((doc.paths as Json)['/v1/openapi.json'].get.responses['200'].content)).toEqual([
      'application/json',
    ]);
  });

  it('writes no tuples (prefixItems): the calendar intervals are arrays of two times', () => {
    // Act
    const text = JSON.stringify(doc);
    const calendar = (doc.components as Json).schemas.SlaPolicy.properties.calendar.anyOf[1];

    // Assess
    expect(text).not.toContain('prefixItems');
    expect(calendar.properties.weekly.additionalProperties.items).toMatchObject({
      type: 'array',
      minItems: 2,
      maxItems: 2,
    });
  });

  it('is a document a strict JSON Schema 2020-12 validator accepts, and checks responses with it', () => {
    // Prepare
    const checker = contractChecker(doc);
    const message = {
      id: 'm-1',
      type: 'MessageAdded',
      at: '2026-11-01T08:00:00.000Z',
      actor: { id: 'agent-1', role: 'agent' },
      visibility: 'public',
      data: { body: 'Hello', internal: false },
    };
    const path = '/v1/tickets/t-1/messages';

    // Act and assess
    expect(checker.check('POST', path, 201, 'application/json', message)).toEqual([]);
    expect(
      checker.check('POST', path, 201, 'application/json', { ...message, ticketId: 't-1' }).join(),
    ).toContain('additional properties');
    expect(checker.check('POST', path, 418, 'application/json', {}).join()).toContain('not documented');
    expect(
      checker.check('GET', '/v1/health', 429, 'application/json', { message: 'Too Many Requests' }),
    ).toEqual([]);
    expect(checker.check('GET', '/v1/docs', 200, 'text/html; charset=utf-8', '<html></html>')).toEqual([]);
    for (const { path: template, method, operation } of operations(doc)) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        const concrete = template.replace(/\{\w+\}/g, 'x');
        for (const mediaType of Object.keys(response.content ?? {})) {
          // Compiles every schema (strict mode throws on what it cannot compile).
          expect(() =>
            checker.check(method.toUpperCase(), concrete, Number(status), mediaType, {}),
          ).not.toThrow();
        }
      }
    }
  });

  it('describes request bodies with the same schemas the handlers validate', () => {
    for (const route of routeList) {
      // Act
      const operation = (doc.paths as Json)[route.path][route.method.toLowerCase()];

      // Assess
      expect(Boolean(operation.requestBody), route.name).toBe(route.body !== undefined);
    }
  });

  it('is the same document every time', () => {
    expect(openApiDocument()).toBe(doc);
  });
});
