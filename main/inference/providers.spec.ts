import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaskcueError } from '../../common/api';
import { buildProbeModel } from './probe-model';
import {
  SessionCreateError,
  createSessionWithFallback,
  parseProviderList,
  preferredProviders,
  providerSessionOptions,
  type SessionFactory,
} from './providers';

type Options = Parameters<SessionFactory<unknown>['InferenceSession']['create']>[1];

/** A fake ORT: records each create's providers and throws for the names in `broken`. */
function fakeOrt(broken: string[], built?: string[]) {
  const calls: Options[] = [];
  const ort: SessionFactory<{ id: number }> = {
    InferenceSession: {
      async create(_model: string | Uint8Array, options?: Options) {
        calls.push(options);
        const first = options?.executionProviders?.[0];
        const name = typeof first === 'string' ? first : first?.name;
        if (name && broken.includes(name)) throw new Error(`${name} refused to start`);
        return { id: calls.length };
      },
    },
    ...(built ? { listSupportedBackends: () => built.map((name) => ({ name })) } : {}),
  };
  return { ort, calls };
}

describe('preferredProviders', () => {
  it('orders providers per platform, CPU last', () => {
    expect(preferredProviders('linux', 'x64', {})).toEqual(['cuda', 'cpu']);
    expect(preferredProviders('linux', 'arm64', {})).toEqual(['cpu']);
    expect(preferredProviders('win32', 'x64', {})).toEqual(['dml', 'cpu']);
    expect(preferredProviders('win32', 'arm64', {})).toEqual(['dml', 'cpu']);
    expect(preferredProviders('darwin', 'arm64', {})).toEqual(['coreml', 'cpu']);
    expect(preferredProviders('darwin', 'x64', {})).toEqual(['cpu']);
    expect(preferredProviders('freebsd', 'x64', {})).toEqual(['cpu']);
  });

  it('lets MASKCUE_PROVIDERS override the order, always keeping CPU as the last resort', () => {
    expect(preferredProviders('linux', 'x64', { MASKCUE_PROVIDERS: 'cpu' })).toEqual(['cpu']);
    expect(preferredProviders('linux', 'x64', { MASKCUE_PROVIDERS: ' webgpu , CUDA' })).toEqual(['webgpu', 'cuda', 'cpu']);
    expect(preferredProviders('win32', 'x64', { MASKCUE_PROVIDERS: 'cpu,dml' })).toEqual(['dml', 'cpu']);
    expect(preferredProviders('win32', 'x64', { MASKCUE_PROVIDERS: '  ' })).toEqual(['dml', 'cpu']);
  });

  it('refuses an unknown provider name instead of ignoring a typo', () => {
    expect(() => parseProviderList('cuda,cdua')).toThrowError(MaskcueError);
    expect(() => parseProviderList('cuda,cdua')).toThrowError(/cdua/);
  });

  it('gives DirectML the options it needs', () => {
    expect(providerSessionOptions('dml')).toMatchObject({ enableMemPattern: false, executionMode: 'sequential' });
    expect(providerSessionOptions('cuda').executionProviders).toEqual([{ name: 'cuda' }, 'cpu']);
    expect(providerSessionOptions('cpu').executionProviders).toEqual(['cpu']);
  });
});

describe('createSessionWithFallback', () => {
  it('records a provider that throws and falls back to CPU alone', async () => {
    const { ort, calls } = fakeOrt(['cuda']);
    const result = await createSessionWithFallback(ort, 'model.onnx', ['cuda', 'cpu'], { intraOpNumThreads: 1 });
    expect(result.provider).toBe('cpu');
    expect(result.attempts).toEqual([
      { provider: 'cuda', ok: false, error: 'cuda refused to start' },
      { provider: 'cpu', ok: true },
    ]);
    expect(calls.map((c) => c?.executionProviders)).toEqual([[{ name: 'cuda' }, 'cpu'], ['cpu']]);
    expect(calls.every((c) => c?.intraOpNumThreads === 1)).toBe(true);
  });

  it('stops at the first accelerator that starts', async () => {
    const { ort, calls } = fakeOrt(['webgpu']);
    const result = await createSessionWithFallback(ort, new Uint8Array([1]), ['webgpu', 'coreml', 'cpu']);
    expect(result.provider).toBe('coreml');
    expect(result.attempts.map((a) => [a.provider, a.ok])).toEqual([
      ['webgpu', false],
      ['coreml', true],
    ]);
    expect(calls).toHaveLength(2);
  });

  it('skips providers missing from the build (ORT would silently drop them and run on CPU)', async () => {
    const { ort, calls } = fakeOrt([], ['cpu', 'webgpu', 'cuda']);
    const result = await createSessionWithFallback(ort, 'model.onnx', ['dml', 'cpu']);
    expect(result.provider).toBe('cpu');
    expect(result.attempts[0]).toMatchObject({ provider: 'dml', ok: false });
    expect(result.attempts[0]!.error).toMatch(/not included in this onnxruntime-node build/);
    expect(calls).toHaveLength(1);
  });

  it('skips providers already known to be broken in this process, reporting why', async () => {
    const { ort, calls } = fakeOrt([]);
    const broken = new Map([['cuda', 'Failed to load shared library'] as const]);
    const result = await createSessionWithFallback(ort, 'model.onnx', ['cuda', 'cpu'], {}, broken);
    expect(result.attempts).toEqual([
      { provider: 'cuda', ok: false, error: 'Failed to load shared library' },
      { provider: 'cpu', ok: true },
    ]);
    expect(calls).toHaveLength(1);
  });

  it('throws with every attempt when even CPU fails', async () => {
    const { ort } = fakeOrt(['cuda', 'cpu']);
    const error = await createSessionWithFallback(ort, 'model.onnx', ['cuda', 'cpu']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionCreateError);
    expect((error as SessionCreateError).message).toBe('cpu refused to start');
    expect((error as SessionCreateError).attempts.map((a) => a.ok)).toEqual([false, false]);
  });

  const ortDir = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json')), 'bin/napi-v6/linux/x64');
  const noCuda = process.platform === 'linux' && process.arch === 'x64' && !existsSync(join(ortDir, 'libonnxruntime_providers_cuda.so'));

  it.runIf(noCuda)('really falls back from CUDA to CPU with onnxruntime-node on a Linux box without CUDA', async () => {
    const ort = await import('onnxruntime-node');
    const { session, provider, attempts } = await createSessionWithFallback(ort, buildProbeModel(), ['cuda', 'cpu']);
    try {
      expect(provider).toBe('cpu');
      expect(attempts[0]).toMatchObject({ provider: 'cuda', ok: false });
      expect(attempts[0]!.error).toMatch(/cuda/i);
      expect(attempts[1]).toEqual({ provider: 'cpu', ok: true });
      const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([3]), [1]) });
      expect(Array.from(out.y!.data as Float32Array)).toEqual([3]);
    } finally {
      await session.release();
    }
  });
});
