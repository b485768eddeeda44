// One file over HTTP(S) into `<target>.part`, resumable: a later run asks for the rest with a Range
// request and appends (servers that ignore Range answer 200 and the file starts over). Redirects are
// followed (Hugging Face's /resolve/ answers 302 to its CDN). The file becomes `target` only when
// complete: its length matches what the server announced and what the catalog says, and its sha256
// matches when one is published. Every failure says what happened and what to do; a connection lost
// mid-file keeps the .part so the next run resumes, a wrong checksum deletes it (it cannot be fixed
// by resuming). This is the only network access MaskCue makes, and only when the user asks for it.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { MaskcueError } from '../../common/api';

export interface DownloadProgress {
  url: string;
  /** Bytes in the .part file so far (resumed bytes included). */
  received: number;
  /** Full size when known. */
  total: number | null;
  /** Bytes that were already there when this run started. */
  resumedFrom: number;
}

export interface DownloadOptions {
  url: string;
  target: string;
  /** Exact size when published (checked before and after). */
  expectedBytes?: number | null;
  sha256?: string | null;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** A connection silent this long is given up (the .part is kept). Default 60 s. */
  idleTimeoutMs?: number;
  maxRedirects?: number;
}

export interface DownloadResult {
  bytes: number;
  sha256: string;
  resumedFrom: number;
}

const USER_AGENT = 'MaskCue model download';

/** "file.onnx (host)" for messages. */
function label(url: string): string {
  try {
    const u = new URL(url);
    return `${decodeURIComponent(u.pathname.split('/').pop() || u.pathname)} (${u.host})`;
  } catch {
    return url;
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fs.stat(path)).size;
  } catch {
    return 0;
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

interface Opened {
  response: http.IncomingMessage;
  url: string;
}

function get(url: string, headers: Record<string, string>, options: DownloadOptions, redirects: number): Promise<Opened> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new MaskcueError('INVALID_ARGUMENT', `${url} is not a valid download address.`));
  }
  const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new MaskcueError('INVALID_ARGUMENT', `MaskCue downloads only over http(s), not ${parsed.protocol} (${url}).`));
  return new Promise<Opened>((resolve, reject) => {
    const request = client.get(parsed, { headers: { 'user-agent': USER_AGENT, ...headers }, signal: options.signal }, (response) => {
      const status = response.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status) && response.headers.location) {
        response.resume();
        if (redirects >= (options.maxRedirects ?? 10)) {
          reject(new MaskcueError('DISCONNECTED', `The download of ${label(options.url)} was redirected more than ${options.maxRedirects ?? 10} times; the server may be misconfigured. Try again later.`));
          return;
        }
        resolve(get(new URL(response.headers.location, parsed).href, headers, options, redirects + 1));
        return;
      }
      resolve({ response, url });
    });
    request.setTimeout(options.idleTimeoutMs ?? 60_000, () => request.destroy(new Error(`no answer for ${Math.round((options.idleTimeoutMs ?? 60_000) / 1000)} s`)));
    request.on('error', (e: NodeJS.ErrnoException) => {
      if (options.signal?.aborted) reject(new MaskcueError('CANCELLED', `The download of ${label(options.url)} was cancelled; run the command again to resume it.`));
      else reject(new MaskcueError('DISCONNECTED', `Cannot reach ${parsed.host} to download ${label(options.url)} (${e.code ?? e.message}). Check the internet connection (or proxy), then run the command again.`));
    });
  });
}

function httpError(status: number, options: DownloadOptions): MaskcueError {
  const what = label(options.url);
  if (status === 404 || status === 410) {
    return new MaskcueError('NOT_FOUND', `The server has no file at ${options.url} (HTTP ${status}). The catalog entry may be out of date: update MaskCue, or download the model by hand and use \`maskcue models add\`.`);
  }
  if (status === 401 || status === 403) {
    return new MaskcueError('NOT_FOUND', `The server refused access to ${what} (HTTP ${status}). The file may have become private or need a login: download it by hand and use \`maskcue models add\`.`);
  }
  if (status >= 500) return new MaskcueError('DISCONNECTED', `The server failed while sending ${what} (HTTP ${status}). Try again later; the download resumes where it stopped.`);
  return new MaskcueError('DISCONNECTED', `The server answered HTTP ${status} for ${what}. Try again later.`);
}

function parseContentRange(value: string | undefined): { start: number; total: number | null } | null {
  const m = value ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim()) : null;
  if (!m) return null;
  return { start: Number(m[1]), total: m[3] === '*' ? null : Number(m[3]) };
}

export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const part = `${options.target}.part`;
  const expected = options.expectedBytes ?? null;
  let existing = await sizeOf(part);
  if (expected !== null && existing > expected) {
    await fs.rm(part, { force: true });
    existing = 0;
  }
  let resumedFrom = existing;
  let total: number | null = expected;

  if (!(expected !== null && existing === expected)) {
    let { response } = await get(options.url, existing > 0 ? { range: `bytes=${existing}-` } : {}, options, 0);
    let status = response.statusCode ?? 0;
    if (status === 416) {
      // Nothing left to send from there: the .part is complete, or not this file at all.
      response.resume();
      const announced = parseContentRange(response.headers['content-range'] as string | undefined)?.total ?? null;
      if (announced === null || announced !== existing) {
        await fs.rm(part, { force: true });
        existing = 0;
        ({ response } = await get(options.url, {}, options, 0));
        status = response.statusCode ?? 0;
      } else {
        total = announced;
      }
    }
    if (status !== 416) {
      let append = false;
      if (status === 206) {
        const range = parseContentRange(response.headers['content-range'] as string | undefined);
        if (!range || range.start !== existing) {
          response.resume();
          await fs.rm(part, { force: true });
          throw new MaskcueError('DISCONNECTED', `The server resumed ${label(options.url)} at the wrong place; the partial file was deleted. Run the command again.`);
        }
        append = existing > 0;
        total = range.total ?? total;
      } else if (status === 200) {
        // A fresh copy (the server ignored Range, or there was nothing to resume).
        existing = 0;
        resumedFrom = 0;
        const length = Number(response.headers['content-length']);
        if (Number.isFinite(length) && length >= 0 && response.headers['content-length'] !== undefined) total = length;
      } else {
        response.resume();
        throw httpError(status, options);
      }
      if (expected !== null && total !== null && total !== expected) {
        response.resume();
        throw new MaskcueError(
          'MODEL_LOAD_FAILED',
          `The server offers ${total} bytes for ${label(options.url)} but the catalog says ${expected}: the file changed upstream, or the address points elsewhere. Update MaskCue's catalog, or download the model by hand and use \`maskcue models add\`.`,
        );
      }
      let received = existing;
      const report = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          options.onProgress?.({ url: options.url, received, total, resumedFrom });
          done(null, chunk);
        },
      });
      options.onProgress?.({ url: options.url, received, total, resumedFrom });
      try {
        await pipeline(response, report, createWriteStream(part, { flags: append ? 'a' : 'w' }), { signal: options.signal });
      } catch (e) {
        if (options.signal?.aborted) {
          throw new MaskcueError('CANCELLED', `The download of ${label(options.url)} was cancelled at ${received} bytes; run the command again to resume it.`);
        }
        throw new MaskcueError(
          'DISCONNECTED',
          `The download of ${label(options.url)} stopped at ${received}${total !== null ? ` of ${total}` : ''} bytes (${e instanceof Error ? e.message : String(e)}). Run the same command again: it resumes from there.`,
        );
      }
      // A server that closes the connection early without an error still leaves a short file.
      if (!response.complete || (total !== null && received < total)) {
        throw new MaskcueError(
          'DISCONNECTED',
          `The download of ${label(options.url)} stopped at ${received}${total !== null ? ` of ${total}` : ''} bytes: the server closed the connection. Run the same command again: it resumes from there.`,
        );
      }
    }
  }

  const bytes = await sizeOf(part);
  if ((total !== null && bytes !== total) || (expected !== null && bytes !== expected)) {
    await fs.rm(part, { force: true });
    throw new MaskcueError('MODEL_LOAD_FAILED', `The downloaded ${label(options.url)} has ${bytes} bytes instead of ${expected ?? total}; it was deleted. Run the command again to download it afresh.`);
  }
  const digest = await sha256File(part);
  if (options.sha256 && digest !== options.sha256) {
    await fs.rm(part, { force: true });
    throw new MaskcueError(
      'MODEL_LOAD_FAILED',
      `The downloaded ${label(options.url)} is damaged or not the published file: its sha256 is ${digest}, the catalog says ${options.sha256}. It was deleted; run the command again to download it afresh.`,
    );
  }
  await fs.rename(part, options.target);
  return { bytes, sha256: digest, resumedFrom };
}
