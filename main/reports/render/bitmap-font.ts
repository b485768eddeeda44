// A 5 × 7 pixel font for the few labels burnt into key images: scale-bar lengths ("10 mm", "2 cm",
// "0.5 mm") and orientation letters (L R A P H F, and any other capital an oblique view produces).
// A PNG snapshot leaves MaskCue without its PDF text layer, so these labels must be pixels. Each
// glyph is drawn at a whole-number scale with a dark halo, readable on bright and dark images alike.

import { type Rgb, type RgbImage, setPixel } from './raster';

const ROWS = 7;
const COLS = 5;

/** Seven rows of five columns, '#' = ink. */
const GLYPHS: Record<string, string> = {
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '3': '##### ...#. ..#.. ...#. ....# #...# .###.',
  '4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  '5': '##### #.... ####. ....# ....# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '7': '##### ....# ...#. ..#.. .#... .#... .#...',
  '8': '.###. #...# #...# .###. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '###.. #..#. #...# #...# #...# #..#. ###..',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  m: '..... ..... ##.#. #.#.# #.#.# #...# #...#',
  c: '..... ..... .###. #.... #.... #...# .###.',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  '-': '..... ..... ..... ##### ..... ..... .....',
  ' ': '..... ..... ..... ..... ..... ..... .....',
};

const BITMAPS = new Map<string, boolean[]>(
  Object.entries(GLYPHS).map(([ch, rows]) => [ch, rows.replaceAll(' ', '').split('').map((c) => c === '#')]),
);

/** Characters the font can draw; anything else is drawn as a hollow box, never silently dropped. */
export function hasGlyph(ch: string): boolean {
  return BITMAPS.has(ch);
}

function bitmapOf(ch: string): boolean[] {
  const known = BITMAPS.get(ch);
  if (known) return known;
  const box: boolean[] = [];
  for (let r = 0; r < ROWS; r += 1) for (let c = 0; c < COLS; c += 1) box.push(r === 0 || r === ROWS - 1 || c === 0 || c === COLS - 1);
  return box;
}

/** Size in pixels of `text` at `scale` (one blank column between glyphs), halo not included. */
export function measureText(text: string, scale: number): { width: number; height: number } {
  const n = [...text].length;
  return { width: n === 0 ? 0 : (n * (COLS + 1) - 1) * scale, height: ROWS * scale };
}

/**
 * Draws `text` with its top-left corner at (x, y): first a halo `halo` pixels wide in `haloColour`,
 * then the ink, so the ink is never covered.
 */
export function drawText(image: RgbImage, text: string, x: number, y: number, scale: number, colour: Rgb, haloColour: Rgb, halo: number): void {
  const chars = [...text];
  const ink = (pass: 'halo' | 'ink'): void => {
    chars.forEach((ch, i) => {
      const bits = bitmapOf(ch);
      const gx = x + i * (COLS + 1) * scale;
      for (let r = 0; r < ROWS; r += 1) {
        for (let c = 0; c < COLS; c += 1) {
          if (!bits[r * COLS + c]) continue;
          const px = gx + c * scale;
          const py = y + r * scale;
          const d = pass === 'halo' ? halo : 0;
          for (let yy = py - d; yy < py + scale + d; yy += 1) {
            for (let xx = px - d; xx < px + scale + d; xx += 1) setPixel(image, xx, yy, pass === 'halo' ? haloColour : colour);
          }
        }
      }
    });
  };
  if (halo > 0) ink('halo');
  ink('ink');
}
