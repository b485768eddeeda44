// The one place that loads node-sqlite3-wasm.
// It is CommonJS with no named-export hints, so `import { Database } from 'node-sqlite3-wasm'` works
// under Vitest but fails under Node's own ESM loader (plain-Node browser mode, the CLI). It also
// loads its .wasm from its own __dirname, so it must be resolved from node_modules at run time, not
// inlined by a bundler; createRequire gives both.
import { createRequire } from 'node:module';
import type { BindValues, Database as SqliteDatabase, NormalQueryResult, SQLiteValue } from 'node-sqlite3-wasm';

type SqliteModule = typeof import('node-sqlite3-wasm');

const sqlite = createRequire(import.meta.url)('node-sqlite3-wasm') as SqliteModule;

export type Database = SqliteDatabase;
export type { BindValues, SQLiteValue };
/** A row as the library returns it without `expand`: column name to value. */
export type Row = NormalQueryResult;

export interface OpenOptions {
  /** Refuse to create the file; every open of an existing workspace uses this. */
  fileMustExist?: boolean;
}

export function openSqlite(path: string, options: OpenOptions = {}): Database {
  return new sqlite.Database(path, { fileMustExist: options.fileMustExist ?? false });
}

// Without `expand` the library always returns flat rows; its types only know the union.
export function allRows(db: Database, sql: string, values?: BindValues): Row[] {
  return db.all(sql, values) as Row[];
}

export function getRow(db: Database, sql: string, values?: BindValues): Row | null {
  return db.get(sql, values) as Row | null;
}

export function isSqliteError(error: unknown): error is Error {
  return error instanceof sqlite.SQLite3Error;
}

// The library's errors carry only SQLite's message (no result code), so corruption is recognised by
// text: SQLITE_NOTADB -> "file is not a database", SQLITE_CORRUPT -> "database disk image is
// malformed" (and "malformed database schema ..." for a damaged sqlite_master).
const CORRUPTION = /file is not a database|malformed|corrupt/i;

export function isCorruptionError(error: unknown): error is Error {
  return isSqliteError(error) && CORRUPTION.test(error.message);
}

/** Closes without letting a second failure hide the first one. */
export function closeQuietly(db: Database | undefined): void {
  if (!db?.isOpen) return;
  try {
    db.close();
  } catch {
    // Already failing; the caller rethrows the original error.
  }
}
