// Codecs by transfer-syntax UID (DESIGN.md: registries for what grows). Adding a syntax is adding a
// Codec here; everything else (frame extraction, colour, the CLI, the conformance test) follows.
import { DecodeError } from '../decode-error';
import { describeTransferSyntax } from '../transfer-syntaxes';
import { jpeg2000Codec, htj2kCodec } from './jpeg2000';
import { jpegDctCodec } from './jpeg-dct';
import { jpegLosslessCodec } from './jpeg-lossless';
import { jpegLsCodec } from './jpeg-ls';
import { deflatedFrameCodec, encapsulatedUncompressedCodec, nativeCodec } from './native';
import { rleCodec } from './rle';
import type { Codec } from './types';

export const CODECS: readonly Codec[] = [
  nativeCodec,
  encapsulatedUncompressedCodec,
  deflatedFrameCodec,
  rleCodec,
  jpegDctCodec,
  jpegLosslessCodec,
  jpegLsCodec,
  jpeg2000Codec,
  htj2kCodec,
];

const byUid = new Map<string, Codec>();
for (const codec of CODECS) for (const uid of codec.transferSyntaxes) byUid.set(uid, codec);

export function findCodec(transferSyntaxUID: string): Codec | null {
  return byUid.get(transferSyntaxUID) ?? null;
}

export function codecFor(transferSyntaxUID: string): Codec {
  const codec = findCodec(transferSyntaxUID);
  if (!codec) {
    throw new DecodeError('unsupported', `MaskCue cannot decode ${describeTransferSyntax(transferSyntaxUID)}: no decoder for this transfer syntax.`);
  }
  return codec;
}

export function supportedTransferSyntaxes(): string[] {
  return [...byUid.keys()];
}
