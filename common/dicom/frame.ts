// A decoded frame as main hands it to the viewer and the models. Owned by the decode feature
// (main/dicom/pixels). Stored values (before the modality LUT), so the viewer and the models apply
// the same rescale and VOI; main never bakes a window into the pixels.

export type StoredPixels = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array;

export interface WindowPreset {
  center: number;
  width: number;
  /** WindowCenterWidthExplanation for this pair; '' when the file gives none. */
  explanation: string;
}

export interface LutDescriptor {
  /** First stored value mapped (LUT Descriptor value 2); values below it map to entry 0. */
  firstValueMapped: number;
  /** Bits per entry (LUT Descriptor value 3, corrected to 16 when the data needs it). */
  bitsPerEntry: number;
  data: Uint16Array;
  /** LUTExplanation; '' when the file gives none. */
  explanation: string;
}

export type PhotometricDelivered = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';

export interface DecodedFrame {
  SOPInstanceUID: string;
  /** 0-based frame index. */
  frame: number;
  numberOfFrames: number;
  rows: number;
  columns: number;
  /** 1 for greyscale; 3 for colour (always converted to interleaved RGB, 8 bits per sample). */
  samplesPerPixel: 1 | 3;
  /** Colour frames arrive as RGB whatever they were stored as (YBR_*, PALETTE COLOR). */
  photometric: PhotometricDelivered;
  /** PhotometricInterpretation as the file stored it ('YBR_FULL_422', 'PALETTE COLOR', ...). */
  sourcePhotometric: string;
  /**
   * Bits per element of `pixels` (8, 16 or 32). 1-bit data (segmentations) arrives unpacked, one
   * byte per pixel (0 or 1), with bitsAllocated 8 and bitsStored 1.
   */
  bitsAllocated: number;
  /** Bits of each value that carry data; values are already masked (and sign-extended if signed). */
  bitsStored: number;
  pixelRepresentation: 0 | 1;
  /** Float32Array for Float Pixel Data / Double Float Pixel Data (parametric maps). */
  pixels: StoredPixels;
  minStored: number;
  maxStored: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** RescaleType ('HU', 'US', ...); '' when absent. */
  rescaleType: string;
  /** Modality LUT sequence, when present (replaces slope/intercept). */
  modalityLut: LutDescriptor | null;
  /** Every window the file offers (per frame for enhanced multi-frame), in file order. */
  windows: WindowPreset[];
  voiLutFunction: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';
  /** First VOI LUT of the VOI LUT sequence, when present (used when no window is chosen). */
  voiLut: LutDescriptor | null;
  /** PresentationLUTShape: 'INVERSE' flips the display after VOI; null when absent. */
  presentationLutShape: 'IDENTITY' | 'INVERSE' | null;
  /** PixelPaddingValue (and range limit) in stored values: pixels the viewer may show as background. */
  pixelPadding: { value: number; rangeLimit: number | null } | null;
  /** [row spacing, column spacing] in mm, from PixelSpacing or ImagerPixelSpacing. */
  pixelSpacing: [number, number] | null;
  lossyCompressed: boolean;
  transferSyntaxUID: string;
  decodeMs: number;
}
