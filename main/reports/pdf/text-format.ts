// How values read in the report: DICOM dates and person names as people write them, times in UTC
// with the zone said, probabilities as percentages, and free text cleaned of control characters and
// wrapped to a column width measured with the embedded font itself.

/** The few things wrapping needs from a font (pdf-lib's PDFFont fits). */
export interface MeasuringFont {
  widthOfTextAtSize(text: string, size: number): number;
}

/** "20260301" → "2026-03-01"; anything else unchanged; empty → "—". */
export function formatDicomDate(value: string): string {
  const v = value.trim();
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return v || '—';
}

/** DICOM PN "Family^Given^Middle^Prefix^Suffix" → "Family, Prefix Given Middle Suffix". */
export function formatPersonName(value: string): string {
  const alphabetic = value.split('=')[0] ?? '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = alphabetic.split('^').map((p) => p.trim());
  const rest = [prefix, given, middle, suffix].filter(Boolean).join(' ');
  const name = family && rest ? `${family}, ${rest}` : family || rest;
  return name || '—';
}

/** An ISO time as "2026-03-04 14:22 UTC"; a string that does not parse is shown as given. */
export function formatTime(value: string): string {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) return value;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function percent(p: number): string {
  return Number.isFinite(p) ? `${(p * 100).toFixed(1)}%` : '—';
}

/** "12566" → "12 566" (thin grouping, as in SI; never a comma that reads as a decimal point). */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** Tabs to spaces, CR dropped, other control characters removed; keeps line breaks. */
export function cleanText(text: string): string {
  const unified = text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
  let out = '';
  for (const ch of unified) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || (code >= 0x20 && code !== 0x7f)) out += ch;
  }
  return out;
}

/**
 * Wraps text to `maxWidth` points: paragraphs on line breaks (blank lines kept), lines broken at
 * spaces, and a word longer than a line (a UID, a URL) broken between characters. Words are measured
 * once each (shaping a whole line per candidate costs ~10 ms a line with DejaVu); each finished line
 * is measured whole, so kerning across a space can never push it past the margin.
 */
export function wrapText(text: string, font: MeasuringFont, size: number, maxWidth: number): string[] {
  const widths = new Map<string, number>();
  const width = (s: string): number => {
    let w = widths.get(s);
    if (w === undefined) {
      w = font.widthOfTextAtSize(s, size);
      widths.set(s, w);
    }
    return w;
  };
  const space = width(' ');
  const lines: string[] = [];
  for (const paragraph of cleanText(text).split('\n')) {
    const queue = paragraph.split(/ +/).filter((w) => w.length > 0);
    if (queue.length === 0) {
      lines.push('');
      continue;
    }
    let line: string[] = [];
    let lineWidth = 0;
    const flush = (): void => {
      // The estimate can be a hair short of the shaped width: hand trailing words to the next line.
      while (line.length > 1 && font.widthOfTextAtSize(line.join(' '), size) > maxWidth) queue.unshift(line.pop()!);
      lines.push(line.join(' '));
      line = [];
      lineWidth = 0;
    };
    while (queue.length > 0) {
      const word = queue.shift()!;
      const w = width(word);
      if (line.length > 0 && lineWidth + space + w <= maxWidth) {
        line.push(word);
        lineWidth += space + w;
        continue;
      }
      if (line.length > 0) flush();
      if (w <= maxWidth) {
        line = [word];
        lineWidth = w;
        continue;
      }
      // Longer than a line on its own: cut it between characters.
      const chars = [...word];
      let cut = 1;
      while (cut < chars.length && font.widthOfTextAtSize(chars.slice(0, cut + 1).join(''), size) <= maxWidth) cut += 1;
      lines.push(chars.slice(0, cut).join(''));
      queue.unshift(chars.slice(cut).join(''));
    }
    if (line.length > 0) flush();
  }
  return lines;
}

/** Shortens `text` with an ellipsis so it fits `maxWidth` (for one-line table cells). */
export function fitText(text: string, font: MeasuringFont, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}
