// The inverse DCT of one 8×8 block, with dequantisation, level shift and clamping, computed as IJG
// libjpeg's "islow" method computes it (the default of libjpeg 6b, of DCMTK's libijg8/libijg12 and of
// libjpeg-turbo): the Loeffler-Ligtenberg-Moschytz factorisation with 13-bit fixed-point constants,
// a first pass over columns kept at PASS1_BITS extra bits (2 for 8-bit samples, 1 for 12-bit), then
// rows. Written from the published algorithm (T.81 A.3.3 defines the transform; the factorisation is
// the 1989 ICASSP paper's), with the same constants and rounding so results are identical, sample for
// sample. Arithmetic is in doubles, exact to 2⁵³, which is what libjpeg's 64-bit `long` arithmetic
// gives; intermediate rows are kept as 32-bit integers, as libjpeg's `int` workspace keeps them.

const CONST_BITS = 13;
const F_0_298631336 = 2446;
const F_0_390180644 = 3196;
const F_0_541196100 = 4433;
const F_0_765366865 = 6270;
const F_0_899976223 = 7373;
const F_1_175875602 = 9633;
const F_1_501321110 = 12299;
const F_1_847759065 = 15137;
const F_1_961570560 = 16069;
const F_2_053119869 = 16819;
const F_2_562915447 = 20995;
const F_3_072711026 = 25172;

/**
 * Block IDCT for one sample precision: coefficients (natural order, as decoded) and a quantisation
 * table (natural order) in, samples 0..2^precision-1 out.
 */
export type BlockIdct = (coefs: Int16Array, coefAt: number, quant: Uint16Array, out: Uint16Array, outAt: number, stride: number) => void;

/**
 * libjpeg's post-IDCT range limit: a value v (before the level shift) becomes v + CENTER clamped to
 * 0..MAX when -2(MAX+1) ≤ v < 2(MAX+1); beyond that libjpeg's table wraps (index v & (4(MAX+1)-1)),
 * and so does this one.
 */
function rangeLimitTable(precision: number): Uint16Array {
  const size = 1 << precision;
  const max = size - 1;
  const center = size >> 1;
  const table = new Uint16Array(4 * size);
  for (let i = 0; i < 4 * size; i += 1) {
    const v = i < 2 * size ? i : i - 4 * size;
    table[i] = Math.min(max, Math.max(0, v + center));
  }
  return table;
}

export function makeIslowIdct(precision: 8 | 12): BlockIdct {
  const pass1Bits = precision === 8 ? 2 : 1;
  const limit = rangeLimitTable(precision);
  const mask = limit.length - 1;
  const ws = new Int32Array(64);
  // DESCALE(x, n) = (x + 2^(n-1)) >> n, an arithmetic shift: floor division in doubles.
  const half1 = 2 ** (CONST_BITS - pass1Bits - 1);
  const scale1 = 2 ** -(CONST_BITS - pass1Bits);
  const half2 = 2 ** (CONST_BITS + pass1Bits + 3 - 1);
  const scale2 = 2 ** -(CONST_BITS + pass1Bits + 3);
  const halfDc = 2 ** (pass1Bits + 3 - 1);
  const scaleDc = 2 ** -(pass1Bits + 3);
  const pass1Scale = 2 ** pass1Bits;
  const constScale = 2 ** CONST_BITS;

  return (coefs, coefAt, quant, out, outAt, stride) => {
    // Pass 1: columns from the coefficients into the workspace.
    for (let c = 0; c < 8; c += 1) {
      const i = coefAt + c;
      if (
        coefs[i + 8] === 0 &&
        coefs[i + 16] === 0 &&
        coefs[i + 24] === 0 &&
        coefs[i + 32] === 0 &&
        coefs[i + 40] === 0 &&
        coefs[i + 48] === 0 &&
        coefs[i + 56] === 0
      ) {
        // Only the DC term: the column is constant (the full computation gives the same value).
        const dc = coefs[i]! * quant[c]! * pass1Scale;
        ws[c] = dc;
        ws[c + 8] = dc;
        ws[c + 16] = dc;
        ws[c + 24] = dc;
        ws[c + 32] = dc;
        ws[c + 40] = dc;
        ws[c + 48] = dc;
        ws[c + 56] = dc;
        continue;
      }
      // Even part.
      let z2 = coefs[i + 16]! * quant[c + 16]!;
      let z3 = coefs[i + 48]! * quant[c + 48]!;
      let z1 = (z2 + z3) * F_0_541196100;
      let tmp2 = z1 - z3 * F_1_847759065;
      let tmp3 = z1 + z2 * F_0_765366865;
      z2 = coefs[i]! * quant[c]!;
      z3 = coefs[i + 32]! * quant[c + 32]!;
      let tmp0 = (z2 + z3) * constScale;
      let tmp1 = (z2 - z3) * constScale;
      const tmp10 = tmp0 + tmp3;
      const tmp13 = tmp0 - tmp3;
      const tmp11 = tmp1 + tmp2;
      const tmp12 = tmp1 - tmp2;
      // Odd part.
      tmp0 = coefs[i + 56]! * quant[c + 56]!;
      tmp1 = coefs[i + 40]! * quant[c + 40]!;
      tmp2 = coefs[i + 24]! * quant[c + 24]!;
      tmp3 = coefs[i + 8]! * quant[c + 8]!;
      z1 = tmp0 + tmp3;
      z2 = tmp1 + tmp2;
      z3 = tmp0 + tmp2;
      let z4 = tmp1 + tmp3;
      const z5 = (z3 + z4) * F_1_175875602;
      tmp0 *= F_0_298631336;
      tmp1 *= F_2_053119869;
      tmp2 *= F_3_072711026;
      tmp3 *= F_1_501321110;
      z1 *= -F_0_899976223;
      z2 *= -F_2_562915447;
      z3 = z3 * -F_1_961570560 + z5;
      z4 = z4 * -F_0_390180644 + z5;
      tmp0 += z1 + z3;
      tmp1 += z2 + z4;
      tmp2 += z2 + z3;
      tmp3 += z1 + z4;
      ws[c] = Math.floor((tmp10 + tmp3 + half1) * scale1);
      ws[c + 56] = Math.floor((tmp10 - tmp3 + half1) * scale1);
      ws[c + 8] = Math.floor((tmp11 + tmp2 + half1) * scale1);
      ws[c + 48] = Math.floor((tmp11 - tmp2 + half1) * scale1);
      ws[c + 16] = Math.floor((tmp12 + tmp1 + half1) * scale1);
      ws[c + 40] = Math.floor((tmp12 - tmp1 + half1) * scale1);
      ws[c + 24] = Math.floor((tmp13 + tmp0 + half1) * scale1);
      ws[c + 32] = Math.floor((tmp13 - tmp0 + half1) * scale1);
    }

    // Pass 2: rows from the workspace into the samples.
    for (let r = 0, o = outAt; r < 64; r += 8, o += stride) {
      if (ws[r + 1] === 0 && ws[r + 2] === 0 && ws[r + 3] === 0 && ws[r + 4] === 0 && ws[r + 5] === 0 && ws[r + 6] === 0 && ws[r + 7] === 0) {
        const v = limit[Math.floor((ws[r]! + halfDc) * scaleDc) & mask]!;
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
        out[o + 3] = v;
        out[o + 4] = v;
        out[o + 5] = v;
        out[o + 6] = v;
        out[o + 7] = v;
        continue;
      }
      // Even part.
      let z2 = ws[r + 2]!;
      let z3 = ws[r + 6]!;
      let z1 = (z2 + z3) * F_0_541196100;
      let tmp2 = z1 - z3 * F_1_847759065;
      let tmp3 = z1 + z2 * F_0_765366865;
      let tmp0 = (ws[r]! + ws[r + 4]!) * constScale;
      let tmp1 = (ws[r]! - ws[r + 4]!) * constScale;
      const tmp10 = tmp0 + tmp3;
      const tmp13 = tmp0 - tmp3;
      const tmp11 = tmp1 + tmp2;
      const tmp12 = tmp1 - tmp2;
      // Odd part.
      tmp0 = ws[r + 7]!;
      tmp1 = ws[r + 5]!;
      tmp2 = ws[r + 3]!;
      tmp3 = ws[r + 1]!;
      z1 = tmp0 + tmp3;
      z2 = tmp1 + tmp2;
      z3 = tmp0 + tmp2;
      let z4 = tmp1 + tmp3;
      const z5 = (z3 + z4) * F_1_175875602;
      tmp0 *= F_0_298631336;
      tmp1 *= F_2_053119869;
      tmp2 *= F_3_072711026;
      tmp3 *= F_1_501321110;
      z1 *= -F_0_899976223;
      z2 *= -F_2_562915447;
      z3 = z3 * -F_1_961570560 + z5;
      z4 = z4 * -F_0_390180644 + z5;
      tmp0 += z1 + z3;
      tmp1 += z2 + z4;
      tmp2 += z2 + z3;
      tmp3 += z1 + z4;
      out[o] = limit[Math.floor((tmp10 + tmp3 + half2) * scale2) & mask]!;
      out[o + 7] = limit[Math.floor((tmp10 - tmp3 + half2) * scale2) & mask]!;
      out[o + 1] = limit[Math.floor((tmp11 + tmp2 + half2) * scale2) & mask]!;
      out[o + 6] = limit[Math.floor((tmp11 - tmp2 + half2) * scale2) & mask]!;
      out[o + 2] = limit[Math.floor((tmp12 + tmp1 + half2) * scale2) & mask]!;
      out[o + 5] = limit[Math.floor((tmp12 - tmp1 + half2) * scale2) & mask]!;
      out[o + 3] = limit[Math.floor((tmp13 + tmp0 + half2) * scale2) & mask]!;
      out[o + 4] = limit[Math.floor((tmp13 - tmp0 + half2) * scale2) & mask]!;
    }
  };
}
