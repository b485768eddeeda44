import { describe, expect, it } from 'vitest';
import { fillTemplate, parseTemplates, sameTemplates, templatesText } from './templates';

describe('prompt templates', () => {
  it('reads one template per line, trimmed, without blanks or repeats', () => {
    const parsed = parseTemplates('  a CT image of a {class} lesion \n\n{class}\r\n{class}\n');
    expect(parsed.templates).toEqual(['a CT image of a {class} lesion', '{class}']);
    expect(parsed.problems).toEqual([]);
    expect(templatesText(parsed.templates)).toBe('a CT image of a {class} lesion\n{class}');
  });

  it('says what stops saving', () => {
    expect(parseTemplates('').problems[0]).toMatch(/at least one template/);
    expect(parseTemplates('a lesion').problems[0]).toMatch(/no \{class\}/);
    expect(parseTemplates(`{class} ${'x'.repeat(200)}`).problems[0]).toMatch(/longer than 200/);
    const many = Array.from({ length: 17 }, (_, i) => `{class} ${i}`).join('\n');
    expect(parseTemplates(many).problems[0]).toMatch(/At most 16/);
  });

  it('fills every placeholder and compares lists', () => {
    expect(fillTemplate('a {class} next to a {class}', 'cyst')).toBe('a cyst next to a cyst');
    expect(sameTemplates(['a'], ['a'])).toBe(true);
    expect(sameTemplates(['a'], ['a', 'b'])).toBe(false);
  });
});
