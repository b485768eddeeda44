// A small DCT JPEG encoder for the decoder's unit specs (test support only; nothing at run time
// imports it). 8- or 12-bit, 1 to 4 components with any sampling factors, a float forward DCT, the
// T.81 Annex K example quantisation tables scaled, Huffman tables optimised per scan (K.2), and:
//   - sequential scans, all components interleaved or one scan per component;
//   - progressive scans with spectral selection and successive approximation, end-of-band runs;
//   - restart intervals.
// The same coefficients come out of every layout, so a decoder must give the same samples for all.

export interface EncodeComponent {
  h: number;
  v: number;
  /** Full-resolution samples, width × height; averaged down to the component's sampling. */
  samples: ArrayLike<number>;
  /** Quantisation table 0 (luminance) or 1 (chrominance). */
  table?: 0 | 1;
}

export interface ProgressiveScan {
  /** Indices into components; more than one only for DC scans. */
  components: number[];
  ss: number;
  se: number;
  ah: number;
  al: number;
}

export interface EncodeOptions {
  width: number;
  height: number;
  precision: 8 | 12;
  components: EncodeComponent[];
  /** Quantisation table scale (1: Annex K tables as printed). */
  quality?: number;
  /** 'interleaved' (default): one sequential scan; 'separate': one sequential scan per component; 'progressive'. */
  layout?: 'interleaved' | 'separate' | 'progressive';
  /** Progressive script; default: DC with one refinement bit, two AC bands, two AC refinements. */
  script?: ProgressiveScan[];
  restartInterval?: number;
  /** SOF marker: 0xC0 or 0xC1 for sequential (default C0 at 8 bits, C1 at 12). */
  sof?: number;
  /** Component identifiers (default 1, 2, 3...). */
  ids?: number[];
}

const LUMINANCE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81,
  104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMINANCE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44,
  51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

export const DEFAULT_SCRIPT = (components: number): ProgressiveScan[] => {
  const all = Array.from({ length: components }, (_, i) => i);
  const each = (f: (c: number) => ProgressiveScan) => all.map(f);
  return [
    { components: all, ss: 0, se: 0, ah: 0, al: 1 },
    ...each((c) => ({ components: [c], ss: 1, se: 5, ah: 0, al: 2 })),
    ...each((c) => ({ components: [c], ss: 6, se: 63, ah: 0, al: 2 })),
    ...each((c) => ({ components: [c], ss: 1, se: 63, ah: 2, al: 1 })),
    { components: all, ss: 0, se: 0, ah: 1, al: 0 },
    ...each((c) => ({ components: [c], ss: 1, se: 63, ah: 1, al: 0 })),
  ];
};

type Op = { sym: number; table: number } | { bits: number; n: number } | { rst: number };

class Bytes {
  out: number[] = [];
  marker(m: number, body: number[]) {
    this.out.push(0xff, m, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  }
}

/** Huffman code lengths limited to 16 bits (T.81 K.2), as BITS and HUFFVAL. */
function huffmanTable(freq: number[]): { bits: number[]; values: number[] } {
  const f = [...freq, 1]; // symbol 256 reserves the all-ones code
  const size = new Array<number>(257).fill(0);
  const others = new Array<number>(257).fill(-1);
  for (;;) {
    let v1 = -1;
    let v2 = -1;
    for (let i = 0; i < 257; i += 1) if (f[i]! > 0 && (v1 < 0 || f[i]! <= f[v1]!)) v1 = i;
    for (let i = 0; i < 257; i += 1) if (f[i]! > 0 && i !== v1 && (v2 < 0 || f[i]! <= f[v2]!)) v2 = i;
    if (v2 < 0) break;
    f[v1]! += f[v2]!;
    f[v2] = 0;
    size[v1]! += 1;
    while (others[v1]! >= 0) {
      v1 = others[v1]!;
      size[v1]! += 1;
    }
    others[v1] = v2;
    size[v2]! += 1;
    while (others[v2]! >= 0) {
      v2 = others[v2]!;
      size[v2]! += 1;
    }
  }
  const count = new Array<number>(33).fill(0);
  for (let i = 0; i < 257; i += 1) if (size[i]! > 0) count[size[i]!]! += 1;
  for (let i = 32; i > 16; i -= 1) {
    while (count[i]! > 0) {
      let j = i - 2;
      while (count[j] === 0) j -= 1;
      count[i]! -= 2;
      count[i - 1]! += 1;
      count[j + 1]! += 2;
      count[j]! -= 1;
    }
  }
  let i = 16;
  while (count[i] === 0) i -= 1;
  count[i]! -= 1; // drop the reserved symbol
  const values: number[] = [];
  for (let l = 1; l <= 32; l += 1) for (let s = 0; s < 256; s += 1) if (size[s] === l) values.push(s);
  return { bits: count.slice(1, 17), values };
}

function codes(bits: number[], values: number[]): Map<number, { code: number; length: number }> {
  const map = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l += 1) {
    for (let i = 0; i < bits[l - 1]!; i += 1) map.set(values[k++]!, { code: code++, length: l });
    code <<= 1;
  }
  return map;
}

const category = (v: number) => (v === 0 ? 0 : Math.floor(Math.log2(Math.abs(v))) + 1);
const magnitudeBits = (v: number, s: number) => (v >= 0 ? v : v + (1 << s) - 1);

interface Comp {
  h: number;
  v: number;
  width: number;
  height: number;
  blocksAcross: number;
  blocksDown: number;
  /** Quantised coefficients, natural order, 64 per block. */
  coefs: Int32Array;
  table: number;
}

export function encodeJpeg(options: EncodeOptions): Uint8Array {
  const { width, height, precision } = options;
  const layout = options.layout ?? 'interleaved';
  const center = 1 << (precision - 1);
  const hmax = Math.max(...options.components.map((c) => c.h));
  const vmax = Math.max(...options.components.map((c) => c.v));
  const mcusAcross = Math.ceil(width / (8 * hmax));
  const mcusDown = Math.ceil(height / (8 * vmax));
  const quality = options.quality ?? 1;
  const quant = [LUMINANCE, CHROMINANCE].map((t) => t.map((q) => Math.max(1, Math.min(65535, Math.round(q * quality)))));
  const cos = Array.from({ length: 64 }, (_, i) => Math.cos(((2 * (i >> 3) + 1) * (i & 7) * Math.PI) / 16)); // [x][u]

  const comps: Comp[] = options.components.map((c) => {
    const cw = Math.ceil((width * c.h) / hmax);
    const ch = Math.ceil((height * c.v) / vmax);
    const sx = hmax / c.h;
    const sy = vmax / c.v;
    const blocksAcross = mcusAcross * c.h;
    const blocksDown = mcusDown * c.v;
    const table = c.table ?? 0;
    // Downsample by averaging; pad by repeating the last sample.
    const sample = (x: number, y: number) => {
      const cx = Math.min(x, cw - 1);
      const cy = Math.min(y, ch - 1);
      let sum = 0;
      let n = 0;
      for (let dy = 0; dy < sy; dy += 1)
        for (let dx = 0; dx < sx; dx += 1) {
          const X = Math.min(cx * sx + dx, width - 1);
          const Y = Math.min(cy * sy + dy, height - 1);
          sum += c.samples[Y * width + X]!;
          n += 1;
        }
      return Math.round(sum / n);
    };
    const coefs = new Int32Array(blocksAcross * blocksDown * 64);
    const block = new Float64Array(64);
    for (let by = 0; by < blocksDown; by += 1)
      for (let bx = 0; bx < blocksAcross; bx += 1) {
        for (let i = 0; i < 64; i += 1) block[i] = sample(bx * 8 + (i & 7), by * 8 + (i >> 3)) - center;
        for (let v = 0; v < 8; v += 1)
          for (let u = 0; u < 8; u += 1) {
            let s = 0;
            for (let y = 0; y < 8; y += 1) for (let x = 0; x < 8; x += 1) s += block[y * 8 + x]! * cos[x * 8 + u]! * cos[y * 8 + v]!;
            s *= (u === 0 ? Math.SQRT1_2 : 1) * (v === 0 ? Math.SQRT1_2 : 1) * 0.25;
            coefs[(by * blocksAcross + bx) * 64 + v * 8 + u] = Math.round(s / quant[table]![v * 8 + u]!);
          }
      }
    return { h: c.h, v: c.v, width: cw, height: ch, blocksAcross, blocksDown, coefs, table };
  });

  const out = new Bytes();
  out.out.push(0xff, 0xd8);
  for (const t of [0, 1]) {
    if (!comps.some((c) => c.table === t)) continue;
    const wide = quant[t]!.some((q) => q > 255);
    const body = [(wide ? 0x10 : 0) | t];
    for (let k = 0; k < 64; k += 1) {
      const q = quant[t]![ZIGZAG[k]!]!;
      if (wide) body.push(q >> 8, q & 0xff);
      else body.push(q);
    }
    out.marker(0xdb, body);
  }
  const sof = layout === 'progressive' ? 0xc2 : (options.sof ?? (precision === 8 ? 0xc0 : 0xc1));
  const ids = options.ids ?? comps.map((_, i) => i + 1);
  out.marker(sof, [precision, height >> 8, height & 0xff, width >> 8, width & 0xff, comps.length, ...comps.flatMap((c, i) => [ids[i]!, (c.h << 4) | c.v, c.table])]);
  const ri = options.restartInterval ?? 0;
  if (ri > 0) out.marker(0xdd, [ri >> 8, ri & 0xff]);

  const scans: ProgressiveScan[] =
    layout === 'progressive'
      ? (options.script ?? DEFAULT_SCRIPT(comps.length))
      : layout === 'separate'
        ? comps.map((_, i) => ({ components: [i], ss: 0, se: 63, ah: 0, al: 0 }))
        : [{ components: comps.map((_, i) => i), ss: 0, se: 63, ah: 0, al: 0 }];

  for (const scan of scans) {
    const ops: Op[] = [];
    const dcTable = (i: number) => i; // table slot = position in scan
    const acTable = (i: number) => 4 + i;
    const preds = scan.components.map(() => 0);
    let eobrun = 0;
    let pendingBits: Op[] = [];
    const flushEob = (table: number) => {
      if (eobrun === 0) return;
      const r = Math.floor(Math.log2(eobrun));
      ops.push({ sym: r << 4, table }, { bits: eobrun - (1 << r), n: r });
      ops.push(...pendingBits);
      eobrun = 0;
      pendingBits = [];
    };
    const progressive = layout === 'progressive';
    const encodeBlock = (i: number, c: Comp, coefs: Int32Array, at: number) => {
      const q = (k: number) => coefs[at + ZIGZAG[k]!]!;
      if (!progressive) {
        const dc = q(0) - preds[i]!;
        preds[i] = q(0);
        const s = category(dc);
        ops.push({ sym: s, table: dcTable(i) }, { bits: magnitudeBits(dc, s), n: s });
        let run = 0;
        for (let k = 1; k < 64; k += 1) {
          const v = q(k);
          if (v === 0) {
            run += 1;
            continue;
          }
          while (run > 15) {
            ops.push({ sym: 0xf0, table: acTable(i) });
            run -= 16;
          }
          const s2 = category(v);
          ops.push({ sym: (run << 4) | s2, table: acTable(i) }, { bits: magnitudeBits(v, s2), n: s2 });
          run = 0;
        }
        if (run > 0) ops.push({ sym: 0, table: acTable(i) });
        return;
      }
      const { ss, se, ah, al } = scan;
      if (ss === 0) {
        if (ah === 0) {
          const v = q(0) >> al; // arithmetic shift (G.1.2.1)
          const dc = v - preds[i]!;
          preds[i] = v;
          const s = category(dc);
          ops.push({ sym: s, table: dcTable(i) }, { bits: magnitudeBits(dc, s), n: s });
        } else {
          ops.push({ bits: (q(0) >> al) & 1, n: 1 });
        }
        return;
      }
      const table = acTable(i);
      // Point transform of AC coefficients: magnitude shifted, sign kept (G.1.2.2).
      const pt = (v: number, shift: number) => (v < 0 ? -(-v >> shift) : v >> shift);
      if (ah === 0) {
        let run = 0;
        for (let k = ss; k <= se; k += 1) {
          const v = pt(q(k), al);
          if (v === 0) {
            run += 1;
            continue;
          }
          flushEob(table);
          while (run > 15) {
            ops.push({ sym: 0xf0, table });
            run -= 16;
          }
          const s = category(v);
          ops.push({ sym: (run << 4) | s, table }, { bits: magnitudeBits(v, s), n: s });
          run = 0;
        }
        if (run > 0) {
          eobrun += 1;
          if (eobrun === 0x7fff) flushEob(table);
        }
        return;
      }
      // Refinement: events since the last symbol (zero-history coefficient, or a correction bit).
      let events: ({ zero: true } | Op)[] = [];
      for (let k = ss; k <= se; k += 1) {
        const v = pt(q(k), al);
        const before = pt(q(k), ah);
        if (before !== 0) {
          events.push({ bits: Math.abs(v) & 1, n: 1 });
        } else if (v === 0) {
          events.push({ zero: true });
        } else {
          flushEob(table);
          // ZRLs for each 16 zero-history coefficients, with the correction bits passed on the way.
          let zeros = 0;
          let bits: Op[] = [];
          for (const e of events) {
            if ('zero' in e) {
              zeros += 1;
              if (zeros === 16) {
                ops.push({ sym: 0xf0, table }, ...bits);
                zeros = 0;
                bits = [];
              }
            } else bits.push(e);
          }
          ops.push({ sym: (zeros << 4) | 1, table }, { bits: v > 0 ? 1 : 0, n: 1 }, ...bits);
          events = [];
        }
      }
      if (events.length > 0) {
        eobrun += 1;
        for (const e of events) if (!('zero' in e)) pendingBits.push(e);
        if (eobrun === 0x7fff) flushEob(table);
      }
    };

    const single = scan.components.length === 1;
    const first = comps[scan.components[0]!]!;
    const across = single ? Math.ceil(first.width / 8) : mcusAcross;
    const down = single ? Math.ceil(first.height / 8) : mcusDown;
    let rst = 0;
    for (let mcu = 0; mcu < across * down; mcu += 1) {
      if (ri > 0 && mcu > 0 && mcu % ri === 0) {
        flushEob(acTable(0));
        ops.push({ rst: rst });
        rst = (rst + 1) & 7;
        preds.fill(0);
      }
      const row = Math.floor(mcu / across);
      const col = mcu % across;
      scan.components.forEach((ci, i) => {
        const c = comps[ci]!;
        if (single) encodeBlock(i, c, c.coefs, (row * c.blocksAcross + col) * 64);
        else
          for (let by = 0; by < c.v; by += 1)
            for (let bx = 0; bx < c.h; bx += 1) encodeBlock(i, c, c.coefs, ((row * c.v + by) * c.blocksAcross + col * c.h + bx) * 64);
      });
    }
    flushEob(acTable(0));

    // Huffman tables for this scan, from its own statistics.
    const freq = new Map<number, number[]>();
    for (const op of ops) if ('sym' in op) (freq.get(op.table) ?? freq.set(op.table, new Array<number>(256).fill(0)).get(op.table)!)[op.sym]! += 1;
    const tableCodes = new Map<number, Map<number, { code: number; length: number }>>();
    for (const [slot, f] of [...freq.entries()].sort(([a], [b]) => a - b)) {
      const { bits, values } = huffmanTable(f);
      out.marker(0xc4, [((slot >= 4 ? 1 : 0) << 4) | slot % 4, ...bits, ...values]);
      tableCodes.set(slot, codes(bits, values));
    }
    out.marker(0xda, [
      scan.components.length,
      ...scan.components.flatMap((ci, i) => [ids[ci]!, (dcTable(i) << 4) | (acTable(i) - 4)]),
      scan.ss,
      scan.se,
      (scan.ah << 4) | scan.al,
    ]);
    // Entropy-coded data: bits MSB first, FF stuffed, 1-bits padding before markers.
    let acc = 0;
    let nacc = 0;
    const put = (value: number, n: number) => {
      for (let b = n - 1; b >= 0; b -= 1) {
        acc = (acc << 1) | ((value >> b) & 1);
        nacc += 1;
        if (nacc === 8) {
          out.out.push(acc);
          if (acc === 0xff) out.out.push(0);
          acc = 0;
          nacc = 0;
        }
      }
    };
    const pad = () => {
      if (nacc > 0) put((1 << (8 - nacc)) - 1, 8 - nacc);
    };
    for (const op of ops) {
      if ('sym' in op) {
        const c = tableCodes.get(op.table)!.get(op.sym)!;
        put(c.code, c.length);
      } else if ('bits' in op) put(op.bits, op.n);
      else {
        pad();
        out.out.push(0xff, 0xd0 + op.rst);
      }
    }
    pad();
  }
  out.out.push(0xff, 0xd9);
  return Uint8Array.from(out.out);
}
