// The class picker behind "Add as exemplar" and relabelling: what the reader typed becomes an existing
// class (matched without regard to case or surrounding spaces, so "Metastasis " files under
// "metastasis") or a new one, checked against the contract's limits before anything is sent.
import type { ClassDef } from '../../../common/domain';

export const CLASS_NAME_MAX = 64;

export type ClassChoice =
  | { ok: true; name: string; existing: ClassDef | null }
  | { ok: false; message: string };

export function normaliseClassName(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function findClass(classes: readonly ClassDef[], text: string): ClassDef | null {
  const wanted = normaliseClassName(text).toLocaleLowerCase();
  if (!wanted) return null;
  return classes.find((c) => c.name.toLocaleLowerCase() === wanted) ?? null;
}

export function resolveClassName(text: string, classes: readonly ClassDef[]): ClassChoice {
  const name = normaliseClassName(text);
  if (!name) return { ok: false, message: 'Type a class name, or pick one of the existing classes.' };
  if (name.length > CLASS_NAME_MAX) return { ok: false, message: `Class names are at most ${CLASS_NAME_MAX} characters.` };
  const existing = findClass(classes, name);
  return { ok: true, name: existing?.name ?? name, existing };
}

/**
 * What the picker offers first for a segment: its label when that names a class (or is a real name,
 * not the automatic "Finding 3"), else the class used last, else the first class, else nothing.
 */
export function defaultClassFor(label: string, classes: readonly ClassDef[], lastUsed: string | null): string {
  const matching = findClass(classes, label);
  if (matching) return matching.name;
  const clean = normaliseClassName(label);
  if (clean && !/^Finding \d+$/.test(clean)) return clean.slice(0, CLASS_NAME_MAX);
  if (lastUsed && findClass(classes, lastUsed)) return findClass(classes, lastUsed)!.name;
  return classes[0]?.name ?? '';
}
