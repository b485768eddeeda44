// PLACEHOLDER until the decode feature lands: the signature app-core wires. Every call fails loudly.
import { MaskcueError, type Handlers } from '../../../common/api';
import type { LocateInstance } from '../instance-location';

export interface FrameServiceDeps {
  locate: LocateInstance;
  log: (message: string) => void;
}

export interface FrameService {
  handlers: { dicom: Pick<Handlers['dicom'], 'frame'> };
  close(): Promise<void>;
}

export function createFrameService(_deps: FrameServiceDeps): FrameService {
  return {
    handlers: {
      dicom: {
        frame: async () => {
          throw new MaskcueError('INTERNAL', 'DICOM decoding is not built yet.');
        },
      },
    },
    close: async () => {},
  };
}
