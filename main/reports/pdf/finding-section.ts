// One finding in the PDF: the key images side by side (outline alone, then heat map + outline, or the
// plain image then the outline when there is no heat map), a heat-map legend drawn from the same
// colour ramp, a caption (label, area, instance/frame, series), and the classification: probability
// per class, sorted, the top one in bold, "uncertain" when flagged, with the prompt pack and model
// that produced it and the pack's cross-validated figures, so the reader can judge how much to trust it.

import { rgb } from 'pdf-lib';
import { encodePngRgb } from '../../segmentation/image/png';
import { heatColour } from '../render/colour-map';
import { type KeyImageOptions, keyImageGeometry, renderKeyImage } from '../render/key-image';
import { chooseScaleBar } from '../render/scale-bar';
import type { ReportFinding } from '../types';
import { COLOURS, type ReportLayout } from './layout';
import { fitText, groupDigits, percent, wrapText } from './text-format';

/** Key images shrink to this (≈ 230 dpi at the drawn size) and small ones grow to at least 512. */
const IMAGE_MAX_SIDE = 900;
const IMAGE_MIN_SIDE = 512;
const IMAGE_MAX_HEIGHT = 290;
const GAP = 12;
/** Burnt-in labels (scale bar length, orientation letters) about this tall on paper. */
const LABEL_POINTS = 9;

export async function drawFinding(layout: ReportLayout, finding: ReportFinding, index: number, count: number): Promise<void> {
  const images = planKeyImages(layout, finding);
  const classification = planClassification(layout, finding);
  const heading = HEADING_HEIGHT;
  // Keep the finding on one page when a fresh page can hold it; else at least its heading with the images.
  const whole = heading + images.height + classification.height;
  if (whole > layout.room && whole <= layout.fullPageRoom) layout.newPage();
  else layout.ensure(heading + images.height);
  layout.heading(count > 1 ? `Finding ${index + 1} of ${count}: ${finding.label}` : `Finding: ${finding.label}`);
  if (finding.keyImageWithheld) {
    band(layout, wrapText(finding.keyImageWithheld, layout.fonts.regular, 10, layout.width - 12), true, false);
    for (const line of captionFor(finding, layout)) {
      layout.text(line, { size: 9 });
      layout.y -= 12;
    }
  } else {
    await drawKeyImages(layout, finding, images);
  }
  drawClassification(layout, finding, classification);
  layout.y -= 14;
}

/** What ReportLayout.heading takes at size 12: the line, the rule and the space under it. */
const HEADING_HEIGHT = 12 + 5 + 14;

interface ImagePlan {
  boxW: number;
  boxH: number;
  panels: { title: string; options: KeyImageOptions }[];
  heat: boolean;
  captionLines: string[];
  height: number;
}

function planKeyImages(layout: ReportLayout, finding: ReportFinding): ImagePlan {
  const heat = (finding.heatmap ?? finding.classification?.heatmap ?? null) !== null;
  const { width: pxW, height: pxH } = keyImageGeometry(finding.display.width, finding.display.height, { maxSide: IMAGE_MAX_SIDE, minSide: IMAGE_MIN_SIDE });
  let boxW = (layout.width - GAP) / 2;
  let boxH = (boxW * pxH) / pxW;
  if (boxH > IMAGE_MAX_HEIGHT) {
    boxH = IMAGE_MAX_HEIGHT;
    boxW = (boxH * pxW) / pxH;
  }
  const textScale = Math.max(1, Math.round(((LABEL_POINTS / 7) * pxW) / boxW));
  const base: KeyImageOptions = { outline: true, heatmap: false, scaleBar: true, orientation: true, maxSide: IMAGE_MAX_SIDE, minSide: IMAGE_MIN_SIDE, textScale };
  const panels = heat
    ? [{ title: 'Mask outline', options: base }, { title: 'Heat map with mask outline', options: { ...base, heatmap: true } }]
    : [{ title: 'Image', options: { ...base, outline: false } }, { title: 'Mask outline', options: base }];
  const captionLines = captionFor(finding, layout);
  const notes: string[] = [];
  const bar = finding.pixelSpacing ? chooseScaleBar((finding.pixelSpacing[1] * finding.width) / pxW, pxW) : null;
  if (bar) notes.push(`Scale bar ${bar.label}`);
  const o = finding.orientation;
  if (o && [o.left, o.right, o.top, o.bottom].some((v) => v.trim())) notes.push(`image edges: ${o.left || '?'} left, ${o.right || '?'} right, ${o.top || '?'} top, ${o.bottom || '?'} bottom`);
  if (notes.length) captionLines.push(`${notes.join('; ')}.`);
  const height = 5 + boxH + 14 + (heat ? LEGEND_HEIGHT : 0) + captionLines.length * 12 + 6;
  return { boxW, boxH, panels, heat, captionLines, height };
}

const LEGEND_HEIGHT = 18;

async function drawKeyImages(layout: ReportLayout, finding: ReportFinding, plan: ImagePlan): Promise<void> {
  const { boxW, boxH } = plan;
  const rowWidth = boxW * 2 + GAP;
  const x0 = layout.left + (layout.width - rowWidth) / 2;
  for (const [i, panel] of plan.panels.entries()) {
    const x = x0 + i * (boxW + GAP);
    layout.text(panel.title, { x, size: 8.5, bold: true, colour: COLOURS.muted, width: boxW });
    const image = renderKeyImage(finding, panel.options);
    const png = await layout.doc.embedPng(encodePngRgb(image.width, image.height, image.rgb));
    const y = layout.y - 5 - boxH;
    layout.page.drawImage(png, { x, y, width: boxW, height: boxH });
    layout.page.drawRectangle({ x, y, width: boxW, height: boxH, borderColor: COLOURS.rule, borderWidth: 0.6 });
  }
  layout.y -= 5 + boxH + 14;
  if (plan.heat) {
    drawHeatLegend(layout, layout.left);
    layout.y -= LEGEND_HEIGHT;
  }
  for (const line of plan.captionLines) {
    layout.text(line, { size: 9 });
    layout.y -= 12;
  }
  layout.y -= 6;
}

/** A 0→1 strip in the overlay's colours, with what the values mean. */
function drawHeatLegend(layout: ReportLayout, x: number): void {
  const steps = 48;
  const w = 90;
  const h = 7;
  const y = layout.y - 1;
  layout.text('0', { x, size: 7.5, colour: COLOURS.muted });
  const stripX = x + 8;
  for (let i = 0; i < steps; i += 1) {
    const [r, g, b] = heatColour((i + 0.5) / steps);
    layout.page.drawRectangle({ x: stripX + (i * w) / steps, y, width: w / steps + 0.2, height: h, color: rgb(r / 255, g / 255, b / 255) });
  }
  layout.text('1', { x: stripX + w + 3, size: 7.5, colour: COLOURS.muted });
  layout.text('Heat map: drop in the top class\u2019s log-odds when each region is hidden (occlusion), scaled to its maximum.', {
    x: stripX + w + 14,
    size: 7.5,
    colour: COLOURS.muted,
  });
}

function captionFor(finding: ReportFinding, layout: ReportLayout): string[] {
  const area = finding.areaMm2 !== null
    ? `area ${formatArea(finding.areaMm2)} mm\u00b2 (${groupDigits(finding.areaPx)} px)`
    : `area ${groupDigits(finding.areaPx)} px (pixel spacing unknown, no mm\u00b2)`;
  const where: string[] = [];
  const ds = finding.source.dataset;
  const instance = typeof ds.InstanceNumber === 'number' || typeof ds.InstanceNumber === 'string' ? String(ds.InstanceNumber) : null;
  if (instance) where.push(`instance ${instance}`);
  const frames = Number(ds.NumberOfFrames);
  if (Number.isFinite(frames) && frames > 1) where.push(`frame ${finding.frame + 1}/${frames}`);
  else if (finding.frame > 0) where.push(`frame ${finding.frame + 1}`);
  if (typeof ds.SeriesDescription === 'string' && ds.SeriesDescription.trim()) where.push(`series \u201c${ds.SeriesDescription.trim()}\u201d`);
  const line = `${finding.label} (segment ${finding.segmentNumber}): ${area}${where.length ? `; ${where.join(', ')}` : ''}.`;
  return wrapText(line, layout.fonts.regular, 9, layout.width);
}

function formatArea(mm2: number): string {
  return mm2 >= 100 ? groupDigits(mm2) : mm2.toFixed(1);
}

interface ClassificationPlan {
  height: number;
  band: { lines: string[]; warn: boolean; bold: boolean } | null;
  provenance: string[];
}

const ROW_HEIGHT = 15;

function planClassification(layout: ReportLayout, finding: ReportFinding): ClassificationPlan {
  const c = finding.classification;
  if (!c) {
    const lines = wrapText('Mask only \u2014 not classified.', layout.fonts.regular, 10, layout.width - 12);
    return { height: bandHeight(lines), band: { lines, warn: false, bold: false }, provenance: [] };
  }
  const topName = c.classes[c.top] ?? '?';
  const topP = percent(c.probabilities[c.top] ?? Number.NaN);
  const message = c.uncertain
    ? `Uncertain: no class reached the prompt pack\u2019s confidence threshold (highest: ${topName}, ${topP}).`
    : `Most probable class: ${topName} (${topP})`;
  const bandLines = wrapText(message, c.uncertain ? layout.fonts.regular : layout.fonts.bold, 10, layout.width - 12);
  const pack = finding.pack;
  const exemplars = pack?.exemplarsPerClass ?? c.exemplarsPerClass;
  const engineId = pack?.engine ?? c.engine;
  const engine = engineId === 'clip' ? 'CLIP' : engineId;
  const total = exemplars.reduce((n, v) => n + v, 0);
  const provenance = [
    `Prompt pack v${pack?.version ?? c.packVersion} \u00b7 engine ${engine} \u00b7 model ${pack?.modelId ?? c.modelId} \u00b7 focus mode ${pack?.focus ?? c.focus} \u00b7 ${total} exemplars in all`,
    pack?.metrics
      ? `Pack quality, cross-validated on its exemplars: accuracy ${percent(pack.metrics.accuracy)} \u00b7 balanced accuracy ${percent(pack.metrics.balancedAccuracy)} \u00b7 macro-F1 ${pack.metrics.macroF1.toFixed(2)}`
      : 'Pack quality: not cross-validated (some class has too few exemplars to fold).',
  ].flatMap((l) => wrapText(l, layout.fonts.regular, 8.5, layout.width));
  const height = bandHeight(bandLines) + 16 + c.classes.length * ROW_HEIGHT + 7 + provenance.length * 11;
  return { height, band: { lines: bandLines, warn: c.uncertain, bold: !c.uncertain }, provenance };
}

function drawClassification(layout: ReportLayout, finding: ReportFinding, plan: ClassificationPlan): void {
  layout.ensure(plan.height);
  if (plan.band) band(layout, plan.band.lines, plan.band.warn, plan.band.bold);
  const c = finding.classification;
  if (!c) return;
  const order = c.classes.map((_, i) => i).sort((a, b) => (c.probabilities[b] ?? 0) - (c.probabilities[a] ?? 0));
  const exemplars = finding.pack?.exemplarsPerClass ?? c.exemplarsPerClass;

  // Table: class | probability | bar | exemplars
  const x = layout.left + 4;
  const col = { cls: x, prob: x + 190, bar: x + 205, barW: 170, ex: layout.left + layout.width - 4 };
  layout.text('Class', { x: col.cls, size: 8, bold: true, colour: COLOURS.muted });
  layout.text('Probability', { x: col.cls, size: 8, bold: true, colour: COLOURS.muted, width: col.prob - col.cls, align: 'right' });
  layout.text('Exemplars', { x: col.ex - 80, size: 8, bold: true, colour: COLOURS.muted, width: 80, align: 'right' });
  layout.y -= 4;
  layout.rule();
  layout.y -= 12;
  for (const i of order) {
    const isTop = i === c.top;
    const p = c.probabilities[i] ?? 0;
    const name = fitText(c.classes[i] ?? '?', isTop ? layout.fonts.bold : layout.fonts.regular, 10, col.prob - col.cls - 60);
    layout.text(name, { x: col.cls, size: 10, bold: isTop });
    layout.text(percent(p), { x: col.cls, size: 10, bold: isTop, width: col.prob - col.cls, align: 'right' });
    layout.page.drawRectangle({ x: col.bar, y: layout.y - 1, width: col.barW, height: 8, color: COLOURS.barTrack });
    layout.page.drawRectangle({ x: col.bar, y: layout.y - 1, width: Math.max(0, Math.min(1, p)) * col.barW, height: 8, color: isTop ? COLOURS.barTop : COLOURS.bar });
    const n = exemplars[i];
    layout.text(n === undefined ? '\u2014' : String(n), { x: col.ex - 80, size: 10, width: 80, align: 'right' });
    layout.y -= ROW_HEIGHT;
  }
  layout.y += ROW_HEIGHT - 6;
  layout.rule();
  layout.y -= 13;
  for (const line of plan.provenance) {
    layout.text(line, { size: 8.5, colour: COLOURS.muted });
    layout.y -= 11;
  }
}

function bandHeight(lines: string[]): number {
  return lines.length * 13 + 12;
}

/** A full-width tinted band with the result (or "not classified") in it. */
function band(layout: ReportLayout, lines: string[], warn: boolean, bold: boolean): void {
  const h = 8 + lines.length * 13;
  layout.page.drawRectangle({ x: layout.left, y: layout.y - h + 12, width: layout.width, height: h, color: warn ? COLOURS.warnBand : COLOURS.band });
  for (const line of lines) {
    layout.text(line, { x: layout.left + 6, size: 10, bold, colour: warn ? COLOURS.warn : COLOURS.text });
    layout.y -= 13;
  }
  layout.y -= 12;
}
