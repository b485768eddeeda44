// The PDF report a radiologist prints or files: who and which study (or "De-identified" in every
// identifying field), each finding with its key images, caption and classification, the
// radiologist's own text and sign-off, and on every page the research-use disclaimer, page x/y,
// software and creation time. A4, DejaVu fonts embedded as subsets so names in any European script
// print, and deterministic metadata (creation time from the input, no patient name in it).

import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import type { ReportHeader, ReportInput } from '../types';
import { drawFinding } from './finding-section';
import { loadReportFonts } from './fonts';
import { COLOURS, type ReportLayout as Layout, ReportLayout } from './layout';
import { formatDicomDate, formatPersonName, formatTime, wrapText } from './text-format';

export const DISCLAIMER = 'Not for diagnostic use \u2014 research software';
export const DEIDENTIFIED = 'De-identified';

export async function writeReportPdf(input: ReportInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const bytes = loadReportFonts();
  const fonts = {
    regular: await doc.embedFont(bytes.regular, { subset: true }),
    bold: await doc.embedFont(bytes.bold, { subset: true }),
  };
  const fields = headerFields(input);
  const running = input.deidentified
    ? `${DEIDENTIFIED} report \u00b7 ${fields.modality} \u00b7 ${fields.studyDescription}`
    : `${fields.patientName} \u00b7 ID ${fields.patientId} \u00b7 study ${fields.studyDate} \u00b7 ${fields.modality}`;
  const layout = new ReportLayout(doc, fonts, running);

  drawHeader(layout, input, fields);
  for (const [i, finding] of input.findings.entries()) await drawFinding(layout, finding, i, input.findings.length);
  if (input.findings.length === 0) {
    layout.text('No findings were exported with this report.', { colour: COLOURS.muted });
    layout.y -= 22;
  }
  drawFindingsText(layout, input);

  const created = formatTime(input.createdAt);
  layout.drawFooters(DISCLAIMER, `${input.software.name} ${input.software.version} \u00b7 report created ${created}`);

  doc.setTitle(input.deidentified ? 'MaskCue report (de-identified)' : 'MaskCue report');
  doc.setSubject(`${fields.modality} \u00b7 ${input.findings.length} finding(s)`);
  doc.setAuthor(input.signedBy ?? '');
  doc.setCreator(`${input.software.name} ${input.software.version}`);
  doc.setProducer(`${input.software.name} ${input.software.version} (pdf-lib)`);
  doc.setKeywords([DISCLAIMER]);
  const when = new Date(input.createdAt);
  if (Number.isFinite(when.getTime())) {
    doc.setCreationDate(when);
    doc.setModificationDate(when);
  }
  return doc.save();
}

/** The header as printed: the study's, or markers when de-identified. */
type HeaderFields = Omit<ReportHeader, 'StudyInstanceUID'>;

/** What the header shows: identifiers replaced by "De-identified" when the report is. */
function headerFields(input: ReportInput): HeaderFields {
  const h = input.header;
  const or = (v: string): string => v.trim() || '\u2014';
  return {
    patientName: input.deidentified ? DEIDENTIFIED : formatPersonName(h.patientName),
    patientId: input.deidentified ? DEIDENTIFIED : or(h.patientId),
    studyDate: input.deidentified ? DEIDENTIFIED : formatDicomDate(h.studyDate),
    accessionNumber: input.deidentified ? DEIDENTIFIED : or(h.accessionNumber),
    modality: or(h.modality),
    studyDescription: or(h.studyDescription),
  };
}

function drawHeader(layout: Layout, input: ReportInput, fields: HeaderFields): void {
  layout.text('MaskCue finding report', { size: 17, bold: true, colour: COLOURS.accent });
  layout.text(`Created ${formatTime(input.createdAt)}`, { size: 8.5, colour: COLOURS.muted, align: 'right' });
  layout.y -= 9;
  layout.rule(COLOURS.accent, 1.2);
  layout.y -= 17;

  const rows: [string, string, string, string][] = [
    ['Patient', fields.patientName, 'Patient ID', fields.patientId],
    ['Study date', fields.studyDate, 'Accession', fields.accessionNumber],
    ['Modality', fields.modality, 'Study', fields.studyDescription],
  ];
  const half = layout.width / 2;
  const labelW = 66;
  for (const [l1, v1, l2, v2] of rows) {
    const lines1 = wrapText(v1, layout.fonts.bold, 10.5, half - labelW - 10);
    const lines2 = wrapText(v2, layout.fonts.bold, 10.5, half - labelW - 4);
    layout.text(l1, { size: 8.5, colour: COLOURS.muted });
    layout.text(l2, { x: layout.left + half, size: 8.5, colour: COLOURS.muted });
    const n = Math.max(lines1.length, lines2.length);
    for (let i = 0; i < n; i += 1) {
      if (lines1[i]) layout.text(lines1[i]!, { x: layout.left + labelW, size: 10.5, bold: true });
      if (lines2[i]) layout.text(lines2[i]!, { x: layout.left + half + labelW, size: 10.5, bold: true });
      layout.y -= 14;
    }
    layout.y -= 2;
  }
  if (input.deidentified) {
    layout.y -= 4;
    const h = 20;
    layout.page.drawRectangle({ x: layout.left, y: layout.y - 6, width: layout.width, height: h, color: COLOURS.warnBand });
    layout.text('This report was de-identified: patient name, ID, study date and accession number are withheld.', { x: layout.left + 6, size: 9, colour: COLOURS.warn });
    layout.y -= h + 2;
  }
  layout.y -= 4;
  layout.rule();
  layout.y -= 26;
}

function drawFindingsText(layout: Layout, input: ReportInput): void {
  layout.heading("Radiologist\u2019s findings");
  const text = input.findingsText.trim();
  const size = 10;
  const lead = 14;
  if (!text) {
    layout.text('No findings text was entered.', { size, colour: COLOURS.muted });
    layout.y -= lead;
  }
  for (const line of text ? wrapText(text, layout.fonts.regular, size, layout.width) : []) {
    layout.ensure(lead);
    if (line) layout.text(line, { size });
    layout.y -= lead;
  }
  layout.y -= 10;
  layout.ensure(40);
  layout.rule();
  layout.y -= 16;
  if (input.signedBy) {
    layout.text('Signed by', { size: 9, colour: COLOURS.muted });
    const w = layout.text(input.signedBy, { x: layout.left + 56, size: 10.5, bold: true });
    layout.text(input.signedAt ? `on ${formatTime(input.signedAt)}` : '(time not recorded)', { x: layout.left + 56 + w + 8, size: 10 });
  } else {
    const w = layout.text('Not signed', { size: 10.5, bold: true, colour: COLOURS.warn });
    layout.text('\u2014 this report has not been signed off by a radiologist.', { x: layout.left + w + 6, size: 10, colour: COLOURS.warn });
  }
  layout.y -= 14;
}
