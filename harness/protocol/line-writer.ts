// A protocol line being written, in pieces: JSON text, and base64 payloads as pieces of their own. A large
// line never becomes one string: its bytes are copied once, each payload as ASCII, straight into a Buffer.

export class LineWriter {
  private readonly parts: string[] = [];
  /** Indexes of the parts that are base64 payloads (ASCII, so one byte per character). */
  private readonly payloads = new Set<number>();

  text(s: string): this {
    this.parts.push(s);
    return this;
  }

  /** A base64 string (ASCII only). */
  payload(s: string): this {
    this.payloads.add(this.parts.length);
    this.parts.push(s);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }

  /** The line's UTF-8 bytes, ended by a newline. */
  toLine(): Buffer {
    const ascii = (i: number) => this.payloads.has(i);
    const sizes = this.parts.map((s, i) => (ascii(i) ? s.length : Buffer.byteLength(s)));
    const line = Buffer.allocUnsafe(sizes.reduce((a, b) => a + b, 1));
    let at = 0;
    this.parts.forEach((s, i) => {
      at += line.write(s, at, sizes[i], ascii(i) ? 'latin1' : 'utf8');
    });
    line[at] = 0x0a;
    return line;
  }
}
