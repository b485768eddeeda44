// PLACEHOLDER until the import feature lands: the signature app-core wires. Every call fails loudly.
import { MaskcueError, type Handlers } from '../../../common/api';
import type { EventBus } from '../../events/event-bus';
import type { Workspace } from '../../workspace/workspace';
import type { LocateInstance } from '../instance-location';

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

const notYet = async (): Promise<never> => {
  throw new MaskcueError('INTERNAL', 'DICOM import is not built yet.');
};

export function createImportService(_deps: ImportServiceDeps): ImportService {
  return {
    handlers: {
      studies: { series: notYet },
      series: { instances: notYet },
      dicom: { import: notYet, importFiles: notYet, cancelImport: notYet, tags: notYet },
    },
    locate: () => null,
    close: async () => {},
  };
}
