// Which execution provider a session runs on, and the fallback that ORT itself does not do.
// onnxruntime-node 1.30 *throws* from InferenceSession.create when a listed provider fails to start
// (['cuda','cpu'] without the CUDA libraries: "Failed to load shared library"); it does not move on to
// the next one. Providers missing from the platform build ('dml' on Linux) are instead dropped with a
// console warning, so a create with ['dml','cpu'] would "succeed" on CPU while claiming DML. Hence:
// each accelerator is tried alone (with CPU for the nodes it cannot take), only when the build has it,
// and CPU alone comes last. The user is shown which provider runs and why the others did not.

import type { InferenceSession } from 'onnxruntime-node';
import { MaskcueError, type ExecutionProvider, type ProviderAttempt } from '../../common/api';
import { EXECUTION_PROVIDERS } from './protocol';

type SessionOptions = InferenceSession.SessionOptions;

/** Default order for a platform; `MASKCUE_PROVIDERS=cuda,cpu` overrides it. CPU is always last. */
export function preferredProviders(
  platform: string = process.platform,
  arch: string = process.arch,
  env: Record<string, string | undefined> = process.env,
): ExecutionProvider[] {
  const override = env.MASKCUE_PROVIDERS?.trim();
  if (override) return withCpuLast(parseProviderList(override));
  if (platform === 'linux' && arch === 'x64') return ['cuda', 'cpu'];
  if (platform === 'win32') return ['dml', 'cpu'];
  if (platform === 'darwin' && arch === 'arm64') return ['coreml', 'cpu'];
  return ['cpu'];
}

/** Parses "cuda, cpu"; an unknown name is an error rather than silently ignored (it is a typo). */
export function parseProviderList(text: string): ExecutionProvider[] {
  const out: ExecutionProvider[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if (!(EXECUTION_PROVIDERS as readonly string[]).includes(name)) {
      throw new MaskcueError(
        'INVALID_ARGUMENT',
        `MASKCUE_PROVIDERS names an unknown execution provider "${raw.trim()}". Use a comma-separated list of: ${EXECUTION_PROVIDERS.join(', ')}.`,
      );
    }
    if (!out.includes(name as ExecutionProvider)) out.push(name as ExecutionProvider);
  }
  return out;
}

function withCpuLast(list: ExecutionProvider[]): ExecutionProvider[] {
  return [...list.filter((p) => p !== 'cpu'), 'cpu'];
}

/** Session options a provider needs on top of the caller's. */
export function providerSessionOptions(provider: ExecutionProvider): SessionOptions {
  switch (provider) {
    case 'dml':
      // The DirectML EP supports neither memory patterns nor parallel execution (ORT DML EP docs).
      return { executionProviders: [{ name: 'dml' }, 'cpu'], enableMemPattern: false, executionMode: 'sequential' };
    case 'cpu':
      return { executionProviders: ['cpu'] };
    default:
      return { executionProviders: [{ name: provider }, 'cpu'] };
  }
}

/** The slice of onnxruntime-node used here; tests pass a fake. */
export interface SessionFactory<S> {
  InferenceSession: {
    create(uri: string, options?: SessionOptions): Promise<S>;
    create(buffer: Uint8Array, options?: SessionOptions): Promise<S>;
  };
  /** Providers compiled into this build (onnxruntime-node registers exactly these as backends). */
  listSupportedBackends?: () => readonly { name: string }[];
}

export interface SessionWithProvider<S> {
  session: S;
  provider: ExecutionProvider;
  attempts: ProviderAttempt[];
}

/** Thrown when even CPU could not create the session; carries what each provider said. */
export class SessionCreateError extends Error {
  readonly attempts: ProviderAttempt[];
  constructor(message: string, attempts: ProviderAttempt[]) {
    super(message);
    this.name = 'SessionCreateError';
    this.attempts = attempts;
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * `broken`: providers already known not to start in this process (they failed on the probe model,
 * which any provider can run), with ORT's message; skipped instead of retried, so every model load
 * does not pay for, and log, the same failed initialisation again.
 */
export async function createSessionWithFallback<S>(
  ort: SessionFactory<S>,
  model: string | Uint8Array,
  preferred: readonly ExecutionProvider[],
  options: SessionOptions = {},
  broken: ReadonlyMap<ExecutionProvider, string> = new Map(),
): Promise<SessionWithProvider<S>> {
  const create = (opts: SessionOptions): Promise<S> =>
    typeof model === 'string' ? ort.InferenceSession.create(model, opts) : ort.InferenceSession.create(model, opts);
  const built = ort.listSupportedBackends ? new Set(ort.listSupportedBackends().map((b) => b.name)) : null;
  const attempts: ProviderAttempt[] = [];

  for (const provider of preferred) {
    if (provider === 'cpu') continue;
    if (built && !built.has(provider)) {
      attempts.push({ provider, ok: false, error: `not included in this onnxruntime-node build for ${process.platform}/${process.arch}` });
      continue;
    }
    const known = broken.get(provider);
    if (known !== undefined) {
      attempts.push({ provider, ok: false, error: known });
      continue;
    }
    try {
      const session = await create({ ...options, ...providerSessionOptions(provider) });
      attempts.push({ provider, ok: true });
      return { session, provider, attempts };
    } catch (e) {
      attempts.push({ provider, ok: false, error: messageOf(e) });
    }
  }

  try {
    const session = await create({ ...options, ...providerSessionOptions('cpu') });
    attempts.push({ provider: 'cpu', ok: true });
    return { session, provider: 'cpu', attempts };
  } catch (e) {
    attempts.push({ provider: 'cpu', ok: false, error: messageOf(e) });
    throw new SessionCreateError(messageOf(e), attempts);
  }
}
