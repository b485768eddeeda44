import { describe, expect, it } from 'vitest';
import { contract, MaskcueError, type Handlers } from '../../common/api';
import { assertHandlersComplete, createRouter } from './router';

function handlers(overrides: Partial<Record<string, unknown>> = {}): Handlers {
  const base = {
    app: { info: async () => ({ name: 'MaskCue' }) },
    workspace: { audit: async ({ limit }: { limit: number }) => [{ limit }] },
    studies: { list: async () => [] },
    models: { list: async () => [] },
    inference: {
      status: async () => ({ state: 'stopped' }),
      probe: async () => {
        throw new MaskcueError('HOST_UNAVAILABLE', 'host is down; check the model');
      },
      cancel: async () => {
        throw new Error('boom');
      },
    },
  };
  const filled = Object.fromEntries(
    Object.entries(contract).map(([service, methods]) => [
      service,
      { ...Object.fromEntries(Object.keys(methods).map((m) => [m, async () => null])), ...(base as Record<string, object>)[service] },
    ]),
  );
  return { ...filled, ...overrides } as unknown as Handlers;
}

describe('router', () => {
  const router = createRouter(handlers());

  it('answers a valid call with ok', async () => {
    await expect(router.dispatch('workspace', 'audit', [{ limit: 5 }])).resolves.toEqual({ ok: true, value: [{ limit: 5 }] });
  });

  it.each([
    ['nope', 'info'],
    ['app', 'nope'],
    ['__proto__', 'toString'],
    ['app', 'constructor'],
    ['app', 'hasOwnProperty'],
    [42, 'info'],
    ['app', null],
  ])('refuses unknown %s.%s with UNKNOWN_METHOD', async (service, method) => {
    const result = await router.dispatch(service, method, []);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it.each([
    [[{ limit: 0 }]],
    [[{ limit: 'ten' }]],
    [[{ limit: 5, extra: true }]],
    [[]],
    ['not an array'],
    [null],
    [[{ limit: 5 }, 'surplus']],
  ])('refuses bad arguments %j with INVALID_ARGUMENT and a readable message', async (args) => {
    const result = await router.dispatch('workspace', 'audit', args);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    if (!result.ok) expect(result.error.message).toMatch(/^workspace\.audit was called with bad input: /);
  });

  it('keeps the code of a MaskcueError and wraps anything else as INTERNAL', async () => {
    await expect(router.dispatch('inference', 'probe', [])).resolves.toEqual({
      ok: false,
      error: { code: 'HOST_UNAVAILABLE', message: 'host is down; check the model' },
    });
    const internal = await router.dispatch('inference', 'cancel', ['r1']);
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!internal.ok) expect(internal.error.message).toContain('boom');
  });

  it('will not start when a contract method has no handler', () => {
    const incomplete = handlers({ models: {} });
    expect(() => assertHandlersComplete(incomplete)).toThrow(/No main handler for: models\.list/);
    expect(() => createRouter(incomplete)).toThrow(/models\.list/);
  });
});
