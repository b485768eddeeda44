// The Training panel's "Evaluate": the paper's K-shot table on the exemplar library (main runs the
// protocol of `maskcue eval`: per seed, K exemplars per class train and the rest test, every view on
// the same splits). Its own job id and progress; one job at a time is main's rule.
import type { EvaluationTable, TrainingProgress } from '../../common/domain';
import type { Session } from './session.svelte';

export interface EvaluationJob {
  jobId: string;
  progress: TrainingProgress | null;
  cancelling: boolean;
}

export class Evaluation {
  shots = $state('1, 4, 16');
  seeds = $state(5);
  table = $state.raw<EvaluationTable | null>(null);
  job = $state.raw<EvaluationJob | null>(null);
  error = $state<string | null>(null);

  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
    session.whenConnected((api) => {
      api.on('training.progress', (progress) => {
        if (this.job && this.job.jobId === progress.jobId) this.job = { ...this.job, progress };
      });
    });
  }

  /** "1, 4, 16" → [1, 4, 16]; null when it is not a list of whole numbers from 1 to 64. */
  parsedShots(): number[] | null {
    const parts = this.shots.split(/[\s,]+/).filter(Boolean).map(Number);
    return parts.length > 0 && parts.length <= 6 && parts.every((k) => Number.isInteger(k) && k >= 1 && k <= 64) ? parts : null;
  }

  async run(stage: 1 | 2): Promise<void> {
    const api = this.#session.api;
    const shots = this.parsedShots();
    if (!api || this.job) return;
    if (!shots) {
      this.error = 'Shots: up to six whole numbers from 1 to 64, e.g. "1, 4, 16".';
      return;
    }
    const jobId = `eval-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    this.job = { jobId, progress: null, cancelling: false };
    this.error = null;
    const reply = await api.fewshot.evaluate({ jobId, shots, seeds: Math.min(20, Math.max(1, Math.round(this.seeds))), stage });
    this.job = null;
    if (reply.ok) this.table = reply.value;
    else this.error = reply.error.message;
  }

  async cancel(): Promise<void> {
    const api = this.#session.api;
    const job = this.job;
    if (!api || !job || job.cancelling) return;
    this.job = { ...job, cancelling: true };
    await api.fewshot.cancelTraining(job.jobId);
  }
}
