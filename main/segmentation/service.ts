// PLACEHOLDER until the segmentation service lands: the signature app-core wires.
import { MaskcueError, type Handlers } from '../../common/api';
import type { DecodedFrame } from '../../common/dicom';
import type { EventBus } from '../events/event-bus';
import type { InferenceHost } from '../inference/host-client';
import type { Workspace } from '../workspace/workspace';
import type { LocateInstance } from '../dicom/instance-location';

export interface SegmentationServiceDeps {
  workspace: Workspace;
  events: EventBus;
  inference: InferenceHost;
  modelsDir: string;
  locate: LocateInstance;
  /** Main's decoded frame (the same the viewer shows). */
  frame: (SOPInstanceUID: string, frame: number) => Promise<DecodedFrame>;
  log: (message: string) => void;
}

export interface SegmentationService {
  handlers: { segmentation: Handlers['segmentation'] };
  close(): Promise<void>;
}

const notYet = async (): Promise<never> => {
  throw new MaskcueError('INTERNAL', 'Segmentation is not wired yet.');
};

export function createSegmentationService(_deps: SegmentationServiceDeps): SegmentationService {
  return {
    handlers: { segmentation: { status: notYet, segment: notYet, propagate: notYet, accept: notYet, list: notYet, mask: notYet, remove: notYet } },
    close: async () => {},
  };
}
