// Transport-agnostic dispatcher: Electron IPC and the browser-mode WebSocket both end here, so argument
// validation and error shaping happen exactly once. A handler never sees unvalidated input, and a
// caller never sees a thrown exception: only a Result.

import type { z } from 'zod';
import {
  contract,
  contractMethods,
  MaskcueError,
  fail,
  ok,
  type Handlers,
  type Result,
  type ServiceName,
} from '../../common/api';

type AnyHandler = (...args: unknown[]) => Promise<unknown>;

export interface Router {
  dispatch(service: unknown, method: unknown, args: unknown): Promise<Result<unknown>>;
}

/** Throws at start-up if a contract method has no handler: a missing one is a build defect, not a runtime 404. */
export function assertHandlersComplete(handlers: Handlers): void {
  const missing = contractMethods().filter(({ service, method }) => {
    const group = (handlers as unknown as Record<string, Record<string, unknown> | undefined>)[service];
    return typeof group?.[method] !== 'function';
  });
  if (missing.length > 0) {
    throw new Error(`No main handler for: ${missing.map((m) => `${m.service}.${m.method}`).join(', ')}`);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? `argument ${issue.path.join('.')}` : 'arguments'}: ${issue.message}`)
    .join('; ');
}

export function createRouter(handlers: Handlers, log: (message: string) => void = () => {}): Router {
  assertHandlersComplete(handlers);
  return {
    async dispatch(service, method, args) {
      if (typeof service !== 'string' || typeof method !== 'string' || !Object.hasOwn(contract, service)) {
        return fail('UNKNOWN_METHOD', `Unknown service ${JSON.stringify(service)}. This MaskCue does not offer it.`);
      }
      const specs = contract[service as ServiceName] as Record<string, { args: z.ZodTuple }>;
      const spec = Object.hasOwn(specs, method) ? specs[method] : undefined;
      if (!spec) {
        return fail('UNKNOWN_METHOD', `Unknown method ${service}.${method}. This MaskCue does not offer it.`);
      }
      const parsed = spec.args.safeParse(args);
      if (!parsed.success) {
        return fail('INVALID_ARGUMENT', `${service}.${method} was called with bad input: ${describeIssues(parsed.error)}.`);
      }
      const handler = (handlers as unknown as Record<string, Record<string, AnyHandler>>)[service]![method]!;
      try {
        return ok(await handler(...(parsed.data as unknown[])));
      } catch (error) {
        if (error instanceof MaskcueError) return fail(error.code, error.message);
        const text = error instanceof Error ? error.message : String(error);
        log(`${service}.${method} failed: ${error instanceof Error && error.stack ? error.stack : text}`);
        return fail('INTERNAL', `${service}.${method} failed unexpectedly: ${text}. The log has details; please report it.`);
      }
    },
  };
}
