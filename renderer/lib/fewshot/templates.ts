// Prompt templates as the reader edits them: one per line in a text box, each with a {class}
// placeholder that CLIP's text encoder gets the class name in. Checked here so the Save button can
// say what is wrong before main refuses (main checks again: the contract's limits are the same).
export const CLASS_PLACEHOLDER = '{class}';
export const TEMPLATE_MAX_LENGTH = 200;
export const TEMPLATE_MAX_COUNT = 16;

export interface ParsedTemplates {
  templates: string[];
  /** What stops saving, in the reader's terms; empty when the templates can be saved. */
  problems: string[];
}

export function parseTemplates(text: string): ParsedTemplates {
  const templates = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line, at, all) => line.length > 0 && all.indexOf(line) === at);
  const problems: string[] = [];
  if (templates.length === 0) problems.push(`Write at least one template, e.g. “a CT image of a ${CLASS_PLACEHOLDER} lesion”.`);
  if (templates.length > TEMPLATE_MAX_COUNT) problems.push(`At most ${TEMPLATE_MAX_COUNT} templates per class (there are ${templates.length}).`);
  for (const template of templates) {
    if (!template.includes(CLASS_PLACEHOLDER)) problems.push(`“${template}” has no ${CLASS_PLACEHOLDER}: write where the class name goes.`);
    if (template.length > TEMPLATE_MAX_LENGTH) problems.push(`“${template.slice(0, 40)}…” is longer than ${TEMPLATE_MAX_LENGTH} characters.`);
  }
  return { templates, problems };
}

export function templatesText(templates: readonly string[]): string {
  return templates.join('\n');
}

/** The text the encoder reads: "an ultrasound image of a benign lesion". */
export function fillTemplate(template: string, className: string): string {
  return template.split(CLASS_PLACEHOLDER).join(className);
}

export function sameTemplates(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
