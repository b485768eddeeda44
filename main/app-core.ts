// The services behind the contract, wired once and shared by both shells: Electron (main/index.ts) and
// browser mode (cli serve). Nothing here imports electron.
import { arch, platform } from 'node:os';
import { MaskcueError, type Handlers, type InferenceStatus, type RunMode } from '../common/api';
import packageJson from '../package.json';
import { createImportService } from './dicom/import/service';
import { createFrameService } from './dicom/pixels/service';
import { createFewshotService } from './fewshot/service';
import { createReportService } from './reports/service';
import { createSegmentationService } from './segmentation/service';
import { EventBus } from './events/event-bus';
import { InferenceHost, type InferenceHostOptions } from './inference/host-client';
import { createRouter, type Router } from './ipc/router';
import { addModelFolder } from './models/add';
import { removeModel } from './models/install';
import { listInstalled } from './models/installed';
import { engineStatus, listModels } from './models/registry';
import { modelsDir } from './paths';
import { Workspace } from './workspace/workspace';

export interface CoreOptions {
  workspaceDir: string;
  mode: RunMode;
  modelsDir?: string;
  host?: Omit<InferenceHostOptions, 'onStatus'>;
  log?: (message: string) => void;
}

export interface Core {
  router: Router;
  handlers: Handlers;
  events: EventBus;
  workspace: Workspace;
  inference: InferenceHost;
  /** Starts what the first opened image would otherwise wait for; call once the shell is up. */
  warmUp(): void;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const log = options.log ?? ((message: string) => console.error(message));
  const events = new EventBus();
  // Opening the workspace first: if it is locked or damaged, nothing else starts and the caller shows why.
  const workspace = Workspace.open(options.workspaceDir);
  const root = options.modelsDir ?? modelsDir();
  let lastCrash: string | null = null;

  const inference = new InferenceHost({
    transport: 'child-process',
    ...options.host,
    onStatus(status: InferenceStatus) {
      events.emit('inference.status', status);
      if (status.lastCrash && status.lastCrash !== lastCrash) {
        lastCrash = status.lastCrash;
        events.emit('app.notice', {
          level: 'error',
          message: `The inference host stopped (${status.lastCrash}). It was restarted; your saved work is intact.`,
        });
      }
    },
  });

  const models = () => listModels(root, inference.status().provider);
  const dicomImport = createImportService({ workspace, events, log });
  const frames = createFrameService({ locate: dicomImport.locate, log });
  const segmentation = createSegmentationService({
    workspace,
    events,
    inference,
    modelsDir: root,
    locate: dicomImport.locate,
    frame: (SOPInstanceUID, frame) => frames.handlers.dicom.frame({ SOPInstanceUID, frame }),
    log,
  });

  const fewshot = createFewshotService({
    workspace,
    events,
    inference,
    modelsDir: root,
    frames: (SOPInstanceUID, frame) => frames.handlers.dicom.frame({ SOPInstanceUID, frame }),
    log,
  });

  const reports = createReportService({
    workspace,
    locate: dicomImport.locate,
    frame: (SOPInstanceUID, frame) => frames.handlers.dicom.frame({ SOPInstanceUID, frame }),
    log,
  });

  // A DICOM SEG that comes in with an import overlays as accepted segments (MaskCue's own exports too).
  const stopSegImport = events.subscribe((message) => {
    if (message.event !== 'import.finished') return;
    void reports
      .importSegmentations()
      .then((outcome) => {
        for (const why of outcome.skipped) log(`reports: ${why}`);
        if (outcome.segments === 0) return;
        events.emit('app.notice', { level: 'info', message: `${outcome.segments} segment(s) from ${outcome.segmentations} DICOM SEG file(s) are now accepted segments.` });
        events.emit('segments.changed', { reason: 'seg-import', segments: outcome.segments });
      })
      .catch((e: unknown) => log(`reports: could not read imported DICOM SEGs: ${e instanceof Error ? e.message : String(e)}`));
  });

  const handlers: Handlers = {
    app: {
      info: async () => ({
        name: 'MaskCue',
        version: packageJson.version,
        mode: options.mode,
        platform: platform(),
        arch: arch(),
        workspace: workspace.info(),
        engines: engineStatus(models()),
      }),
    },
    workspace: {
      audit: async ({ limit }) => workspace.listAudit(limit),
    },
    studies: {
      list: async ({ search }) => workspace.listStudies(search),
      ...dicomImport.handlers.studies,
    },
    series: dicomImport.handlers.series,
    dicom: { ...dicomImport.handlers.dicom, ...frames.handlers.dicom },
    models: {
      list: async () => models(),
      add: async ({ path, inPlace }) => {
        const added = await addModelFolder(path, { root, host: inference, inPlace });
        await Promise.all([segmentation.reloadEngine(), fewshot.reloadFeaturizer()]);
        workspace.audit('model.add', `${added.manifest.id} (${added.manifest.task}, ${added.manifest.family}) from ${path}${inPlace ? ', in place' : ''}`);
        const record = models().find((m) => m.id === added.manifest.id);
        if (!record) throw new MaskcueError('INTERNAL', `${added.manifest.id} was installed but is not listed; check ${added.folder}.`);
        return record;
      },
      remove: async (id) => {
        if (!listInstalled(root).some((m) => m.manifest.id === id)) return { removed: false };
        // Close whatever uses it first, so no session holds its files while they go.
        await Promise.all([segmentation.reloadEngine(), fewshot.reloadFeaturizer()]);
        await removeModel(root, id);
        workspace.audit('model.remove', id);
        return { removed: true };
      },
    },
    segmentation: segmentation.handlers.segmentation,
    fewshot: fewshot.handlers.fewshot,
    reports: reports.handlers.reports,
    inference: {
      status: async () => inference.status(),
      probe: async () => inference.probe(),
      cancel: async (requestId) => ({ cancelled: inference.cancel(requestId) }),
    },
  };

  return {
    router: createRouter(handlers, log),
    handlers,
    events,
    workspace,
    inference,
    warmUp: () => frames.warm(),
    async close() {
      stopSegImport();
      await fewshot.close();
      await segmentation.close();
      await dicomImport.close();
      await frames.close();
      await inference.close();
      workspace.close();
    },
  };
}
