// The import feature behind the contract: start, follow and cancel imports; list a study's series
// and a series' instances from the index; show an instance's tags; tell the decoder where a file is.
import { randomUUID } from 'node:crypto';
import { MaskcueError, type Handlers } from '../../../common/api';
import type { ImportReport, TagRow } from '../../../common/dicom/records';
import type { EventBus } from '../../events/event-bus';
import { isErrno } from '../../workspace/errno';
import type { Workspace } from '../../workspace/workspace';
import { FileByteSource } from '../file-source';
import type { LocateInstance } from '../instance-location';
import { readHeader, ScanFailure } from '../read-header';
import { tagRows } from '../tags';
import { listInstances, listSeries, locateInstance, seriesExists, studyExists } from './index-reader';
import { runImport, type ImportOutcome, type ImportRequest } from './import-run';

export interface ImportServiceDeps {
  workspace: Workspace;
  events: EventBus;
  log: (message: string) => void;
}

export interface ImportService {
  handlers: {
    studies: Pick<Handlers['studies'], 'series'>;
    series: Handlers['series'];
    dicom: Pick<Handlers['dicom'], 'import' | 'importFiles' | 'cancelImport' | 'tags'>;
  };
  locate: LocateInstance;
  close(): Promise<void>;
}

interface Job {
  cancelled: boolean;
  done: Promise<ImportOutcome | null>;
}

export function createImportService(deps: ImportServiceDeps): ImportService {
  const { workspace, events, log } = deps;
  const jobs = new Map<string, Job>();
  let closing = false;

  function start(request: ImportRequest): { jobId: string; done: Promise<ImportOutcome | null> } {
    if (closing) throw new MaskcueError('CANCELLED', 'MaskCue is closing; start the import again after it restarts.');
    const jobId = randomUUID();
    const job: Job = { cancelled: false, done: Promise.resolve(null) };
    job.done = runImport(request, {
      workspace,
      jobId,
      isCancelled: () => job.cancelled || closing,
      onProgress: (progress) => events.emit('import.progress', progress),
    })
      .then((outcome) => {
        jobs.delete(jobId); // Before the event: a listener may ask about the job at once.
        events.emit('import.finished', { jobId, cancelled: outcome.cancelled, report: outcome.report });
        return outcome;
      })
      .catch((error: unknown) => {
        // Only a workspace failure gets here (a file's problems are in the report): say so once.
        const message = error instanceof Error ? error.message : String(error);
        log(`import ${jobId} stopped: ${message}`);
        jobs.delete(jobId);
        const report: ImportReport = { imported: 0, duplicates: 0, studies: 0, series: 0, failed: [{ path: '', reason: `the import stopped: ${message}` }] };
        events.emit('import.finished', { jobId, cancelled: true, report });
        return null;
      });
    jobs.set(jobId, job);
    return { jobId, done: job.done };
  }

  async function tags(SOPInstanceUID: string): Promise<TagRow[]> {
    const location = locateInstance(workspace.db, workspace.blobs, SOPInstanceUID);
    if (!location) {
      throw new MaskcueError('NOT_FOUND', `No instance ${SOPInstanceUID} in this workspace. Import its study first.`);
    }
    let source: FileByteSource;
    try {
      source = await FileByteSource.open(location.path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) {
        throw new MaskcueError(
          'NOT_FOUND',
          `The file of instance ${SOPInstanceUID} is gone from ${location.path}. Reconnect the drive it was on, or import the study again.`,
        );
      }
      throw error;
    }
    try {
      return tagRows(await readHeader(source));
    } catch (error) {
      if (error instanceof ScanFailure) {
        throw new MaskcueError('INTERNAL', `The file ${location.path} changed since it was imported and can no longer be read: ${error.reason}.`);
      }
      throw error;
    } finally {
      await source.close();
    }
  }

  return {
    handlers: {
      studies: {
        series: async (StudyInstanceUID) => {
          if (!studyExists(workspace.db, StudyInstanceUID)) {
            throw new MaskcueError('NOT_FOUND', `No study ${StudyInstanceUID} in this workspace. Refresh the study list.`);
          }
          return listSeries(workspace.db, StudyInstanceUID);
        },
      },
      series: {
        instances: async (SeriesInstanceUID) => {
          if (!seriesExists(workspace.db, SeriesInstanceUID)) {
            throw new MaskcueError('NOT_FOUND', `No series ${SeriesInstanceUID} in this workspace. Refresh the study list.`);
          }
          return listInstances(workspace.db, SeriesInstanceUID);
        },
      },
      dicom: {
        import: async ({ paths, mode }) => ({ jobId: start({ paths, mode }).jobId }),
        importFiles: async (files) => {
          const outcome = await start({ files, mode: 'copy' }).done;
          if (!outcome) throw new MaskcueError('INTERNAL', 'The import stopped before it finished; see the notice for why.');
          return outcome.report;
        },
        cancelImport: async (jobId) => {
          const job = jobs.get(jobId);
          if (!job) return { cancelled: false };
          job.cancelled = true;
          return { cancelled: true };
        },
        tags,
      },
    },
    locate: (SOPInstanceUID) => locateInstance(workspace.db, workspace.blobs, SOPInstanceUID),
    async close() {
      closing = true;
      // Each job stops at its next file and commits what it has; the workspace closes after this.
      await Promise.all([...jobs.values()].map((job) => job.done));
    },
  };
}
