// Entropy decoding of one scan (T.81 F.2 sequential, G.2 progressive), Huffman only. Sequential
// blocks go through the IDCT as soon as they are decoded; progressive scans refine coefficients that
// are transformed once the last scan is in. Restart intervals reset the predictors and the end-of-band
// run; damaged data is handled as IJG libjpeg handles it, so the output matches DCMTK's: once a segment
// runs out of data, its remaining MCUs are left as they are (mid-grey in a sequential frame; what the
// earlier scans gave in a progressive one).
import { BitReader } from './bitreader';
import { NATURAL_ORDER, type Frame, type FrameComponent, type Scan } from './frame';
import { decodeSymbol, type HuffmanTable } from './huffman';
import type { BlockIdct } from './idct-islow';

export interface ScanResult {
  /** Where the marker after the scan's data starts. */
  end: number;
  warnings: string[];
}

type BlockDecoder = (reader: BitReader, sc: ScanState, block: Int16Array, at: number) => void;

interface ScanState {
  component: FrameComponent;
  dc: HuffmanTable | null;
  ac: HuffmanTable | null;
  /** DC predictor (F.2.1.3.1). */
  pred: number;
}

interface Band {
  ss: number;
  se: number;
  al: number;
  /** End-of-band run still to apply (G.1.2.2), shared by the scan's blocks. */
  eobrun: number;
}

function decodeSequential(reader: BitReader, sc: ScanState, block: Int16Array, at: number): void {
  const t = decodeSymbol(reader, sc.dc!);
  sc.pred = (sc.pred + (t === 0 ? 0 : reader.receiveExtend(t))) | 0;
  block[at] = sc.pred;
  const ac = sc.ac!;
  for (let k = 1; k < 64; k += 1) {
    const rs = decodeSymbol(reader, ac);
    const s = rs & 15;
    const r = rs >> 4;
    if (s !== 0) {
      k += r;
      block[at + NATURAL_ORDER[k]!] = reader.receiveExtend(s);
    } else {
      if (r !== 15) break; // EOB
      k += 15; // ZRL
    }
  }
}

function dcFirst(band: Band): BlockDecoder {
  return (reader, sc, block, at) => {
    const t = decodeSymbol(reader, sc.dc!);
    sc.pred = (sc.pred + (t === 0 ? 0 : reader.receiveExtend(t))) | 0;
    block[at] = sc.pred * 2 ** band.al;
  };
}

function dcRefine(band: Band): BlockDecoder {
  const p1 = 1 << band.al;
  return (reader, _sc, block, at) => {
    if (reader.getBit()) block[at] = block[at]! | p1;
  };
}

function acFirst(band: Band): BlockDecoder {
  const scale = 2 ** band.al;
  return (reader, sc, block, at) => {
    if (band.eobrun > 0) {
      band.eobrun -= 1;
      return;
    }
    const ac = sc.ac!;
    for (let k = band.ss; k <= band.se; k += 1) {
      const rs = decodeSymbol(reader, ac);
      const s = rs & 15;
      const r = rs >> 4;
      if (s !== 0) {
        k += r;
        block[at + NATURAL_ORDER[k]!] = reader.receiveExtend(s) * scale;
      } else if (r === 15) {
        k += 15;
      } else {
        band.eobrun = (1 << r) - 1 + reader.getBits(r);
        break;
      }
    }
  };
}

/** Successive-approximation refinement of an AC band (G.1.2.3): correction bits for coefficients already non-zero, new ones of magnitude 1. */
function acRefine(band: Band): BlockDecoder {
  const p1 = 1 << band.al;
  const m1 = -1 << band.al;
  const refine = (reader: BitReader, block: Int16Array, i: number) => {
    const coef = block[i]!;
    if (reader.getBit() && (coef & p1) === 0) block[i] = coef >= 0 ? coef + p1 : coef + m1;
  };
  return (reader, sc, block, at) => {
    const se = band.se;
    let k = band.ss;
    if (band.eobrun === 0) {
      const ac = sc.ac!;
      for (; k <= se; k += 1) {
        const rs = decodeSymbol(reader, ac);
        let s = rs & 15;
        let r = rs >> 4;
        if (s !== 0) {
          // s is 1 in a valid stream; libjpeg takes any non-zero size as 1.
          s = reader.getBit() ? p1 : m1;
        } else if (r !== 15) {
          band.eobrun = (1 << r) + reader.getBits(r);
          break;
        }
        // Skip r coefficients that are still zero (refining the non-zero ones passed over), then one more for the new value.
        do {
          const i = at + NATURAL_ORDER[k]!;
          if (block[i] !== 0) refine(reader, block, i);
          else if (--r < 0) break;
          k += 1;
        } while (k <= se);
        if (s !== 0) block[at + NATURAL_ORDER[k]!] = s;
      }
    }
    if (band.eobrun > 0) {
      // Inside an end-of-band run: only correction bits for the rest of the band.
      for (; k <= se; k += 1) {
        const i = at + NATURAL_ORDER[k]!;
        if (block[i] !== 0) refine(reader, block, i);
      }
      band.eobrun -= 1;
    }
  };
}

/**
 * Decodes the scan whose entropy-coded data starts at `start`. `restartInterval` is the DRI value in
 * force (0: none). Sequential blocks are transformed into the component planes as they are decoded.
 */
export function decodeScan(data: Uint8Array, start: number, frame: Frame, scan: Scan, restartInterval: number, idct: BlockIdct): ScanResult {
  const reader = new BitReader(data, start);
  const warnings: string[] = [];
  const states: ScanState[] = scan.components.map((c) => ({ component: c.component, dc: c.dc, ac: c.ac, pred: 0 }));
  const band: Band = { ss: scan.ss, se: scan.se, al: scan.al, eobrun: 0 };
  let decodeBlock: BlockDecoder;
  if (!frame.progressive) decodeBlock = decodeSequential;
  else if (scan.ss === 0) decodeBlock = scan.ah === 0 ? dcFirst(band) : dcRefine(band);
  else decodeBlock = scan.ah === 0 ? acFirst(band) : acRefine(band);

  const sequentialBlock = new Int16Array(64);
  const decodeOne = (sc: ScanState, row: number, col: number) => {
    const c = sc.component;
    if (c.coefs) {
      decodeBlock(reader, sc, c.coefs, (row * c.blocksAcross + col) * 64);
    } else {
      decodeBlock(reader, sc, sequentialBlock, 0);
      const stride = c.blocksAcross * 8;
      idct(sequentialBlock, 0, c.quant!, c.plane, row * 8 * stride + col * 8, stride);
      sequentialBlock.fill(0);
    }
  };

  const single = states.length === 1;
  const first = states[0]!.component;
  const mcusAcross = single ? Math.ceil(first.width / 8) : frame.mcusAcross;
  const mcusDown = single ? Math.ceil(first.height / 8) : frame.mcusDown;
  const total = mcusAcross * mcusDown;
  let restartsToGo = restartInterval;
  let nextRestart = 0;
  let reportedShort = false;
  for (let mcu = 0; mcu < total; mcu += 1) {
    if (restartInterval !== 0) {
      if (restartsToGo === 0) {
        reader.restart(nextRestart);
        nextRestart = (nextRestart + 1) & 7;
        for (const sc of states) sc.pred = 0;
        band.eobrun = 0;
        restartsToGo = restartInterval;
      }
      restartsToGo -= 1;
    }
    if (reader.exhausted) {
      if (!reportedShort) warnings.push(`the entropy-coded data ends early (at MCU ${mcu} of ${total}); the rest of the segment is left undecoded, as libjpeg leaves it`);
      reportedShort = true;
      continue;
    }
    const mcuRow = Math.floor(mcu / mcusAcross);
    const mcuCol = mcu - mcuRow * mcusAcross;
    if (single) {
      decodeOne(states[0]!, mcuRow, mcuCol);
      continue;
    }
    for (const sc of states) {
      const c = sc.component;
      for (let by = 0; by < c.v; by += 1) {
        for (let bx = 0; bx < c.h; bx += 1) decodeOne(sc, mcuRow * c.v + by, mcuCol * c.h + bx);
      }
    }
  }
  if (reader.exhausted && !reportedShort) warnings.push('the entropy-coded data ends early in the last MCU');
  reader.discardBits();
  reader.findMarker();
  if (reader.skipped > 0) warnings.push(`${reader.skipped} extraneous byte(s) before restart markers or after the scan data`);
  return { end: reader.markerAt, warnings };
}
