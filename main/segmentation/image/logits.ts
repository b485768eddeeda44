// Mask logits between grids. The final mask is the official SAM2 post-processing:
// F.interpolate(low_res, (H, W), mode='bilinear', align_corners=False) then > 0 — plain bilinear
// sampling at half-pixel centres (no antialias, also when the image is smaller than the grid), fused
// with the threshold and done separably, because at 2048² it runs on every click.

function sampleAxis(inSize: number, outSize: number): { i0: Int32Array; i1: Int32Array; f: Float32Array } {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const f = new Float32Array(outSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o += 1) {
    // PyTorch's area_pixel_compute_source_index for align_corners=False: negative sources clamp to 0.
    const src = Math.max(0, (o + 0.5) * scale - 0.5);
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0[o] = lo;
    i1[o] = Math.min(lo + 1, inSize - 1);
    f[o] = src - lo;
  }
  return { i0, i1, f };
}

/** Horizontal pass shared by both outputs: inH rows × outW columns. */
function horizontal(src: Float32Array, inW: number, inH: number, outW: number): Float32Array {
  const xs = sampleAxis(inW, outW);
  const tmp = new Float32Array(inH * outW);
  for (let y = 0; y < inH; y += 1) {
    const row = y * inW;
    const rowOut = y * outW;
    for (let x = 0; x < outW; x += 1) {
      const a = src[row + xs.i0[x]!]!;
      tmp[rowOut + x] = a + (src[row + xs.i1[x]!]! - a) * xs.f[x]!;
    }
  }
  return tmp;
}

/** Bilinear resize (align_corners=False) of a float grid. */
export function resizeLogits(src: Float32Array, inW: number, inH: number, outW: number, outH: number): Float32Array {
  if (inW === outW && inH === outH) return src.slice();
  const tmp = horizontal(src, inW, inH, outW);
  const ys = sampleAxis(inH, outH);
  const out = new Float32Array(outW * outH);
  for (let y = 0; y < outH; y += 1) {
    const r0 = ys.i0[y]! * outW;
    const r1 = ys.i1[y]! * outW;
    const fy = ys.f[y]!;
    const rowOut = y * outW;
    for (let x = 0; x < outW; x += 1) {
      const a = tmp[r0 + x]!;
      out[rowOut + x] = a + (tmp[r1 + x]! - a) * fy;
    }
  }
  return out;
}

/**
 * The mask: bilinear upsample then > 0, as 0/1 bytes. A bilinear value is a convex combination of
 * its four source cells, so where all four have the same sign the whole run of output pixels
 * between them does too: those runs are filled, and only runs straddling the zero crossing are
 * computed per pixel (same arithmetic as resizeLogits). At 2048² from 256² that is the outline's
 * runs instead of 4 M interpolations — this runs on every click.
 */
export function upsampleToMask(src: Float32Array, inW: number, inH: number, outW: number, outH: number): Uint8Array {
  const xs = sampleAxis(inW, outW);
  const ys = sampleAxis(inH, outH);
  const out = new Uint8Array(outW * outH);
  // Column runs sharing the same pair of source columns.
  const runStart: number[] = [];
  for (let x = 0; x < outW; x += 1) {
    if (x === 0 || xs.i0[x] !== xs.i0[x - 1] || xs.i1[x] !== xs.i1[x - 1]) runStart.push(x);
  }
  runStart.push(outW);
  const runs = runStart.length - 1;
  const mixed = new Int32Array(runs);
  const spanFrom = new Int32Array(runs);
  const spanTo = new Int32Array(runs);
  // Output rows in blocks sharing the same pair of source rows: the runs' signs are classified once
  // per block (they do not depend on the row's weight), positive runs merged into spans to fill.
  let y = 0;
  while (y < outH) {
    const pair0 = ys.i0[y]!;
    const pair1 = ys.i1[y]!;
    let yEnd = y + 1;
    while (yEnd < outH && ys.i0[yEnd] === pair0 && ys.i1[yEnd] === pair1) yEnd += 1;
    const r0 = pair0 * inW;
    const r1 = pair1 * inW;
    let mixedCount = 0;
    let spans = 0;
    for (let k = 0; k < runs; k += 1) {
      const x0 = runStart[k]!;
      const c0 = xs.i0[x0]!;
      const c1 = xs.i1[x0]!;
      const a = src[r0 + c0]!;
      const b = src[r0 + c1]!;
      const c = src[r1 + c0]!;
      const d = src[r1 + c1]!;
      if (a > 0 && b > 0 && c > 0 && d > 0) {
        if (spans > 0 && spanTo[spans - 1] === x0) spanTo[spans - 1] = runStart[k + 1]!;
        else {
          spanFrom[spans] = x0;
          spanTo[spans] = runStart[k + 1]!;
          spans += 1;
        }
      } else if (!(a <= 0 && b <= 0 && c <= 0 && d <= 0)) {
        mixed[mixedCount] = k;
        mixedCount += 1;
      }
    }
    for (let row = y; row < yEnd; row += 1) {
      const rowOut = row * outW;
      for (let s = 0; s < spans; s += 1) out.fill(1, rowOut + spanFrom[s]!, rowOut + spanTo[s]!);
      if (mixedCount === 0) continue;
      const fy = ys.f[row]!;
      for (let m = 0; m < mixedCount; m += 1) {
        const k = mixed[m]!;
        const x0 = runStart[k]!;
        const x1 = runStart[k + 1]!;
        const c0 = xs.i0[x0]!;
        const c1 = xs.i1[x0]!;
        const a = src[r0 + c0]!;
        const b = src[r0 + c1]!;
        const c = src[r1 + c0]!;
        const d = src[r1 + c1]!;
        for (let x = x0; x < x1; x += 1) {
          const fx = xs.f[x]!;
          const top = Math.fround(a + (b - a) * fx);
          const bottom = Math.fround(c + (d - c) * fx);
          out[rowOut + x] = top + (bottom - top) * fy > 0 ? 1 : 0;
        }
      }
    }
    y = yEnd;
  }
  return out;
}

/** Threshold full-resolution logits (families that upsample in the graph). */
export function thresholdLogits(src: Float32Array | Uint8Array, offset: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i += 1) out[i] = src[offset + i]! > 0 ? 1 : 0;
  return out;
}

/**
 * Box-average shrink of full-resolution logits onto the low-res grid, for families that return only
 * upsampled masks (ibaiGorordo): the closest thing to the decoder's own low-res logits we can feed
 * back as mask input. Clamped to ±32 like the exports clamp theirs.
 */
export function shrinkLogits(src: Float32Array, offset: number, inW: number, inH: number, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  for (let oy = 0; oy < outH; oy += 1) {
    const y0 = Math.floor((oy * inH) / outH);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * inH) / outH));
    for (let ox = 0; ox < outW; ox += 1) {
      const x0 = Math.floor((ox * inW) / outW);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * inW) / outW));
      let acc = 0;
      for (let y = y0; y < y1 && y < inH; y += 1) {
        const row = offset + y * inW;
        for (let x = x0; x < x1 && x < inW; x += 1) acc += src[row + x]!;
      }
      const n = (Math.min(y1, inH) - y0) * (Math.min(x1, inW) - x0);
      out[oy * outW + ox] = Math.max(-32, Math.min(32, n > 0 ? acc / n : 0));
    }
  }
  return out;
}
