// The subset of cornerstone-core 2.x that MaskCue calls. Widen it as the viewer grows.
declare module 'cornerstone-core' {
  interface Cornerstone {
    enable(element: HTMLElement, options?: { renderer?: 'webgl' }): void;
    disable(element: HTMLElement): void;
    resize(element: HTMLElement, forceFitToWindow?: boolean): void;
  }
  const cornerstone: Cornerstone;
  export default cornerstone;
}
