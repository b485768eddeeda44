// Embeddings of exemplars, from the cache where present, else computed (in small batches: one CLIP
// run encodes focus views and originals together, and a batch bounds the memory of decoded frames)
// and cached. Progress is reported per exemplar; `cancelled` is checked between batches.

import type { ExemplarRecord, FocusMode } from '../../../common/domain';
import { MaskcueError } from '../../../common/api';
import type { EmbeddingCache } from '../store/embeddings';
import type { LibraryStore } from '../store/library';
import type { Featurizer, ImageEmbedding, MaskedImage } from '../types';
import { imageOfExemplar, type FrameSource } from './exemplar-images';

const BATCH = 8;

export interface EmbedLibraryDeps {
  library: LibraryStore;
  cache: EmbeddingCache;
  frames: FrameSource;
}

export async function embedExemplars(
  deps: EmbedLibraryDeps,
  featurizer: Featurizer,
  focus: FocusMode,
  exemplars: readonly ExemplarRecord[],
  progress?: (done: number, total: number) => void,
  cancelled?: () => boolean,
): Promise<Map<string, ImageEmbedding>> {
  const found = deps.cache.get(exemplars.map((e) => e.id), featurizer.fingerprint, focus);
  const todo = exemplars.filter((e) => !found.has(e.id));
  progress?.(found.size, exemplars.length);
  for (let i = 0; i < todo.length; i += BATCH) {
    if (cancelled?.()) throw new MaskcueError('CANCELLED', 'Training was cancelled; the prompt pack in use is unchanged.');
    const batch = todo.slice(i, i + BATCH);
    const items: MaskedImage[] = [];
    for (const exemplar of batch) {
      items.push({ image: await imageOfExemplar(deps.frames, exemplar), mask: (await deps.library.mask(exemplar.id)).data });
    }
    const embeddings = await featurizer.embed(items, focus);
    const entries = batch.map((exemplar, k) => ({ exemplarId: exemplar.id, embedding: embeddings[k]! }));
    deps.cache.put(entries, featurizer.fingerprint, focus);
    for (const { exemplarId, embedding } of entries) found.set(exemplarId, embedding);
    progress?.(found.size, exemplars.length);
  }
  return found;
}
