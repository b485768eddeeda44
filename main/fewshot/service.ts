// The few-shot classification service behind the contract (`fewshot`): the exemplar library
// (store/library.ts), cached embeddings (store/embeddings.ts), prompt packs (store/packs.ts), training
// in the inference host (service/train-pack.ts) and classification with its heat map
// (service/classify-mask.ts), on the featurizer the slot opened (CLIP, else radiomics).

import { MaskcueError, type Handlers } from '../../common/api';
import type { FewshotStatus } from '../../common/domain';
import type { EventBus } from '../events/event-bus';
import type { InferenceHost } from '../inference/host-client';
import { indexedInstance } from '../segmentation/service/instance-info';
import type { Workspace } from '../workspace/workspace';
import { classifyMask } from './service/classify-mask';
import { embedExemplars } from './service/embed-library';
import { evaluateLibrary } from './service/evaluate-library';
import { imageOfExemplar, type FrameSource } from './service/exemplar-images';
import { FeaturizerSlot, type OpenedFeaturizer } from './service/featurizer-slot';
import { importFolder } from './service/folder-import';
import { exemplarThumbnail } from './service/thumbnail';
import { trainPack } from './service/train-pack';
import { EmbeddingCache } from './store/embeddings';
import { LibraryStore } from './store/library';
import { PackStore, type StoredPack } from './store/packs';

export interface FewshotServiceDeps {
  workspace: Workspace;
  events: EventBus;
  inference: InferenceHost;
  modelsDir: string;
  frames: FrameSource;
  log: (message: string) => void;
}

export interface FewshotService {
  handlers: { fewshot: Handlers['fewshot'] };
  /** The installed models changed: the next call opens the featurizer anew. */
  reloadFeaturizer(): Promise<void>;
  close(): Promise<void>;
}

export function createFewshotService(deps: FewshotServiceDeps): FewshotService {
  const { workspace } = deps;
  const library = new LibraryStore(workspace);
  const cache = new EmbeddingCache(workspace);
  const packs = new PackStore(workspace);
  const slot = new FeaturizerSlot({ modelsDir: deps.modelsDir, host: deps.inference, log: deps.log });
  const jobs = new Map<string, AbortController>();
  const embedDeps = { library, cache, frames: deps.frames };

  /** One training or evaluation job at a time, cancellable by its id. */
  async function runJob<T>(jobId: string, job: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (jobs.has(jobId)) throw new MaskcueError('INVALID_ARGUMENT', `Job ${jobId} is already running.`);
    if (jobs.size > 0) throw new MaskcueError('INVALID_ARGUMENT', 'A training or evaluation job is already running; wait for it or cancel it.');
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      return await job(controller.signal);
    } finally {
      jobs.delete(jobId);
    }
  }

  let focusChosen = false;

  /** The featurizer; until the reader picks a focus mode, the active pack's is in use (it survives a restart). */
  async function openWithPack(): Promise<{ opened: OpenedFeaturizer; active: StoredPack | null }> {
    const opened = await slot.open();
    const active = packs.active(opened.featurizer.engine, opened.featurizer.modelId);
    if (!focusChosen && active) slot.focus = active.summary.focus;
    return { opened, active };
  }

  async function open(): Promise<OpenedFeaturizer> {
    return (await openWithPack()).opened;
  }

  async function status(): Promise<FewshotStatus> {
    const { opened, active } = await openWithPack();
    const { featurizer } = opened;
    const classes = library.classes();
    return {
      engine: featurizer.engine,
      modelId: featurizer.modelId,
      title: opened.title,
      fallbackReason: opened.fallbackReason,
      focus: slot.focus,
      activePack: active?.summary ?? null,
      classCount: classes.length,
      exemplarCount: classes.reduce((n, c) => n + c.exemplarCount, 0),
    };
  }

  return {
    reloadFeaturizer: () => slot.reload(),
    handlers: {
      fewshot: {
        status,
        setFocus: async (focus) => {
          slot.focus = focus;
          focusChosen = true;
          return status();
        },
        classes: async () => library.classes(),
        saveClass: async (input) => library.saveClass(input),
        removeClass: async (id) => library.removeClass(id),
        exemplars: async ({ classId }) => library.list(classId),
        addExemplar: async ({ target, voi, mask, className, segmentId }) => {
          const instance = indexedInstance(workspace.db, target.SOPInstanceUID);
          if (mask.width !== instance.Columns || mask.height !== instance.Rows) {
            throw new MaskcueError('INVALID_ARGUMENT', `The mask is ${mask.width} × ${mask.height} but the image is ${instance.Columns} × ${instance.Rows}.`);
          }
          const exemplar = await library.add({
            className,
            source: { kind: 'dicom', ...target, SeriesInstanceUID: instance.SeriesInstanceUID, StudyInstanceUID: instance.StudyInstanceUID },
            voi,
            segmentId,
            mask,
          });
          // Embed now (method.md: encode once at import), so Train reads only the cache; a failure here
          // is not the user's problem yet — training computes what is missing and says why.
          void open()
            .then(({ featurizer }) => embedExemplars(embedDeps, featurizer, slot.focus, [exemplar]))
            .catch((e: unknown) => deps.log(`classification: could not embed exemplar ${exemplar.id} yet: ${e instanceof Error ? e.message : String(e)}`));
          return exemplar;
        },
        relabelExemplar: async (id, className) => library.relabel(id, className),
        removeExemplar: async (id) => library.remove(id),
        thumbnail: async (id) => {
          const exemplar = library.get(id);
          return exemplarThumbnail(await imageOfExemplar(deps.frames, exemplar), (await library.mask(id)).data);
        },
        importFolder: async (request) => importFolder(library, request),
        train: async ({ jobId, stage }) =>
          runJob(jobId, async (signal) =>
            trainPack({ ...embedDeps, packs, host: deps.inference, progress: (p) => deps.events.emit('training.progress', p) }, await open(), slot.focus, {
              jobId,
              stage: stage ?? 2,
              signal,
            }),
          ),
        evaluate: async ({ jobId, shots, seeds, stage }) =>
          runJob(jobId, async (signal) =>
            evaluateLibrary({ ...embedDeps, host: deps.inference, progress: (p) => deps.events.emit('training.progress', p) }, await open(), slot.focus, {
              jobId,
              shots,
              seeds,
              stage: stage ?? 1,
              signal,
            }),
          ),
        cancelTraining: async (jobId) => {
          const job = jobs.get(jobId);
          job?.abort();
          return { cancelled: job !== undefined };
        },
        packs: async () => {
          const { featurizer } = await open();
          return packs.list(featurizer.engine, featurizer.modelId);
        },
        activatePack: async (id) => packs.activate(id),
        classify: async (request) => classifyMask({ workspace, packs, frames: deps.frames }, await open(), request),
      },
    },
    async close() {
      for (const job of jobs.values()) job.abort();
      await slot.close();
    },
  };
}
