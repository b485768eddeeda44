// The message protocol between main (InferenceHost) and the inference host (worker thread, child
// process or Electron utilityProcess). Both sides import this file; the host validates every request
// because a malformed message must get an error reply, never crash the process that owns the sessions.
// Messages are plain data plus typed arrays: they cross structured clone (worker, utilityProcess) and
// Node's 'advanced' IPC serialization (child process), both of which keep typed arrays intact.

import type { ApiError, ExecutionProvider, ProbeResult, ProviderAttempt } from '../../common/api';
import type { TrainOptions, TrainOutcome, TrainingSet } from '../fewshot/types';

export const EXECUTION_PROVIDERS: readonly ExecutionProvider[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

/** Element types as onnxruntime-node names them (Tensor.type, ValueMetadata.type). */
export const TENSOR_TYPES = [
  'float32',
  'float64',
  'float16',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'bool',
  'string',
] as const;
export type TensorType = (typeof TENSOR_TYPES)[number];

/** The JS container onnxruntime-node uses for each element type. */
export interface TensorDataByType {
  float32: Float32Array;
  float64: Float64Array;
  float16: Uint16Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
  string: string[];
}
export type TensorData = TensorDataByType[TensorType];

/** A tensor on the wire. `data.length` equals the product of `dims`. */
export type WireTensor = { [T in TensorType]: { type: T; dims: number[]; data: TensorDataByType[T] } }[TensorType];
export type TensorMap = Record<string, WireTensor>;

/** A dimension from the model: a number when fixed, the symbolic name (e.g. 'batch') when free. */
export type Dim = number | string;

export interface TensorInfo {
  name: string;
  /** 'non-tensor' for sequence/map values; 'unsupported' for element types we do not map (int4...). */
  type: TensorType | 'non-tensor' | 'unsupported';
  shape: Dim[];
}

/** The plain-data subset of ORT SessionOptions a caller may tune (providers are chosen separately). */
export interface SessionTuning {
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  enableCpuMemArena?: boolean;
  freeDimensionOverrides?: Record<string, number>;
}

// ---- requests (main → host) -------------------------------------------------------------------

export interface ProbeRequest {
  type: 'probe';
  requestId: string;
  providers: ExecutionProvider[];
}
export interface LoadRequest {
  type: 'load';
  requestId: string;
  sessionId: string;
  modelPath: string;
  providers: ExecutionProvider[];
  tuning?: SessionTuning;
}
/** A tensor kept in the host's tensor cache: entry `key`, tensor `name` in it. */
export interface CachedTensorRef {
  key: string;
  name: string;
}
/**
 * Keep some outputs of a run in the host's tensor cache under `key` (replacing that entry), so later
 * runs feed them without a round trip through main. Why: a SAM2 encoder's features are ~16 MB, and
 * copying them into a child-process host costs ~40 ms per click (tests/bench/foundation.bench.ts).
 */
export interface RetainSpec {
  key: string;
  outputs: string[];
  /** Also send the retained outputs back (a copy), e.g. for main's disk cache. Default false. */
  sendBack?: boolean;
}
/**
 * Keep one candidate of a multi-candidate output (SAM2's masks [..., K, h, w]) and send only that back:
 * the order is `lead` first (when given), then `candidates` by `scores` (an output [..., K]), highest
 * first; `rank` picks from that order (wrapping). Why in the host: a click would otherwise copy all K
 * grids back to main to use one (3 × 256 KB per SAM2 click; at 2048² with in-graph upsampling, 48 MB).
 * `keep` also stores the chosen grid as [1, 1, h, w] in the tensor cache, so the next click feeds it
 * back as the previous mask by reference instead of sending 256 KB in again.
 */
export interface SelectSpec {
  output: string;
  scores: string;
  candidates: number[];
  lead: number | null;
  rank: number;
  keep?: CachedTensorRef;
}
export interface RunRequest {
  type: 'run';
  requestId: string;
  sessionId: string;
  feeds: TensorMap;
  /** Output names to fetch; all outputs when absent. */
  fetches?: string[];
  /** Inputs taken from the host's tensor cache instead of `feeds`: input name → cached tensor. */
  cached?: Record<string, CachedTensorRef>;
  retain?: RetainSpec;
  select?: SelectSpec;
}
/** Stores tensors main already has (read back from its disk cache) under `key`, replacing that entry. */
export interface CachePutRequest {
  type: 'cachePut';
  requestId: string;
  key: string;
  tensors: TensorMap;
}
/** Drops entries from the tensor cache: those named, or all when `keys` is absent. */
export interface CacheDropRequest {
  type: 'cacheDrop';
  requestId: string;
  keys?: string[];
}
/** Host-wide settings main sends after start-up (and again after every restart). */
export interface ConfigureRequest {
  type: 'configure';
  requestId: string;
  /** Bound of the tensor cache, in bytes of tensor data; least recently used entries go first. */
  cacheMaxBytes: number;
}
export interface UnloadRequest {
  type: 'unload';
  requestId: string;
  sessionId: string;
}
/** Answered at once, outside the queue: removes `target` if it is still waiting. */
export interface CancelRequest {
  type: 'cancel';
  requestId: string;
  target: string;
}
/**
 * Answered out of turn, with no reply: queued requests are cancelled, the one running (if any) is let
 * finish, then the host exits by itself. How a worker-thread host is stopped: worker.terminate()
 * during a native session.run aborts the whole process (see transports/worker-thread.ts).
 */
export interface ShutdownRequest {
  type: 'shutdown';
  requestId: string;
}
/**
 * Trains a few-shot head (main/fewshot/training) on embeddings. In the host because full-batch Adam
 * with k-fold cross-validation is ~1 s of arithmetic that would stall main's loop. Unlike a model run
 * it can stop when cancelled while running: the trainer yields between steps, so the host reads the
 * cancel. Progress comes as `progress` messages with this requestId.
 */
export interface TrainRequest {
  type: 'train';
  requestId: string;
  set: TrainingSet;
  options: TrainJobOptions;
}
/** TrainOptions as data (the callbacks are the host's). */
export type TrainJobOptions = Omit<TrainOptions, 'onProgress' | 'isCancelled'>;
export type HostRequest =
  | ProbeRequest
  | TrainRequest
  | LoadRequest
  | RunRequest
  | UnloadRequest
  | CachePutRequest
  | CacheDropRequest
  | ConfigureRequest
  | CancelRequest
  | ShutdownRequest;
export type RequestKind = HostRequest['type'];
export type RequestOf<K extends RequestKind> = Extract<HostRequest, { type: K }>;

// ---- replies (host → main) --------------------------------------------------------------------

export interface LoadedSession {
  sessionId: string;
  modelPath: string;
  provider: ExecutionProvider;
  attempts: ProviderAttempt[];
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}
export interface RunResult {
  outputs: TensorMap;
  /** Time inside session.run, measured in the host. */
  runMs: number;
  /** When the request asked to retain outputs: what the cache now holds under that key. */
  retained?: CacheStored;
  /** When the request asked to select: the candidate index kept, and what `keep` stored. */
  selected?: { index: number; order: number[]; kept?: CacheStored };
}
export interface CacheStored {
  key: string;
  names: string[];
  bytes: number;
  /** Keys evicted to make room, least recently used first; main forgets them. */
  evicted: string[];
}
/**
 * Where the target was when the host read the cancel. Only 'queued' means it was stopped. A request
 * inside session.run cannot be stopped, and the host's thread reads no message until the run returns,
 * so a cancel sent during a run usually finds the target finished: 'unknown' (also: never received).
 * 'running' means it was caught between start and the native call.
 */
export interface CancelOutcome {
  target: string;
  state: 'queued' | 'running' | 'unknown';
}
export interface ReplyValues {
  probe: ProbeResult;
  load: LoadedSession;
  run: RunResult;
  unload: { unloaded: boolean };
  cachePut: CacheStored;
  cacheDrop: { dropped: string[] };
  configure: { cacheMaxBytes: number };
  cancel: CancelOutcome;
  train: TrainOutcome;
  shutdown: never;
}

export type HostReply =
  | { type: 'reply'; requestId: string; ok: true; value: ReplyValues[RequestKind] }
  /** requestId is null when the request was too malformed to carry one. */
  | { type: 'reply'; requestId: string | null; ok: false; error: ApiError };

/** Sent once the host listens; main holds requests back until then so none is lost at start-up. */
export interface HostReady {
  type: 'ready';
  pid: number;
  channel: HostChannelKind;
}
export type HostChannelKind = 'worker' | 'child-process' | 'utility-process';
/** How far a long request (train) has come; sent now and then before its reply. */
export interface HostProgress {
  type: 'progress';
  requestId: string;
  phase: string;
  done: number;
  total: number;
}
export type HostMessage = HostReply | HostReady | HostProgress;
