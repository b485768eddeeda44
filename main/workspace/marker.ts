// workspace.json says "this folder is a MaskCue workspace" to people and to MaskCue itself: with it
// (or blobs/) present and the database gone, MaskCue knows data is missing rather than never made.
import fs from 'node:fs';
import { atomicWriteFileSync } from './atomic-write';
import { isErrno } from './errno';

export const WORKSPACE_FORMAT = 'maskcue-workspace';

export interface WorkspaceMarker {
  format: typeof WORKSPACE_FORMAT;
  createdAt: string;
}

export type MarkerState = { kind: 'missing' } | { kind: 'foreign' } | { kind: 'ours'; marker: WorkspaceMarker };

export function readMarker(markerPath: string): MarkerState {
  let raw: string;
  try {
    raw = fs.readFileSync(markerPath, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { kind: 'missing' };
    return { kind: 'foreign' };
  }
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null) {
      const { format, createdAt } = value as Record<string, unknown>;
      if (format === WORKSPACE_FORMAT && typeof createdAt === 'string') {
        return { kind: 'ours', marker: { format, createdAt } };
      }
    }
  } catch {
    // Not JSON: not a marker we wrote.
  }
  return { kind: 'foreign' };
}

export function writeMarker(markerPath: string, createdAt: string): WorkspaceMarker {
  const marker: WorkspaceMarker = { format: WORKSPACE_FORMAT, createdAt };
  atomicWriteFileSync(markerPath, `${JSON.stringify(marker, null, 2)}\n`);
  return marker;
}
