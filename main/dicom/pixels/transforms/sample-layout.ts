// Reshaping decoder output into the layout the data set declares: a decoder hands back 1 or 2 bytes per
// sample, pixel-interleaved or plane by plane; DICOM may want 16 bits for 8-bit samples, the other
// planar configuration, or 1-bit packing. All outputs are new arrays, little endian.

/** Samples of `fromBytes` bytes each, re-stored in `toBytes` bytes each (zero-extended or truncated). */
export function resizeSamples(source: Uint8Array, fromBytes: number, toBytes: number): Uint8Array {
  if (fromBytes === toBytes) return source;
  const count = Math.floor(source.length / fromBytes);
  const out = new Uint8Array(count * toBytes);
  const copy = Math.min(fromBytes, toBytes);
  for (let i = 0; i < count; i += 1) {
    for (let b = 0; b < copy; b += 1) out[i * toBytes + b] = source[i * fromBytes + b]!;
  }
  return out;
}

/** RGBRGB... -> RRR...GGG...BBB... */
export function interleavedToPlanar(source: Uint8Array, pixels: number, samples: number, bytesPerSample: number): Uint8Array {
  const out = new Uint8Array(pixels * samples * bytesPerSample);
  if (bytesPerSample === 1) {
    // The common case (8-bit colour), without the inner byte loop: several times faster.
    for (let s = 0; s < samples; s += 1) {
      const base = s * pixels;
      for (let p = 0, from = s; p < pixels; p += 1, from += samples) out[base + p] = source[from]!;
    }
    return out;
  }
  for (let p = 0; p < pixels; p += 1) {
    for (let s = 0; s < samples; s += 1) {
      const from = (p * samples + s) * bytesPerSample;
      const to = (s * pixels + p) * bytesPerSample;
      for (let b = 0; b < bytesPerSample; b += 1) out[to + b] = source[from + b]!;
    }
  }
  return out;
}

/** RRR...GGG...BBB... -> RGBRGB... */
export function planarToInterleaved(source: Uint8Array, pixels: number, samples: number, bytesPerSample: number): Uint8Array {
  const out = new Uint8Array(pixels * samples * bytesPerSample);
  if (bytesPerSample === 1) {
    for (let s = 0; s < samples; s += 1) {
      const base = s * pixels;
      for (let p = 0, to = s; p < pixels; p += 1, to += samples) out[to] = source[base + p]!;
    }
    return out;
  }
  for (let s = 0; s < samples; s += 1) {
    for (let p = 0; p < pixels; p += 1) {
      const from = (s * pixels + p) * bytesPerSample;
      const to = (p * samples + s) * bytesPerSample;
      for (let b = 0; b < bytesPerSample; b += 1) out[to + b] = source[from + b]!;
    }
  }
  return out;
}

/** One byte per pixel (non-zero = 1) -> 1 bit per pixel, least significant bit first (PS3.5 8.1.1). */
export function packBits(source: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(count / 8));
  for (let i = 0; i < count; i += 1) if (source[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** 1 bit per pixel -> one byte per pixel (0 or 1). */
export function unpackBits(source: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i += 1) out[i] = (source[i >> 3]! >> (i & 7)) & 1;
  return out;
}
