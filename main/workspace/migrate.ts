// Applies the migrations a database lacks, each in its own transaction together with its row in
// schema_migrations, so a crash between two migrations leaves a database that the next open
// finishes migrating.
import { migrations as defaultMigrations, type Migration } from './migrations';
import { allRows, getRow, type Database } from './sqlite';

export function createMigrationsTable(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)');
}

export function hasMigrationsTable(db: Database): boolean {
  return getRow(db, "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") !== null;
}

/** Highest applied version, 0 for none. */
export function schemaVersion(db: Database): number {
  const row = getRow(db, 'SELECT MAX(version) AS version FROM schema_migrations');
  return typeof row?.version === 'number' ? row.version : 0;
}

export function appliedAt(db: Database, version: number): string | null {
  const row = getRow(db, 'SELECT applied_at FROM schema_migrations WHERE version = ?', version);
  return typeof row?.applied_at === 'string' ? row.applied_at : null;
}

/** Returns the versions it applied. The caller has already refused databases newer than the list. */
export function applyMigrations(db: Database, list: readonly Migration[] = defaultMigrations): number[] {
  assertOrdered(list);
  const applied = new Set(allRows(db, 'SELECT version FROM schema_migrations').map((row) => Number(row.version)));
  const done: number[] = [];
  for (const migration of list) {
    if (applied.has(migration.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      migration.up(db);
      db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    done.push(migration.version);
  }
  return done;
}

export function assertOrdered(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1} (versions run 1, 2, 3, ... in order).`);
    }
  });
}
