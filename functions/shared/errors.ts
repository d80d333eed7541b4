/**
 * Domain errors. They know nothing of HTTP: the error-mapping middleware at the edge turns them
 * into problem+json responses.
 */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'validation'
    | 'not-found'
    | 'conflict'
    | 'forbidden'
    | 'unauthorized'
    | 'business-rule'
    | 'too-many-requests';
}

export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
  constructor(
    readonly errors: readonly FieldError[],
    message = 'The request has invalid fields.',
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(message = 'Not found.') {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(
    message: string,
    readonly code = 'CONFLICT',
    readonly allowedActions?: readonly string[],
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
  constructor(
    message = 'Your role may not do this.',
    readonly code = 'FORBIDDEN',
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized' as const;
  constructor(message = 'A valid bearer token is required.') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** A business rule refused the request; `code` is stable and machine-readable. */
export class BusinessRuleError extends DomainError {
  readonly kind = 'business-rule' as const;
  constructor(
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'BusinessRuleError';
  }
}

/** The caller went over a per-caller limit; they may try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  readonly kind = 'too-many-requests' as const;
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyRequestsError';
  }
}
