import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MaskcueError, type ErrorCode } from '../../common/api';
import { tempPathFor } from './atomic-write';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { allRows, openSqlite } from './sqlite';
import { deadPid, makeTempDir, removeTempDirs, snapshot } from './spec-helpers';
import { Workspace } from './workspace';

const opened: Workspace[] = [];
afterEach(() => {
  for (const ws of opened.splice(0)) ws.close();
  removeTempDirs();
});

function open(dir: string): Workspace {
  const ws = Workspace.open(dir);
  opened.push(ws);
  return ws;
}

/** A workspace created, closed, and ready to be damaged by the test. */
function closedWorkspace(): string {
  const dir = path.join(makeTempDir(), 'ws');
  Workspace.open(dir).close();
  return dir;
}

function openError(dir: string): MaskcueError {
  try {
    Workspace.open(dir).close();
  } catch (error) {
    if (error instanceof MaskcueError) return error;
    throw error;
  }
  throw new Error(`expected Workspace.open(${dir}) to fail`);
}

function expectRefused(dir: string, code: ErrorCode, ...phrases: string[]): MaskcueError {
  const before = snapshot(dir);
  const error = openError(dir);
  expect(error.code).toBe(code);
  for (const phrase of phrases) expect(error.message).toContain(phrase);
  // Nothing written, nothing removed, and in particular no lock left behind.
  expect(snapshot(dir)).toEqual(before);
  return error;
}

function addStudy(ws: Workspace, uid: string, name: string, id: string, date: string, description: string, modalities: string): void {
  ws.db.run('INSERT INTO studies VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [uid, name, id, date, description, modalities, 2, 30]);
}

describe('Workspace.open: create and reopen', () => {
  it('creates a new workspace in a folder that does not exist yet', () => {
    const dir = path.join(makeTempDir(), 'nested', 'ws');
    const ws = open(dir);
    const info = ws.info();
    expect(info).toEqual({ path: dir, schemaVersion: LATEST_SCHEMA_VERSION, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
    expect(ws.path).toBe(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['blobs', 'workspace.json', 'workspace.lock', 'workspace.sqlite']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'workspace.json'), 'utf8'))).toEqual({
      format: 'maskcue-workspace',
      createdAt: info.createdAt,
    });
    expect(fs.readFileSync(path.join(dir, 'workspace.sqlite')).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  });

  it('creates a new workspace in an empty folder (OS clutter does not count)', () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, '.DS_Store'), 'finder');
    expect(open(dir).info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('reopens without re-applying migrations and keeps createdAt', () => {
    const dir = path.join(makeTempDir(), 'ws');
    const first = Workspace.open(dir);
    const created = first.info().createdAt;
    const migrationsBefore = allRows(first.db, 'SELECT * FROM schema_migrations');
    first.audit('study.imported', 'first session');
    first.close();
    expect(fs.existsSync(path.join(dir, 'workspace.lock'))).toBe(false);

    const again = open(dir);
    expect(again.info()).toEqual({ path: dir, schemaVersion: LATEST_SCHEMA_VERSION, createdAt: created });
    expect(allRows(again.db, 'SELECT * FROM schema_migrations')).toEqual(migrationsBefore);
    expect(again.listAudit(10).map((event) => event.detail)).toEqual(['first session']);
  });

  it('finishes a creation that crashed before the database was renamed into place', () => {
    const dir = makeTempDir();
    const leftover = tempPathFor(path.join(dir, 'workspace.sqlite'));
    fs.writeFileSync(leftover, 'half a database');
    fs.writeFileSync(`${leftover}-journal`, 'its journal');
    const ws = open(dir);
    expect(ws.info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(fs.readdirSync(dir).sort()).toEqual(['blobs', 'workspace.json', 'workspace.lock', 'workspace.sqlite']);
  });

  it('restores a missing marker from the database when the database is there', () => {
    const dir = closedWorkspace();
    const created = (JSON.parse(fs.readFileSync(path.join(dir, 'workspace.json'), 'utf8')) as { createdAt: string }).createdAt;
    fs.rmSync(path.join(dir, 'workspace.json'));
    expect(open(dir).info().createdAt).toBe(created);
    expect(fs.existsSync(path.join(dir, 'workspace.json'))).toBe(true);
  });

  it('clears the lock directory node-sqlite3-wasm leaves behind when a process dies mid-write', () => {
    const dir = closedWorkspace();
    fs.mkdirSync(path.join(dir, 'workspace.sqlite.lock'));
    const ws = open(dir);
    ws.audit('after.crash', 'writes work again');
    expect(ws.listAudit(1)[0]?.action).toBe('after.crash');
  });

  it('refuses a path that is a file', () => {
    const file = path.join(makeTempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    expect(openError(file).code).toBe('INVALID_ARGUMENT');
  });
});

describe('Workspace.open: the lock', () => {
  it('refuses a second open of the same folder while the first is open', () => {
    const dir = path.join(makeTempDir(), 'ws');
    const first = open(dir);
    const error = openError(dir);
    expect(error.code).toBe('WORKSPACE_LOCKED');
    expect(error.message).toContain(`process ${process.pid}`);
    expect(error.message).toContain(path.join(dir, 'workspace.lock'));
    expect(error.message).toContain('Close MaskCue there, or open another workspace with --workspace DIR');
    // The refused open must not have disturbed the first one.
    first.audit('still.working', 'yes');
    expect(first.listAudit(1)[0]?.action).toBe('still.working');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'workspace.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('takes over a stale lock left by a process that has exited', () => {
    const dir = closedWorkspace();
    const lockFile = path.join(dir, 'workspace.lock');
    fs.writeFileSync(lockFile, JSON.stringify({ pid: deadPid(), hostname: os.hostname(), startedAt: '2025-01-01T00:00:00.000Z' }));
    const ws = open(dir);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    ws.close();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock file of garbage', () => {
    const dir = closedWorkspace();
    fs.writeFileSync(path.join(dir, 'workspace.lock'), '\u0000\u0001garbage');
    expect(open(dir).info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('is released on close, so the folder can be reopened; close is idempotent', () => {
    const dir = path.join(makeTempDir(), 'ws');
    const ws = Workspace.open(dir);
    ws.close();
    ws.close();
    expect(ws.isOpen).toBe(false);
    expect(() => ws.audit('late', 'x')).toThrow(MaskcueError);
    open(dir).close();
  });
});

describe('Workspace.open: never recreates over user data', () => {
  it('refuses a workspace whose database was deleted, changing nothing', () => {
    const dir = closedWorkspace();
    fs.writeFileSync(path.join(dir, 'blobs', 'mask.bin'), 'precious');
    fs.rmSync(path.join(dir, 'workspace.sqlite'));
    expectRefused(dir, 'WORKSPACE_MISSING_DATABASE', path.join(dir, 'workspace.sqlite'), 'backup', 'move the folder aside');
    expect(fs.existsSync(path.join(dir, 'workspace.sqlite'))).toBe(false);
  });

  it('refuses a folder with blobs/ but neither marker nor database', () => {
    const dir = closedWorkspace();
    fs.rmSync(path.join(dir, 'workspace.sqlite'));
    fs.rmSync(path.join(dir, 'workspace.json'));
    expectRefused(dir, 'WORKSPACE_MISSING_DATABASE', 'has lost its database');
  });

  it('refuses a non-empty folder that is not a workspace', () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'thesis.docx'), 'years of work');
    fs.mkdirSync(path.join(dir, 'photos'));
    expectRefused(dir, 'WORKSPACE_MISSING_DATABASE', 'is not a MaskCue workspace', 'empty or new folder');
  });

  it('refuses a folder whose workspace.json belongs to some other program', () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'workspace.json'), '{"folders": []}');
    expectRefused(dir, 'WORKSPACE_MISSING_DATABASE', 'is not a MaskCue workspace');
  });

  it('refuses a database replaced by garbage and leaves it byte for byte', () => {
    const dir = closedWorkspace();
    const dbPath = path.join(dir, 'workspace.sqlite');
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 31 + 7) % 256));
    fs.writeFileSync(dbPath, garbage);
    expectRefused(dir, 'WORKSPACE_CORRUPT', dbPath, 'not a database', 'restore it from a backup or move it aside; MaskCue will not overwrite it');
    expect(fs.readFileSync(dbPath).equals(garbage)).toBe(true);
  });

  it('refuses a database with a good header but damaged pages, quoting SQLite', () => {
    const dir = closedWorkspace();
    const dbPath = path.join(dir, 'workspace.sqlite');
    const damaged = fs.readFileSync(dbPath);
    damaged.fill(0xff, 100);
    fs.writeFileSync(dbPath, damaged);
    const error = expectRefused(dir, 'WORKSPACE_CORRUPT', dbPath, 'SQLite says', 'malformed');
    expect(error.message).toContain('MaskCue will not overwrite it');
    expect(fs.readFileSync(dbPath).equals(damaged)).toBe(true);
  });

  it('refuses a file with the SQLite magic but a broken header, quoting SQLite', () => {
    const dir = closedWorkspace();
    const dbPath = path.join(dir, 'workspace.sqlite');
    const broken = fs.readFileSync(dbPath);
    broken.fill(0xab, 16, 100);
    fs.writeFileSync(dbPath, broken);
    expectRefused(dir, 'WORKSPACE_CORRUPT', dbPath, 'SQLite says "file is not a database"');
    expect(fs.readFileSync(dbPath).equals(broken)).toBe(true);
  });

  it('refuses an empty database file', () => {
    const dir = closedWorkspace();
    fs.writeFileSync(path.join(dir, 'workspace.sqlite'), '');
    expectRefused(dir, 'WORKSPACE_CORRUPT', 'empty');
  });

  it('refuses a SQLite database that some other program made', () => {
    const dir = makeTempDir();
    const db = openSqlite(path.join(dir, 'workspace.sqlite'));
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
    expectRefused(dir, 'WORKSPACE_CORRUPT', 'not a MaskCue workspace');
  });

  it('refuses a database made by a newer MaskCue', () => {
    const dir = path.join(makeTempDir(), 'ws');
    const ws = Workspace.open(dir);
    ws.db.run("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')");
    ws.close();
    const error = expectRefused(dir, 'WORKSPACE_TOO_NEW', 'schema version 99');
    expect(error.message).toContain('created by a newer MaskCue; update MaskCue or open another workspace');
  });
});

describe('Workspace.open: every failure releases the lock', () => {
  const damage: Record<string, (dir: string) => () => void> = {
    'missing database': (dir) => {
      const db = path.join(dir, 'workspace.sqlite');
      const saved = fs.readFileSync(db);
      fs.rmSync(db);
      return () => fs.writeFileSync(db, saved);
    },
    'corrupt database': (dir) => {
      const db = path.join(dir, 'workspace.sqlite');
      const saved = fs.readFileSync(db);
      fs.writeFileSync(db, 'garbage garbage garbage');
      return () => fs.writeFileSync(db, saved);
    },
    'damaged pages': (dir) => {
      const db = path.join(dir, 'workspace.sqlite');
      const saved = fs.readFileSync(db);
      fs.writeFileSync(db, Buffer.concat([saved.subarray(0, 100), Buffer.alloc(saved.length - 100, 0xff)]));
      return () => fs.writeFileSync(db, saved);
    },
    'too new': (dir) => {
      const db = openSqlite(path.join(dir, 'workspace.sqlite'));
      db.run("INSERT INTO schema_migrations VALUES (99, 'future', 'x')");
      db.close();
      return () => {
        const fix = openSqlite(path.join(dir, 'workspace.sqlite'));
        fix.run('DELETE FROM schema_migrations WHERE version = 99');
        fix.close();
      };
    },
  };

  it.each(Object.keys(damage))('%s: the next open after fixing the folder is not reported as locked', (name) => {
    const dir = closedWorkspace();
    const fix = damage[name]!(dir);
    expect(openError(dir).code).not.toBe('WORKSPACE_LOCKED');
    expect(fs.existsSync(path.join(dir, 'workspace.lock'))).toBe(false);
    fix();
    expect(open(dir).info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('foreign folder: after it is emptied, a workspace is created there', () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'other.txt'), 'x');
    expect(openError(dir).code).toBe('WORKSPACE_MISSING_DATABASE');
    fs.rmSync(path.join(dir, 'other.txt'));
    expect(open(dir).info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });
});

describe('Workspace: file handles', () => {
  // node-sqlite3-wasm keeps one descriptor per open database; a refused open must not leak it,
  // or Windows would keep the file locked against the user's own backup restore.
  const fdDir = '/proc/self/fd';
  const openUnder = (dir: string): string[] =>
    fs
      .readdirSync(fdDir)
      .map((fd) => {
        try {
          return fs.readlinkSync(path.join(fdDir, fd));
        } catch {
          return '';
        }
      })
      .filter((target) => target.startsWith(dir));

  it.skipIf(!fs.existsSync(fdDir))('holds the database open while open, and nothing after close or a refused open', () => {
    const dir = path.join(makeTempDir(), 'ws');
    const ws = Workspace.open(dir);
    expect(openUnder(dir)).toEqual([path.join(dir, 'workspace.sqlite')]);
    ws.close();
    expect(openUnder(dir)).toEqual([]);
    const dbPath = path.join(dir, 'workspace.sqlite');
    const damaged = fs.readFileSync(dbPath);
    damaged.fill(0xff, 100);
    fs.writeFileSync(dbPath, damaged);
    expect(openError(dir).code).toBe('WORKSPACE_CORRUPT');
    expect(openUnder(dir)).toEqual([]);
  });
});

describe('Workspace: audit log', () => {
  it('round-trips events, newest first, with an optional study', () => {
    const ws = open(path.join(makeTempDir(), 'ws'));
    ws.audit('workspace.opened', 'by test');
    ws.audit('study.imported', '3 series', '1.2.840.113619.2.1');
    ws.audit('report.exported', 'pdf', null);
    const events = ws.listAudit(2);
    expect(events).toEqual([
      { id: 3, at: expect.stringMatching(/Z$/), action: 'report.exported', studyInstanceUID: null, detail: 'pdf' },
      { id: 2, at: expect.any(String), action: 'study.imported', studyInstanceUID: '1.2.840.113619.2.1', detail: '3 series' },
    ]);
    expect(ws.listAudit(100)).toHaveLength(3);
    expect(() => ws.listAudit(0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('Workspace: studies', () => {
  function withStudies(): Workspace {
    const ws = open(path.join(makeTempDir(), 'ws'));
    addStudy(ws, '1.2.3.1', 'DOE^JANE', 'PID-001', '20240105', 'CT CHEST W/O CONTRAST', 'CT\\SR');
    addStudy(ws, '1.2.3.2', 'MÜLLER^HANS', 'PID-002', '20240301', 'MRI BRAIN', 'MR');
    addStudy(ws, '1.2.3.3', 'ROE^RICHARD', 'X_100%', '20231212', 'Chest X-ray', 'CR\\\\DX');
    return ws;
  }

  it('lists every study, newest first, with modalities split', () => {
    const studies = withStudies().listStudies();
    expect(studies.map((study) => study.StudyInstanceUID)).toEqual(['1.2.3.2', '1.2.3.1', '1.2.3.3']);
    expect(studies[1]).toEqual({
      StudyInstanceUID: '1.2.3.1',
      PatientName: 'DOE^JANE',
      PatientID: 'PID-001',
      StudyDate: '20240105',
      StudyDescription: 'CT CHEST W/O CONTRAST',
      ModalitiesInStudy: ['CT', 'SR'],
      seriesCount: 2,
      instanceCount: 30,
    });
    expect(studies[2]?.ModalitiesInStudy).toEqual(['CR', 'DX']);
  });

  it('searches name, ID and description, ignoring case (Unicode too)', () => {
    const ws = withStudies();
    const uids = (search: string): string[] => ws.listStudies(search).map((study) => study.StudyInstanceUID);
    expect(uids('chest')).toEqual(['1.2.3.1', '1.2.3.3']);
    expect(uids('doe')).toEqual(['1.2.3.1']);
    expect(uids('pid-002')).toEqual(['1.2.3.2']);
    expect(uids('müller')).toEqual(['1.2.3.2']);
    expect(uids('  brain ')).toEqual(['1.2.3.2']);
    expect(uids('')).toHaveLength(3);
    expect(uids('nobody')).toEqual([]);
  });

  it('treats % and _ in a search as plain characters', () => {
    const ws = withStudies();
    expect(ws.listStudies('%').map((study) => study.StudyInstanceUID)).toEqual(['1.2.3.3']);
    expect(ws.listStudies('x_1').map((study) => study.StudyInstanceUID)).toEqual(['1.2.3.3']);
  });

  it('reads rows with missing columns as empty values', () => {
    const ws = open(path.join(makeTempDir(), 'ws'));
    ws.db.run("INSERT INTO studies (StudyInstanceUID) VALUES ('9.9')");
    expect(ws.listStudies()).toEqual([
      { StudyInstanceUID: '9.9', PatientName: '', PatientID: '', StudyDate: '', StudyDescription: '', ModalitiesInStudy: [], seriesCount: 0, instanceCount: 0 },
    ]);
  });
});

describe('Workspace.transaction', () => {
  it('commits on return and rolls back on throw', () => {
    const ws = open(path.join(makeTempDir(), 'ws'));
    expect(ws.transaction(() => (ws.audit('kept', 'a'), 42))).toBe(42);
    expect(() =>
      ws.transaction(() => {
        ws.audit('lost', 'b');
        throw new Error('import failed');
      }),
    ).toThrow('import failed');
    expect(ws.listAudit(10).map((event) => event.action)).toEqual(['kept']);
    expect(ws.db.inTransaction).toBe(false);
  });

  it('nests as savepoints: an inner failure undoes only the inner work', () => {
    const ws = open(path.join(makeTempDir(), 'ws'));
    ws.transaction(() => {
      ws.audit('outer', 'a');
      expect(() =>
        ws.transaction(() => {
          ws.audit('inner', 'b');
          throw new Error('inner failed');
        }),
      ).toThrow('inner failed');
      ws.transaction(() => ws.audit('inner-ok', 'c'));
    });
    expect(ws.listAudit(10).map((event) => event.action)).toEqual(['inner-ok', 'outer']);
  });

  it('refuses an async callback and rolls back what it did before its first await', () => {
    const ws = open(path.join(makeTempDir(), 'ws'));
    expect(() =>
      ws.transaction(async () => {
        ws.audit('sync part', 'x');
        await Promise.resolve();
      }),
    ).toThrow(TypeError);
    expect(ws.listAudit(10)).toEqual([]);
    expect(ws.db.inTransaction).toBe(false);
  });
});

describe('Workspace.blobs', () => {
  it('lives in <workspace>/blobs and refuses paths that escape it', async () => {
    const dir = path.join(makeTempDir(), 'ws');
    const ws = open(dir);
    await ws.blobs.write('embeddings/1.2.3.bin', new Uint8Array([1, 2]));
    expect(fs.readFileSync(path.join(dir, 'blobs', 'embeddings', '1.2.3.bin'))).toEqual(Buffer.from([1, 2]));
    await expect(ws.blobs.write('../workspace.sqlite', 'x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(ws.blobs.read(path.join(dir, 'workspace.json'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
