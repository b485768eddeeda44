// The inference host's message handler, the same whatever carries the messages (entry.ts picks the
// channel). It owns the ORT sessions and answers one request at a time: session.run is a synchronous
// native call that blocks this thread, so requests wait in a queue and only `cancel` is answered out of
// turn. A cancel can take a request out of the queue; it cannot stop one that has started (ORT has no
// interruption hook in the Node binding), and while a run is in progress this thread does not even
// read its messages. Main therefore answers the caller of a running request itself and drops the late
// reply (see host-client.ts).

import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { MaskcueError, isErrorCode, type ApiError, type ExecutionProvider } from '../../../common/api';
import { PROBE_INPUT, PROBE_OUTPUT, buildProbeModel } from '../probe-model';
import type {
  CacheDropRequest,
  CachePutRequest,
  CacheStored,
  HostMessage,
  HostRequest,
  LoadRequest,
  LoadedSession,
  ProbeRequest,
  ReplyValues,
  RequestKind,
  RunRequest,
  RunResult,
  SessionTuning,
  TrainRequest,
  TensorInfo,
  TensorMap,
  UnloadRequest,
} from '../protocol';
import { trainHead } from '../../fewshot/training/train';
import { parseHostRequest } from '../protocol-validate';
import { SessionCreateError, createSessionWithFallback } from '../providers';
import { loadOrt as defaultLoadOrt, type Ort, type OrtLoader } from './ort-loader';
import { DEFAULT_TENSOR_CACHE_BYTES, TensorCache } from './tensor-cache';
import { selectCandidate } from './select';
import { fromOrtValue, takeTransferables, tensorInfo, toOrtTensor } from './tensors';

export interface HostPort {
  post(message: HostMessage, transfer: ArrayBuffer[]): void;
  /** Ends this host (thread or process); called after a shutdown request, once idle. */
  exit?(): void;
}

export interface HostOptions {
  loadOrt?: OrtLoader;
  /** Bound of the tensor cache until main configures it. */
  cacheMaxBytes?: number;
}

interface LiveSession {
  session: InferenceSession;
  info: LoadedSession;
}

type QueuedRequest = Exclude<HostRequest, { type: 'cancel' | 'shutdown' }>;

export interface Host {
  handle(message: unknown): void;
  /** Resolves when the queue is empty (tests). */
  idle(): Promise<void>;
}

function errorOf(e: unknown): ApiError {
  if (e instanceof MaskcueError) return { code: e.code, message: e.message };
  if (e instanceof Error && 'code' in e && isErrorCode(e.code)) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: `The inference host failed unexpectedly: ${e instanceof Error ? e.message : String(e)}` };
}

function sessionOptions(tuning: SessionTuning | undefined): InferenceSession.SessionOptions {
  return tuning ? { ...tuning } : {};
}

function describeShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ')}]`;
}

/** What checkFeeds needs of a feed, whether it came over the wire or from the tensor cache. */
interface FeedShape {
  type: string;
  dims: readonly number[];
}

/** Names, dtypes and fixed dims checked here so a mismatch names the input, not an ORT internal. */
function checkFeeds(sessionId: string, inputs: TensorInfo[], feeds: Record<string, FeedShape>): void {
  const known = new Set(inputs.map((i) => i.name));
  const unknown = Object.keys(feeds).filter((name) => !known.has(name));
  if (unknown.length) {
    throw new MaskcueError('INVALID_ARGUMENT', `Session ${sessionId} has no input named ${unknown.join(', ')} (inputs: ${[...known].join(', ')}).`);
  }
  const missing = inputs.filter((i) => !(i.name in feeds)).map((i) => i.name);
  if (missing.length) throw new MaskcueError('INVALID_ARGUMENT', `Session ${sessionId} needs input ${missing.join(', ')}.`);
  for (const input of inputs) {
    const feed = feeds[input.name]!;
    if (input.type !== 'non-tensor' && input.type !== 'unsupported' && feed.type !== input.type) {
      throw new MaskcueError('INVALID_ARGUMENT', `Input ${input.name} must be ${input.type}, got ${feed.type}.`);
    }
    const fits =
      input.shape.length === 0 ||
      (feed.dims.length === input.shape.length && input.shape.every((d, i) => typeof d === 'string' || d === feed.dims[i]));
    if (!fits) {
      throw new MaskcueError(
        'INVALID_ARGUMENT',
        `Input ${input.name} must have shape ${describeShape(input.shape)}, got ${describeShape(feed.dims)}.`,
      );
    }
  }
}

export function createHost(port: HostPort, options: HostOptions = {}): Host {
  const loadOrt = options.loadOrt ?? defaultLoadOrt;
  const sessions = new Map<string, LiveSession>();
  const cache = new TensorCache(options.cacheMaxBytes ?? DEFAULT_TENSOR_CACHE_BYTES);
  const queue: QueuedRequest[] = [];
  let running: string | null = null;
  let runningKind: QueuedRequest['type'] | null = null;
  let idleWaiters: (() => void)[] = [];
  let shuttingDown = false;
  /** Providers that failed on the probe model: they cannot start in this process at all. */
  const brokenProviders = new Map<ExecutionProvider, string>();

  function reply<K extends RequestKind>(requestId: string, value: ReplyValues[K], transfer: ArrayBuffer[] = []): void {
    port.post({ type: 'reply', requestId, ok: true, value }, transfer);
  }

  function replyError(requestId: string | null, error: ApiError): void {
    port.post({ type: 'reply', requestId, ok: false, error }, []);
  }

  async function probe(req: ProbeRequest): Promise<ReplyValues['probe']> {
    const ort = await loadOrt();
    let created;
    try {
      created = await createSessionWithFallback(ort, buildProbeModel(), req.providers);
      for (const a of created.attempts) if (!a.ok && a.error) brokenProviders.set(a.provider, a.error);
    } catch (e) {
      throw new MaskcueError('INTERNAL', `No execution provider could run a test model, not even the CPU: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      // Creating a session is not proof enough: an EP can load and still fail on the first run.
      const out = await created.session.run({ [PROBE_INPUT]: new ort.Tensor('float32', new Float32Array([42]), [1]) });
      const y = out[PROBE_OUTPUT]?.data;
      if (!(y instanceof Float32Array) || y[0] !== 42) throw new Error(`the identity test model returned ${String(y)}`);
    } finally {
      await created.session.release();
    }
    return { provider: created.provider, attempts: created.attempts, ortVersion: ort.env.versions.node ?? ort.env.versions.common };
  }

  async function load(req: LoadRequest, ort: Ort): Promise<LoadedSession> {
    const previous = sessions.get(req.sessionId);
    if (previous) {
      sessions.delete(req.sessionId);
      await previous.session.release();
    }
    let created;
    try {
      created = await createSessionWithFallback(ort, req.modelPath, req.providers, sessionOptions(req.tuning), brokenProviders);
    } catch (e) {
      const reason = e instanceof SessionCreateError ? e.message : String(e);
      throw new MaskcueError(
        'MODEL_LOAD_FAILED',
        `Could not load the model ${req.modelPath}: ${reason}. Check that the file is a complete ONNX model (download or export it again).`,
      );
    }
    const info: LoadedSession = {
      sessionId: req.sessionId,
      modelPath: req.modelPath,
      provider: created.provider,
      attempts: created.attempts,
      inputs: created.session.inputMetadata.map(tensorInfo),
      outputs: created.session.outputMetadata.map(tensorInfo),
    };
    sessions.set(req.sessionId, { session: created.session, info });
    return info;
  }

  async function run(req: RunRequest, ort: Ort): Promise<RunResult> {
    const live = sessions.get(req.sessionId);
    if (!live) throw new MaskcueError('NOT_FOUND', `No model session ${req.sessionId} is loaded in the inference host; load the model first.`);
    const feeds: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(req.feeds)) feeds[name] = toOrtTensor(ort, tensor);
    for (const [input, ref] of Object.entries(req.cached ?? {})) {
      if (input in feeds) throw new MaskcueError('INVALID_ARGUMENT', `Input ${input} is given both as a tensor and as a cached tensor; give it once.`);
      feeds[input] = cache.get(ref.key, ref.name);
    }
    checkFeeds(req.sessionId, live.info.inputs, feeds);
    const outputNames = live.info.outputs.map((o) => o.name);
    const retained = req.retain?.outputs ?? [];
    const badFetch = [...(req.fetches ?? []), ...retained].filter((name) => !outputNames.includes(name));
    if (badFetch.length) {
      throw new MaskcueError('INVALID_ARGUMENT', `Session ${req.sessionId} has no output named ${badFetch.join(', ')} (outputs: ${outputNames.join(', ')}).`);
    }
    if (req.select) {
      const missing = [req.select.output, req.select.scores].filter((name) => !outputNames.includes(name));
      if (missing.length) throw new MaskcueError('INVALID_ARGUMENT', `Session ${req.sessionId} has no output named ${missing.join(', ')} to select from.`);
    }
    const selectNames = req.select ? [req.select.output, req.select.scores] : [];
    const fetches = req.fetches ? [...new Set([...req.fetches, ...retained, ...selectNames])] : undefined;
    const started = performance.now();
    let results: InferenceSession.ReturnType;
    try {
      results = fetches ? await live.session.run(feeds, fetches) : await live.session.run(feeds);
    } catch (e) {
      throw new MaskcueError('INTERNAL', `The model ${live.info.modelPath} failed while running: ${e instanceof Error ? e.message : String(e)}`);
    }
    const runMs = performance.now() - started;
    let stored: CacheStored | undefined;
    if (req.retain) {
      const kept = new Map<string, Tensor>();
      for (const name of retained) kept.set(name, results[name] as Tensor);
      stored = cache.put(req.retain.key, kept);
    }
    let selected: RunResult['selected'];
    if (req.select) {
      const pick = selectCandidate(ort, results[req.select.output] as Tensor, results[req.select.scores] as Tensor, req.select);
      results = { ...results, [req.select.output]: pick.tensor };
      selected = { index: pick.index, order: pick.order };
      if (req.select.keep) selected.kept = cache.put(req.select.keep.key, new Map([[req.select.keep.name, pick.grid]]));
    }
    const outputs: TensorMap = {};
    for (const [name, value] of Object.entries(results)) {
      if (!retained.includes(name)) {
        outputs[name] = fromOrtValue(name, value);
      } else if (req.retain?.sendBack) {
        // A copy: the reply's buffers are transferred (detached here), the cached tensor must stay.
        const wire = fromOrtValue(name, value);
        outputs[name] = { ...wire, data: wire.data.slice() } as typeof wire;
      }
    }
    return { outputs, runMs, ...(stored ? { retained: stored } : {}), ...(selected ? { selected } : {}) };
  }

  function cachePut(req: CachePutRequest, ort: Ort): CacheStored {
    const tensors = new Map<string, Tensor>();
    for (const [name, tensor] of Object.entries(req.tensors)) tensors.set(name, toOrtTensor(ort, tensor));
    return cache.put(req.key, tensors);
  }

  function cacheDrop(req: CacheDropRequest): ReplyValues['cacheDrop'] {
    return { dropped: cache.drop(req.keys) };
  }

  /** Train requests the user cancelled while they ran: the trainer checks between steps. */
  const cancelledRuns = new Set<string>();

  async function train(req: TrainRequest): Promise<ReplyValues['train']> {
    try {
      return await trainHead(req.set, {
        ...req.options,
        onProgress: (p) => port.post({ type: 'progress', requestId: req.requestId, phase: p.phase, done: p.done, total: p.total }, []),
        isCancelled: () => cancelledRuns.has(req.requestId),
      });
    } finally {
      cancelledRuns.delete(req.requestId);
    }
  }

  async function unload(req: UnloadRequest): Promise<ReplyValues['unload']> {
    const live = sessions.get(req.sessionId);
    if (!live) return { unloaded: false };
    sessions.delete(req.sessionId);
    await live.session.release();
    return { unloaded: true };
  }

  async function execute(req: QueuedRequest): Promise<void> {
    switch (req.type) {
      case 'probe':
        return reply<'probe'>(req.requestId, await probe(req));
      case 'load':
        return reply<'load'>(req.requestId, await load(req, await loadOrt()));
      case 'run': {
        const result = await run(req, await loadOrt());
        return reply<'run'>(req.requestId, result, takeTransferables(result.outputs));
      }
      case 'unload':
        return reply<'unload'>(req.requestId, await unload(req));
      case 'train':
        return reply<'train'>(req.requestId, await train(req));
      case 'cachePut':
        return reply<'cachePut'>(req.requestId, cachePut(req, await loadOrt()));
      case 'cacheDrop':
        return reply<'cacheDrop'>(req.requestId, cacheDrop(req));
      case 'configure':
        cache.configure(req.cacheMaxBytes);
        return reply<'configure'>(req.requestId, { cacheMaxBytes: req.cacheMaxBytes });
    }
  }

  // The next request starts from setImmediate, not straight after the previous reply: messages that
  // arrived while a run blocked this thread are read first (poll phase before check phase), so a
  // cancel sent during that run still finds its target in the queue.
  let scheduled = false;

  function schedule(): void {
    if (scheduled || running !== null) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void next();
    });
  }

  async function next(): Promise<void> {
    const req = queue.shift();
    if (!req) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
      if (shuttingDown) port.exit?.();
      return;
    }
    running = req.requestId;
    runningKind = req.type;
    try {
      await execute(req);
    } catch (e) {
      replyError(req.requestId, errorOf(e));
    } finally {
      running = null;
    }
    schedule();
  }

  function shutdown(): void {
    shuttingDown = true;
    for (const req of queue.splice(0)) {
      replyError(req.requestId, { code: 'CANCELLED', message: `The ${req.type} request was cancelled: the inference host is shutting down.` });
    }
    // Exits from next() once the running request (if any) has returned from native code.
    schedule();
  }

  function cancel(requestId: string, target: string): void {
    const index = queue.findIndex((q) => q.requestId === target);
    if (index >= 0) {
      const [removed] = queue.splice(index, 1);
      replyError(target, { code: 'CANCELLED', message: `The ${removed!.type} request was cancelled before it started.` });
      reply<'cancel'>(requestId, { target, state: 'queued' });
    } else {
      if (running === target && runningKind === 'train') cancelledRuns.add(target);
      reply<'cancel'>(requestId, { target, state: running === target ? 'running' : 'unknown' });
    }
  }

  return {
    handle(message: unknown): void {
      const parsed = parseHostRequest(message);
      if (!parsed.ok) return replyError(parsed.requestId, parsed.error);
      const req = parsed.value;
      if (req.type === 'cancel') return cancel(req.requestId, req.target);
      if (req.type === 'shutdown') return shutdown();
      if (shuttingDown) {
        return replyError(req.requestId, { code: 'HOST_UNAVAILABLE', message: 'The inference host is shutting down.' });
      }
      if (req.requestId === running || queue.some((q) => q.requestId === req.requestId)) {
        return replyError(req.requestId, { code: 'INVALID_ARGUMENT', message: `Request id ${req.requestId} is already in use.` });
      }
      queue.push(req);
      schedule();
    },
    idle(): Promise<void> {
      if (running === null && queue.length === 0 && !scheduled) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
