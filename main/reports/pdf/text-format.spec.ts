// Wrapping measured with the embedded font, and the formats values are shown in.
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { FONT_FILES, reportFontsDir } from './fonts';
import { cleanText, fitText, formatDicomDate, formatPersonName, formatTime, groupDigits, percent, wrapText } from './text-format';

async function font() {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  return doc.embedFont(readFileSync(`${reportFontsDir()}/${FONT_FILES.regular}`), { subset: true });
}

describe('wrapText', () => {
  it('keeps every line within the width, keeps every word in order, and keeps blank lines', async () => {
    const f = await font();
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20).trim() + '\n\nSecond paragraph.';
    const lines = wrapText(text, f, 10, 200);
    for (const line of lines) expect(f.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(200);
    expect(lines).toContain('');
    expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' '));
    expect(lines.length).toBeGreaterThan(10);
  });

  it('breaks a word longer than a line between characters, losing none', async () => {
    const f = await font();
    const uid = '1.2.826.0.1.3680043.8.498.12345678901234567890123456789012345678901234567890';
    const lines = wrapText(`UID ${uid} end`, f, 10, 120);
    for (const line of lines) expect(f.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(120);
    expect(lines.join('').replace(/ /g, '')).toBe(`UID${uid}end`);
  });

  it('cleans control characters, tabs and CRLF', () => {
    expect(cleanText('a\tb\r\nc\u0007d\re')).toBe('a    b\ncd\ne');
  });

  it('fits a long class name into a cell with an ellipsis', async () => {
    const f = await font();
    const fitted = fitText('invasive ductal carcinoma, high grade, with extensive intraductal component', f, 10, 100);
    expect(fitted.endsWith('…')).toBe(true);
    expect(f.widthOfTextAtSize(fitted, 10)).toBeLessThanOrEqual(100);
    expect(fitText('benign', f, 10, 100)).toBe('benign');
  });
});

describe('formats', () => {
  it('reads DICOM dates and person names as people write them', () => {
    expect(formatDicomDate('20260301')).toBe('2026-03-01');
    expect(formatDicomDate('')).toBe('—');
    expect(formatDicomDate('2026')).toBe('2026');
    expect(formatPersonName('Müller^Anna^Sofie^Dr.')).toBe('Müller, Dr. Anna Sofie');
    expect(formatPersonName('DOE^JOHN')).toBe('DOE, JOHN');
    expect(formatPersonName('Yamada^Tarou=山田^太郎')).toBe('Yamada, Tarou');
    expect(formatPersonName('')).toBe('—');
  });

  it('writes times in UTC with the zone, percentages with one decimal, grouped digits', () => {
    expect(formatTime('2026-03-04T15:30:00+01:00')).toBe('2026-03-04 14:30 UTC');
    expect(formatTime('yesterday')).toBe('yesterday');
    expect(percent(0.7412)).toBe('74.1%');
    expect(percent(Number.NaN)).toBe('—');
    expect(groupDigits(28968)).toBe('28\u202f968');
    expect(groupDigits(512)).toBe('512');
  });
});
