// Embeddings cached per (exemplar, featurizer fingerprint, focus mode) — method.md: "encoding dominates
// the cost, so encode once at import"; retraining then reads only this table. A cache: any row may be
// dropped and is recomputed from the exemplar's image and mask.

import type { FocusMode } from '../../../common/domain';
import { allRows } from '../../workspace/sqlite';
import type { Workspace } from '../../workspace/workspace';
import type { ImageEmbedding } from '../types';

function toBlob(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

function fromBlob(b: Uint8Array): Float32Array {
  // A copy into a fresh, aligned buffer: the library's Uint8Array may sit at any offset.
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

export class EmbeddingCache {
  constructor(private readonly workspace: Workspace) {}

  /** The cached embeddings of these exemplars (those present). */
  get(exemplarIds: readonly string[], fingerprint: string, focus: FocusMode): Map<string, ImageEmbedding> {
    const out = new Map<string, ImageEmbedding>();
    if (exemplarIds.length === 0) return out;
    const wanted = new Set(exemplarIds);
    const rows = allRows(
      this.workspace.db,
      'SELECT exemplar_id, dims, focus_vector, full_vector FROM exemplar_embeddings WHERE fingerprint = ? AND focus = ?',
      [fingerprint, focus],
    );
    for (const row of rows) {
      const id = String(row.exemplar_id);
      if (!wanted.has(id)) continue;
      const focusVector = fromBlob(row.focus_vector as Uint8Array);
      if (focusVector.length !== Number(row.dims)) continue; // damaged: recomputed by the caller
      out.set(id, { focus: focusVector, full: row.full_vector instanceof Uint8Array ? fromBlob(row.full_vector) : null });
    }
    return out;
  }

  put(entries: readonly { exemplarId: string; embedding: ImageEmbedding }[], fingerprint: string, focus: FocusMode): void {
    const now = new Date().toISOString();
    this.workspace.transaction(() => {
      for (const { exemplarId, embedding } of entries) {
        this.workspace.db.run('INSERT OR REPLACE INTO exemplar_embeddings VALUES (?, ?, ?, ?, ?, ?, ?)', [
          exemplarId,
          fingerprint,
          focus,
          embedding.focus.length,
          toBlob(embedding.focus),
          embedding.full ? toBlob(embedding.full) : null,
          now,
        ]);
      }
    });
  }
}
