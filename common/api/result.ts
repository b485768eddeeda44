// Every reply that crosses a process boundary is a Result: a value, or an error with a code the UI
// can branch on and a message written for the person at the workstation (what happened, what to do).

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'MALFORMED_MESSAGE',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'WORKSPACE_LOCKED',
  'WORKSPACE_MISSING_DATABASE',
  'WORKSPACE_CORRUPT',
  'WORKSPACE_TOO_NEW',
  'HOST_CRASHED',
  'HOST_UNAVAILABLE',
  'DISCONNECTED',
  'CANCELLED',
  'MODEL_LOAD_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside main's services; the router turns it into `{ ok: false, error }`. */
export class MaskcueError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'MaskcueError';
    this.code = code;
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
