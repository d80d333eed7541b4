import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/api/openapi.js';
import { routeList } from '../../../functions/api/routes.js';

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
