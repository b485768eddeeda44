// From component planes at their own resolution to one pixel-interleaved image, upsampling as IJG
// libjpeg 6b does by default (do_fancy_upsampling), which is what DCMTK's dcmdjpeg outputs:
//   - 2:1 across (4:2:2): the triangle filter, 3/4 nearer + 1/4 further sample, rounding alternately
//     down and up (+1, +2) so there is no net bias;
//   - 2:1 across and down (4:2:0): the same filter in both directions (bias +8, +7), the row above
//     the first and below the last being the edge rows themselves;
//   - components no more than 2 samples wide, and every other integral ratio: replication.
// libjpeg-turbo adds a 1:2 (h1v2) triangle filter that libjpeg 6b lacks; like DCMTK, this replicates.
import { DecodeError } from '../../decode-error';
import type { Frame, FrameComponent } from './frame';

function copyFull(c: FrameComponent, out: Uint16Array, ci: number, n: number, width: number, height: number): void {
  const stride = c.blocksAcross * 8;
  if (n === 1) {
    for (let y = 0; y < height; y += 1) out.set(c.plane.subarray(y * stride, y * stride + width), y * width);
    return;
  }
  for (let y = 0, o = ci; y < height; y += 1) {
    const row = y * stride;
    for (let x = 0; x < width; x += 1, o += n) out[o] = c.plane[row + x]!;
  }
}

function replicate(c: FrameComponent, hx: number, vy: number, out: Uint16Array, ci: number, n: number, width: number, height: number): void {
  const stride = c.blocksAcross * 8;
  for (let y = 0, o = ci; y < height; y += 1) {
    const row = Math.floor(y / vy) * stride;
    for (let x = 0; x < width; x += 1, o += n) out[o] = c.plane[row + Math.floor(x / hx)]!;
  }
}

function h2v1Fancy(c: FrameComponent, out: Uint16Array, ci: number, n: number, width: number, height: number): void {
  const stride = c.blocksAcross * 8;
  const w = c.width;
  const line = new Uint16Array(w * 2);
  const p = c.plane;
  for (let y = 0; y < height; y += 1) {
    const row = y * stride;
    let v = p[row]!;
    line[0] = v;
    line[1] = (v * 3 + p[row + 1]! + 2) >> 2;
    for (let x = 1; x < w - 1; x += 1) {
      v = p[row + x]! * 3;
      line[2 * x] = (v + p[row + x - 1]! + 1) >> 2;
      line[2 * x + 1] = (v + p[row + x + 1]! + 2) >> 2;
    }
    v = p[row + w - 1]!;
    line[2 * w - 2] = (v * 3 + p[row + w - 2]! + 1) >> 2;
    line[2 * w - 1] = v;
    for (let x = 0, o = y * width * n + ci; x < width; x += 1, o += n) out[o] = line[x]!;
  }
}

function h2v2Fancy(c: FrameComponent, out: Uint16Array, ci: number, n: number, width: number, height: number): void {
  const stride = c.blocksAcross * 8;
  const w = c.width;
  const line = new Uint16Array(w * 2);
  const p = c.plane;
  for (let y = 0; y < height; y += 1) {
    const r = y >> 1;
    // Even output rows lean on the row above, odd ones on the row below; the edges repeat themselves.
    const near = r * stride;
    const far = ((y & 1) === 0 ? Math.max(r - 1, 0) : Math.min(r + 1, c.height - 1)) * stride;
    let last = p[near]! * 3 + p[far]!;
    let here = last;
    let next = p[near + 1]! * 3 + p[far + 1]!;
    line[0] = (here * 4 + 8) >> 4;
    line[1] = (here * 3 + next + 7) >> 4;
    last = here;
    here = next;
    for (let x = 1; x < w - 1; x += 1) {
      next = p[near + x + 1]! * 3 + p[far + x + 1]!;
      line[2 * x] = (here * 3 + last + 8) >> 4;
      line[2 * x + 1] = (here * 3 + next + 7) >> 4;
      last = here;
      here = next;
    }
    line[2 * w - 2] = (here * 3 + last + 8) >> 4;
    line[2 * w - 1] = (here * 4 + 7) >> 4;
    for (let x = 0, o = y * width * n + ci; x < width; x += 1, o += n) out[o] = line[x]!;
  }
}

/** Every component at full resolution, pixel-interleaved, colour as stored. */
export function interleaveComponents(frame: Frame): Uint16Array {
  const { width, height, components } = frame;
  const n = components.length;
  const out = new Uint16Array(width * height * n);
  components.forEach((c, ci) => {
    const hx = frame.hmax / c.h;
    const vy = frame.vmax / c.v;
    if (!Number.isInteger(hx) || !Number.isInteger(vy)) {
      throw new DecodeError('unsupported', `JPEG component ${c.id} is sampled ${c.h}×${c.v} against ${frame.hmax}×${frame.vmax}: a fractional ratio, which libjpeg does not upsample either.`);
    }
    if (hx === 1 && vy === 1) copyFull(c, out, ci, n, width, height);
    else if (hx === 2 && vy === 1 && c.width > 2) h2v1Fancy(c, out, ci, n, width, height);
    else if (hx === 2 && vy === 2 && c.width > 2) h2v2Fancy(c, out, ci, n, width, height);
    else replicate(c, hx, vy, out, ci, n, width, height);
  });
  return out;
}
