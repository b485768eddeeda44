// Page geometry and a top-to-bottom cursor for the report: A4, fixed margins, a block that would cross
// the bottom margin starts a new page (with a one-line running header saying whose report it is),
// and the footer is drawn on every page once the page count is known.

import { type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = { left: 42, right: 42, top: 40, bottom: 56 } as const;

const RUNNING_HEADER_HEIGHT = 22;

export const COLOURS = {
  text: rgb(0.1, 0.1, 0.1),
  muted: rgb(0.4, 0.4, 0.4),
  rule: rgb(0.78, 0.78, 0.78),
  band: rgb(0.94, 0.95, 0.97),
  accent: rgb(0.12, 0.23, 0.37),
  warn: rgb(0.63, 0.36, 0),
  warnBand: rgb(1, 0.96, 0.86),
  disclaimer: rgb(0.55, 0.1, 0.1),
  bar: rgb(0.36, 0.5, 0.7),
  barTop: rgb(0.12, 0.23, 0.37),
  barTrack: rgb(0.9, 0.9, 0.9),
} as const;

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

export type Colour = ReturnType<typeof rgb>;

export class ReportLayout {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  /** Baseline cursor, in PDF points from the bottom of the page. */
  y = 0;
  readonly left = MARGIN.left;
  readonly width = A4[0] - MARGIN.left - MARGIN.right;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly runningHeader: string,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - MARGIN.top;
    if (this.pages.length > 1) {
      this.text(this.runningHeader, { size: 8, colour: COLOURS.muted });
      this.y -= 6;
      this.rule();
      this.y -= RUNNING_HEADER_HEIGHT - 6;
    }
  }

  /** Starts a new page unless `height` points fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  /** Room on a fresh page after the first (below the running header). */
  readonly fullPageRoom = A4[1] - MARGIN.top - MARGIN.bottom - RUNNING_HEADER_HEIGHT;

  /** Space left on this page above the bottom margin. */
  get room(): number {
    return this.y - MARGIN.bottom;
  }

  /** Draws one line with its baseline at the cursor (the cursor does not move). */
  text(value: string, options: { x?: number; size?: number; bold?: boolean; colour?: Colour; align?: 'left' | 'right' | 'centre'; width?: number } = {}): number {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const size = options.size ?? 10;
    const w = font.widthOfTextAtSize(value, size);
    const boxX = options.x ?? this.left;
    const boxW = options.width ?? this.width - (boxX - this.left);
    const x = options.align === 'right' ? boxX + boxW - w : options.align === 'centre' ? boxX + (boxW - w) / 2 : boxX;
    this.page.drawText(value, { x, y: this.y, size, font, color: options.colour ?? COLOURS.text });
    return w;
  }

  /** A horizontal rule across the content width at the cursor. */
  rule(colour: Colour = COLOURS.rule, thickness = 0.6): void {
    this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.left + this.width, y: this.y }, thickness, color: colour });
  }

  /** Section heading: bold, accent colour, a rule under it. */
  heading(title: string, size = 12): void {
    this.ensure(size + 40); // never strand a heading at the foot of a page
    this.text(title, { size, bold: true, colour: COLOURS.accent });
    this.y -= 5;
    this.rule();
    this.y -= size + 2;
  }

  /** Footer on every page: the disclaimer, software and creation time, page x/y. */
  drawFooters(left: string, centre: string): void {
    const total = this.pages.length;
    this.pages.forEach((page, i) => {
      const y = 30;
      page.drawLine({ start: { x: this.left, y: y + 12 }, end: { x: this.left + this.width, y: y + 12 }, thickness: 0.6, color: COLOURS.rule });
      page.drawText(left, { x: this.left, y, size: 8, font: this.fonts.bold, color: COLOURS.disclaimer });
      const pageLabel = `Page ${i + 1}/${total}`;
      const pw = this.fonts.regular.widthOfTextAtSize(pageLabel, 8);
      page.drawText(pageLabel, { x: this.left + this.width - pw, y, size: 8, font: this.fonts.regular, color: COLOURS.muted });
      page.drawText(centre, { x: this.left, y: y - 11, size: 7, font: this.fonts.regular, color: COLOURS.muted });
    });
  }
}
