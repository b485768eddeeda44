// `maskcue decode FILE [--frame N] [--raw OUT] [--json]`: one frame through the same decoder as the
// app (main/dicom/pixels), in this process (no worker needed: the CLI is its own process).
// --raw writes the frame's pixel data exactly as it would stand uncompressed in Explicit VR Little
// Endian: stored values, BitsAllocated per sample (1-bit packed), in the layout DCMTK and GDCM write
// when they decompress: JPEG YCbCr (YBR_FULL, YBR_FULL_422) and JPEG 2000 YBR_RCT/YBR_ICT come out
// as RGB, pixel-interleaved; everything else keeps its photometric interpretation and planar
// configuration. --json describes that layout. Frames count from 0, as in the app.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { MaskcueError } from '../../common/api';
import { toMaskcueError } from '../dicom/pixels/decode-error';
import { decodeStoredFrame, openImage } from '../dicom/pixels/decode-frame';

export interface DecodeCommandOptions {
  frame?: number;
  raw?: string;
  json?: boolean;
}

/** What --json prints: the layout of the bytes --raw writes. */
export interface DecodeSummary {
  frame: number;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
  planarConfiguration: number;
  numberOfFrames: number;
  transferSyntaxUID: string;
}

/** commander parser for --frame. */
export function frameOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a frame index is a whole number from 0.');
  return n;
}

function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = join(dirname(path), `.${process.pid}.${Date.now()}.maskcue-raw.tmp`);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new MaskcueError('INVALID_ARGUMENT', `Cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function decodeCommand(file: string, options: DecodeCommandOptions): Promise<void> {
  const frame = options.frame ?? 0;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new MaskcueError('NOT_FOUND', `Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let summary: DecodeSummary;
  try {
    const image = openImage(bytes);
    const native = await decodeStoredFrame(image, frame);
    const { info } = image;
    summary = {
      frame,
      rows: info.rows,
      columns: info.columns,
      samplesPerPixel: info.samplesPerPixel,
      bitsAllocated: native.bitsAllocated,
      bitsStored: info.bitsStored,
      pixelRepresentation: info.pixelRepresentation,
      photometricInterpretation: native.photometricInterpretation,
      planarConfiguration: native.planarConfiguration,
      numberOfFrames: info.numberOfFrames,
      transferSyntaxUID: info.transferSyntaxUID,
    };
    if (options.raw) writeAtomically(options.raw, native.bytes);
  } catch (e) {
    throw toMaskcueError(e);
  }
  if (options.json) {
    console.log(JSON.stringify(summary));
  } else if (!options.raw) {
    const s = summary;
    console.log(
      `${file}: frame ${s.frame} of ${s.numberOfFrames}, ${s.columns}×${s.rows}, ${s.samplesPerPixel} sample(s) ${s.photometricInterpretation}` +
        `${s.samplesPerPixel > 1 ? ` planar ${s.planarConfiguration}` : ''}, ${s.bitsStored}/${s.bitsAllocated} bits ${s.pixelRepresentation ? 'signed' : 'unsigned'}, ${s.transferSyntaxUID}`,
    );
  }
}
