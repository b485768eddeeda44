import { describe, expect, it } from 'vitest';
import { batchFiles, splitPaths } from './import-input';

describe('import input', () => {
  it('takes one path per line, trimmed and unquoted', () => {
    expect(splitPaths(' /a/b \r\n\n"/c d/e"\n')).toEqual(['/a/b', '/c d/e']);
  });

  it('cuts dropped files into batches by bytes and count', () => {
    const files = [5, 5, 5, 20, 1].map((size) => ({ size }));
    expect(batchFiles(files, 12, 10).map((b) => b.map((f) => f.size))).toEqual([[5, 5], [5], [20], [1]]);
    expect(batchFiles(files, 100, 2).length).toBe(3);
  });
});
