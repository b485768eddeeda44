// Checks on Pixel Data that need no pixel bytes: is the image size sane (an allocation bomb claims
// 65535 × 65535 pixels in a 1 KB file), and is the pixel data really in the file (a truncated copy
// still has a perfect header). The decoder refuses the same things again before it allocates; doing
// it at import tells the radiologist at once instead of at the first click.
import { NATIVE_TRANSFER_SYNTAXES } from '../../common/dicom/uids';
import type { InstanceAttributes, PixelDataInfo } from './attributes';
import type { ByteSource } from './file-source';
import { PIXEL_DATA, type ParsedHeader } from './read-header';
import * as reasons from './reasons';

/** Largest frame MaskCue will decode: 1 GiB (a 4096 × 5632 × 16-bit mammogram is 44 MiB). */
export const MAX_FRAME_BYTES = 2 ** 30;

// Past this many fragments we stop walking them: a real 3000-frame cine has 3000.
const MAX_FRAGMENTS_WALKED = 200_000;

export function frameSize(attributes: Pick<InstanceAttributes, 'Rows' | 'Columns'>, pixel: PixelDataInfo): reasons.FrameSize {
  const bits = pixel.tag === PIXEL_DATA ? pixel.BitsAllocated : pixel.tag === 'x7fe00009' ? 64 : 32;
  // Plain doubles: 65535 × 65535 × 4 samples × 64 bits is far inside 2^53, so nothing overflows here.
  const bytesPerFrame = Math.ceil((attributes.Rows * attributes.Columns * pixel.SamplesPerPixel * bits) / 8);
  return { rows: attributes.Rows, columns: attributes.Columns, samples: pixel.SamplesPerPixel, bitsAllocated: bits, bytesPerFrame };
}

/** The refusal for an absurd image size, or null when it is sane. */
export function checkPixelBudget(attributes: InstanceAttributes, limit = MAX_FRAME_BYTES): string | null {
  const pixel = attributes.pixelData;
  if (!pixel) return null;
  const size = frameSize(attributes, pixel);
  return size.bytesPerFrame > limit ? reasons.imageTooLarge(size, limit) : null;
}

/** Whether the pixel data the header declares is present in the file; null when it is. */
export async function checkPixelPresence(
  attributes: InstanceAttributes,
  header: ParsedHeader,
  source: ByteSource,
): Promise<string | null> {
  const pixel = attributes.pixelData;
  // Offsets of a deflated data set point into the inflated bytes; the inflater already failed on a short stream.
  if (!pixel || header.deflated) return null;
  if (pixel.length === null) return checkFragments(pixel.dataOffset, attributes.NumberOfFrames, source);
  const present = Math.max(0, source.size - pixel.dataOffset);
  if (pixel.length > present) return reasons.pixelDataTruncated(pixel.length, present);
  if (pixel.tag === PIXEL_DATA && NATIVE_TRANSFER_SYNTAXES.has(attributes.TransferSyntaxUID)) {
    const size = frameSize(attributes, pixel);
    // Native YBR_FULL_422 stores two samples per pixel (Cb and Cr shared by pixel pairs), not three.
    const samples = pixel.PhotometricInterpretation === 'YBR_FULL_422' ? 2 : pixel.SamplesPerPixel;
    const needed = Math.ceil((attributes.Rows * attributes.Columns * samples * pixel.BitsAllocated * attributes.NumberOfFrames) / 8);
    if (pixel.length < needed) return reasons.pixelDataTooShort(pixel.length, needed, attributes.NumberOfFrames, size);
  }
  return null;
}

const hex4 = (value: number): string => value.toString(16).toUpperCase().padStart(4, '0');

/**
 * Walks the item headers of encapsulated pixel data (8 bytes each, skipping the compressed bytes):
 * the Basic Offset Table item, one or more fragments per frame, then the sequence delimiter.
 */
async function checkFragments(start: number, frames: number, source: ByteSource): Promise<string | null> {
  let position = start;
  let items = 0;
  while (items <= MAX_FRAGMENTS_WALKED) {
    if (position + 8 > source.size) return reasons.missingSequenceDelimiter(Math.max(0, items - 1));
    const header = await source.read(position, 8);
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    const group = view.getUint16(0, true);
    const element = view.getUint16(2, true);
    const length = view.getUint32(4, true);
    if (group === 0xfffe && element === 0xe0dd) break;
    if (group !== 0xfffe || element !== 0xe000) return reasons.badFragment(position, `(${hex4(group)},${hex4(element)})`);
    if (length === 0xffffffff) return reasons.badFragment(position, 'an item of undefined length');
    const present = source.size - position - 8;
    // Item 0 is the Basic Offset Table; fragments are numbered from 1 as a person counts them.
    if (length > present) return reasons.fragmentTruncated(items, length, present);
    position += 8 + length;
    items += 1;
  }
  const fragments = Math.max(0, items - 1);
  if (items <= MAX_FRAGMENTS_WALKED && fragments < frames) return reasons.tooFewFragments(frames, fragments);
  return null;
}
