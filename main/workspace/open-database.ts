// Opening and creating workspace.sqlite without ever writing over something we do not understand.
// An existing file is checked for the SQLite header before SQLite sees it (SQLite happily opens a
// file of garbage and only complains on the first query), then probed with a query, and only then
// migrated. A new database is built under a temp name and renamed into place once migrated, so
// workspace.sqlite is never half-created: if it exists, it is ours and complete.
import fs from 'node:fs';
import path from 'node:path';
import { MaskcueError } from '../../common/api';
import { syncDirectory, tempPathFor } from './atomic-write';
import { isErrno } from './errno';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { applyMigrations, createMigrationsTable, hasMigrationsTable, schemaVersion } from './migrate';
import { closeQuietly, isCorruptionError, openSqlite, type Database } from './sqlite';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenedDatabase {
  db: Database;
  schemaVersion: number;
}

export function corruptError(dbPath: string, what: string): MaskcueError {
  return new MaskcueError(
    'WORKSPACE_CORRUPT',
    `The workspace database ${dbPath} cannot be used (${what}). To go on, restore it from a backup or move it aside; MaskCue will not overwrite it.`,
  );
}

/** Why the file is not a SQLite database, or null when its header is right. */
export function headerProblem(dbPath: string): string | null {
  const stat = fs.statSync(dbPath);
  if (!stat.isFile()) return 'it is not a file';
  if (stat.size === 0) return 'the file is empty (0 bytes)';
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(dbPath, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    return `it does not start with the SQLite header "SQLite format 3" (SQLite would say: file is not a database)`;
  }
  return null;
}

/** Opens an existing workspace database, migrating it forward; refuses corrupt and too-new ones. */
export function openExistingDatabase(dbPath: string): OpenedDatabase {
  const problem = headerProblem(dbPath);
  if (problem) throw corruptError(dbPath, problem);
  let db: Database | undefined;
  try {
    db = openSqlite(dbPath, { fileMustExist: true });
    // The first read of the schema is where SQLite notices a damaged file.
    db.get('SELECT COUNT(*) AS n FROM sqlite_master');
    if (!hasMigrationsTable(db)) {
      throw corruptError(dbPath, 'it is a SQLite database but not a MaskCue workspace (it has no schema_migrations table)');
    }
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new MaskcueError(
        'WORKSPACE_TOO_NEW',
        `The workspace database ${dbPath} has schema version ${version}, but this MaskCue knows versions up to ${LATEST_SCHEMA_VERSION}: ` +
          `it was created by a newer MaskCue; update MaskCue or open another workspace.`,
      );
    }
    applyMigrations(db);
    return { db, schemaVersion: schemaVersion(db) };
  } catch (error) {
    closeQuietly(db);
    if (isCorruptionError(error)) throw corruptError(dbPath, `SQLite says "${error.message}"`);
    throw error;
  }
}

/** Creates a fully migrated workspace.sqlite; the caller holds the lock and saw no database there. */
export function createDatabase(dbPath: string): void {
  const temp = tempPathFor(dbPath);
  let db: Database | undefined;
  try {
    db = openSqlite(temp);
    createMigrationsTable(db);
    applyMigrations(db);
    db.close();
    db = undefined;
    // SQLite fsyncs each commit; the rename still needs the directory synced to be durable.
    fs.renameSync(temp, dbPath);
    syncDirectory(path.dirname(dbPath));
  } catch (error) {
    closeQuietly(db);
    removeDatabaseFiles(temp);
    throw error;
  }
}

/** A database file with the journal and lock directory SQLite may have left beside it. */
export function removeDatabaseFiles(dbPath: string): void {
  for (const leftover of [dbPath, `${dbPath}-journal`]) {
    try {
      fs.rmSync(leftover, { force: true });
    } catch {
      // Best effort: these are our own temp files, and a stray one is ignored on the next open.
    }
  }
  removeStaleSqliteLock(dbPath);
}

/**
 * node-sqlite3-wasm's VFS locks a database by creating the directory `<db>.lock` and removing it
 * when the lock drops. A process killed mid-transaction leaves it behind, and every later query then
 * fails with "database is locked", forever. Only call this while holding the workspace lock: then
 * no live process can own that directory. rmdir (not rm -r) touches nothing but an empty directory.
 */
export function removeStaleSqliteLock(dbPath: string): void {
  try {
    fs.rmdirSync(`${dbPath}.lock`);
  } catch (error) {
    if (!isErrno(error, 'ENOENT') && !isErrno(error, 'ENOTDIR') && !isErrno(error, 'ENOTEMPTY')) throw error;
  }
}
