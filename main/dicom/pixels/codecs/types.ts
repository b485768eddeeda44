// The codec contract. A codec turns one frame's bytes (compressed, or native in the file's byte
// order) into the frame as it would stand uncompressed in Explicit VR Little Endian: that is what
// `maskcue decode --raw` writes and what the conformance test compares with DCMTK and GDCM. Colour
// conversion for display happens later (transforms/), never in a codec, except where the
// compressed format itself carries the colour transform (JPEG YCbCr, J2K RCT/ICT): the codec then
// reports the photometric interpretation it produced, as the peers' decompressors do.
import type { ImageInfo } from '../dataset/image-info';
import type { FrameStartMarker } from '../frame-bytes';

export interface CodecInput {
  /** One frame: compressed bytes for an encapsulated syntax, stored bytes for a native one. */
  data: Uint8Array;
  info: ImageInfo;
}

export interface NativeFrame {
  /**
   * Samples little endian, BitsAllocated each (1-bit packed LSB first), laid out as
   * `photometricInterpretation` and `planarConfiguration` say. May be a view into the file or a
   * codec's memory: copy before keeping it past the next decode.
   */
  bytes: Uint8Array;
  photometricInterpretation: string;
  planarConfiguration: 0 | 1;
  bitsAllocated: number;
}

export interface Codec {
  /** Shown in messages and in the benchmark, e.g. 'JPEG-LS (CharLS)'. */
  readonly name: string;
  readonly transferSyntaxes: readonly string[];
  /** True when Pixel Data is a sequence of fragments. */
  readonly encapsulated: boolean;
  /** How to find frame starts when an encapsulated multi-frame has no offset table. */
  readonly frameStart: FrameStartMarker;
  decode(input: CodecInput): Promise<NativeFrame>;
}
