// Family detection from real session metadata (tiny models with each family's exact I/O, loaded in
// this process), the errors for exports MaskCue does not know, and the RectLabel/Microsoft shortcut
// (feeding the low-res size as the original size) checked against the graph's own full-size masks.
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModel, valueInfo } from '../../../tests/fixtures/onnx/builders';
import { TINY_FAMILIES, buildTinyFamily, type TinyFamily } from '../../../tests/fixtures/onnx/sam2/families';
import { tensorInfo } from '../../inference/host/tensors';
import { resizeLogits } from '../image/logits';
import { detectFamily, roleOf, type ModelIo } from './detect';

async function io(bytes: Uint8Array): Promise<ModelIo> {
  const session = await ort.InferenceSession.create(bytes);
  const result = { inputs: session.inputMetadata.map(tensorInfo), outputs: session.outputMetadata.map(tensorInfo) };
  await session.release();
  return result;
}

async function familyIo(family: TinyFamily): Promise<{ encoder: ModelIo; decoder: ModelIo; decoderBytes: Uint8Array }> {
  const built = buildTinyFamily(family);
  // onnx-community's graphs reference external data; metadata does not need it for the decoder's
  // inputs, but session creation does, so strip that family to its own loader in sam2-engine.spec.
  const encoder = await io(built.files[built.encoder]!).catch(() => null);
  const decoder = await io(built.files[built.decoder]!).catch(() => null);
  if (!encoder || !decoder) throw new Error(`${family}: cannot load from memory`);
  return { encoder, decoder, decoderBytes: built.files[built.decoder]! };
}

describe('detectFamily', () => {
  it.each(TINY_FAMILIES.filter((f) => f !== 'onnx-community'))('recognises %s from names and dtypes', async (family) => {
    const { encoder, decoder } = await familyIo(family);
    expect(detectFamily(encoder, decoder).id).toBe(family);
    expect(roleOf(encoder)).toBe('encoder');
    expect(roleOf(decoder)).toBe('decoder');
  });

  it('tells the samexporter and ibaiGorordo decoders apart by orig_im_size, and rejects a dtype the family does not use', async () => {
    const sam = await familyIo('samexporter');
    const ibai = await familyIo('ibaigorordo');
    expect(detectFamily(sam.encoder, ibai.decoder).id).toBe('ibaigorordo');
    const floatLabels = {
      ...ibai.decoder,
      inputs: ibai.decoder.inputs.map((t) => (t.name === 'orig_im_size' ? { ...t, type: 'float32' as const } : t)),
    };
    expect(() => detectFamily(sam.encoder, floatLabels)).toThrow(/orig_im_size is float32, expected int32 or int64/);
  });

  it('names what it found and the families it knows when the export is unknown', async () => {
    const odd = await io(
      buildModel({ inputs: [valueInfo('feats', 'float32', [1, 8]), valueInfo('clicks', 'float32', ['n', 2]), valueInfo('kinds', 'int8', ['n'])], outputs: [valueInfo('out', 'float32', [1, 8])], nodes: [{ opType: 'Identity', input: ['feats'], output: ['out'], name: 'id' }] }),
    );
    const { encoder } = await familyIo('samexporter');
    let message = '';
    try {
      detectFamily(encoder, odd);
    } catch (e) {
      message = (e as Error).message;
      expect((e as { code?: string }).code).toBe('MODEL_LOAD_FAILED');
    }
    expect(message).toMatch(/not a SAM2 export MaskCue knows/);
    expect(message).toContain('clicks float32 [n, 2]');
    expect(message).toContain('kinds int8 [n]');
    for (const family of TINY_FAMILIES) expect(message).toContain(family);
    expect(message).toMatch(/point_labels \(int32\)/); // what ms-ort expects
  });

  it('recognises a SAM v1 decoder and says so', async () => {
    const v1 = await io(
      buildModel({
        inputs: [
          valueInfo('image_embeddings', 'float32', [1, 256, 64, 64]),
          valueInfo('point_coords', 'float32', [1, 'num_points', 2]),
          valueInfo('point_labels', 'float32', [1, 'num_points']),
          valueInfo('mask_input', 'float32', [1, 1, 256, 256]),
          valueInfo('has_mask_input', 'float32', [1]),
          valueInfo('orig_im_size', 'float32', [2]),
        ],
        outputs: [valueInfo('masks', 'float32', [1, 4, 'h', 'w'])],
        nodes: [{ opType: 'Identity', input: ['mask_input'], output: ['masks'], name: 'id' }],
      }),
    );
    const { encoder } = await familyIo('samexporter');
    expect(() => detectFamily(encoder, v1)).toThrow(/SAM v1 \(Segment Anything 1\) export/);
  });
});

describe('the low-res shortcut for RectLabel and Microsoft exports', () => {
  // The graph upsamples its unclamped logits; low_res_masks are clamped to ±32. Thresholded, the two
  // agree except next to a clamped cell, where the zero crossing can move by a fraction of a cell.
  it("upsampling low_res_masks here equals the graph's full-size masks except next to clamped logits", async () => {
    const built = buildTinyFamily('rectlabel');
    const session = await ort.InferenceSession.create(built.files[built.decoder]!);
    const f = (dims: number[], fill = 0.1) => new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(fill), dims);
    const H = 37;
    const W = 53;
    const out = await session.run({
      image_embeddings: f([1, 3, 4, 4]),
      high_res_features1: f([1, 3, 16, 16]),
      high_res_features2: f([1, 3, 8, 8]),
      point_coords: new ort.Tensor('float32', Float32Array.from([20, 30, 40, 35]), [1, 2, 2]),
      point_labels: new ort.Tensor('float32', Float32Array.from([1, 0]), [1, 2]),
      mask_input: f([1, 1, 16, 16], 0),
      has_mask_input: new ort.Tensor('float32', new Float32Array([0]), [1]),
      orig_im_size: new ort.Tensor('int64', BigInt64Array.from([BigInt(H), BigInt(W)]), [2]),
    });
    const low = out.low_res_masks!.data as Float32Array;
    const full = out.masks!.data as Float32Array;
    let differ = 0;
    for (let k = 0; k < 4; k += 1) {
      const grid = low.subarray(k * 256, (k + 1) * 256);
      const ours = resizeLogits(grid, 16, 16, W, H);
      for (let y = 0; y < H; y += 1) {
        for (let x = 0; x < W; x += 1) {
          const i = y * W + x;
          const theirs = full[k * W * H + i]!;
          if (ours[i]! > 0 === theirs > 0 || Math.abs(theirs) < 1e-3) continue;
          differ += 1;
          // The bilinear source cells of this pixel: at least one must be clamped.
          const sx = Math.max(0, ((x + 0.5) * 16) / W - 0.5);
          const sy = Math.max(0, ((y + 0.5) * 16) / H - 0.5);
          const cells = [0, 1].flatMap((dy) => [0, 1].map((dx) => grid[Math.min(15, Math.floor(sy) + dy) * 16 + Math.min(15, Math.floor(sx) + dx)]!));
          expect(cells.some((v) => Math.abs(v) >= 32 - 1e-4)).toBe(true);
        }
      }
    }
    expect(differ).toBeLessThan(0.01 * 4 * W * H);
    await session.release();
  });
});
