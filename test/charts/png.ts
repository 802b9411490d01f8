import { inflateSync } from 'node:zlib';

/** Decoded 8-bit RGBA pixels, row by row from the top left. */
export interface DecodedImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export type Rgb = readonly [number, number, number];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Returns whether the buffer starts with the 8-byte PNG signature. */
export function hasPngSignature(png: Buffer): boolean {
  return PNG_SIGNATURE.every((byte, index) => png[index] === byte);
}

/** Reads width and height from the IHDR chunk, which PNG requires to come first. */
export function readPngSize(png: Buffer): { width: number; height: number } {
  if (png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('first PNG chunk is not IHDR');
  }

  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Decodes a non-interlaced 8-bit RGB or RGBA PNG with node:zlib, so pixel
 * checks do not depend on the renderer under test. Other formats throw.
 */
export function decodePng(png: Buffer): DecodedImage {
  const { width, height } = readPngSize(png);
  const bitDepth = png[24];
  const colourType = png[25];
  const interlace = png[28];
  if (bitDepth !== 8 || (colourType !== 6 && colourType !== 2) || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
  }

  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT') {
      idat.push(png.subarray(offset + 8, offset + 8 + length));
    }

    offset += 12 + length;
  }

  const channels = colourType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    unfilterRow(raw, y, stride, channels, rows);
  }

  const pixels = new Uint8Array(width * height * 4);
  for (let index = 0; index < width * height; index += 1) {
    pixels[index * 4] = rows[index * channels] ?? 0;
    pixels[index * 4 + 1] = rows[index * channels + 1] ?? 0;
    pixels[index * 4 + 2] = rows[index * channels + 2] ?? 0;
    pixels[index * 4 + 3] = channels === 4 ? (rows[index * channels + 3] ?? 0) : 255;
  }

  return { width, height, pixels };
}

/** Reverses one row's PNG filter (none, sub, up, average, Paeth) into `out`. */
function unfilterRow(raw: Buffer, y: number, stride: number, channels: number, out: Uint8Array): void {
  const filter = raw[y * (stride + 1)];
  const source = y * (stride + 1) + 1;
  const target = y * stride;
  for (let x = 0; x < stride; x += 1) {
    const value = raw[source + x] ?? 0;
    const left = x >= channels ? (out[target + x - channels] ?? 0) : 0;
    const up = y > 0 ? (out[target - stride + x] ?? 0) : 0;
    const upLeft = y > 0 && x >= channels ? (out[target - stride + x - channels] ?? 0) : 0;
    let predictor = 0;
    if (filter === 1) predictor = left;
    else if (filter === 2) predictor = up;
    else if (filter === 3) predictor = Math.floor((left + up) / 2);
    else if (filter === 4) predictor = paeth(left, up, upLeft);
    out[target + x] = (value + predictor) & 0xff;
  }
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** Parses `#RRGGBB`. */
export function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** A rectangle of pixels, `x1`/`y1` exclusive. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Counts pixels in `box` whose every channel is within `tolerance` of `colour`. */
export function countNear(image: DecodedImage, colour: Rgb, box: PixelBox, tolerance = 10): number {
  let count = 0;
  for (let y = box.y0; y < box.y1; y += 1) {
    for (let x = box.x0; x < box.x1; x += 1) {
      const index = (y * image.width + x) * 4;
      const near =
        Math.abs((image.pixels[index] ?? 0) - colour[0]) <= tolerance &&
        Math.abs((image.pixels[index + 1] ?? 0) - colour[1]) <= tolerance &&
        Math.abs((image.pixels[index + 2] ?? 0) - colour[2]) <= tolerance;
      if (near) count += 1;
    }
  }

  return count;
}

/** Counts pixels in `box` that differ from `colour` by more than `tolerance` in some channel. */
export function countAwayFrom(image: DecodedImage, colour: Rgb, box: PixelBox, tolerance = 10): number {
  return (box.x1 - box.x0) * (box.y1 - box.y0) - countNear(image, colour, box, tolerance);
}

/** Counts positions in `box` where two images of the same size differ in some channel. */
export function countDifferent(first: DecodedImage, second: DecodedImage, box: PixelBox): number {
  let count = 0;
  for (let y = box.y0; y < box.y1; y += 1) {
    for (let x = box.x0; x < box.x1; x += 1) {
      const index = (y * first.width + x) * 4;
      if (
        first.pixels[index] !== second.pixels[index] ||
        first.pixels[index + 1] !== second.pixels[index + 1] ||
        first.pixels[index + 2] !== second.pixels[index + 2]
      ) {
        count += 1;
      }
    }
  }

  return count;
}
