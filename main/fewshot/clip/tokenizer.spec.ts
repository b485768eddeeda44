// The offline tokenizer on a CLIP-shaped tokenizer.json (tests/fixtures/onnx/clip/tiny-tokenizer.ts):
// specials, padding with the config's pad token, truncation that keeps EOT last, and clear errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyTokenizer } from '../../../tests/fixtures/onnx/clip/tiny-tokenizer';
import { loadClipTokenizer } from './tokenizer';

const tiny = buildTinyTokenizer(77);
let dir: string;
let tokPath: string;
let cfgPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maskcue-tok-'));
  tokPath = join(dir, 'tokenizer.json');
  cfgPath = join(dir, 'tokenizer_config.json');
  writeFileSync(tokPath, JSON.stringify(tiny.json));
  writeFileSync(cfgPath, JSON.stringify(tiny.config));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const word = (w: string): number => tiny.vocab.get(`${w}</w>`)!;

describe('loadClipTokenizer', () => {
  it('wraps the prompt in SOT … EOT and pads with the pad token (EOT) to the context length', () => {
    const t = loadClipTokenizer(tokPath, cfgPath, 77);
    expect(t.padId).toBe(tiny.eot);
    const { ids, attentionMask } = t.encode('A photo of a  BENIGN lesion');
    expect(ids).toHaveLength(77);
    expect(ids.slice(0, 8)).toEqual([tiny.sot, word('a'), word('photo'), word('of'), word('a'), word('benign'), word('lesion'), tiny.eot]);
    expect(ids.slice(8).every((v) => v === tiny.eot)).toBe(true);
    expect(attentionMask.slice(0, 8).every((v) => v === 1)).toBe(true);
    expect(attentionMask.slice(8).every((v) => v === 0)).toBe(true);
  });

  it('truncates to the context length keeping EOT last', () => {
    const t = loadClipTokenizer(tokPath, cfgPath, 6);
    const { ids, attentionMask } = t.encode('this is the image of a lesion showing stripes');
    expect(ids).toEqual([tiny.sot, word('this'), word('is'), word('the'), word('image'), tiny.eot]);
    expect(attentionMask).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('pads with 0 when neither config nor tokenizer.json names a pad token', () => {
    const t = loadClipTokenizer(tokPath, null, 10);
    expect(t.padId).toBe(0);
    expect(t.encode('normal').ids).toEqual([tiny.sot, word('normal'), tiny.eot, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('encodes a batch row by row', () => {
    const t = loadClipTokenizer(tokPath, cfgPath, 5);
    const b = t.encodeBatch(['benign', 'malignant lesion']);
    expect(b.count).toBe(2);
    expect(b.ids).toEqual([tiny.sot, word('benign'), tiny.eot, tiny.eot, tiny.eot, tiny.sot, word('malignant'), word('lesion'), tiny.eot, tiny.eot]);
    expect(b.attentionMask).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 0]);
  });

  it('names the file when tokenizer.json does not parse or is not a tokenizer', () => {
    const bad = join(dir, 'bad-tokenizer.json');
    writeFileSync(bad, '{"model": {"type": "BPE", ');
    expect(() => loadClipTokenizer(bad, null, 77)).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED', message: expect.stringContaining(`${bad} is not valid JSON`) }));
    const notTok = join(dir, 'not-a-tokenizer.json');
    writeFileSync(notTok, '{"hello": 1}');
    expect(() => loadClipTokenizer(notTok, null, 77)).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED', message: expect.stringContaining(`The tokenizer ${notTok} could not be used`) }));
    const broken = join(dir, 'broken-model.json');
    writeFileSync(broken, JSON.stringify({ ...tiny.json, model: { type: 'NoSuchModel' } }));
    expect(() => loadClipTokenizer(broken, null, 77)).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED', message: expect.stringContaining(broken) }));
  });
});
