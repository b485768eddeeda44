// Text values in the character set the file declares in SpecificCharacterSet (0008,0005), so that
// "Buc^Jérôme", "Διονυσιος" and "山田^太郎" show as written. dicom-parser reads every byte as one
// Latin-1 character, which garbles all of these.
//
// Single-byte and UTF-8/GB18030/GBK sets decode in one pass. The ISO 2022 sets (Japanese, Korean,
// Chinese with code extensions) switch character sets inside a value with escape sequences; each
// run between escapes is decoded with the set its escape designated (PS3.5 6.1.2.5).

import { TextDecoder } from 'node:util';

const DECODERS = new Map<string, TextDecoder>();

function decoder(label: string): TextDecoder {
  let found = DECODERS.get(label);
  if (!found) {
    found = new TextDecoder(label);
    DECODERS.set(label, found);
  }
  return found;
}

// Defined Terms of (0008,0005) -> WHATWG encoding label. ISO_IR 100 is Latin-1; WHATWG's latin1 is
// windows-1252, identical for every printable Latin-1 byte.
const SINGLE: Readonly<Record<string, string>> = {
  'ISO_IR 6': 'latin1',
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

type G0 = 'ascii' | 'jis0208' | 'jis0212';

interface CodeState {
  g0: G0;
  /** Decoder for bytes with the high bit set (and for ASCII alongside them). */
  g1: string;
}

/** ISO 2022 Defined Terms -> the state they designate. */
const ISO2022: Readonly<Record<string, Partial<CodeState>>> = {
  'ISO 2022 IR 6': { g0: 'ascii' },
  'ISO 2022 IR 100': { g1: 'latin1' },
  'ISO 2022 IR 101': { g1: 'iso-8859-2' },
  'ISO 2022 IR 109': { g1: 'iso-8859-3' },
  'ISO 2022 IR 110': { g1: 'iso-8859-4' },
  'ISO 2022 IR 144': { g1: 'iso-8859-5' },
  'ISO 2022 IR 127': { g1: 'iso-8859-6' },
  'ISO 2022 IR 126': { g1: 'iso-8859-7' },
  'ISO 2022 IR 138': { g1: 'iso-8859-8' },
  'ISO 2022 IR 148': { g1: 'iso-8859-9' },
  'ISO 2022 IR 203': { g1: 'iso-8859-15' },
  'ISO 2022 IR 166': { g1: 'windows-874' },
  'ISO 2022 IR 13': { g0: 'ascii', g1: 'shift_jis' },
  'ISO 2022 IR 87': { g0: 'jis0208' },
  'ISO 2022 IR 159': { g0: 'jis0212' },
  'ISO 2022 IR 149': { g1: 'euc-kr' },
  'ISO 2022 IR 58': { g1: 'gbk' },
};

// Escape sequences (the bytes after ESC) -> what they switch.
const ESCAPES: ReadonlyArray<[string, Partial<CodeState>]> = [
  ['(B', { g0: 'ascii' }],
  ['(J', { g0: 'ascii' }],
  [')I', { g1: 'shift_jis' }],
  ['$B', { g0: 'jis0208' }],
  ['$@', { g0: 'jis0208' }],
  ['$(D', { g0: 'jis0212' }],
  ['$)C', { g1: 'euc-kr' }],
  ['$)A', { g1: 'gbk' }],
  ['-A', { g1: 'latin1' }],
  ['-B', { g1: 'iso-8859-2' }],
  ['-C', { g1: 'iso-8859-3' }],
  ['-D', { g1: 'iso-8859-4' }],
  ['-L', { g1: 'iso-8859-5' }],
  ['-G', { g1: 'iso-8859-6' }],
  ['-F', { g1: 'iso-8859-7' }],
  ['-H', { g1: 'iso-8859-8' }],
  ['-M', { g1: 'iso-8859-9' }],
  ['-b', { g1: 'iso-8859-15' }],
  ['-T', { g1: 'windows-874' }],
];

const ESC = 0x1b;

/** The values of SpecificCharacterSet, normalised ("ISO_IR 100", "" for the default repertoire). */
export function parseCharacterSets(value: string | undefined): string[] {
  if (!value) return [];
  return value.split('\\').map((term) => term.trim().toUpperCase().replace(/^ISO[ _]IR[ _]?(\d+)$/, 'ISO_IR $1'));
}

function usesCodeExtensions(sets: readonly string[]): boolean {
  return sets.length > 1 || sets.some((set) => set.startsWith('ISO 2022'));
}

/**
 * Decodes a text value's bytes. `sets` is parseCharacterSets(SpecificCharacterSet); an empty list
 * means the default repertoire (ASCII), read as Latin-1 so stray accented bytes still show.
 * Trailing spaces and NULs (DICOM padding) are removed.
 */
export function decodeText(bytes: Uint8Array, sets: readonly string[]): string {
  let text: string;
  if (!usesCodeExtensions(sets) || !bytes.includes(ESC)) {
    text = decodeWith(singleLabel(sets), bytes);
  } else {
    text = decodeIso2022(bytes, sets);
  }
  return text.replace(/[\0 ]+$/, '');
}

function singleLabel(sets: readonly string[]): string {
  for (const set of sets) {
    const label = SINGLE[set] ?? ISO2022[set.replace('ISO_IR', 'ISO 2022 IR')]?.g1;
    if (label) return label;
  }
  return 'latin1';
}

function decodeWith(label: string, bytes: Uint8Array): string {
  return decoder(label).decode(bytes);
}

function initialState(sets: readonly string[]): CodeState {
  const state: CodeState = { g0: 'ascii', g1: 'latin1' };
  const first = sets[0] ?? '';
  const designated = ISO2022[first] ?? (SINGLE[first] ? { g1: SINGLE[first] } : {});
  return { ...state, ...designated };
}

function decodeIso2022(bytes: Uint8Array, sets: readonly string[]): string {
  let state = initialState(sets);
  let out = '';
  let start = 0;
  let i = 0;
  while (i <= bytes.length) {
    if (i === bytes.length || bytes[i] === ESC) {
      out += decodeRun(bytes.subarray(start, i), state);
      if (i === bytes.length) break;
      const escape = matchEscape(bytes, i + 1);
      if (escape) {
        state = { ...state, ...escape[1] };
        i += 1 + escape[0].length;
      } else {
        i += 1; // An escape we do not know: drop the ESC byte, keep decoding in the current sets.
      }
      start = i;
      continue;
    }
    i += 1;
  }
  return out;
}

function matchEscape(bytes: Uint8Array, at: number): [string, Partial<CodeState>] | null {
  for (const entry of ESCAPES) {
    const sequence = entry[0];
    let matches = true;
    for (let k = 0; k < sequence.length; k++) {
      if (bytes[at + k] !== sequence.charCodeAt(k)) {
        matches = false;
        break;
      }
    }
    if (matches) return entry;
  }
  return null;
}

function decodeRun(run: Uint8Array, state: CodeState): string {
  if (run.length === 0) return '';
  if (state.g0 === 'jis0208') {
    // The WHATWG iso-2022-jp decoder understands JIS X 0208 once told so by the same escape.
    const wrapped = new Uint8Array(run.length + 3);
    wrapped.set([ESC, 0x24, 0x42]);
    wrapped.set(run, 3);
    return decodeWith('iso-2022-jp', wrapped);
  }
  if (state.g0 === 'jis0212') {
    // EUC-JP carries JIS X 0212 as 0x8F + two bytes with the high bit set.
    const euc: number[] = [];
    for (let k = 0; k + 1 < run.length; k += 2) euc.push(0x8f, run[k]! | 0x80, run[k + 1]! | 0x80);
    return decodeWith('euc-jp', Uint8Array.from(euc));
  }
  return decodeWith(state.g1, run);
}
