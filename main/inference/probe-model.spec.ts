import { describe, expect, it } from 'vitest';
import { buildProbeModel } from './probe-model';

describe('buildProbeModel', () => {
  it('is an Identity model float32 [1] that onnxruntime-node loads and runs', async () => {
    const ort = await import('onnxruntime-node');
    const bytes = buildProbeModel();
    expect(bytes.byteLength).toBeLessThan(200);
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
    try {
      expect(session.inputMetadata).toEqual([{ name: 'x', isTensor: true, type: 'float32', shape: [1] }]);
      expect(session.outputNames).toEqual(['y']);
      const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([-2.5]), [1]) });
      expect(Array.from(out.y!.data as Float32Array)).toEqual([-2.5]);
    } finally {
      await session.release();
    }
  });
});
