// Binary SEG pixel data (BitsAllocated 1): PS3.5 8.1.1 packs one bit per pixel, least significant bit
// first, and frames follow each other without padding (a frame may start mid-byte); only the whole
// value is padded to an even length.

/** Packs 0/1 masks (each rows·columns long, non-zero = 1) into one bit stream. */
export function packBits(frames: readonly Uint8Array[], pixelsPerFrame: number): Uint8Array {
  const totalBits = frames.length * pixelsPerFrame;
  const bytes = Math.ceil(totalBits / 8);
  const out = new Uint8Array(bytes + (bytes % 2));
  let bit = 0;
  for (const frame of frames) {
    if (frame.length !== pixelsPerFrame) throw new Error(`packBits: a frame has ${frame.length} pixels, expected ${pixelsPerFrame}`);
    for (let i = 0; i < pixelsPerFrame; i += 1, bit += 1) {
      if (frame[i]) out[bit >> 3] = out[bit >> 3]! | (1 << (bit & 7));
    }
  }
  return out;
}

/** Unpacks frame `index` (0-based) of a bit stream into a 0/1 mask. */
export function unpackFrame(bits: Uint8Array, index: number, pixelsPerFrame: number): Uint8Array {
  const start = index * pixelsPerFrame;
  if (Math.ceil((start + pixelsPerFrame) / 8) > bits.length) throw new Error(`unpackFrame: pixel data too short for frame ${index + 1}`);
  const out = new Uint8Array(pixelsPerFrame);
  for (let i = 0, bit = start; i < pixelsPerFrame; i += 1, bit += 1) out[i] = (bits[bit >> 3]! >> (bit & 7)) & 1;
  return out;
}
