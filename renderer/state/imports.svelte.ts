// Importing: paths typed into the dialog (main walks them, progress comes as events) and files
// dropped on the window (read here, sent in batches through dicom.importFiles). One import at a time;
// its report stays up until the user closes it.
import type { ImportProgress, ImportReport } from '../../common/dicom';
import type { DroppedFile } from '../lib/dropped-files';
import { batchFiles, splitPaths } from '../lib/import-input';
import type { Session } from './session.svelte';
import type { StudyBrowser } from './studies.svelte';

export type ImportMode = 'reference' | 'copy';

export interface DropProgress {
  batch: number;
  batches: number;
  filesSent: number;
  files: number;
}

export type ImportPhase = 'idle' | 'starting' | 'running' | 'done';

/** While an import runs, the study list refreshes at most this often. */
const LIST_REFRESH_MS = 1500;

function emptyReport(): ImportReport {
  return { imported: 0, duplicates: 0, studies: 0, series: 0, failed: [] };
}

export class Imports {
  dialogOpen = $state(false);
  paths = $state('');
  mode = $state<ImportMode>('reference');
  phase = $state<ImportPhase>('idle');
  kind = $state<'paths' | 'files'>('paths');
  jobId = $state<string | null>(null);
  progress = $state.raw<ImportProgress | null>(null);
  drop = $state.raw<DropProgress | null>(null);
  report = $state.raw<ImportReport | null>(null);
  cancelled = $state(false);
  cancelling = $state(false);
  error = $state<string | null>(null);

  readonly running = $derived(this.phase === 'starting' || this.phase === 'running');
  readonly canStart = $derived(!this.running && splitPaths(this.paths).length > 0);
  /** 0…1, or null while the total is unknown. */
  readonly fraction = $derived.by(() => {
    if (this.kind === 'files' && this.drop) return this.drop.files > 0 ? this.drop.filesSent / this.drop.files : null;
    const p = this.progress;
    return p && p.total > 0 ? Math.min(p.scanned / p.total, 1) : null;
  });

  readonly #session: Session;
  readonly #browser: StudyBrowser;
  /** Events for a job that arrive before its jobId does. */
  #early: Record<string, { progress?: ImportProgress; finished?: { cancelled: boolean; report: ImportReport } }> = {};
  #lastListRefresh = 0;
  #dropCancelled = false;

  constructor(session: Session, browser: StudyBrowser) {
    this.#session = session;
    this.#browser = browser;
    session.whenConnected((api) => {
      api.on('import.progress', (progress) => this.#onProgress(progress));
      api.on('import.finished', ({ jobId, cancelled, report }) => this.#onFinished(jobId, cancelled, report));
    });
  }

  open(): void {
    this.dialogOpen = true;
    if (!this.running && this.phase === 'done') this.#clear();
  }

  close(): void {
    this.dialogOpen = false;
    if (!this.running) this.#clear();
  }

  async start(): Promise<void> {
    const api = this.#session.api;
    const paths = splitPaths(this.paths);
    if (!api || paths.length === 0 || this.running) return;
    this.#clear();
    this.kind = 'paths';
    this.phase = 'starting';
    const result = await api.dicom.import({ paths, mode: this.mode });
    if (!result.ok) {
      this.phase = 'idle';
      this.error = result.error.message;
      return;
    }
    this.jobId = result.value.jobId;
    if (this.phase === 'starting') this.phase = 'running';
    const early = this.#early[result.value.jobId];
    this.#early = {};
    if (early?.progress) this.progress = early.progress;
    if (early?.finished) this.#finish(early.finished.cancelled, early.finished.report);
  }

  async cancel(): Promise<void> {
    if (!this.running) return;
    this.cancelling = true;
    if (this.kind === 'files') {
      // Batches already sent are imported; the rest are not sent.
      this.#dropCancelled = true;
      return;
    }
    const api = this.#session.api;
    if (!api || !this.jobId) return;
    const result = await api.dicom.cancelImport(this.jobId);
    if (!result.ok) {
      this.cancelling = false;
      this.#session.notify('error', result.error.message);
    }
  }

  /** Files dropped on the window: read and sent in batches; a report when all are in. */
  async importFiles(files: readonly DroppedFile[]): Promise<void> {
    const api = this.#session.api;
    if (!api || files.length === 0) return;
    if (this.running) {
      this.#session.notify('warning', 'An import is already running. Drop the files again when it has finished.');
      return;
    }
    this.#clear();
    this.kind = 'files';
    this.phase = 'running';
    this.dialogOpen = true;
    this.#dropCancelled = false;
    const batches = batchFiles(files);
    const total = emptyReport();
    this.drop = { batch: 0, batches: batches.length, filesSent: 0, files: files.length };
    for (const [index, batch] of batches.entries()) {
      if (this.#dropCancelled) break;
      this.drop = { ...this.drop, batch: index + 1 };
      const payload: { name: string; data: Uint8Array<ArrayBuffer> }[] = [];
      for (const { file, path } of batch) {
        try {
          payload.push({ name: path, data: new Uint8Array(await file.arrayBuffer()) });
        } catch (error) {
          total.failed.push({ path, reason: `The browser could not read it (${error instanceof Error ? error.message : String(error)}).` });
        }
      }
      if (payload.length > 0) {
        const result = await api.dicom.importFiles(payload);
        if (result.ok) {
          total.imported += result.value.imported;
          total.duplicates += result.value.duplicates;
          total.studies = Math.max(total.studies, result.value.studies);
          total.series = Math.max(total.series, result.value.series);
          total.failed.push(...result.value.failed);
        } else {
          for (const file of payload) total.failed.push({ path: file.name, reason: result.error.message });
        }
      }
      this.drop = { ...this.drop, filesSent: this.drop.filesSent + batch.length };
      void this.#refreshList();
    }
    this.#finish(this.#dropCancelled, total);
  }

  #onProgress(progress: ImportProgress): void {
    if (this.kind === 'paths' && this.phase === 'starting') {
      this.#early[progress.jobId] = { ...this.#early[progress.jobId], progress };
      return;
    }
    if (progress.jobId !== this.jobId) return;
    this.progress = progress;
    if (Date.now() - this.#lastListRefresh > LIST_REFRESH_MS) void this.#refreshList();
  }

  #onFinished(jobId: string, cancelled: boolean, report: ImportReport): void {
    if (this.kind === 'paths' && this.phase === 'starting') {
      this.#early[jobId] = { ...this.#early[jobId], finished: { cancelled, report } };
      return;
    }
    if (jobId === this.jobId) this.#finish(cancelled, report);
    // Another window's (or the CLI's) import: the list may have changed all the same.
    else void this.#browser.reloadAll();
  }

  #finish(cancelled: boolean, report: ImportReport): void {
    this.phase = 'done';
    this.cancelled = cancelled;
    this.cancelling = false;
    this.report = report;
    void this.#browser.reloadAll();
    const failed = report.failed.length;
    this.#session.notify(
      failed > 0 ? 'warning' : 'info',
      `${cancelled ? 'Import cancelled' : 'Import finished'}: ${report.imported} imported, ${report.duplicates} already there${failed ? `, ${failed} failed` : ''}.`,
    );
  }

  async #refreshList(): Promise<void> {
    this.#lastListRefresh = Date.now();
    await this.#browser.reloadAll();
  }

  #clear(): void {
    this.phase = 'idle';
    this.jobId = null;
    this.progress = null;
    this.drop = null;
    this.report = null;
    this.cancelled = false;
    this.cancelling = false;
    this.error = null;
  }
}
