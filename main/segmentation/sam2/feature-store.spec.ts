import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeatureStore, featureKey } from './feature-store';

const dir = mkdtempSync(join(tmpdir(), 'maskcue-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tensors = () => ({
  a: { type: 'float32' as const, dims: [1, 2, 2], data: Float32Array.from([1, 2, 3, 4]) },
  b: { type: 'float32' as const, dims: [3], data: Float32Array.from([5, 6, 7]) },
});

describe('FeatureStore', () => {
  it('round-trips tensors in the safetensors layout and checks the full key', async () => {
    const store = new FeatureStore(join(dir, 'one'));
    const key = featureKey('model', 'sop|0|40,400');
    await store.write(key, 'full-key', tensors());
    expect(await store.read(key, 'full-key')).toEqual(tensors());
    expect(await store.read(key, 'another model version')).toBeNull();
    const bytes = readFileSync(join(dir, 'one', `${key}.safetensors`));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString()) as Record<string, { dtype: string; shape: number[] }>;
    expect(header.a).toMatchObject({ dtype: 'F32', shape: [1, 2, 2], data_offsets: [0, 16] });
    expect((8 + headerLength) % 8).toBe(0);
  });

  it('treats a damaged file as a miss and removes it', async () => {
    const store = new FeatureStore(join(dir, 'two'));
    const key = featureKey('m', 'k');
    await store.write(key, 'k', tensors());
    const path = join(dir, 'two', `${key}.safetensors`);
    writeFileSync(path, readFileSync(path).subarray(0, 30));
    expect(await store.read(key, 'k')).toBeNull();
    expect(readdirSync(join(dir, 'two'))).toEqual([]);
  });

  it('keeps the folder under its byte bound, least recently used first', async () => {
    const store = new FeatureStore(join(dir, 'three'), 300);
    for (const k of ['k1', 'k2', 'k3']) {
      await store.write(featureKey('m', k), k, tensors());
      await new Promise((r) => setTimeout(r, 20));
    }
    const left = readdirSync(join(dir, 'three'));
    expect(left.length).toBeLessThan(3);
    expect(left).toContain(`${featureKey('m', 'k3')}.safetensors`);
  });
});
