// Main's side of the inference host. ORT's session.run is a synchronous native call, so sessions live
// in another thread or process (DESIGN.md: "Inference never runs on main's event loop"); this class
// starts that host on first use, matches replies to callers, and survives the host dying:
// - every pending request fails with HOST_CRASHED and a message that says what to do;
// - the host is restarted at once, and sessions loaded through load() are loaded again, transparently,
//   the next time they are used (the registry below remembers path and options);
// - more than `maxRestarts` crashes within `restartWindowMs` and it stops restarting (no crash loop):
//   requests fail with HOST_UNAVAILABLE until restart() is called.
// Cancelling: a request still queued in the host is removed there. A request the host is already
// running cannot be interrupted (ORT's Node binding has no hook for it, and the host's thread is inside
// the native call), so the caller is answered CANCELLED at once and the late result is dropped; the
// host is busy until that run ends.
// Tensor cache: runs can keep outputs in the host (retain) and later runs feed them by reference
// (cached), so a SAM2 encoder's ~16 MB of features never cross the boundary per click. Main tracks
// which keys the live host holds; a restart empties that, like the loaded sessions.
// Longer than our ~400-line norm on purpose: the request path, the host's lifecycle and crash
// recovery share one state (pending calls, the live transport, loaded sessions, cached keys) and are
// checked together.

import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import {
  MaskcueError,
  isErrorCode,
  type ExecutionProvider,
  type HostState,
  type InferenceStatus,
  type ProbeResult,
  type ProviderAttempt,
} from '../../common/api';
import { resolveHostEntry } from './host-entry';
import { cancelledMessage, crashedMessage, gaveUpMessage } from './host-messages';
import { createPendingCall, type PendingCall, type QueuedKind } from './pending-call';
import type {
  CachedTensorRef,
  CacheStored,
  HostRequest,
  LoadedSession,
  ReplyValues,
  RetainSpec,
  RunResult,
  SelectSpec,
  SessionTuning,
  TrainJobOptions,
  TensorMap,
} from './protocol';
import type { TrainOutcome, TrainingSet } from '../fewshot/types';
import { parseHostMessage } from './protocol-validate';
import { preferredProviders } from './providers';
import { RestartBudget } from './restart-budget';
import { childProcessTransport } from './transports/child-process';
import type { HostEntry, HostTransport, TransportOption } from './transports/transport';
import { workerThreadTransport } from './transports/worker-thread';

export type { LoadedSession, RunResult, TensorMap, WireTensor, TensorInfo, SessionTuning, CachedTensorRef, RetainSpec, CacheStored, SelectSpec } from './protocol';

export interface InferenceHostOptions {
  /**
   * Default 'child-process' under Node, 'worker' inside Electron (a fork there would start Electron,
   * not Node). Electron's main passes a utilityProcess factory (transports/utility-process.ts). The
   * worker is not the Node default because a worker stopped or left behind during a native run aborts
   * the whole process with onnxruntime-node 1.30 (transports/worker-thread.ts).
   */
  transport?: TransportOption;
  /** Host module to start instead of the default (see host-entry.ts). */
  entry?: string | URL;
  onStatus?: (status: InferenceStatus) => void;
  /** Provider order for probe() and load(); default preferredProviders() (platform + MASKCUE_PROVIDERS). */
  providers?: ExecutionProvider[];
  /** A host that has not said 'ready' by then counts as crashed. Default 30 s. */
  startTimeoutMs?: number;
  /** Default 3 restarts within 10 s; one more crash in that window and the host stays stopped. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Bound of the host's tensor cache (bytes of tensor data). Default: the host's, 512 MiB. */
  tensorCacheBytes?: number;
}

export interface CallOptions {
  /** Lets the caller cancel(requestId) later; generated when absent. Must be unique among pending. */
  requestId?: string;
  signal?: AbortSignal;
}

export interface LoadOptions extends CallOptions {
  /** Name to run the session by; generated when absent. Loading an existing id replaces it. */
  sessionId?: string;
  providers?: ExecutionProvider[];
  tuning?: SessionTuning;
}

export interface RunOptions extends CallOptions {
  /** Output names to compute; all when absent. */
  fetches?: string[];
  /**
   * Move the feeds' buffers to a worker-thread host instead of copying them (they become detached
   * here). Off by default: callers often reuse inputs, and a crash would lose them.
   */
  transfer?: boolean;
  /** Inputs taken from the host's tensor cache (see isCached); a miss fails the run with NOT_FOUND. */
  cached?: Record<string, CachedTensorRef>;
  /** Keep these outputs in the host's tensor cache under a key for later runs. */
  retain?: RetainSpec;
  /** Keep one candidate of a multi-candidate output, chosen in the host by its scores (protocol.ts). */
  select?: SelectSpec;
}

interface RegisteredSession {
  modelPath: string;
  providers: ExecutionProvider[];
  tuning: SessionTuning | undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class InferenceHost {
  private readonly entry: HostEntry;
  private readonly factoryName: string;
  private readonly create: (entry: HostEntry) => HostTransport;
  private readonly onStatus: ((status: InferenceStatus) => void) | undefined;
  private readonly providerOverride: ExecutionProvider[] | undefined;
  private readonly startTimeoutMs: number;
  private readonly budget: RestartBudget;

  private transport: HostTransport | null = null;
  private transportKind: string | null = null;
  private exited: Promise<void> = Promise.resolve();
  private startTimer: NodeJS.Timeout | null = null;
  private ready = false;
  private outbox: { message: HostRequest; transfer: ArrayBuffer[] }[] = [];

  private state: HostState = 'stopped';
  private gaveUp = false;
  private closed = false;
  private restarts = 0;
  private lastCrash: string | null = null;
  private provider: ExecutionProvider | null = null;
  private attempts: ProviderAttempt[] = [];
  private lastStatusJson = '';

  private readonly pending = new Map<string, PendingCall>();
  private readonly registry = new Map<string, RegisteredSession>();
  /** Sessions present in the current host; emptied when it dies. */
  private readonly loaded = new Set<string>();
  private readonly reloading = new Map<string, Promise<void>>();
  /** Tensor-cache keys the current host holds, as far as its replies tell; emptied when it dies. */
  private readonly cachedKeys = new Set<string>();
  private readonly tensorCacheBytes: number | undefined;

  constructor(options: InferenceHostOptions = {}) {
    this.entry = resolveHostEntry(options.entry);
    const transport = options.transport ?? (process.versions.electron ? 'worker' : 'child-process');
    if (transport === 'worker' || transport === 'child-process') {
      const factory = transport === 'worker' ? workerThreadTransport : childProcessTransport;
      this.factoryName = factory.name;
      this.create = (entry) => factory.create(entry);
    } else if (typeof transport === 'function') {
      this.factoryName = 'custom';
      this.create = transport;
    } else {
      this.factoryName = transport.name;
      this.create = (entry) => transport.create(entry);
    }
    this.onStatus = options.onStatus;
    this.providerOverride = options.providers;
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.budget = new RestartBudget(options.maxRestarts ?? 3, options.restartWindowMs ?? 10_000);
    this.tensorCacheBytes = options.tensorCacheBytes;
  }

  // ---- public API --------------------------------------------------------------------------------

  /** Creates a session on a tiny in-memory model to learn which provider really works here. */
  async probe(opts: CallOptions = {}): Promise<ProbeResult> {
    const providers = this.providers();
    const call = this.open('probe', 'the execution-provider check', opts);
    call.entry.onValue = (value) => this.noteProvider(value as ProbeResult);
    this.send(call.entry, { type: 'probe', requestId: call.entry.id, providers });
    return call.promise;
  }

  async load(modelPath: string, opts: LoadOptions = {}): Promise<LoadedSession> {
    const sessionId = opts.sessionId ?? randomUUID();
    const entry: RegisteredSession = { modelPath, providers: opts.providers ?? this.providers(), tuning: opts.tuning };
    // Until it has loaded again, an id being replaced is neither in the old registry state nor loaded.
    this.registry.delete(sessionId);
    this.loaded.delete(sessionId);
    const value = await this.loadInHost(sessionId, entry, opts);
    this.registry.set(sessionId, entry);
    return value;
  }

  async run(sessionId: string, feeds: TensorMap, opts: RunOptions = {}): Promise<RunResult> {
    const registered = this.registry.get(sessionId);
    if (!registered) {
      throw new MaskcueError('NOT_FOUND', `No model session ${sessionId}: load the model before running it.`);
    }
    const call = this.open('run', `the model ${basename(registered.modelPath)}`, opts);
    try {
      await this.ensureLoaded(sessionId);
    } catch (e) {
      call.entry.reject(e instanceof MaskcueError ? e : new MaskcueError('INTERNAL', errorMessage(e)));
      return call.promise;
    }
    if (!call.entry.settled) {
      const transfer = opts.transfer ? bufferList(feeds) : [];
      call.entry.onValue = (value) => {
        const { retained, selected } = value as RunResult;
        if (retained) this.noteCached(retained);
        if (selected?.kept) this.noteCached(selected.kept);
      };
      this.send(call.entry, {
        type: 'run',
        requestId: call.entry.id,
        sessionId,
        feeds,
        ...(opts.fetches ? { fetches: opts.fetches } : {}),
        ...(opts.cached ? { cached: opts.cached } : {}),
        ...(opts.retain ? { retain: opts.retain } : {}),
        ...(opts.select ? { select: opts.select } : {}),
      }, transfer);
    }
    return call.promise;
  }

  /**
   * Trains a few-shot head in the host (protocol.ts TrainRequest). Cancel (signal or cancel(requestId))
   * stops it between steps, unlike a model run.
   */
  async train(set: TrainingSet, options: TrainJobOptions, opts: CallOptions & { onProgress?: PendingCall['onProgress'] } = {}): Promise<TrainOutcome> {
    const call = this.open('train', 'the training', opts);
    if (opts.onProgress) call.entry.onProgress = opts.onProgress;
    this.send(call.entry, { type: 'train', requestId: call.entry.id, set, options });
    return call.promise;
  }

  /** Stores tensors in the host's tensor cache under `key` (replacing what was there). */
  async cachePut(key: string, tensors: TensorMap, opts: CallOptions = {}): Promise<CacheStored> {
    const call = this.open('cachePut', `the caching of ${key}`, opts);
    call.entry.onValue = (value) => this.noteCached(value as CacheStored);
    this.send(call.entry, { type: 'cachePut', requestId: call.entry.id, key, tensors });
    return call.promise;
  }

  /** Drops entries from the host's tensor cache (all when `keys` is absent). No host is started for it. */
  async cacheDrop(keys?: string[]): Promise<string[]> {
    for (const key of keys ?? [...this.cachedKeys]) this.cachedKeys.delete(key);
    if (!this.transport) return [];
    const call = this.open('cacheDrop', 'the cache clean-up', {});
    this.send(call.entry, { type: 'cacheDrop', requestId: call.entry.id, ...(keys ? { keys } : {}) });
    const { dropped } = await call.promise;
    return dropped;
  }

  /**
   * Whether the host holds `key`, as far as main knows: true after a retaining run or cachePut, until
   * the host evicts it (its replies say so), it is dropped, or the host restarts. The host can still
   * miss (another caller's put evicted it meanwhile): a run then fails with NOT_FOUND.
   */
  isCached(key: string): boolean {
    return this.cachedKeys.has(key);
  }

  /** Forgets a session and frees it in the host. False when no such session was known. */
  async unload(sessionId: string): Promise<boolean> {
    const registered = this.registry.get(sessionId);
    const known = this.registry.delete(sessionId);
    if (!this.loaded.has(sessionId) || !this.transport) return known;
    this.loaded.delete(sessionId);
    const call = this.open('unload', `the unload of ${basename(registered?.modelPath ?? sessionId)}`, {});
    this.send(call.entry, { type: 'unload', requestId: call.entry.id, sessionId });
    const { unloaded } = await call.promise;
    return unloaded || known;
  }

  /**
   * Answers the request CANCELLED now. True if it was pending. The host drops it if it has not started
   * it; if it has, the run finishes in the host and its result is discarded.
   */
  cancel(requestId: string): boolean {
    const call = this.pending.get(requestId);
    if (!call) return false;
    call.reject(new MaskcueError('CANCELLED', cancelledMessage(call.label)));
    if (call.sent && this.transport) {
      this.post({ type: 'cancel', requestId: randomUUID(), target: requestId }, []);
      call.onCancel?.();
    }
    return true;
  }

  status(): InferenceStatus {
    return {
      state: this.state,
      transport: this.transportKind ?? this.factoryName,
      provider: this.provider,
      attempts: this.attempts.map((a) => ({ ...a })),
      restarts: this.restarts,
      pending: this.pending.size,
      lastCrash: this.lastCrash,
    };
  }

  /** After the host stopped for crashing too often: allow it to start again on the next request. */
  restart(): void {
    if (this.closed) return;
    this.gaveUp = false;
    this.budget.reset();
    this.emitStatus();
  }

  /** Stops the host; pending requests fail with CANCELLED. Resolves when the host has exited. */
  async close(): Promise<void> {
    if (this.closed) return this.exited;
    this.closed = true;
    for (const call of [...this.pending.values()]) {
      call.reject(new MaskcueError('CANCELLED', cancelledMessage(call.label, 'the inference host is shutting down')));
    }
    const transport = this.detach();
    const exited = this.exited;
    transport?.kill();
    this.setState('stopped');
    // A worker inside a native run exits only when the run returns; do not wait forever for it.
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())]);
  }

  // ---- requests ----------------------------------------------------------------------------------

  private providers(): ExecutionProvider[] {
    return this.providerOverride ?? preferredProviders();
  }

  private open<K extends QueuedKind>(
    kind: K,
    label: string,
    opts: CallOptions,
  ): { entry: PendingCall; promise: Promise<ReplyValues[K]> } {
    const id = opts.requestId ?? randomUUID();
    const refusal = this.refusal(id, opts.signal);
    const { call, promise } = createPendingCall(id, kind, label, {
      signal: refusal ? undefined : opts.signal,
      onAbort: (target) => this.cancel(target),
      onSettled: (settled) => {
        if (this.pending.get(settled.id) === settled) this.pending.delete(settled.id);
        this.emitStatus();
      },
    });
    if (refusal) {
      call.reject(refusal);
      return { entry: call, promise };
    }
    this.pending.set(id, call);
    this.emitStatus();
    return { entry: call, promise };
  }

  private refusal(id: string, signal: AbortSignal | undefined): MaskcueError | null {
    if (this.closed) return new MaskcueError('HOST_UNAVAILABLE', 'The inference host has been shut down.');
    if (this.gaveUp) return new MaskcueError('HOST_UNAVAILABLE', gaveUpMessage(this.lastCrash, this.budget));
    if (this.pending.has(id)) return new MaskcueError('INVALID_ARGUMENT', `Request id ${id} is already in use by a pending request.`);
    if (signal?.aborted) return new MaskcueError('CANCELLED', 'The request was cancelled before it started.');
    return null;
  }

  private loadInHost(sessionId: string, entry: RegisteredSession, opts: CallOptions, reload = false): Promise<LoadedSession> {
    const call = this.open('load', `the load of ${basename(entry.modelPath)}`, opts);
    call.entry.onValue = (value) => {
      if (reload && this.registry.get(sessionId) !== entry) {
        // unload() (or a new load under this id) came while this reload was on its way: free it.
        this.post({ type: 'unload', requestId: randomUUID(), sessionId }, []);
        return;
      }
      this.loaded.add(sessionId);
      this.noteProvider(value as LoadedSession);
    };
    // A load cancelled while running still completes in the host; free what it made.
    call.entry.onCancel = () => this.post({ type: 'unload', requestId: randomUUID(), sessionId }, []);
    this.send(call.entry, {
      type: 'load',
      requestId: call.entry.id,
      sessionId,
      modelPath: entry.modelPath,
      providers: entry.providers,
      ...(entry.tuning ? { tuning: entry.tuning } : {}),
    });
    return call.promise;
  }

  /** After a restart the new host has no sessions: load this one again before using it. */
  private ensureLoaded(sessionId: string): Promise<void> {
    if (this.loaded.has(sessionId) && this.transport) return Promise.resolve();
    const inFlight = this.reloading.get(sessionId);
    if (inFlight) return inFlight;
    const registered = this.registry.get(sessionId);
    if (!registered) return Promise.reject(new MaskcueError('NOT_FOUND', `No model session ${sessionId}: load the model first.`));
    const reload = this.loadInHost(sessionId, registered, {}, true).then(() => undefined);
    const done = (): void => {
      if (this.reloading.get(sessionId) === reload) this.reloading.delete(sessionId);
    };
    reload.then(done, done);
    this.reloading.set(sessionId, reload);
    return reload;
  }

  private send(call: PendingCall, message: HostRequest, transfer: ArrayBuffer[] = []): void {
    if (call.settled) return;
    call.sent = true;
    try {
      this.post(message, transfer);
    } catch (e) {
      call.reject(new MaskcueError('INVALID_ARGUMENT', `Could not send the request to the inference host: ${errorMessage(e)}`));
    }
  }

  /** Sends now if the host is ready, otherwise when it says so; starts it if needed. */
  private post(message: HostRequest, transfer: ArrayBuffer[]): void {
    if (!this.transport) this.startHost();
    if (this.ready && this.transport) this.transport.send(message, transfer);
    else this.outbox.push({ message, transfer });
  }

  private noteCached(stored: CacheStored): void {
    for (const key of stored.evicted) this.cachedKeys.delete(key);
    this.cachedKeys.add(stored.key);
  }

  private noteProvider(value: { provider: ExecutionProvider; attempts: ProviderAttempt[] }): void {
    this.provider = value.provider;
    this.attempts = value.attempts;
  }

  // ---- host lifecycle ----------------------------------------------------------------------------

  private startHost(): void {
    const transport = this.create(this.entry);
    this.transport = transport;
    this.transportKind = transport.kind ?? this.transportKind;
    this.ready = false;
    this.exited = new Promise<void>((resolve) => {
      transport.onExit((reason) => {
        resolve();
        this.onHostExit(transport, reason);
      });
    });
    transport.onMessage((message) => this.onHostMessage(transport, message));
    this.setState(this.restarts > 0 && this.lastCrash ? 'restarting' : 'starting');
    // First in the outbox, so every host (a restarted one too) has its settings before any request;
    // the reply finds no pending call and is dropped.
    if (this.tensorCacheBytes !== undefined) {
      this.outbox.push({ message: { type: 'configure', requestId: randomUUID(), cacheMaxBytes: this.tensorCacheBytes }, transfer: [] });
    }
    this.startTimer = setTimeout(() => {
      this.onHostExit(transport, `it did not start within ${Math.round(this.startTimeoutMs / 1000)} s`);
      transport.kill();
    }, this.startTimeoutMs);
    this.startTimer.unref();
    try {
      transport.start();
    } catch (e) {
      const reason = `it could not be started: ${errorMessage(e)}`;
      queueMicrotask(() => this.onHostExit(transport, reason));
    }
  }

  /** Stops listening to the current host (it is being killed on purpose). */
  private detach(): HostTransport | null {
    const transport = this.transport;
    this.transport = null;
    this.ready = false;
    this.outbox = [];
    this.loaded.clear();
    this.cachedKeys.clear();
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    return transport;
  }

  private onHostMessage(transport: HostTransport, raw: unknown): void {
    if (transport !== this.transport) return;
    const message = parseHostMessage(raw);
    if (!message) {
      console.warn('[inference] ignored a malformed message from the inference host');
      return;
    }
    if (message.type === 'ready') {
      if (this.startTimer) clearTimeout(this.startTimer);
      this.startTimer = null;
      this.ready = true;
      this.setState('ready');
      const outbox = this.outbox;
      this.outbox = [];
      for (const { message: queued, transfer } of outbox) {
        try {
          transport.send(queued, transfer);
        } catch (e) {
          this.pending.get(queued.requestId)?.reject(
            new MaskcueError('INVALID_ARGUMENT', `Could not send the request to the inference host: ${errorMessage(e)}`),
          );
        }
      }
      return;
    }
    if (message.type === 'progress') {
      this.pending.get(message.requestId)?.onProgress?.({ phase: message.phase, done: message.done, total: message.total });
      return;
    }
    if (message.requestId === null) {
      // Only a request we failed to form gets this; log it, there is no caller to tell.
      if (!message.ok) console.warn(`[inference] the host refused a request: ${message.error.message}`);
      return;
    }
    const call = this.pending.get(message.requestId);
    if (!call) return; // cancelled or already failed: a late reply, dropped on purpose
    if (message.ok) call.resolve(message.value);
    else call.reject(new MaskcueError(isErrorCode(message.error.code) ? message.error.code : 'INTERNAL', message.error.message));
  }

  private onHostExit(transport: HostTransport, reason: string): void {
    if (transport !== this.transport) return; // killed on purpose, or an older host
    this.detach();
    const restart = this.budget.take();
    const victims = [...this.pending.values()];
    const running = victims.find((c) => c.sent) ?? victims[0];
    this.lastCrash = `${reason}${running ? ` while running ${running.label}` : ''} at ${new Date().toISOString()}`;
    for (const call of victims) {
      call.reject(new MaskcueError('HOST_CRASHED', crashedMessage(call.label, reason, restart, this.budget)));
    }
    if (restart) {
      this.restarts += 1;
      this.startHost();
    } else {
      this.gaveUp = true;
      this.setState('stopped');
    }
  }

  private setState(state: HostState): void {
    this.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    if (!this.onStatus) return;
    const status = this.status();
    const json = JSON.stringify(status);
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    try {
      this.onStatus(status);
    } catch (e) {
      console.error(`[inference] onStatus listener failed: ${errorMessage(e)}`);
    }
  }
}

function bufferList(feeds: TensorMap): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  for (const tensor of Object.values(feeds)) {
    if (tensor.type === 'string') continue;
    const buffer = tensor.data.buffer;
    if (buffer instanceof ArrayBuffer && !list.includes(buffer)) list.push(buffer);
  }
  return list;
}
