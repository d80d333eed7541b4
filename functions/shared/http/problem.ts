import { DomainError, type FieldError, type ForbiddenError, type ValidationError } from '../errors.js';

/** RFC 9457 problem details, as every error response of the API carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: readonly FieldError[];
  allowedActions?: readonly string[];
  requestId?: string;
}

/** Errors of the HTTP transport itself (body size, media type, JSON syntax). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
    /** Response headers that go with the problem, e.g. `retry-after` on a 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const slug = (code: string) => code.toLowerCase().replace(/_/g, '-');

function problem(status: number, code: string, title: string, detail: string): Problem {
  return { type: `/problems/${slug(code)}`, title, status, detail, code };
}

export function toProblem(error: unknown, requestId: string): Problem {
  if (error instanceof HttpError) {
    return {
      ...problem(error.status, error.code, error.title, error.message),
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
      requestId,
    };
  }
  if (error instanceof DomainError) {
    switch (error.kind) {
      case 'validation':
        return {
          ...problem(400, 'VALIDATION_FAILED', 'Invalid request', error.message),
          errors: (error as ValidationError).errors,
          requestId,
        };
      case 'unauthorized':
        return { ...problem(401, 'UNAUTHORIZED', 'Unauthorized', error.message), requestId };
      case 'forbidden':
        return { ...problem(403, (error as ForbiddenError).code, 'Forbidden', error.message), requestId };
      case 'not-found':
        return { ...problem(404, 'NOT_FOUND', 'Not found', error.message), requestId };
      case 'conflict': {
        const conflict = error as DomainError & { code: string; allowedActions?: readonly string[] };
        return {
          ...problem(409, conflict.code, 'Conflict', error.message),
          ...(conflict.allowedActions ? { allowedActions: conflict.allowedActions } : {}),
          requestId,
        };
      }
      case 'too-many-requests': {
        const limited = error as DomainError & { code: string };
        return { ...problem(429, limited.code, titleFromCode(limited.code), error.message), requestId };
      }
      case 'business-rule': {
        const refusal = error as DomainError & { code: string; errors: readonly FieldError[] };
        return {
          ...problem(422, refusal.code, titleFromCode(refusal.code), error.message),
          ...(refusal.errors.length > 0 ? { errors: refusal.errors } : {}),
          requestId,
        };
      }
    }
  }
  return {
    ...problem(
      500,
      'INTERNAL_ERROR',
      'Internal error',
      `Something went wrong on our side. Quote request id ${requestId}.`,
    ),
    requestId,
  };
}

function titleFromCode(code: string): string {
  const words = code.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
