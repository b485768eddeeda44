// The audit trail: who-did-what rows a radiology department can be asked to show. Append only.
import type { AuditEvent } from '../../common/api';
import { allRows, type Database } from './sqlite';

export function appendAudit(db: Database, action: string, detail: string, studyInstanceUID: string | null): void {
  db.run('INSERT INTO audit_log (at, action, study_instance_uid, detail) VALUES (?, ?, ?, ?)', [
    new Date().toISOString(),
    action,
    studyInstanceUID,
    detail,
  ]);
}

/** Newest first. `id` breaks ties between events stamped in the same millisecond. */
export function listAudit(db: Database, limit: number): AuditEvent[] {
  return allRows(db, 'SELECT id, at, action, study_instance_uid, detail FROM audit_log ORDER BY id DESC LIMIT ?', limit).map((row) => ({
      id: Number(row.id),
      at: String(row.at),
      action: String(row.action),
      studyInstanceUID: typeof row.study_instance_uid === 'string' ? row.study_instance_uid : null,
      detail: String(row.detail),
    }));
}
