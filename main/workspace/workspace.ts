// A workspace: one folder holding workspace.sqlite (the study index, audit log, and whatever later
// features add through migrations), blobs/ for files, workspace.json saying what the folder is, and
// workspace.lock while a MaskCue has it open. Opening never creates a database over existing data;
// see workspace-folder.ts and open-database.ts for the rules.
import path from 'node:path';
import fs from 'node:fs';
import { MaskcueError, type AuditEvent, type StudySummary, type WorkspaceInfo } from '../../common/api';
import { appendAudit, listAudit } from './audit-log';
import { BlobStore } from './blob-store';
import { workspacePaths } from './layout';
import { readMarker, writeMarker } from './marker';
import { appliedAt } from './migrate';
import { createDatabase, openExistingDatabase, removeStaleSqliteLock } from './open-database';
import { closeQuietly, type Database } from './sqlite';
import { listStudies, registerStudyFunctions } from './studies';
import { assertCreatable, ensureFolder, sweepLeftovers } from './workspace-folder';
import { WorkspaceLock } from './workspace-lock';

export class Workspace {
  /** Absolute path of the workspace folder. */
  readonly path: string;
  readonly blobs: BlobStore;
  /**
   * The connection, for features that add their own tables through migrations.ts. Synchronous, and
   * statements prepared on it must be finalized by whoever prepares them.
   */
  readonly db: Database;
  private readonly lock: WorkspaceLock;
  private readonly schemaVersion: number;
  private readonly createdAt: string;
  private savepoints = 0;
  private closed = false;

  private constructor(root: string, db: Database, lock: WorkspaceLock, schemaVersion: number, createdAt: string) {
    this.path = root;
    this.db = db;
    this.lock = lock;
    this.schemaVersion = schemaVersion;
    this.createdAt = createdAt;
    this.blobs = new BlobStore(workspacePaths(root).blobs);
  }

  /**
   * Opens the workspace in `dir`, creating it when the folder is new or empty. Throws MaskcueError
   * WORKSPACE_LOCKED, WORKSPACE_MISSING_DATABASE, WORKSPACE_CORRUPT or WORKSPACE_TOO_NEW, and
   * holds no lock after any failure.
   */
  static open(dir: string): Workspace {
    const paths = workspacePaths(path.resolve(dir));
    ensureFolder(paths.root);
    // Before anything else is read or written, so two instances cannot both decide to create.
    const lock = WorkspaceLock.acquire(paths.lock);
    let db: Database | undefined;
    try {
      removeStaleSqliteLock(paths.db);
      sweepLeftovers(paths.root);
      if (!fs.existsSync(paths.db)) {
        assertCreatable(paths);
        createDatabase(paths.db);
      }
      const opened = openExistingDatabase(paths.db);
      db = opened.db;
      registerStudyFunctions(db);
      const createdAt = ensureMarker(paths.marker, db);
      fs.mkdirSync(paths.blobs, { recursive: true });
      return new Workspace(paths.root, db, lock, opened.schemaVersion, createdAt);
    } catch (error) {
      closeQuietly(db);
      lock.release();
      throw error;
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  info(): WorkspaceInfo {
    return { path: this.path, schemaVersion: this.schemaVersion, createdAt: this.createdAt };
  }

  audit(action: string, detail: string, studyInstanceUID: string | null = null): void {
    this.assertOpen();
    appendAudit(this.db, action, detail, studyInstanceUID);
  }

  /** Newest first. */
  listAudit(limit: number): AuditEvent[] {
    this.assertOpen();
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new MaskcueError('INVALID_ARGUMENT', `Audit limit must be a whole number of at least 1, not ${String(limit)}.`);
    }
    return listAudit(this.db, limit);
  }

  listStudies(search?: string): StudySummary[] {
    this.assertOpen();
    return listStudies(this.db, search);
  }

  /**
   * Runs `fn` in a transaction: committed when it returns, rolled back when it throws. Nested calls
   * become savepoints, so a feature can call another feature's transactional method.
   */
  transaction<T>(fn: () => T): T {
    this.assertOpen();
    const nested = this.db.inTransaction;
    const savepoint = `maskcue_${++this.savepoints}`;
    this.db.exec(nested ? `SAVEPOINT ${savepoint}` : 'BEGIN IMMEDIATE');
    try {
      const result = fn();
      if (isThenable(result)) {
        // An async callback would commit at its first await, with the rest running outside.
        Promise.resolve(result).catch(() => undefined);
        throw new TypeError('Workspace.transaction() takes a synchronous function; do the async work before or after it.');
      }
      this.db.exec(nested ? `RELEASE ${savepoint}` : 'COMMIT');
      return result;
    } catch (error) {
      this.rollback(nested ? savepoint : null);
      throw error;
    } finally {
      this.savepoints--;
    }
  }

  /** Idempotent. Closes the database, then gives the folder back to other instances. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.db.isOpen) this.db.close();
    } finally {
      this.lock.release();
    }
  }

  private rollback(savepoint: string | null): void {
    // SQLite ends the whole transaction on some errors (disk full, I/O); then there is nothing to undo.
    if (!this.db.inTransaction) return;
    try {
      this.db.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
    } catch {
      // The caller's error explains more than a failed rollback would.
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new MaskcueError('INTERNAL', `The workspace ${this.path} is closed.`);
  }
}

/** The marker's createdAt; restores a marker lost after the database was made (a crash between). */
function ensureMarker(markerPath: string, db: Database): string {
  const state = readMarker(markerPath);
  if (state.kind === 'ours') return state.marker.createdAt;
  const createdAt = appliedAt(db, 1) ?? new Date().toISOString();
  // A foreign workspace.json is someone else's file: keep it, and take the date from the database.
  if (state.kind === 'missing') writeMarker(markerPath, createdAt);
  return createdAt;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
