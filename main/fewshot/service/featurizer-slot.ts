// The classifier's featurizer, opened on first use: the first installed classification (CLIP) model,
// else radiomics, with the reason when a CLIP model failed to open (walkthrough step 10: the app says
// so and keeps working). Like the segmentation engine slot, opening waits for the first call: loading
// CLIP's two graphs takes seconds and most sessions start by reading, not classifying.

import type { FocusMode } from '../../../common/domain';
import type { InferenceHost } from '../../inference/host-client';
import { fingerprintOf, listInstalled, modelRootOf } from '../../models/installed';
import { ModelSlot } from '../../models/model-slot';
import { openClipFeaturizer } from '../clip/clip-featurizer';
import { createRadiomicsFeaturizer } from '../radiomics/featurizer';
import type { Featurizer } from '../types';

export interface OpenedFeaturizer {
  featurizer: Featurizer;
  title: string;
  fallbackReason: string | null;
}

export interface FeaturizerSlotOptions {
  modelsDir: string;
  host: InferenceHost;
  log: (message: string) => void;
}

export const RADIOMICS_TITLE = 'Radiomics inside the mask (embedded)';

export async function openFeaturizer(options: FeaturizerSlotOptions): Promise<OpenedFeaturizer> {
  const candidate = listInstalled(options.modelsDir).find((m) => m.manifest.task === 'classification');
  if (!candidate) return { featurizer: createRadiomicsFeaturizer(), title: RADIOMICS_TITLE, fallbackReason: null };
  const title = `${candidate.manifest.title} (${candidate.manifest.id})`;
  if (candidate.missing.length) {
    return {
      featurizer: createRadiomicsFeaturizer(),
      title: RADIOMICS_TITLE,
      fallbackReason: `${candidate.manifest.id} is missing ${candidate.missing.join(', ')}; reinstall it (maskcue models fetch/add). Radiomics answers meanwhile.`,
    };
  }
  try {
    const featurizer = await openClipFeaturizer({ host: options.host, folder: modelRootOf(candidate), modelId: candidate.manifest.id, fingerprint: fingerprintOf(candidate) });
    return { featurizer, title, fallbackReason: null };
  } catch (e) {
    return {
      featurizer: createRadiomicsFeaturizer(),
      title: RADIOMICS_TITLE,
      fallbackReason: `${candidate.manifest.id} could not be opened, so radiomics answers: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

export class FeaturizerSlot {
  focus: FocusMode = 'overlay';
  private readonly slot: ModelSlot<OpenedFeaturizer>;

  constructor(options: FeaturizerSlotOptions) {
    this.slot = new ModelSlot(
      'classification',
      () =>
        openFeaturizer(options).then((opened) => {
          options.log(`classification: ${opened.title}${opened.fallbackReason ? ` — ${opened.fallbackReason}` : ''}`);
          return opened;
        }),
      (opened) => opened.featurizer.close(),
    );
  }

  open(): Promise<OpenedFeaturizer> {
    return this.slot.get();
  }

  /** After a model was added or removed: the next call opens whichever featurizer is installed now. */
  reload(): Promise<void> {
    return this.slot.reload();
  }

  close(): Promise<void> {
    return this.slot.close();
  }
}
