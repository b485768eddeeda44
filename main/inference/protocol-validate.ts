// Checks on what crosses the host boundary. The host trusts nothing it receives (a bad message gets an
// error reply, the sessions stay up); main checks the host's replies just enough to route them.
// Hand-written rather than zod: tensors can be millions of elements and only their container type and
// length need checking, and the messages name the field that was wrong.

import type { ApiError, ExecutionProvider } from '../../common/api';
import type { TrainingSet } from '../fewshot/types';
import {
  EXECUTION_PROVIDERS,
  TENSOR_TYPES,
  type CachedTensorRef,
  type HostMessage,
  type HostRequest,
  type RetainSpec,
  type SelectSpec,
  type SessionTuning,
  type TensorMap,
  type TrainJobOptions,
  type TensorType,
  type WireTensor,
} from './protocol';

export type Parsed<T> = { ok: true; value: T } | { ok: false; requestId: string | null; error: ApiError };

const MAX_ID = 128;
const MAX_DIMS = 16;

const DATA_CONSTRUCTORS: Record<Exclude<TensorType, 'string'>, new (length: number) => object> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

class Invalid extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID) {
    throw new Invalid(`${field} must be a non-empty string of at most ${MAX_ID} characters`);
  }
  return value;
}

function providers(value: unknown): ExecutionProvider[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > EXECUTION_PROVIDERS.length) {
    throw new Invalid('providers must be a non-empty list');
  }
  for (const p of value) {
    if (!(EXECUTION_PROVIDERS as readonly unknown[]).includes(p)) {
      throw new Invalid(`unknown execution provider ${JSON.stringify(p)} (known: ${EXECUTION_PROVIDERS.join(', ')})`);
    }
  }
  return value as ExecutionProvider[];
}

function tuning(value: unknown): SessionTuning | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new Invalid('tuning must be an object');
  const out: SessionTuning = {};
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case 'intraOpNumThreads':
      case 'interOpNumThreads':
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 1024) throw new Invalid(`tuning.${key} must be an integer 0..1024`);
        out[key] = v as number;
        break;
      case 'graphOptimizationLevel':
        if (v !== 'disabled' && v !== 'basic' && v !== 'extended' && v !== 'all') {
          throw new Invalid('tuning.graphOptimizationLevel must be disabled, basic, extended or all');
        }
        out.graphOptimizationLevel = v;
        break;
      case 'enableCpuMemArena':
        if (typeof v !== 'boolean') throw new Invalid('tuning.enableCpuMemArena must be a boolean');
        out.enableCpuMemArena = v;
        break;
      case 'freeDimensionOverrides': {
        if (!isRecord(v)) throw new Invalid('tuning.freeDimensionOverrides must map dimension names to sizes');
        const dims: Record<string, number> = {};
        for (const [name, size] of Object.entries(v)) {
          if (!Number.isInteger(size) || (size as number) < 1) throw new Invalid(`tuning.freeDimensionOverrides.${name} must be a positive integer`);
          dims[name] = size as number;
        }
        out.freeDimensionOverrides = dims;
        break;
      }
      default:
        throw new Invalid(`tuning.${key} is not a supported session option`);
    }
  }
  return out;
}

/** Checks one tensor: known type, sane dims, the right typed-array container, length = product(dims). */
export function checkTensor(value: unknown, field: string): WireTensor {
  if (!isRecord(value)) throw new Invalid(`${field} must be a tensor {type, dims, data}`);
  const { type, dims, data } = value;
  if (!(TENSOR_TYPES as readonly unknown[]).includes(type)) {
    throw new Invalid(`${field}.type ${JSON.stringify(type)} is not a tensor type (${TENSOR_TYPES.join(', ')})`);
  }
  if (!Array.isArray(dims) || dims.length > MAX_DIMS || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new Invalid(`${field}.dims must be a list of at most ${MAX_DIMS} non-negative integers`);
  }
  const count = (dims as number[]).reduce((a, b) => a * b, 1);
  const t = type as TensorType;
  if (t === 'string') {
    if (!Array.isArray(data) || !data.every((s) => typeof s === 'string')) throw new Invalid(`${field}.data must be a list of strings`);
  } else {
    const ctor = DATA_CONSTRUCTORS[t];
    if (!(data instanceof ctor)) throw new Invalid(`${field}.data must be a ${ctor.name} for type ${t}`);
  }
  const length = (data as ArrayLike<unknown>).length;
  if (length !== count) {
    throw new Invalid(`${field} has ${length} elements but dims [${(dims as number[]).join(', ')}] need ${count}`);
  }
  return value as unknown as WireTensor;
}

export function checkTensorMap(value: unknown, field: string): TensorMap {
  if (!isRecord(value)) throw new Invalid(`${field} must map input names to tensors`);
  const out: TensorMap = {};
  for (const [name, tensor] of Object.entries(value)) out[name] = checkTensor(tensor, `${field}.${name}`);
  return out;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string' && s.length > 0)) {
    throw new Invalid(`${field} must be a list of names`);
  }
  return value as string[];
}

/** Cache keys are ids (hashes, in practice): short, so a message cannot carry megabytes of key. */
function cachedFeeds(value: unknown): Record<string, CachedTensorRef> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new Invalid('cached must map input names to {key, name}');
  const out: Record<string, CachedTensorRef> = {};
  for (const [input, ref] of Object.entries(value)) {
    if (!isRecord(ref)) throw new Invalid(`cached.${input} must be {key, name}`);
    out[input] = { key: id(ref.key, `cached.${input}.key`), name: id(ref.name, `cached.${input}.name`) };
  }
  return out;
}

function retainSpec(value: unknown): RetainSpec | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new Invalid('retain must be {key, outputs}');
  const outputs = stringList(value.outputs, 'retain.outputs');
  if (outputs.length === 0) throw new Invalid('retain.outputs must name at least one output');
  if (value.sendBack !== undefined && typeof value.sendBack !== 'boolean') throw new Invalid('retain.sendBack must be a boolean');
  return { key: id(value.key, 'retain.key'), outputs, ...(value.sendBack ? { sendBack: true } : {}) };
}

function selectSpec(value: unknown): SelectSpec | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new Invalid('select must be {output, scores, candidates, lead, rank}');
  const index = (v: unknown, what: string): number => {
    if (!Number.isSafeInteger(v) || (v as number) < 0 || (v as number) > 1024) throw new Invalid(`${what} must be a candidate index`);
    return v as number;
  };
  if (!Array.isArray(value.candidates) || value.candidates.length > 1024) throw new Invalid('select.candidates must be a list of indices');
  const candidates = value.candidates.map((c, i) => index(c, `select.candidates[${i}]`));
  const lead = value.lead === null ? null : index(value.lead, 'select.lead');
  if (candidates.length === 0 && lead === null) throw new Invalid('select needs candidates or a lead');
  let keep: CachedTensorRef | undefined;
  if (value.keep !== undefined) {
    if (!isRecord(value.keep)) throw new Invalid('select.keep must be {key, name}');
    keep = { key: id(value.keep.key, 'select.keep.key'), name: id(value.keep.name, 'select.keep.name') };
  }
  return {
    output: id(value.output, 'select.output'),
    scores: id(value.scores, 'select.scores'),
    candidates,
    lead,
    rank: index(value.rank, 'select.rank'),
    ...(keep ? { keep } : {}),
  };
}

const VIEWS = ['full', 'focus', 'fused', 'mask'] as const;
const ENGINES = ['clip', 'radiomics'] as const;

function vector(value: unknown, what: string): Float32Array {
  if (!(value instanceof Float32Array) || value.length === 0 || value.length > 65_536) throw new Invalid(`${what} must be a non-empty Float32Array`);
  return value;
}

function finiteOption(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Invalid(`${what} must be a finite number`);
  return value;
}

/** Shapes only: the trainer itself refuses empty classes, mismatched lengths and non-finite values with what to do. */
function trainingSet(value: unknown): TrainingSet {
  if (!isRecord(value)) throw new Invalid('set must be a training set');
  if (!ENGINES.includes(value.engine as (typeof ENGINES)[number])) throw new Invalid(`set.engine must be one of ${ENGINES.join(', ')}`);
  const classes = stringList(value.classes, 'set.classes');
  if (!Array.isArray(value.samples) || value.samples.length > 100_000) throw new Invalid('set.samples must be a list');
  const samples = value.samples.map((sample: unknown, i) => {
    if (!isRecord(sample)) throw new Invalid(`set.samples[${i}] must be {id, label, focus, full}`);
    if (!Number.isSafeInteger(sample.label) || (sample.label as number) < 0 || (sample.label as number) >= classes.length) {
      throw new Invalid(`set.samples[${i}].label must index set.classes`);
    }
    return {
      id: id(sample.id, `set.samples[${i}].id`),
      label: sample.label as number,
      focus: vector(sample.focus, `set.samples[${i}].focus`),
      full: sample.full === null ? null : vector(sample.full, `set.samples[${i}].full`),
    };
  });
  let anchors: Float32Array[] | null = null;
  if (value.anchors !== null) {
    if (!Array.isArray(value.anchors) || value.anchors.length !== classes.length) throw new Invalid('set.anchors must be null or one vector per class');
    anchors = value.anchors.map((a: unknown, i) => vector(a, `set.anchors[${i}]`));
  }
  const logitScale = finiteOption(value.logitScale, 'set.logitScale');
  if (logitScale === undefined || logitScale <= 0) throw new Invalid('set.logitScale must be a positive number');
  return { engine: value.engine as TrainingSet['engine'], classes, samples, anchors, logitScale };
}

function trainOptions(value: unknown): TrainJobOptions {
  if (!isRecord(value)) throw new Invalid('options must be training options');
  if (!VIEWS.includes(value.view as (typeof VIEWS)[number])) throw new Invalid(`options.view must be one of ${VIEWS.join(', ')}`);
  if (value.stage !== 1 && value.stage !== 2) throw new Invalid('options.stage must be 1 or 2');
  const out: TrainJobOptions = { view: value.view as TrainJobOptions['view'], stage: value.stage };
  for (const key of ['lambda', 'alpha', 'lrResidual', 'lrTheta', 'weightDecay', 'maxSteps', 'folds', 'seed'] as const) {
    const v = finiteOption(value[key], `options.${key}`);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function keyList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new Invalid('keys must be a list of cache keys');
  return value.map((k, i) => id(k, `keys[${i}]`));
}

function requestOf(msg: Record<string, unknown>, requestId: string): HostRequest {
  switch (msg.type) {
    case 'probe':
      return { type: 'probe', requestId, providers: providers(msg.providers) };
    case 'load': {
      if (typeof msg.modelPath !== 'string' || msg.modelPath.length === 0) throw new Invalid('modelPath must be a file path');
      const t = tuning(msg.tuning);
      return {
        type: 'load',
        requestId,
        sessionId: id(msg.sessionId, 'sessionId'),
        modelPath: msg.modelPath,
        providers: providers(msg.providers),
        ...(t ? { tuning: t } : {}),
      };
    }
    case 'run': {
      const cached = cachedFeeds(msg.cached);
      const retain = retainSpec(msg.retain);
      const select = selectSpec(msg.select);
      return {
        type: 'run',
        requestId,
        sessionId: id(msg.sessionId, 'sessionId'),
        feeds: checkTensorMap(msg.feeds, 'feeds'),
        ...(msg.fetches === undefined ? {} : { fetches: stringList(msg.fetches, 'fetches') }),
        ...(cached ? { cached } : {}),
        ...(retain ? { retain } : {}),
        ...(select ? { select } : {}),
      };
    }
    case 'train':
      return { type: 'train', requestId, set: trainingSet(msg.set), options: trainOptions(msg.options) };
    case 'cachePut':
      return { type: 'cachePut', requestId, key: id(msg.key, 'key'), tensors: checkTensorMap(msg.tensors, 'tensors') };
    case 'cacheDrop': {
      const keys = keyList(msg.keys);
      return { type: 'cacheDrop', requestId, ...(keys ? { keys } : {}) };
    }
    case 'configure':
      if (!Number.isSafeInteger(msg.cacheMaxBytes) || (msg.cacheMaxBytes as number) < 0) {
        throw new Invalid('cacheMaxBytes must be a non-negative whole number of bytes');
      }
      return { type: 'configure', requestId, cacheMaxBytes: msg.cacheMaxBytes as number };
    case 'unload':
      return { type: 'unload', requestId, sessionId: id(msg.sessionId, 'sessionId') };
    case 'cancel':
      return { type: 'cancel', requestId, target: id(msg.target, 'target') };
    case 'shutdown':
      return { type: 'shutdown', requestId };
    default:
      throw new Invalid(`unknown request type ${JSON.stringify(msg.type)}`);
  }
}

/** Host side: a request, or the error reply to send (with the requestId when one could be read). */
export function parseHostRequest(message: unknown): Parsed<HostRequest> {
  const requestId = isRecord(message) && typeof message.requestId === 'string' && message.requestId.length <= MAX_ID && message.requestId.length > 0
    ? message.requestId
    : null;
  try {
    if (!isRecord(message)) throw new Invalid('a request must be an object');
    if (requestId === null) throw new Invalid('requestId must be a non-empty string');
    return { ok: true, value: requestOf(message, requestId) };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return {
      ok: false,
      requestId,
      error: { code: 'MALFORMED_MESSAGE', message: `The inference host refused a malformed request: ${e.message}.` },
    };
  }
}

/**
 * Main side: routes by shape only. Values are the host's own output (same code base); tensors inside
 * run results are not re-walked here.
 */
export function parseHostMessage(message: unknown): HostMessage | null {
  if (!isRecord(message)) return null;
  if (message.type === 'ready') {
    return typeof message.pid === 'number' && typeof message.channel === 'string' ? (message as unknown as HostMessage) : null;
  }
  if (message.type === 'progress') {
    return typeof message.requestId === 'string' && typeof message.done === 'number' && typeof message.total === 'number'
      ? (message as unknown as HostMessage)
      : null;
  }
  if (message.type !== 'reply' || typeof message.ok !== 'boolean') return null;
  if (message.requestId !== null && typeof message.requestId !== 'string') return null;
  if (message.ok) return 'value' in message ? (message as unknown as HostMessage) : null;
  const error = message.error;
  if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  return message as unknown as HostMessage;
}
