// A decoded frame as main hands it to the viewer and the models. Owned by the decode feature
// (main/dicom/pixels). Stored values (before the modality LUT), so the viewer and the models apply
// the same rescale and VOI.

export type StoredPixels = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array;

export interface WindowPreset {
  center: number;
  width: number;
  explanation: string;
}

export interface LutDescriptor {
  /** Number of entries, first stored value mapped, bits per entry. */
  firstValueMapped: number;
  bitsPerEntry: number;
  data: Uint16Array;
}

export interface DecodedFrame {
  SOPInstanceUID: string;
  /** 0-based frame index. */
  frame: number;
  rows: number;
  columns: number;
  /** 1 for greyscale; 3 for colour (always converted to interleaved RGB, 8 bits per sample). */
  samplesPerPixel: 1 | 3;
  /** Colour frames arrive as RGB whatever they were stored as (YBR_*, PALETTE COLOR). */
  photometric: 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: 0 | 1;
  pixels: StoredPixels;
  minStored: number;
  maxStored: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** Modality LUT sequence, when present (replaces slope/intercept). */
  modalityLut: LutDescriptor | null;
  windows: WindowPreset[];
  voiLutFunction: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';
  voiLut: LutDescriptor | null;
  /** [row spacing, column spacing] in mm, from PixelSpacing or ImagerPixelSpacing. */
  pixelSpacing: [number, number] | null;
  lossyCompressed: boolean;
  transferSyntaxUID: string;
  decodeMs: number;
}
