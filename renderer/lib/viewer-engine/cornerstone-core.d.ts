// The subset of cornerstone-core 2.6 that MaskCue calls, typed from its source (dist/cornerstone.js).
// Widen it as the viewer grows; keep it free of `any`.
declare module 'cornerstone-core' {
  export type PixelArray =
    | Uint8Array
    | Uint8ClampedArray
    | Int8Array
    | Uint16Array
    | Int16Array
    | Uint32Array
    | Int32Array
    | Float32Array;

  /**
   * A lookup table as cornerstone reads it. Modality LUTs are indexed by the stored value itself
   * (cornerstone 2.6 does not subtract firstValueMapped there); VOI LUTs by value - firstValueMapped.
   */
  export interface LUT {
    /** cornerstone reuses an image's cached display LUT while these ids match: make them unique per table. */
    id: string;
    firstValueMapped: number;
    numBitsPerEntry: number;
    lut: number[];
  }

  export interface VOI {
    windowWidth: number;
    windowCenter: number;
  }

  export interface Image {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData(): PixelArray;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    /** Colour pixel data is always 4 samples per pixel; true means the 4th is a real alpha. */
    rgba: boolean;
    invert: boolean;
    columnPixelSpacing?: number;
    rowPixelSpacing?: number;
    sizeInBytes: number;
    modalityLUT?: LUT;
    voiLUT?: LUT;
  }

  export interface Viewport {
    scale: number;
    translation: { x: number; y: number };
    voi: VOI;
    invert: boolean;
    pixelReplication: boolean;
    /** Degrees, multiples of 90. */
    rotation: number;
    hflip: boolean;
    vflip: boolean;
    modalityLUT: LUT | undefined;
    voiLUT: LUT | undefined;
  }

  export interface ImageLoadObject {
    promise: Promise<Image>;
    cancelFn?: () => void;
  }

  export type ImageLoader = (imageId: string, options?: Record<string, unknown>) => ImageLoadObject;

  export interface CacheInfo {
    maximumSizeInBytes: number;
    cacheSizeInBytes: number;
    numberOfImagesCached: number;
  }

  export interface ImageCache {
    setMaximumSizeBytes(numBytes: number): void;
    getCacheInfo(): CacheInfo;
    getImageLoadObject(imageId: string): ImageLoadObject | undefined;
    purgeCache(): void;
  }

  export interface EnabledElement {
    element: HTMLElement;
    canvas: HTMLCanvasElement;
    image?: Image;
    viewport?: Viewport;
  }

  export interface Point {
    x: number;
    y: number;
  }

  /** The detail of IMAGE_RENDERED: fired after each draw, so overlays are drawn on top of the image. */
  export interface ImageRenderedDetail {
    element: HTMLElement;
    image: Image;
    viewport: Viewport;
    enabledElement: EnabledElement;
    canvasContext: CanvasRenderingContext2D;
    renderTimeInMs: number;
  }

  export interface CornerstoneEvents {
    IMAGE_RENDERED: 'cornerstoneimagerendered';
    NEW_IMAGE: 'cornerstonenewimage';
    IMAGE_LOAD_FAILED: 'cornerstoneimageloadfailed';
  }

  interface Cornerstone {
    enable(element: HTMLElement, options?: { renderer?: 'webgl' }): void;
    disable(element: HTMLElement): void;
    resize(element: HTMLElement, forceFitToWindow?: boolean): void;
    registerImageLoader(scheme: string, loader: ImageLoader): void;
    loadAndCacheImage(imageId: string, options?: Record<string, unknown>): Promise<Image>;
    displayImage(element: HTMLElement, image: Image, viewport?: Partial<Viewport>): void;
    getEnabledElement(element: HTMLElement): EnabledElement;
    getImage(element: HTMLElement): Image | undefined;
    getViewport(element: HTMLElement): Viewport | undefined;
    /** Merges: a key set to undefined clears it, a key set to null is ignored. */
    setViewport(element: HTMLElement, viewport: Partial<Viewport>): void;
    getDefaultViewportForImage(element: HTMLElement, image: Image): Viewport;
    /** Draws the image once onto a plain canvas, fitted, with the image's default VOI. */
    renderToCanvas(canvas: HTMLCanvasElement, image: Image, viewport?: Partial<Viewport> | null): void;
    /** Page coordinates (event.pageX/pageY) → image pixel coordinates: pixel (i, j) covers [i, i+1) × [j, j+1). */
    pageToPixel(element: HTMLElement, pageX: number, pageY: number): Point;
    /** Image pixel coordinates → canvas coordinates (zoom, pan, rotation and flips applied). */
    pixelToCanvas(element: HTMLElement, point: Point): Point;
    canvasToPixel(element: HTMLElement, point: Point): Point;
    /** Sets the context's transform so that drawing in image pixel coordinates lands where the image is. */
    setToPixelCoordinateSystem(enabledElement: EnabledElement, context: CanvasRenderingContext2D, scale?: number): void;
    /** Asks for a redraw on the next animation frame (IMAGE_RENDERED follows). */
    updateImage(element: HTMLElement, invalidated?: boolean): void;
    imageCache: ImageCache;
    EVENTS: CornerstoneEvents;
  }
  const cornerstone: Cornerstone;
  export default cornerstone;
}
