// One import from start to report. Runs on main's event loop in slices: file reads are async, each
// header parse takes well under a millisecond (a few ms for the worst files), and the loop yields
// with setImmediate whenever it has held the thread for a few ms, so the window stays responsive.
// (A worker thread would need its own bundle entry and a second SQLite connection to the same
// file; slices keep one writer and need neither.)
//
// Every file ends in exactly one place: imported, duplicates, or failed with its reason.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ImportFailure, ImportProgress, ImportReport } from '../../../common/dicom/records';
import type { Workspace } from '../../workspace/workspace';
import type { InstanceAttributes } from '../attributes';
import { referencedFileIds, resolveReferencedFile, type FolderCache } from '../dicomdir';
import { FileByteSource, MemoryByteSource, type ByteSource } from '../file-source';
import type { ParsedHeader } from '../read-header';
import * as reasons from '../reasons';
import { scanSource } from '../scan-file';
import { sniff, SNIFF_BYTES } from '../sniff';
import { IndexWriter, type IndexedFile } from './index-writer';
import { walkPaths } from './walk';

export type ImportMode = 'reference' | 'copy';

export interface ImportRequest {
  /** Files, folders and DICOMDIRs on this machine. */
  paths?: readonly string[];
  /** Files already in memory (dropped on the browser-mode page); always copied. */
  files?: ReadonlyArray<{ name: string; data: Uint8Array }>;
  mode: ImportMode;
}

export interface ImportRunOptions {
  workspace: Workspace;
  jobId: string;
  isCancelled?: () => boolean;
  /** Called at most every `progressIntervalMs` while running, and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  progressIntervalMs?: number;
  /** Instances per transaction (default 32); a batch is also committed after a second. */
  batchSize?: number;
}

export interface ImportOutcome {
  report: ImportReport;
  cancelled: boolean;
}

const YIELD_AFTER_MS = 8;
const FLUSH_AFTER_MS = 1000;

/** Where a copied instance lives under blobs/ (UIDs are digits and dots, checked at scan). */
export function blobPathFor(a: Pick<InstanceAttributes, 'StudyInstanceUID' | 'SeriesInstanceUID' | 'SOPInstanceUID'>): string {
  return `dicom/${a.StudyInstanceUID}/${a.SeriesInstanceUID}/${a.SOPInstanceUID}.dcm`;
}

export async function runImport(request: ImportRequest, options: ImportRunOptions): Promise<ImportOutcome> {
  const run = new ImportRun(request, options);
  try {
    return await run.run();
  } finally {
    run.close();
  }
}

class ImportRun {
  private readonly writer: IndexWriter;
  private readonly failed: ImportFailure[] = [];
  private readonly seenFiles = new Set<string>();
  private readonly newStudies = new Set<string>();
  private readonly newSeries = new Set<string>();
  private pending: IndexedFile[] = [];
  private readonly pendingUids = new Set<string>();
  private imported = 0;
  private duplicates = 0;
  private scanned = 0;
  private total = 0;
  private currentPath: string | null = null;
  private lastYield = performance.now();
  private lastProgress = Number.NEGATIVE_INFINITY;
  private lastFlush = performance.now();

  constructor(
    private readonly request: ImportRequest,
    private readonly options: ImportRunOptions,
  ) {
    this.writer = new IndexWriter(options.workspace);
  }

  private get cancelled(): boolean {
    return this.options.isCancelled?.() ?? false;
  }

  async run(): Promise<ImportOutcome> {
    this.total += this.request.files?.length ?? 0;
    for (const file of this.request.files ?? []) {
      if (this.cancelled) break;
      await this.importSource(new MemoryByteSource(file.name, file.data), null);
    }
    if (this.request.paths && !this.cancelled) await this.walk(this.request.paths);
    this.flush();
    this.audit();
    this.emitProgress(true);
    const report: ImportReport = {
      imported: this.imported,
      duplicates: this.duplicates,
      studies: this.newStudies.size,
      series: this.newSeries.size,
      failed: this.failed,
    };
    return { report, cancelled: this.cancelled };
  }

  close(): void {
    this.writer.close();
  }

  private async walk(paths: readonly string[]): Promise<void> {
    for await (const item of walkPaths(paths, { onFound: (n) => (this.total += n) })) {
      if (this.cancelled) return;
      if (item.kind === 'failed') this.fail(item.path, item.reason);
      else if (item.kind === 'hidden') await this.checkHidden(item.path);
      else await this.importPath(item.path);
    }
  }

  private fail(name: string, reason: string): void {
    this.failed.push({ path: name, reason });
  }

  private async importPath(filePath: string): Promise<void> {
    let identity = filePath;
    try {
      identity = await fs.promises.realpath(filePath);
    } catch {
      // Opening it below says what is wrong.
    }
    // A DICOMDIR and the folder walk reach the same files; each is looked at once.
    if (this.seenFiles.has(identity)) {
      this.total -= 1; // It was counted when found the second way.
      return;
    }
    this.seenFiles.add(identity);
    let source: FileByteSource;
    try {
      source = await FileByteSource.open(filePath);
    } catch (error) {
      this.scanned += 1;
      const code = (error as NodeJS.ErrnoException).code;
      this.fail(filePath, reasons.unreadable(code, error instanceof Error ? error.message : String(error)));
      return;
    }
    try {
      await this.importSource(source, filePath);
    } finally {
      await source.close();
    }
  }

  /** `filePath` is null for in-memory files. */
  private async importSource(source: ByteSource, filePath: string | null): Promise<void> {
    this.scanned += 1;
    this.currentPath = source.name;
    const outcome = await scanSource(source);
    if (outcome.kind === 'failed' && filePath && path.basename(filePath).toUpperCase() === 'DICOMDIR') {
      // The user pointed at a CD's index we cannot read: the files are still next to it.
      this.fail(source.name, reasons.dicomdirDamaged(outcome.reason));
      await this.walk([path.dirname(filePath)]);
    } else if (outcome.kind === 'failed') {
      this.fail(source.name, outcome.reason);
    } else if (outcome.kind === 'dicomdir') {
      if (filePath) await this.followDicomdir(filePath, outcome.header);
      else this.fail(source.name, reasons.DICOMDIR_IN_MEMORY);
    } else {
      await this.accept(outcome.attributes, source, filePath);
    }
    await this.breathe();
  }

  private async followDicomdir(dicomdirPath: string, header: ParsedHeader): Promise<void> {
    const folder = path.dirname(dicomdirPath);
    const cache: FolderCache = new Map();
    const ids = referencedFileIds(header);
    this.total += ids.length;
    for (const components of ids) {
      if (this.cancelled) return;
      const resolved = await resolveReferencedFile(folder, components, cache);
      if (resolved.kind === 'unsafe') {
        this.fail(dicomdirPath, reasons.dicomdirUnsafeReference(components.join('\\')));
      } else if (resolved.kind === 'missing') {
        this.scanned += 1;
        this.fail(resolved.path, reasons.dicomdirMissingFile(dicomdirPath));
      } else {
        await this.importPath(resolved.path);
      }
    }
  }

  /** A dot-file is reported only when it is DICOM; otherwise it was never the user's to import. */
  private async checkHidden(filePath: string): Promise<void> {
    try {
      const source = await FileByteSource.open(filePath);
      try {
        const head = await source.read(0, SNIFF_BYTES);
        if (sniff(head, source.size).kind === 'part10') this.fail(filePath, reasons.HIDDEN_DICOM);
      } finally {
        await source.close();
      }
    } catch {
      // Unreadable hidden files are as uninteresting as readable ones.
    }
  }

  private async accept(attributes: InstanceAttributes, source: ByteSource, filePath: string | null): Promise<void> {
    const uid = attributes.SOPInstanceUID;
    if (this.pendingUids.has(uid) || this.writer.has(uid)) {
      this.duplicates += 1;
      return;
    }
    const copy = this.request.mode === 'copy' || filePath === null;
    let stored = filePath ?? '';
    if (copy) {
      stored = blobPathFor(attributes);
      try {
        const data = source instanceof MemoryByteSource ? source.bytes : fs.createReadStream(filePath!);
        await this.options.workspace.blobs.write(stored, data);
      } catch (error) {
        this.fail(source.name, reasons.notCopied(error instanceof Error ? error.message : String(error)));
        return;
      }
    }
    this.pending.push({ attributes, filePath: stored, fileSize: source.size, mtimeMs: source.mtimeMs, copied: copy, sourceName: source.name });
    this.pendingUids.add(uid);
    if (this.pending.length >= (this.options.batchSize ?? 32) || performance.now() - this.lastFlush > FLUSH_AFTER_MS) this.flush();
  }

  private flush(): void {
    this.lastFlush = performance.now();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingUids.clear();
    try {
      const result = this.writer.write(batch);
      this.imported += result.inserted.length;
      this.duplicates += result.duplicates.length;
      for (const file of result.inserted) {
        this.newStudies.add(file.attributes.StudyInstanceUID);
        this.newSeries.add(file.attributes.SeriesInstanceUID);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const file of batch) this.fail(file.sourceName, reasons.notSaved(message));
    }
  }

  private audit(): void {
    if (this.imported === 0 && this.failed.length === 0) return;
    const sources = this.request.paths?.length ?? this.request.files?.length ?? 0;
    const detail =
      `${this.imported} instance(s) imported (${this.request.mode}) in ${this.newSeries.size} series of ${this.newStudies.size} study(ies); ` +
      `${this.duplicates} duplicate(s), ${this.failed.length} failed; from ${sources} path(s)`;
    try {
      this.options.workspace.audit('dicom.import', detail);
    } catch {
      // The import itself is committed; a missing audit line must not turn it into a failure.
    }
  }

  /** Lets other work run when this import has held the thread for a while; reports progress. */
  private async breathe(): Promise<void> {
    this.emitProgress(false);
    if (performance.now() - this.lastYield < YIELD_AFTER_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
  }

  private emitProgress(final: boolean): void {
    const now = performance.now();
    if (!final && now - this.lastProgress < (this.options.progressIntervalMs ?? 100)) return;
    this.lastProgress = now;
    this.options.onProgress?.({
      jobId: this.options.jobId,
      scanned: this.scanned,
      total: final ? this.scanned : Math.max(this.total, this.scanned),
      imported: this.imported + (final ? 0 : this.pending.length),
      duplicates: this.duplicates,
      failed: this.failed.length,
      currentPath: final ? null : this.currentPath,
    });
  }
}
