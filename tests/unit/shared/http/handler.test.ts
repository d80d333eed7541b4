import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/mini';
import { BusinessRuleError, ConflictError, NotFoundError } from '../../../../functions/shared/errors.js';
import { DEFAULT_MAX_BODY_BYTES, httpHandler } from '../../../../functions/shared/http/handler.js';
import { logger } from '../../../../functions/shared/observability.js';
import { apiEvent, type EventOptions, lambdaContext, parseResponse } from '../../../fixtures/http.js';

const bodySchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  quantity: z.int().check(z.gte(1)),
  items: z.optional(
    z.array(z.strictObject({ sku: z.string().check(z.minLength(1)), quantity: z.int().check(z.gte(1)) })),
  ),
});

const querySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
});

/** A small handler built like the real ones: roles, a strict body, and failures on demand. */
const handler = httpHandler(
  { roles: ['customer', 'agent'], body: () => bodySchema, query: () => querySchema, maxBodyBytes: 1024 },
  async (request) => {
    switch (request.body.name) {
      case 'conflict':
        throw new ConflictError('Action "close" does not fit.', 'ACTION_NOT_ALLOWED', ['cancel', 'assign']);
      case 'rule':
        throw new BusinessRuleError('EXCEEDS_REFUNDABLE', 'More units were claimed than are left.', [
          { path: 'items.0.quantity', message: 'At most 1 of KETTLE-1 can be claimed.' },
        ]);
      case 'missing':
        throw new NotFoundError('Ticket t-1 was not found.');
      case 'boom':
        throw new Error('connect ECONNREFUSED 10.0.0.12:5432 password=hunter2');
      default:
        return {
          statusCode: 201,
          body: { received: request.body, limit: request.query.limit, caller: request.principal.id },
        };
    }
  },
);

const invoke = async (options: EventOptions) =>
  parseResponse(await handler(apiEvent(options), lambdaContext()));

const json = (body: unknown): EventOptions => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('httpHandler', () => {
  it('passes the parsed body, query and caller to the handler and answers JSON', async () => {
    // Act
    const response = await invoke({
      ...json({ name: 'kettle', quantity: 2 }),
      queryStringParameters: { limit: '5' },
    });

    // Assess
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ received: { name: 'kettle', quantity: 2 }, limit: 5, caller: 'c-1' });
  });

  it('accepts a JSON content type with parameters, in any header case, and a base64 body', async () => {
    // Act
    const response = await invoke({
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: Buffer.from(JSON.stringify({ name: '水壶', quantity: 1 }), 'utf8').toString('base64'),
      isBase64Encoded: true,
    });

    // Assess
    expect(response.statusCode).toBe(201);
    expect(response.body.received.name).toBe('水壶');
  });

  it('answers 401 when the request carries no claims', async () => {
    // Act
    const response = await invoke({ ...json({ name: 'kettle', quantity: 1 }), claims: null });

    // Assess
    expect(response.statusCode).toBe(401);
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED', requestId: 'req-1' });
  });

  it('answers 401 when the claims name no subject', async () => {
    // Act
    const response = await invoke({
      ...json({ name: 'kettle', quantity: 1 }),
      claims: { 'cognito:groups': '[agents]' },
    });

    // Assess
    expect(response.statusCode).toBe(401);
  });

  it('answers 403 for a role the route does not allow', async () => {
    // Act
    const response = await invoke({
      ...json({ name: 'kettle', quantity: 1 }),
      claims: { sub: 'shop', 'cognito:groups': '[integrations]' },
    });

    // Assess
    expect(response.statusCode).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('answers 415 for a body that is not JSON', async () => {
    // Act
    const response = await invoke({ headers: { 'content-type': 'text/plain' }, body: 'name=kettle' });

    // Assess
    expect(response.statusCode).toBe(415);
    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 415 for a body without a content type', async () => {
    // Act
    const response = await invoke({ body: JSON.stringify({ name: 'kettle', quantity: 1 }) });

    // Assess
    expect(response.statusCode).toBe(415);
  });

  it('answers 413 for a body over the limit, before reading it', async () => {
    // Act
    const response = await invoke({ ...json({ name: 'x'.repeat(2000), quantity: 1 }) });

    // Assess
    expect(response.statusCode).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('limits bodies to 64 KiB unless told otherwise', async () => {
    // Prepare
    const roomy = httpHandler(
      { roles: ['customer'], body: () => z.object({ text: z.string() }) },
      async () => ({
        statusCode: 204,
      }),
    );
    const fits = JSON.stringify({ text: 'x'.repeat(DEFAULT_MAX_BODY_BYTES - 20) });
    const tooBig = JSON.stringify({ text: 'x'.repeat(DEFAULT_MAX_BODY_BYTES) });
    const headers = { 'content-type': 'application/json' };

    // Act
    const ok = parseResponse(await roomy(apiEvent({ headers, body: fits }), lambdaContext()));
    const refused = parseResponse(await roomy(apiEvent({ headers, body: tooBig }), lambdaContext()));

    // Assess
    expect(ok.statusCode).toBe(204);
    expect(refused.statusCode).toBe(413);
  });

  it('answers 400 for malformed JSON', async () => {
    // Act
    const response = await invoke({
      headers: { 'content-type': 'application/json' },
      body: '{"name": "kettle",',
    });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body.code).toBe('MALFORMED_JSON');
  });

  it('answers 400 listing every bad field, each unknown field included, with path and message', async () => {
    // Act
    const response = await invoke({
      ...json({
        name: '',
        quantity: 'two',
        colour: 'red',
        size: 'L',
        items: [
          { sku: 'A', quantity: 0 },
          { sku: 'B', quantity: 1, gift: true },
        ],
      }),
      queryStringParameters: { limit: '500', sort: 'asc' },
    });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const paths = (response.body.errors as { path: string; message: string }[]).map((error) => error.path);
    expect(paths.sort()).toEqual(
      [
        'name',
        'quantity',
        'colour',
        'size',
        'items.0.quantity',
        'items.1.gift',
        'query.limit',
        'query.sort',
      ].sort(),
    );
    for (const error of response.body.errors) expect(error.message).toEqual(expect.any(String));
    expect(response.body.errors).toContainEqual({ path: 'colour', message: 'Unknown field.' });
  });

  it('answers 400 naming the body when a required body is missing', async () => {
    // Act
    const response = await invoke({});

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body.errors).toHaveLength(1);
  });

  it('passes checked path parameters and answers 400 naming each bad one, with the body errors', async () => {
    // Prepare
    const byId = httpHandler(
      {
        roles: ['customer'],
        params: { thingId: z.string().check(z.regex(/^[a-z0-9-]+$/)) },
        body: () => bodySchema,
      },
      async (request) => ({ statusCode: 200, body: { id: request.path.thingId } }),
    );
    const call = async (thingId: string | undefined, body: unknown) =>
      parseResponse(
        await byId(
          apiEvent({ ...json(body), ...(thingId === undefined ? {} : { pathParameters: { thingId } }) }),
          lambdaContext(),
        ),
      );

    // Act
    const good = await call('t-1', { name: 'kettle', quantity: 1 });
    const bad = await call('T 1!', { name: '', quantity: 1 });
    const missing = await call(undefined, { name: 'kettle', quantity: 1 });

    // Assess
    expect(good.statusCode).toBe(200);
    expect(good.body).toEqual({ id: 't-1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toBe('application/problem+json');
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['name', 'thingId']);
    expect(missing.statusCode).toBe(400);
    expect(missing.body.errors.map((error: { path: string }) => error.path)).toEqual(['thingId']);
  });

  it('answers 409 for a ConflictError with its code and allowedActions', async () => {
    // Act
    const response = await invoke(json({ name: 'conflict', quantity: 1 }));

    // Assess
    expect(response.statusCode).toBe(409);
    expect(response.body).toMatchObject({
      status: 409,
      code: 'ACTION_NOT_ALLOWED',
      allowedActions: ['cancel', 'assign'],
      detail: 'Action "close" does not fit.',
    });
  });

  it('answers 422 with the stable code and the offending fields for a BusinessRuleError', async () => {
    // Act
    const response = await invoke(json({ name: 'rule', quantity: 1 }));

    // Assess
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatchObject({
      type: '/problems/exceeds-refundable',
      status: 422,
      code: 'EXCEEDS_REFUNDABLE',
      errors: [{ path: 'items.0.quantity', message: 'At most 1 of KETTLE-1 can be claimed.' }],
    });
  });

  it('answers 404 for a NotFoundError', async () => {
    // Act
    const response = await invoke(json({ name: 'missing', quantity: 1 }));

    // Assess
    expect(response.statusCode).toBe(404);
  });

  it('answers 500 with a generic message and the request id, logging the error but not leaking it', async () => {
    // Prepare
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);

    // Act
    const response = await invoke({ ...json({ name: 'boom', quantity: 1 }), requestId: 'req-500' });

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', requestId: 'req-500' });
    expect(response.body.detail).toContain('req-500');
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.12/);
    expect(logged).toHaveBeenCalledWith(
      'Unhandled error',
      expect.objectContaining({ requestId: 'req-500', error: expect.any(Error) }),
    );
  });

  it('answers every error as application/problem+json', async () => {
    // Prepare
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const cases: EventOptions[] = [
      { ...json({ name: 'a', quantity: 1 }), claims: null },
      { ...json({ name: 'a', quantity: 1 }), claims: { sub: 'x', 'cognito:groups': '[admins]' } },
      { headers: { 'content-type': 'text/csv' }, body: 'a,b' },
      json({ name: 'x'.repeat(2000), quantity: 1 }),
      { headers: { 'content-type': 'application/json' }, body: '{' },
      json({ nope: true }),
      json({ name: 'conflict', quantity: 1 }),
      json({ name: 'rule', quantity: 1 }),
      json({ name: 'boom', quantity: 1 }),
    ];

    for (const options of cases) {
      // Act
      const response = await invoke(options);

      // Assess
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.headers['content-type'], String(response.statusCode)).toBe('application/problem+json');
      expect(response.body).toMatchObject({
        type: expect.stringMatching(/^\/problems\//),
        title: expect.any(String),
        status: response.statusCode,
        detail: expect.any(String),
        code: expect.any(String),
        requestId: 'req-1',
      });
    }
  });
});
