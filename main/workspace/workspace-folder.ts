// Deciding what a folder is before anything is written to it. The rule: create a workspace only in
// a folder that is new or empty; anything else without a database is refused with a message that
// says what is missing, because silently starting afresh would hide lost data.
import fs from 'node:fs';
import path from 'node:path';
import { MaskcueError } from '../../common/api';
import { isErrno } from './errno';
import { DB_FILE, MARKER_FILE, isEffectivelyEmpty, isOwnLeftover, type WorkspacePaths } from './layout';
import { readMarker } from './marker';

/** Creates the folder if needed; refuses a path that is a file. */
export function ensureFolder(root: string): void {
  try {
    fs.mkdirSync(root, { recursive: true });
  } catch (error) {
    if (isErrno(error, 'EEXIST') || isErrno(error, 'ENOTDIR')) {
      throw new MaskcueError('INVALID_ARGUMENT', `${root} is a file, not a folder. Open a workspace with --workspace DIR, where DIR is a folder.`);
    }
    throw error;
  }
  if (!fs.statSync(root).isDirectory()) {
    throw new MaskcueError('INVALID_ARGUMENT', `${root} is not a folder. Open a workspace with --workspace DIR, where DIR is a folder.`);
  }
}

/**
 * With no workspace.sqlite present: returns when a new workspace may be created here, throws
 * WORKSPACE_MISSING_DATABASE when the folder holds a workspace that lost its database or is not a
 * workspace at all.
 */
export function assertCreatable(paths: WorkspacePaths): void {
  const entries = fs.readdirSync(paths.root);
  if (isEffectivelyEmpty(entries)) return;
  const hasMarker = readMarker(paths.marker).kind === 'ours';
  const hasBlobs = entries.includes(path.basename(paths.blobs));
  if (hasMarker || hasBlobs) {
    throw new MaskcueError(
      'WORKSPACE_MISSING_DATABASE',
      `The workspace in ${paths.root} has lost its database: ${paths.db} does not exist. ` +
        `MaskCue will not start an empty one over your data. Restore ${DB_FILE} from a backup into that folder, ` +
        `or move the folder aside and start a new workspace.`,
    );
  }
  throw new MaskcueError(
    'WORKSPACE_MISSING_DATABASE',
    `${paths.root} is not a MaskCue workspace: it is not empty and has neither ${DB_FILE} nor ${MARKER_FILE}. ` +
      `Pick an empty or new folder for a new workspace (--workspace DIR).`,
  );
}

/** Removes what our own interrupted writes left in the root. Only while holding the lock. */
export function sweepLeftovers(root: string): void {
  for (const name of fs.readdirSync(root)) {
    if (!isOwnLeftover(name)) continue;
    try {
      fs.rmSync(path.join(root, name), { force: true });
    } catch {
      // rmSync refuses directories (SQLite lock dirs); removeStaleSqliteLock handles ours.
      try {
        fs.rmdirSync(path.join(root, name));
      } catch {
        // Left for the next open; harmless.
      }
    }
  }
}
