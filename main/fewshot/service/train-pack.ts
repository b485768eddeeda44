// "Train" in the Training panel: the library's embeddings (cached, or computed now), the class text
// anchors (CLIP), a head trained in the inference host (k-fold cross-validation picks its steps and
// gives its metrics), and for CLIP the same folds on the full image alone, so the panel can show what
// the mask adds. The result is stored as a new pack version and made active. Refuses, with what to
// do, whatever would make a silently broken pack: fewer than two classes, a class with no exemplars,
// an exemplar that cannot be read.

import { MaskcueError } from '../../../common/api';
import type { PromptPackSummary, TrainingProgress } from '../../../common/domain';
import type { InferenceHost } from '../../inference/host-client';
import type { TrainJobOptions } from '../../inference/protocol';
import type { PackStore } from '../store/packs';
import type { TrainingSet } from '../types';
import { embedExemplars, type EmbedLibraryDeps } from './embed-library';
import type { OpenedFeaturizer } from './featurizer-slot';

export interface TrainPackDeps extends EmbedLibraryDeps {
  packs: PackStore;
  host: InferenceHost;
  progress: (p: TrainingProgress) => void;
}

export interface TrainPackRequest {
  jobId: string;
  stage: 1 | 2;
  signal: AbortSignal;
}

export async function trainPack(deps: TrainPackDeps, opened: OpenedFeaturizer, focus: PromptPackSummary['focus'], request: TrainPackRequest): Promise<PromptPackSummary> {
  const { featurizer } = opened;
  const classes = deps.library.classes();
  if (classes.length < 2) {
    throw new MaskcueError('INVALID_ARGUMENT', `Training needs at least two classes with exemplars; the library has ${classes.length}. Add exemplars under another class.`);
  }
  const empty = classes.filter((c) => c.exemplarCount === 0);
  if (empty.length) {
    throw new MaskcueError(
      'INVALID_ARGUMENT',
      `Class ${empty.map((c) => `"${c.name}"`).join(', ')} has no exemplars. Add at least one exemplar to it, or remove the class, then train again.`,
    );
  }
  const exemplars = deps.library.list();
  const report = (phase: TrainingProgress['phase'], done: number, total: number) => deps.progress({ jobId: request.jobId, phase, done, total });
  const embeddings = await embedExemplars(deps, featurizer, focus, exemplars, (done, total) => report('embedding', done, total), () => request.signal.aborted);
  const anchors = featurizer.hasText ? await featurizer.embedClasses(classes.map((c) => ({ name: c.name, templates: c.templates }))) : null;
  const set: TrainingSet = {
    engine: featurizer.engine,
    classes: classes.map((c) => c.name),
    samples: exemplars.map((e) => {
      const embedding = embeddings.get(e.id)!;
      return { id: e.id, label: classes.findIndex((c) => c.id === e.classId), focus: embedding.focus, full: embedding.full };
    }),
    anchors,
    logitScale: featurizer.logitScale,
  };
  const view = featurizer.hasText ? 'fused' : 'mask';
  const options: TrainJobOptions = { view, stage: request.stage, seed: 1 };
  const onProgress = (p: { phase: string; done: number; total: number }) =>
    report(p.phase === 'cross-validation' ? 'cross-validation' : 'training', p.done, p.total);
  const outcome = await deps.host.train(set, options, { requestId: request.jobId, signal: request.signal, onProgress });
  // What the mask adds: the same recipe on the full image alone (CLIP only; radiomics has one view).
  const baseline = featurizer.hasText
    ? await deps.host.train(set, { ...options, view: 'full' }, { signal: request.signal }).then((b) => (b.metrics ? { view: 'full' as const, metrics: b.metrics } : null))
    : null;
  report('done', 1, 1);
  return deps.packs.save(
    {
      engine: featurizer.engine,
      modelId: featurizer.modelId,
      focus,
      view,
      stage: request.stage,
      classes: set.classes,
      exemplarsPerClass: classes.map((c) => c.exemplarCount),
      metrics: outcome.metrics,
      baseline,
      uncertainBelow: outcome.uncertainBelow,
      trainMs: outcome.trainMs,
      steps: outcome.head.steps,
    },
    outcome.head,
    { templates: classes.map((c) => c.templates), exemplarIds: exemplars.map((e) => e.id), fingerprint: featurizer.fingerprint },
  );
}
