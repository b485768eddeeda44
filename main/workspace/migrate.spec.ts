import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyMigrations, assertOrdered, createMigrationsTable, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations';
import { allRows, openSqlite, type Database } from './sqlite';
import { makeTempDir, removeTempDirs } from './spec-helpers';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.isOpen) db.close();
  removeTempDirs();
});

function freshDb(): Database {
  const db = openSqlite(path.join(makeTempDir(), 'test.sqlite'));
  open.push(db);
  createMigrationsTable(db);
  return db;
}

function tables(db: Database): string[] {
  return allRows(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((row) => String(row.name));
}

describe('migrations', () => {
  it('are numbered 1, 2, 3, ... and the latest is what the code knows', () => {
    expect(() => assertOrdered(migrations)).not.toThrow();
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
    expect(() => assertOrdered([{ version: 2, name: 'gap', up: () => undefined }])).toThrow(/expected 1/);
  });

  it('migration 1 creates studies and audit_log', () => {
    const db = freshDb();
    expect(applyMigrations(db)).toEqual(migrations.map((m) => m.version));
    expect(tables(db)).toEqual(expect.arrayContaining(['audit_log', 'schema_migrations', 'studies']));
    const studyColumns = allRows(db, 'PRAGMA table_info(studies)').map((row) => row.name);
    expect(studyColumns).toEqual([
      'StudyInstanceUID',
      'PatientName',
      'PatientID',
      'StudyDate',
      'StudyDescription',
      'ModalitiesInStudy',
      'series_count',
      'instance_count',
    ]);
    const auditColumns = allRows(db, 'PRAGMA table_info(audit_log)').map((row) => row.name);
    expect(auditColumns).toEqual(['id', 'at', 'action', 'study_instance_uid', 'detail']);
  });

  it('migration 3 adds the accepted segments, after an index made by migration 2', () => {
    const db = freshDb();
    expect(applyMigrations(db, migrations.slice(0, 2))).toEqual([1, 2]);
    expect(applyMigrations(db, migrations.slice(0, 3))).toEqual([3]);
    const columns = allRows(db, 'PRAGMA table_info(segments)').map((row) => row.name);
    expect(columns).toEqual([
      'id',
      'SOPInstanceUID',
      'frame',
      'SeriesInstanceUID',
      'StudyInstanceUID',
      'label',
      'engine',
      'model_id',
      'width',
      'height',
      'area_px',
      'area_mm2',
      'prompts_json',
      'blob_path',
      'created_at',
    ]);
    const indexes = allRows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'segments' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    expect(indexes.map((row) => row.name)).toEqual(['segments_by_instance', 'segments_by_series']);
  });

  it('migrations 4 and 5 add the few-shot library and the report history on top of segments', () => {
    const db = freshDb();
    applyMigrations(db, migrations.slice(0, 3));
    expect(applyMigrations(db)).toEqual([4, 5]);
    const tables = allRows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['fewshot_classes', 'exemplars', 'exemplar_embeddings', 'prompt_packs', 'classifications', 'reports']));
    // A class name is unique whatever its case: "Benign" and "benign" are one class.
    db.run("INSERT INTO fewshot_classes VALUES ('a', 'Benign', '[]', 'now')");
    expect(() => db.run("INSERT INTO fewshot_classes VALUES ('b', 'benign', '[]', 'now')")).toThrow(/UNIQUE/);
  });

  it('applies only the missing ones, recording name and time', () => {
    const db = freshDb();
    const one = vi.fn((d: Database) => d.exec('CREATE TABLE one (x)'));
    const two = vi.fn((d: Database) => d.exec('CREATE TABLE two (x)'));
    const list: Migration[] = [
      { version: 1, name: 'one', up: one },
      { version: 2, name: 'two', up: two },
    ];
    expect(applyMigrations(db, list.slice(0, 1))).toEqual([1]);
    expect(applyMigrations(db, list)).toEqual([2]);
    expect(applyMigrations(db, list)).toEqual([]);
    expect(one).toHaveBeenCalledTimes(1);
    expect(two).toHaveBeenCalledTimes(1);
    const rows = allRows(db, 'SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: 1, name: 'one', applied_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      { version: 2, name: 'two', applied_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
  });

  it('runs each migration in its own transaction: a failing one leaves the earlier ones applied', () => {
    const db = freshDb();
    const list: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x)') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE two (x)');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    expect(() => applyMigrations(db, list)).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toContain('one');
    expect(tables(db)).not.toContain('two');
    expect(db.inTransaction).toBe(false);
  });
});
