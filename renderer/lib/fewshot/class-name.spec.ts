import { describe, expect, it } from 'vitest';
import type { ClassDef } from '../../../common/domain';
import { defaultClassFor, findClass, normaliseClassName, resolveClassName } from './class-name';

const classes: ClassDef[] = [
  { id: 'c1', name: 'hemangioma', templates: ['a {class}'], exemplarCount: 3 },
  { id: 'c2', name: 'Metastasis', templates: ['a {class}'], exemplarCount: 2 },
];

describe('class picker', () => {
  it('files a typed name under the existing class whatever its case and spacing', () => {
    expect(resolveClassName('  metastasis ', classes)).toEqual({ ok: true, name: 'Metastasis', existing: classes[1] });
    expect(findClass(classes, 'HEMANGIOMA')?.id).toBe('c1');
    expect(normaliseClassName(' simple   cyst ')).toBe('simple cyst');
  });

  it('makes a new class from a new name, and refuses empty or overlong ones', () => {
    expect(resolveClassName('simple  cyst', classes)).toEqual({ ok: true, name: 'simple cyst', existing: null });
    const empty = resolveClassName('   ', classes);
    expect(empty.ok).toBe(false);
    const long = resolveClassName('x'.repeat(65), classes);
    expect(long.ok || long.message).toMatch(/at most 64/);
  });

  it('offers the segment label first, unless it is an automatic "Finding n"', () => {
    expect(defaultClassFor('metastasis', classes, null)).toBe('Metastasis');
    expect(defaultClassFor('liver cyst', classes, 'hemangioma')).toBe('liver cyst');
    expect(defaultClassFor('Finding 2', classes, 'hemangioma')).toBe('hemangioma');
    expect(defaultClassFor('Finding 2', classes, 'gone')).toBe('hemangioma');
    expect(defaultClassFor('Finding 1', [], null)).toBe('');
  });
});
