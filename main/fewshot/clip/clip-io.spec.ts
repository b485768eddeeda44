// The I/O contract on session metadata as the host reports it: the exporters' name sets, optional
// attention_mask, int32 ids and float16 pixels accepted; anything we could not feed or read refused
// with the names found and expected.
import { describe, expect, it } from 'vitest';
import type { LoadedSession, TensorInfo } from '../../inference/host-client';
import { textIo, visionIo } from './clip-io';

function session(inputs: TensorInfo[], outputs: TensorInfo[]): LoadedSession {
  return { sessionId: 's', modelPath: '/m/model.onnx', provider: 'cpu', attempts: [], inputs, outputs };
}

describe('visionIo', () => {
  it('reads the optimum names, tolerating last_hidden_state', () => {
    const io = visionIo(
      session(
        [{ name: 'pixel_values', type: 'float32', shape: ['batch_size', 3, 224, 224] }],
        [
          { name: 'image_embeds', type: 'float32', shape: ['batch_size', 512] },
          { name: 'last_hidden_state', type: 'float32', shape: ['batch_size', 197, 768] },
        ],
      ),
    );
    expect(io).toEqual({ input: 'pixel_values', inputType: 'float32', output: 'image_embeds', outputType: 'float32', batch: null, height: 224, width: 224, dims: 512 });
  });

  it("reads immich's fixed-batch image → embedding, and fp16 exports", () => {
    const io = visionIo(session([{ name: 'image', type: 'float16', shape: [1, 3, 224, 224] }], [{ name: 'embedding', type: 'float16', shape: [1, 512] }]));
    expect(io).toMatchObject({ input: 'image', inputType: 'float16', output: 'embedding', batch: 1 });
  });

  it('refuses what it cannot use, listing what it found and what it expected', () => {
    expect(() => visionIo(session([{ name: 'pixel_values', type: 'float32', shape: ['b', 3, 224, 224] }], [{ name: 'last_hidden_state', type: 'float32', shape: ['b', 197, 768] }]))).toThrow(
      /has no image-embedding output\. Found inputs: pixel_values float32 \[b, 3, 224, 224\]\. Found outputs: last_hidden_state float32 \[b, 197, 768\]\. Expected input pixel_values .*image_embeds/,
    );
    expect(() =>
      visionIo(
        session(
          [
            { name: 'pixel_values', type: 'float32', shape: ['b', 3, 224, 224] },
            { name: 'input_ids', type: 'int64', shape: ['b', 77] },
          ],
          [{ name: 'image_embeds', type: 'float32', shape: ['b', 512] }],
        ),
      ),
    ).toThrow(/needs inputs MaskCue cannot feed \(input_ids\)/);
    expect(() => visionIo(session([{ name: 'pixel_values', type: 'uint8', shape: ['b', 3, 224, 224] }], [{ name: 'image_embeds', type: 'float32', shape: ['b', 512] }]))).toThrow(/takes pixel_values as uint8/);
    expect(() => visionIo(session([{ name: 'pixel_values', type: 'float32', shape: ['b', 224, 224, 3] }], [{ name: 'image_embeds', type: 'float32', shape: ['b', 512] }]))).toThrow(/with shape \[b, 224, 224, 3\]/);
  });
});

describe('textIo', () => {
  it('feeds attention_mask only when the graph lists it', () => {
    const plain = textIo(session([{ name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] }], [{ name: 'text_embeds', type: 'float32', shape: ['batch', 512] }]));
    expect(plain.attentionMask).toBeNull();
    const masked = textIo(
      session(
        [
          { name: 'input_ids', type: 'int64', shape: ['batch', 256] },
          { name: 'attention_mask', type: 'int64', shape: ['batch', 256] },
        ],
        [{ name: 'text_embeds', type: 'float32', shape: ['batch', 512] }],
      ),
    );
    expect(masked).toMatchObject({ attentionMask: { name: 'attention_mask', type: 'int64' }, sequence: 256 });
  });

  it("reads immich's int32 text → embedding", () => {
    expect(textIo(session([{ name: 'text', type: 'int32', shape: [1, 77] }], [{ name: 'embedding', type: 'float32', shape: [1, 512] }]))).toMatchObject({ input: 'text', inputType: 'int32', batch: 1, sequence: 77 });
  });

  it('refuses a text model without text_embeds', () => {
    expect(() => textIo(session([{ name: 'input_ids', type: 'int64', shape: ['b', 's'] }], [{ name: 'last_hidden_state', type: 'float32', shape: ['b', 's', 512] }]))).toThrow(
      expect.objectContaining({ code: 'MODEL_LOAD_FAILED', message: expect.stringMatching(/no text-embedding output.*last_hidden_state.*text_embeds/) }),
    );
  });
});
