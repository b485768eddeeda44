// The Emscripten codec packages (@cornerstonejs/codec-*) are CommonJS factories that find their .wasm
// next to their own .js (via __dirname), so they are loaded with require() from this module's URL;
// that resolves from main/ under vitest and from dist/main/ in the bundle alike (packages stay
// external). Each is instantiated once, lazily, on first use. A codec that aborts (a corrupt
// codestream can make the C++ side call abort()) leaves its instance unusable, so any failure drops
// the instance and the next frame gets a fresh one.
import { createRequire } from 'node:module';
import { describeThrown } from '../decode-error';

const require = createRequire(import.meta.url);

export interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The shape all four codec packages share (embind classes). */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
  delete(): void;
}

export interface WasmModule {
  getExceptionMessage?: (pointer: number) => [string, string] | string;
}

type Factory = (options?: Record<string, unknown>) => Promise<WasmModule>;

export interface LazyWasm<M extends WasmModule> {
  get(): Promise<M>;
  /** Forget the instance (after a failure): the next get() instantiates again. */
  reset(): void;
}

export function lazyWasm<M extends WasmModule>(specifier: string): LazyWasm<M> {
  let instance: Promise<M> | null = null;
  return {
    get() {
      instance ??= (async () => {
        const loaded = require(specifier) as Factory | { default: Factory };
        const factory = typeof loaded === 'function' ? loaded : loaded.default;
        // print/printErr: keep the codecs' own chatter off our stdout (the CLI's --json goes there).
        return (await factory({ print: () => {}, printErr: () => {} })) as M;
      })();
      instance.catch(() => {
        instance = null;
      });
      return instance;
    },
    reset() {
      instance = null;
    },
  };
}

/**
 * Runs one decode on a fresh decoder object, copies the result out of WASM memory (the next decode
 * reuses it), and restores process.exitCode, which an Emscripten abort sets.
 */
export async function runWasmDecode<M extends WasmModule, D extends WasmDecoder, R>(
  wasm: LazyWasm<M>,
  create: (module: M) => D,
  encoded: Uint8Array,
  read: (decoder: D, module: M) => R,
): Promise<R> {
  const module = await wasm.get();
  const exitCode = process.exitCode;
  let decoder: D | null = null;
  try {
    decoder = create(module);
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    return read(decoder, module);
  } catch (e) {
    wasm.reset();
    throw new Error(wasmErrorMessage(e, module), { cause: e });
  } finally {
    try {
      decoder?.delete();
    } catch {
      // An aborted module cannot free; it is being dropped anyway.
    }
    process.exitCode = exitCode;
  }
}

function wasmErrorMessage(e: unknown, module: WasmModule): string {
  // C++ exceptions arrive as a pointer (a number) when the build keeps exception support.
  if (typeof e === 'number' && module.getExceptionMessage) {
    try {
      const message = module.getExceptionMessage(e);
      return Array.isArray(message) ? message.filter(Boolean).join(': ') : message;
    } catch {
      return `codec exception ${e}`;
    }
  }
  return describeThrown(e);
}

/** A copy that owns its memory (the decoder's buffer is a view into the WASM heap). */
export function copyOut(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}
