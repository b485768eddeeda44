// A DCT JPEG decoder for 8- and 12-bit samples, Huffman coded: baseline and extended sequential
// (SOF0, SOF1) and progressive (SOF2), any number of scans, interleaved or not, restart intervals,
// 1 to 4 components with integral sampling ratios. Lossless, hierarchical and arithmetic-coded JPEG
// are refused by name. Written from ITU-T T.81; where T.81 leaves a choice to the decoder (IDCT
// precision, upsampling, damaged data) it does what IJG libjpeg 6b does by default, because DCMTK's
// dcmdjpeg (libijg8/libijg12) is the reference MaskCue is checked against.
//
// Output: every component at full resolution, pixel-interleaved, `precision` bits per sample, colour
// as stored (YCbCr stays YCbCr; see colour.ts for libjpeg's conversion).
import { DecodeError } from '../../decode-error';
import { emptyTables, parseFrameHeader, parseHuffmanTables, parseQuantTables, parseRestartInterval, parseScanHeader, type Frame } from './frame';
import { makeIslowIdct, type BlockIdct } from './idct-islow';
import { decodeScan } from './scan';
import { interleaveComponents } from './upsample';

export interface DctImage {
  /** Second byte of the SOF marker (0xC0 baseline, 0xC1 extended, 0xC2 progressive). */
  sof: number;
  precision: 8 | 12;
  width: number;
  height: number;
  componentIds: number[];
  /** width × height × components samples, pixel-interleaved, 0 to 2^precision − 1. */
  samples: Uint16Array;
  /** What libjpeg would have warned about (damaged data it decodes anyway). */
  warnings: string[];
}

const REFUSED: Record<number, string> = {
  0xc3: 'lossless (SOF3)',
  0xc5: 'hierarchical sequential (SOF5)',
  0xc6: 'hierarchical progressive (SOF6)',
  0xc7: 'hierarchical lossless (SOF7)',
  0xc9: 'arithmetic-coded extended sequential (SOF9)',
  0xca: 'arithmetic-coded progressive (SOF10)',
  0xcb: 'arithmetic-coded lossless (SOF11)',
  0xcc: 'arithmetic coding (DAC)',
  0xcd: 'arithmetic-coded hierarchical sequential (SOF13)',
  0xce: 'arithmetic-coded hierarchical progressive (SOF14)',
  0xcf: 'arithmetic-coded hierarchical lossless (SOF15)',
};

const hex = (m: number) => `FF${m.toString(16).toUpperCase().padStart(2, '0')}`;

/** Transforms every block of a progressive frame's components once all scans are in. */
function transformCoefficients(frame: Frame, idct: BlockIdct): void {
  for (const c of frame.components) {
    const coefs = c.coefs!;
    const stride = c.blocksAcross * 8;
    // Only the blocks that hold samples of the image; the rest of the plane is never read.
    const across = Math.ceil(c.width / 8);
    const down = Math.ceil(c.height / 8);
    for (let row = 0; row < down; row += 1) {
      for (let col = 0; col < across; col += 1) {
        idct(coefs, (row * c.blocksAcross + col) * 64, c.quant!, c.plane, row * 8 * stride + col * 8, stride);
      }
    }
  }
}

export function decodeDctJpeg(data: Uint8Array): DctImage {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new DecodeError('corrupt', 'A JPEG frame does not start with an SOI marker (FFD8).');
  const tables = emptyTables();
  const warnings: string[] = [];
  let frame: Frame | null = null;
  let idct: BlockIdct | null = null;
  let scans = 0;
  /** Progressive: the last successive-approximation bit position seen for each coefficient, per component (-1: never). */
  const coefBits = new Map<number, Int8Array>();
  let at = 2;
  for (;;) {
    if (at + 1 >= data.length) {
      warnings.push('the JPEG data ends without an EOI marker');
      break;
    }
    if (data[at] !== 0xff || data[at + 1] === 0x00) {
      // Garbage between segments: skip to the next marker, as libjpeg does (with a warning).
      let next = at;
      while (next + 1 < data.length && !(data[next] === 0xff && data[next + 1] !== 0x00 && data[next + 1] !== 0xff)) next += 1;
      warnings.push(`${next - at} extraneous byte(s) before marker at offset ${next}`);
      at = next;
      continue;
    }
    const m = data[at + 1]!;
    if (m === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (m === 0xd9) break; // EOI
    if (m === 0xd8) throw new DecodeError('corrupt', 'A JPEG frame holds a second SOI marker before its EOI.');
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      at += 2; // parameterless (TEM, a stray RSTn)
      continue;
    }
    if (at + 4 > data.length) throw new DecodeError('corrupt', `A JPEG frame ends inside the ${hex(m)} marker.`);
    const length = (data[at + 2]! << 8) | data[at + 3]!;
    if (length < 2 || at + 2 + length > data.length) throw new DecodeError('corrupt', `The JPEG ${hex(m)} segment at offset ${at} runs past the end of the frame.`);
    const body = data.subarray(at + 4, at + 2 + length);
    const refused = REFUSED[m];
    if (refused) throw new DecodeError('unsupported', `This JPEG frame uses ${refused}; MaskCue's DCT decoder handles Huffman-coded baseline, extended and progressive JPEG only.`);
    if (m === 0xc0 || m === 0xc1 || m === 0xc2) {
      if (frame) throw new DecodeError('corrupt', 'A JPEG frame holds two frame headers (SOF).');
      frame = parseFrameHeader(m, body);
      idct = makeIslowIdct(frame.precision);
    } else if (m === 0xc4) {
      parseHuffmanTables(body, tables);
    } else if (m === 0xdb) {
      parseQuantTables(body, tables);
    } else if (m === 0xdd) {
      parseRestartInterval(body, tables);
    } else if (m === 0xda) {
      if (!frame || !idct) throw new DecodeError('corrupt', 'A JPEG scan (SOS) comes before the frame header (SOF).');
      const scan = parseScanHeader(body, frame, tables);
      if (frame.progressive) {
        for (const { component } of scan.components) {
          let bits = coefBits.get(component.id);
          if (!bits) coefBits.set(component.id, (bits = new Int8Array(64).fill(-1)));
          for (let k = scan.ss; k <= scan.se; k += 1) bits[k] = scan.al;
        }
      }
      const result = decodeScan(data, at + 2 + length, frame, scan, tables.restartInterval, idct);
      scans += 1;
      for (const w of result.warnings) warnings.push(`scan ${scans}: ${w}`);
      at = result.end;
      continue;
    }
    // APPn, COM, DNL (libjpeg 6b ignores it too) and anything else with a length: skipped.
    at += 2 + length;
  }
  if (!frame || !idct) throw new DecodeError('corrupt', 'A JPEG frame has no frame header (SOF marker).');
  if (scans === 0) throw new DecodeError('corrupt', 'A JPEG frame has no scan (SOS marker): there is no image data.');
  const missing = frame.components.filter((c) => c.scans === 0);
  if (missing.length > 0) throw new DecodeError('corrupt', `No scan of the JPEG frame carries component ${missing.map((c) => c.id).join(', ')}.`);
  if (frame.progressive) {
    const incomplete = [...coefBits.values()].some((bits) => bits.some((b) => b !== 0));
    if (incomplete) warnings.push('the progressive scans leave some coefficients unrefined; libjpeg would smooth such blocks, this decoder does not');
    transformCoefficients(frame, idct);
  }
  return {
    sof: frame.sof,
    precision: frame.precision,
    width: frame.width,
    height: frame.height,
    componentIds: frame.components.map((c) => c.id),
    samples: interleaveComponents(frame),
    warnings,
  };
}
