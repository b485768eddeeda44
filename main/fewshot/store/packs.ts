// Prompt packs: each training run's result, versioned per (engine, model), one active at a time.
// Nothing is overwritten: rolling back is activating an older version, so a radiologist can compare
// packs and return to the one that worked. The pack keeps the class templates and exemplar ids it was
// trained on, so a report can say which exemplars stand behind a result.

import { randomUUID } from 'node:crypto';
import { MaskcueError } from '../../../common/api';
import type { ClassifierEngine, PromptPackSummary } from '../../../common/domain';
import { allRows, getRow, type Row } from '../../workspace/sqlite';
import type { Workspace } from '../../workspace/workspace';
import type { Head } from '../types';

export interface PackExtras {
  templates: string[][];
  exemplarIds: string[];
  fingerprint: string;
}

export interface StoredPack {
  summary: PromptPackSummary;
  head: Head;
  extras: PackExtras;
}

type HeadJson = Omit<Head, 'weights' | 'standardize'> & { weights: number[]; standardize: { mean: number[]; std: number[] } | null };

function headToJson(head: Head): string {
  const json: HeadJson = {
    ...head,
    weights: Array.from(head.weights),
    standardize: head.standardize ? { mean: Array.from(head.standardize.mean), std: Array.from(head.standardize.std) } : null,
  };
  return JSON.stringify(json);
}

function headFromJson(text: string): Head {
  const json = JSON.parse(text) as HeadJson;
  return {
    ...json,
    weights: Float32Array.from(json.weights),
    standardize: json.standardize ? { mean: Float32Array.from(json.standardize.mean), std: Float32Array.from(json.standardize.std) } : null,
  };
}

function toStored(row: Row): StoredPack {
  const { extras, ...summary } = JSON.parse(String(row.summary_json)) as Omit<PromptPackSummary, 'active'> & { extras: PackExtras };
  return { summary: { ...summary, id: String(row.id), active: Number(row.active) === 1 }, head: headFromJson(String(row.head_json)), extras };
}

export class PackStore {
  constructor(private readonly workspace: Workspace) {}

  list(engine?: ClassifierEngine, modelId?: string): PromptPackSummary[] {
    const rows = engine
      ? allRows(this.workspace.db, 'SELECT * FROM prompt_packs WHERE engine = ? AND model_id = ? ORDER BY version DESC', [engine, modelId ?? ''])
      : allRows(this.workspace.db, 'SELECT * FROM prompt_packs ORDER BY created_at DESC');
    return rows.map((r) => toStored(r).summary);
  }

  get(id: string): StoredPack {
    const row = getRow(this.workspace.db, 'SELECT * FROM prompt_packs WHERE id = ?', [id]);
    if (!row) throw new MaskcueError('NOT_FOUND', `No prompt pack ${id} in this workspace; refresh the list.`);
    return toStored(row);
  }

  active(engine: ClassifierEngine, modelId: string): StoredPack | null {
    const row = getRow(this.workspace.db, 'SELECT * FROM prompt_packs WHERE engine = ? AND model_id = ? AND active = 1', [engine, modelId]);
    return row ? toStored(row) : null;
  }

  /** Stores a new version and makes it the active one for its engine and model. */
  save(summary: Omit<PromptPackSummary, 'id' | 'version' | 'active' | 'createdAt'>, head: Head, extras: PackExtras): PromptPackSummary {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    this.workspace.transaction(() => {
      const last = getRow(this.workspace.db, 'SELECT MAX(version) AS v FROM prompt_packs WHERE engine = ? AND model_id = ?', [summary.engine, summary.modelId]);
      const version = (typeof last?.v === 'number' ? last.v : 0) + 1;
      const full = { ...summary, id, version, createdAt, extras };
      this.workspace.db.run('UPDATE prompt_packs SET active = 0 WHERE engine = ? AND model_id = ?', [summary.engine, summary.modelId]);
      this.workspace.db.run('INSERT INTO prompt_packs VALUES (?, ?, ?, ?, ?, ?, 1, ?)', [
        id,
        summary.engine,
        summary.modelId,
        version,
        JSON.stringify(full),
        headToJson(head),
        createdAt,
      ]);
      const m = summary.metrics;
      this.workspace.audit(
        'fewshot.train',
        `prompt pack v${version} (${summary.engine} ${summary.modelId}, ${summary.view}, stage ${summary.stage}): ${summary.classes.join(', ')}; ` +
          (m ? `cross-validated balanced accuracy ${m.balancedAccuracy.toFixed(3)}` : 'too few exemplars to cross-validate'),
      );
    });
    return this.get(id).summary;
  }

  /** Makes an older (or newer) version the active one: rollback. */
  activate(id: string): PromptPackSummary {
    const pack = this.get(id);
    this.workspace.transaction(() => {
      this.workspace.db.run('UPDATE prompt_packs SET active = 0 WHERE engine = ? AND model_id = ?', [pack.summary.engine, pack.summary.modelId]);
      this.workspace.db.run('UPDATE prompt_packs SET active = 1 WHERE id = ?', [id]);
      this.workspace.audit('fewshot.activate', `prompt pack v${pack.summary.version} (${pack.summary.engine} ${pack.summary.modelId}) made active`);
    });
    return this.get(id).summary;
  }
}
