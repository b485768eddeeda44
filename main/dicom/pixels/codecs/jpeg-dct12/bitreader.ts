// Reads one entropy-coded segment of a JPEG scan, most significant bit first (T.81 F.2.2.4, F.2.2.5):
// FF 00 is a stuffed FF, FF FF... is fill before a marker, any other FF xx ends the segment. Past the
// end the reader supplies zero bits, as IJG libjpeg does; the first time a code actually needs one of
// those zero bits, `exhausted` is set, and the scan decoder then leaves the rest of the segment's
// MCUs at zero, again as libjpeg does ("Corrupt JPEG data: premature end of data segment").

export class BitReader {
  /** Bits not yet consumed are the low `bits` bits of `buf`; at most 32. */
  buf = 0;
  bits = 0;
  /** How many of the low bits of `buf` are zero fill past the end of the segment. */
  private pad = 0;
  /** Second byte of the marker that ended the segment (0xD9 when the data simply ran out), or -1. */
  marker = -1;
  /** Offset of the 0xFF of that marker (data.length when the data ran out). */
  markerAt = -1;
  /** True once a code needed bits past the end of the segment. */
  exhausted = false;
  /** Bytes skipped while looking for a restart marker (libjpeg's "extraneous bytes"). */
  skipped = 0;

  constructor(
    private readonly data: Uint8Array,
    /** Next byte to read. */
    public pos: number,
  ) {}

  /** Tops the buffer up to more than 24 bits (zero bits past the end of the segment). */
  fill(): void {
    const data = this.data;
    while (this.bits <= 24) {
      let byte = 0;
      if (this.marker < 0) {
        const at = this.pos;
        if (at >= data.length) {
          this.marker = 0xd9;
          this.markerAt = data.length;
          this.pad += 8;
        } else {
          byte = data[at]!;
          if (byte !== 0xff) {
            this.pos = at + 1;
          } else {
            let next = at + 1;
            while (next < data.length && data[next] === 0xff) next += 1; // fill bytes
            if (next < data.length && data[next] === 0x00) {
              this.pos = next + 1; // stuffed FF
            } else {
              this.marker = next < data.length ? data[next]! : 0xd9;
              this.markerAt = next < data.length ? next - 1 : data.length;
              this.pos = this.markerAt;
              byte = 0;
              this.pad += 8;
            }
          }
        }
      } else {
        this.pad += 8;
      }
      this.buf = (this.buf << 8) | byte;
      this.bits += 8;
    }
  }

  /** Marks `n` bits as consumed (the caller has looked at them with `peek`). */
  consume(n: number): void {
    this.bits -= n;
    if (this.bits < this.pad) {
      this.exhausted = true;
      this.pad = this.bits;
    }
  }

  /** The next `n` (≤ 16) bits without consuming them. */
  peek(n: number): number {
    if (this.bits < n) this.fill();
    return (this.buf >>> (this.bits - n)) & ((1 << n) - 1);
  }

  /** The next `n` (0 to 16) bits as an unsigned number. */
  getBits(n: number): number {
    if (n === 0) return 0;
    if (this.bits < n) this.fill();
    this.consume(n);
    return (this.buf >>> this.bits) & ((1 << n) - 1);
  }

  getBit(): number {
    if (this.bits < 1) this.fill();
    this.consume(1);
    return (this.buf >>> this.bits) & 1;
  }

  /** RECEIVE and EXTEND (T.81 F.2.2.1): `s` bits as a signed magnitude-category value. */
  receiveExtend(s: number): number {
    if (s === 0) return 0;
    const v = this.getBits(s);
    return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
  }

  /** Drops the bits left in the buffer (before a restart marker, or at the end of a scan). */
  discardBits(): void {
    this.buf = 0;
    this.bits = 0;
    this.pad = 0;
  }

  /** Moves to the next marker (skipping any garbage bytes, counted in `skipped`) unless one ended the segment already. */
  findMarker(): void {
    if (this.marker >= 0) return;
    const data = this.data;
    let at = this.pos;
    for (;;) {
      while (at < data.length && data[at] !== 0xff) at += 1;
      let next = at + 1;
      while (next < data.length && data[next] === 0xff) next += 1;
      if (next >= data.length) {
        this.skipped += data.length - this.pos;
        this.marker = 0xd9;
        this.markerAt = data.length;
        this.pos = data.length;
        return;
      }
      if (data[next] !== 0x00) {
        this.skipped += next - 1 - this.pos;
        this.marker = data[next]!;
        this.markerAt = next - 1;
        this.pos = this.markerAt;
        return;
      }
      at = next + 1; // a stuffed FF 00 inside garbage
    }
  }

  /**
   * Reads the restart marker RST`expected` at the end of a restart interval, resynchronising as
   * libjpeg's default `jpeg_resync_to_restart` does when a different marker is found: a marker for
   * an earlier interval is skipped, one for the next two intervals is left for them (the current
   * interval is then decoded from no data), anything else is dropped and decoding goes on.
   * Returns whether the next interval has data to decode.
   */
  restart(expected: number): boolean {
    this.discardBits();
    this.findMarker();
    for (;;) {
      const marker = this.marker;
      if (marker === 0xd0 + expected) {
        this.consumeMarker();
        break;
      }
      let action: 1 | 2 | 3;
      if (marker < 0xc0) action = 2;
      else if (marker < 0xd0 || marker > 0xd7) action = 3;
      else if (marker === 0xd0 + ((expected + 1) & 7) || marker === 0xd0 + ((expected + 2) & 7)) action = 3;
      else if (marker === 0xd0 + ((expected - 1) & 7) || marker === 0xd0 + ((expected - 2) & 7)) action = 2;
      else action = 1;
      if (action === 1) {
        this.consumeMarker();
        break;
      }
      if (action === 3 || this.markerAt >= this.data.length) break;
      // action 2: discard this marker and look for the next one
      this.pos = this.markerAt + 2;
      this.marker = -1;
      this.findMarker();
    }
    const resumed = this.marker < 0;
    // libjpeg keeps the out-of-data state when it is left up against a marker.
    if (resumed) this.exhausted = false;
    return resumed;
  }

  private consumeMarker(): void {
    this.pos = this.markerAt + 2;
    this.marker = -1;
    this.markerAt = -1;
  }
}
