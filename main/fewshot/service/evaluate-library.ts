// The evaluation table on the exemplar library (the Training panel's "Evaluate"): the protocol of
// `maskcue eval` (evaluation/protocol.ts scoreSplits) on the library's cached embeddings, every head
// trained in the inference host — 3 K × 5 seeds × 4 views is 60 trainings, far too much for main's loop.

import { performance } from 'node:perf_hooks';
import { MaskcueError } from '../../../common/api';
import type { EvaluationTable, FocusMode, TrainingProgress } from '../../../common/domain';
import type { InferenceHost } from '../../inference/host-client';
import { scoreSplits, viewsFor } from '../evaluation/protocol';
import { embedExemplars, type EmbedLibraryDeps } from './embed-library';
import type { OpenedFeaturizer } from './featurizer-slot';

export interface EvaluateRequest {
  jobId: string;
  shots: number[];
  seeds: number;
  stage: 1 | 2;
  signal: AbortSignal;
}

export async function evaluateLibrary(
  deps: EmbedLibraryDeps & { host: InferenceHost; progress: (p: TrainingProgress) => void },
  opened: OpenedFeaturizer,
  focus: FocusMode,
  request: EvaluateRequest,
): Promise<EvaluationTable> {
  const started = performance.now();
  const { featurizer } = opened;
  const classes = deps.library.classes().filter((c) => c.exemplarCount > 0);
  if (classes.length < 2) throw new MaskcueError('INVALID_ARGUMENT', 'Evaluation needs exemplars in at least two classes.');
  const exemplars = deps.library.list().filter((e) => classes.some((c) => c.id === e.classId));
  const report = (phase: TrainingProgress['phase'], done: number, total: number) => deps.progress({ jobId: request.jobId, phase, done, total });
  const embedded = await embedExemplars(deps, featurizer, focus, exemplars, (done, total) => report('embedding', done, total), () => request.signal.aborted);
  const anchors = featurizer.hasText ? await featurizer.embedClasses(classes.map((c) => ({ name: c.name, templates: c.templates }))) : null;
  const views = viewsFor(featurizer);
  const total = request.seeds * request.shots.length;
  let done = 0;
  const scored = await scoreSplits(
    {
      engine: featurizer.engine,
      modelId: featurizer.modelId,
      views,
      logitScale: featurizer.logitScale,
      classes: classes.map((c) => c.name),
      embeddings: exemplars.map((e) => embedded.get(e.id)!),
      labels: exemplars.map((e) => classes.findIndex((c) => c.id === e.classId)),
      ids: exemplars.map((e) => e.id),
      anchors,
    },
    {
      shots: request.shots,
      seeds: request.seeds,
      stage: request.stage,
      zeroShotInput: 'focus',
      trainer: (set, options) => {
        const { onProgress: _p, isCancelled: _c, ...job } = options;
        return deps.host.train(set, job, { signal: request.signal });
      },
      progress: () => {
        done += 1;
        report('evaluation', done, total);
      },
    },
  );
  report('done', 1, 1);
  return {
    classes: classes.map((c) => c.name),
    rows: scored.results.map(({ engine: _engine, ...row }) => row),
    skippedShots: scored.skippedShots,
    trainings: scored.trainings,
    totalMs: performance.now() - started,
  };
}
