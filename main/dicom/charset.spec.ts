// Byte strings from David Clunie's character-set examples (the orthanc Encodings folder), written
// out here so the spec needs no corpus.
import { describe, expect, it } from 'vitest';
import { decodeText, parseCharacterSets } from './charset';

const hex = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((b) => Number.parseInt(b, 16)));
const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

describe('SpecificCharacterSet', () => {
  it('parses the defined terms, keeping an empty first value (the default repertoire)', () => {
    expect(parseCharacterSets('ISO_IR 100')).toEqual(['ISO_IR 100']);
    expect(parseCharacterSets('\\ISO 2022 IR 87')).toEqual(['', 'ISO 2022 IR 87']);
    expect(parseCharacterSets('iso_ir 192')).toEqual(['ISO_IR 192']);
    expect(parseCharacterSets(undefined)).toEqual([]);
  });

  it('ISO_IR 100 (Latin-1) and the default repertoire', () => {
    expect(decodeText(latin1('Buc^J\u00e9r\u00f4me '), ['ISO_IR 100'])).toBe('Buc^Jérôme');
    // No character set declared: bytes above 127 are not ASCII, but Latin-1 is the likeliest meaning.
    expect(decodeText(latin1('M\u00fcller'), [])).toBe('Müller');
  });

  it('ISO_IR 192 (UTF-8), trailing padding removed', () => {
    expect(decodeText(new TextEncoder().encode('Äneas^Rüdiger\0'), ['ISO_IR 192'])).toBe('Äneas^Rüdiger');
    expect(decodeText(new TextEncoder().encode('Wang^XiaoDong=王^小東= '), ['ISO_IR 192'])).toBe('Wang^XiaoDong=王^小東=');
  });

  it('single-byte national sets: Greek, Cyrillic, Hebrew, Arabic', () => {
    expect(decodeText(hex('C4E9EFEDF5F3E9EFF2'), ['ISO_IR 126'])).toBe('Διονυσιος');
    expect(decodeText(hex('BBEEDAE1D5DCD1E3E0D3'), ['ISO_IR 144'])).toBe('Люксембург');
    expect(decodeText(hex('F9F8E5EF5EE3E1E5F8E4'), ['ISO_IR 138'])).toBe('שרון^דבורה');
    expect(decodeText(hex('E2C8C7E6EA5EE4E6D2C7D1'), ['ISO_IR 127'])).toBe('قباني^لنزار');
  });

  it('GB18030', () => {
    expect(decodeText(hex('57616E675E5869616F446F6E673DCDF55ED0A1B6AB3D'), ['GB18030'])).toBe('Wang^XiaoDong=王^小东=');
  });

  it('ISO 2022 IR 87: JIS X 0208 between escape sequences (SCSH31)', () => {
    const bytes = hex(
      '59616D6164615E5461726F753D 1B2442 3B334544 1B2842 5E 1B2442 42404F3A 1B2842 3D 1B2442 2464245E2440 1B2842 5E 1B2442 243F246D2426 1B2842',
    );
    expect(decodeText(bytes, ['', 'ISO 2022 IR 87'])).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
  });

  it('ISO 2022 IR 13 with IR 87: half-width katakana, then kanji (SCSH32)', () => {
    const bytes = hex('D4CFC0DE5EC0DBB33D 1B2442 3B334544 1B284A 5E 1B2442 42404F3A 1B284A');
    expect(decodeText(bytes, ['ISO 2022 IR 13', 'ISO 2022 IR 87'])).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎');
  });

  it('ISO 2022 IR 149: Korean in G1 after ESC $ ) C (SCSI2)', () => {
    const bytes = hex('486F6E675E47696C646F6E673D 1B2429 43 FB F3 5E 1B2429 43 D1CE D4D7 3D 1B2429 43 C8AB 5E 1B2429 43 B1E6 B5BF');
    expect(decodeText(bytes, ['', 'ISO 2022 IR 149'])).toBe('Hong^Gildong=洪^吉洞=홍^길동');
  });

  it('keeps decoding when it meets an escape it does not know', () => {
    // ESC ( ( is no designation we know: the ESC is dropped and the rest read as before.
    expect(decodeText(hex('41 1B2828 42'), ['', 'ISO 2022 IR 87'])).toBe('A((B');
  });
});
