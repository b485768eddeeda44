// Studies grouped under their patient (same PatientID and name), newest study first.
import type { StudySummary } from '../../../common/api';

export interface PatientGroup {
  key: string;
  PatientName: string;
  PatientID: string;
  studies: StudySummary[];
}

export function groupByPatient(studies: readonly StudySummary[]): PatientGroup[] {
  const groups = new Map<string, PatientGroup>();
  for (const study of studies) {
    const key = `${study.PatientID}\u0000${study.PatientName}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, PatientName: study.PatientName, PatientID: study.PatientID, studies: [] };
      groups.set(key, group);
    }
    group.studies.push(study);
  }
  for (const group of groups.values()) group.studies.sort((a, b) => b.StudyDate.localeCompare(a.StudyDate));
  return [...groups.values()];
}
