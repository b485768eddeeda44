// How the decode side finds an indexed instance's file: the import feature answers, the decoder reads.
export interface InstanceLocation {
  SOPInstanceUID: string;
  /** Absolute path of the file (referenced in place, or copied into the workspace). */
  path: string;
  TransferSyntaxUID: string;
  NumberOfFrames: number;
}

export type LocateInstance = (SOPInstanceUID: string) => InstanceLocation | null;
