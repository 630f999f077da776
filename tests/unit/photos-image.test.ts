import { describe, it, expect } from 'vitest';
import {
  InvalidImageError,
  MAX_PHOTO_BYTES,
  prepareUpload,
  readDimensions,
  readOrientation,
  sniffImageType,
  stripMetadata,
  type ImageType,
} from '../../src/photos/image.js';

// ------------------------------------------------------------------ byte helpers (tests build real files)

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const cat = (...parts: (Uint8Array | number[])[]) => {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
};
const be16 = (n: number) => [n >> 8, n & 0xff];
const be32 = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

/** Index of `needle` in `hay`, -1 if absent. */
function find(hay: Uint8Array, needle: string): number {
  const n = ascii(needle);
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let j = 0; j < n.length; j++) if (hay[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}
const SECRETS = ['GPS-SECRET', 'XMP-SECRET', 'IPTC-SECRET', 'COMMENT-SECRET', 'MPF-SECRET', 'TRAILER-SECRET', 'TEXT-SECRET', 'TIME-SECRET'];
const leakedSecrets = (b: Uint8Array) => SECRETS.filter((s) => find(b, s) >= 0);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A TIFF block (as inside Exif): IFD0 with Make, Orientation (unless 1) and a GPS IFD pointer; the GPS
 * IFD holds GPSProcessingMethod whose payload is the GPS-SECRET marker.
 */
function tiff(order: 'II' | 'MM', orientation: number): Uint8Array {
  const le = order === 'II';
  const s16 = (n: number) => (le ? [n & 0xff, n >> 8] : be16(n));
  const s32 = (n: number) => (le ? le32(n) : be32(n));
  const gpsData = ascii('GPS-SECRET 31.2304N 121.4737E');
  const entries: number[][] = [[0x010f, 2, 4, ...ascii('Cam\0')]];
  if (orientation !== 1) entries.push([0x0112, 3, 1, ...s16(orientation), 0, 0]);
  const ifd0Size = 2 + 12 * (entries.length + 1) + 4;
  const gpsIfd = 8 + ifd0Size;
  const gpsDataAt = gpsIfd + 2 + 12 + 4;
  entries.push([0x8825, 4, 1, ...s32(gpsIfd)]);
  const entry = ([tag, type, count, ...value]: number[]) => [...s16(tag!), ...s16(type!), ...s32(count!), ...value];
  return cat(
    ascii(order),
    s16(42),
    s32(8),
    s16(entries.length),
    ...entries.map(entry),
    s32(0),
    s16(1),
    entry([0x001b, 7, gpsData.length, ...s32(gpsDataAt)]),
    s32(0),
    gpsData,
  );
}

// ------------------------------------------------------------------------------------------- JPEG

const seg = (marker: number, payload: Uint8Array | number[]) => {
  const p = payload instanceof Uint8Array ? payload : Uint8Array.from(payload);
  return cat([0xff, marker, ...be16(p.length + 2)], p);
};
const SOI = Uint8Array.from([0xff, 0xd8]);
const EOI = Uint8Array.from([0xff, 0xd9]);
const APP0 = seg(0xe0, cat(ascii('JFIF\0'), [1, 1, 0, 0, 1, 0, 1, 0, 0]));
const ICC = seg(0xe2, cat(ascii('ICC_PROFILE\0'), [1, 1], ascii('fake-icc')));
const ADOBE = seg(0xee, cat(ascii('Adobe'), [0, 100, 0, 0, 0, 0, 1]));
const DQT = seg(0xdb, [0, ...new Array<number>(64).fill(1)]);
const SOF0 = seg(0xc0, [8, ...be16(2), ...be16(3), 1, 1, 0x11, 0]); // 3 wide, 2 high
const DHT = seg(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0]);
const SOS = seg(0xda, [1, 1, 0x00, 0, 63, 0]);
const SCAN = Uint8Array.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]); // stuffed FF and a restart marker
const exifApp1 = (order: 'II' | 'MM', orientation: number) => seg(0xe1, cat(ascii('Exif\0\0'), tiff(order, orientation)));
const XMP = seg(0xe1, cat(ascii('http://ns.adobe.com/xap/1.0/\0'), ascii('<x:xmpmeta>XMP-SECRET</x:xmpmeta>')));
const IPTC = seg(0xed, cat(ascii('Photoshop 3.0\0'), ascii('IPTC-SECRET')));
const COM = seg(0xfe, ascii('COMMENT-SECRET'));
const MPF = seg(0xe2, cat(ascii('MPF\0'), ascii('MPF-SECRET')));
const APP5 = seg(0xe5, ascii('GPS-SECRET vendor block'));
// What phones append after EOI: a second JPEG with its own Exif.
const TRAILER = cat(ascii('TRAILER-SECRET'), SOI, exifApp1('MM', 1), EOI);

const jpeg = cat(SOI, APP0, exifApp1('MM', 6), XMP, ICC, MPF, IPTC, APP5, COM, ADOBE, DQT, SOF0, DHT, SOS, SCAN, EOI, TRAILER);
// Exif-first (no JFIF), little-endian, a second scan with tables and a comment between the scans.
const jpegProgressive = cat(SOI, exifApp1('II', 3), DQT, SOF0, DHT, SOS, SCAN, DHT, COM, SOS, SCAN, EOI);
const jpegUpright = cat(SOI, APP0, exifApp1('MM', 1), DQT, SOF0, DHT, SOS, SCAN, EOI);

/** Segments before SOS as [marker, payload] (a tiny independent reader for checking output). */
function headerSegments(b: Uint8Array): [number, Uint8Array][] {
  const out: [number, Uint8Array][] = [];
  let pos = 2;
  while (b[pos + 1] !== 0xda) {
    const len = (b[pos + 2]! << 8) | b[pos + 3]!;
    out.push([b[pos + 1]!, b.subarray(pos + 4, pos + 2 + len)]);
    pos += 2 + len;
  }
  return out;
}

/** Parses the minimal Exif written by stripMetadata: II header, IFD0 with exactly one Orientation entry. */
function parseMinimalExif(payload: Uint8Array): number {
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  expect(find(payload, 'Exif\0\0II')).toBe(0);
  expect(v.getUint16(8, true)).toBe(42);
  const ifd = 6 + v.getUint32(10, true);
  expect(v.getUint16(ifd, true)).toBe(1); // one entry
  expect(v.getUint16(ifd + 2, true)).toBe(0x0112);
  expect(v.getUint16(ifd + 4, true)).toBe(3); // SHORT
  expect(v.getUint32(ifd + 6, true)).toBe(1);
  expect(v.getUint32(ifd + 14, true)).toBe(0); // no next IFD (so no thumbnail IFD1)
  return v.getUint16(ifd + 10, true);
}

// -------------------------------------------------------------------------------------------- PNG

const pngChunk = (type: string, data: Uint8Array | number[]) => {
  const body = cat(ascii(type), data instanceof Uint8Array ? data : Uint8Array.from(data));
  return cat(be32(body.length - 4), body, be32(crc32(body)));
};
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = pngChunk('IHDR', [...be32(1), ...be32(1), 8, 0, 0, 0, 0]); // 1×1 grey, 8 bit
const GAMA = pngChunk('gAMA', be32(45455));
// zlib, one stored block holding the scanline [filter 0, pixel 0], Adler-32 = 0x00020001
const IDAT = pngChunk('IDAT', [0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
const IEND = pngChunk('IEND', []);
const png = cat(
  PNG_SIG,
  IHDR,
  GAMA,
  pngChunk('tEXt', ascii('Comment\0TEXT-SECRET')),
  pngChunk('eXIf', tiff('MM', 6)),
  pngChunk('iTXt', ascii('XML:com.adobe.xmp\0\0\0\0\0XMP-SECRET')),
  pngChunk('zTXt', ascii('Location\0\0GPS-SECRET-not-really-deflated')),
  IDAT,
  pngChunk('tIME', [0x07, 0xea, 1, 2, 3, 4, 5]),
  IEND,
  ascii('TRAILER-SECRET'),
);
const pngClean = cat(PNG_SIG, IHDR, GAMA, IDAT, IEND);

// ------------------------------------------------------------------------------------------- WebP

const riffChunk = (type: string, data: Uint8Array | number[]) => {
  const d = data instanceof Uint8Array ? data : Uint8Array.from(data);
  return cat(ascii(type), le32(d.length), d, d.length % 2 ? [0] : []);
};
const riff = (...chunks: Uint8Array[]) => {
  const body = cat(ascii('WEBP'), ...chunks);
  return cat(ascii('RIFF'), le32(body.length), body);
};
const vp8x = (flags: number) => riffChunk('VP8X', [flags, 0, 0, 0, 3, 0, 0, 2, 0, 0]); // canvas 4×3
const VP8L = riffChunk('VP8L', [0x2f, 0x03, 0x80, 0x00, 0x00]); // 4×3, odd size → padded
const ODD = riffChunk('ABCD', [1, 2, 3]);
const WEBP_EXIF = riffChunk('EXIF', cat(tiff('MM', 6), [0]));
const WEBP_XMP = riffChunk('XMP ', ascii('<x:xmpmeta>XMP-SECRET</x:xmpmeta>'));
const webp = riff(vp8x(0x10 | 0x08 | 0x04), VP8L, ODD, WEBP_EXIF, WEBP_XMP); // alpha + EXIF + XMP flags
const webpLossy = riff(riffChunk('VP8 ', [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 10, 0, 7, 0])); // 10×7
const webpLossless = riff(VP8L);

const SAMPLES: [string, Uint8Array, ImageType][] = [
  ['jpeg', jpeg, 'image/jpeg'],
  ['progressive jpeg', jpegProgressive, 'image/jpeg'],
  ['upright jpeg', jpegUpright, 'image/jpeg'],
  ['png', png, 'image/png'],
  ['webp VP8X', webp, 'image/webp'],
  ['webp VP8', webpLossy, 'image/webp'],
];

// ------------------------------------------------------------------------------------------ tests

describe('sniffImageType', () => {
  it('reads the type from the magic bytes', () => {
    expect(sniffImageType(jpeg)).toBe('image/jpeg');
    expect(sniffImageType(png)).toBe('image/png');
    expect(sniffImageType(webp)).toBe('image/webp');
    expect(sniffImageType(webpLossy)).toBe('image/webp');
  });

  it('ignores names and declared types: a PNG uploaded as "photo.jpg" / image/jpeg is a PNG', () => {
    const upload = new File([png.slice()], 'photo.jpg', { type: 'image/jpeg' });
    expect(sniffImageType(png)).toBe('image/png');
    expect(upload.type).toBe('image/jpeg'); // what the client claimed, never consulted
    const r = prepareUpload(png);
    expect(r.ok && r.contentType).toBe('image/png');
  });

  it('rejects everything else', () => {
    expect(sniffImageType(new Uint8Array())).toBeNull();
    expect(sniffImageType(ascii('hello, this is a text file'))).toBeNull();
    expect(sniffImageType(ascii('%PDF-1.7\n%âãÏÓ'))).toBeNull();
    expect(sniffImageType(ascii('GIF89a\x01\x00\x01\x00'))).toBeNull();
    expect(sniffImageType(cat(ascii('RIFF'), le32(4), ascii('WAVE')))).toBeNull();
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8]))).toBeNull(); // too short to tell
    expect(sniffImageType(Uint8Array.from(PNG_SIG.slice(0, 7)))).toBeNull();
  });
});

describe('stripMetadata: JPEG', () => {
  const out = stripMetadata(jpeg, 'image/jpeg');

  it('removes Exif/GPS, XMP, IPTC, comments, other APPn and the trailer after EOI', () => {
    expect(leakedSecrets(jpeg)).toEqual(['GPS-SECRET', 'XMP-SECRET', 'IPTC-SECRET', 'COMMENT-SECRET', 'MPF-SECRET', 'TRAILER-SECRET']);
    expect(leakedSecrets(out)).toEqual([]);
  });

  it('keeps JFIF, ICC, Adobe, tables and scan data byte for byte, with Orientation in a new minimal Exif', () => {
    const segs = headerSegments(out);
    expect(segs.map(([m]) => m)).toEqual([0xe0, 0xe1, 0xe2, 0xee, 0xdb, 0xc0, 0xc4]);
    expect(parseMinimalExif(segs[1]![1])).toBe(6);
    const exif = out.subarray(2 + APP0.length, 2 + APP0.length + 36);
    expect(out).toEqual(cat(SOI, APP0, exif, ICC, ADOBE, DQT, SOF0, DHT, SOS, SCAN, EOI));
    expect(readOrientation(out, 'image/jpeg')).toBe(6);
  });

  it('reads little-endian Exif, handles several scans, and puts Exif right after SOI without JFIF', () => {
    expect(readOrientation(jpegProgressive, 'image/jpeg')).toBe(3);
    const p = stripMetadata(jpegProgressive, 'image/jpeg');
    const exif = p.subarray(2, 38);
    expect(parseMinimalExif(exif.subarray(4))).toBe(3);
    expect(p).toEqual(cat(SOI, exif, DQT, SOF0, DHT, SOS, SCAN, DHT, SOS, SCAN, EOI));
  });

  it('writes no Exif at all when the orientation is 1', () => {
    expect(stripMetadata(jpegUpright, 'image/jpeg')).toEqual(cat(SOI, APP0, DQT, SOF0, DHT, SOS, SCAN, EOI));
  });

  it('returns a copy', () => {
    const input = jpegUpright.slice();
    const o = stripMetadata(input, 'image/jpeg');
    o[0] = 0;
    expect(input).toEqual(jpegUpright);
  });

  it('rejects malformed segments', () => {
    const bad = (b: Uint8Array) => expect(() => stripMetadata(b, 'image/jpeg')).toThrow(InvalidImageError);
    bad(cat(SOI, [0xff, 0xe1, 0x00, 0x01], DQT, SOF0, SOS, SCAN, EOI)); // length < 2
    bad(cat(SOI, [0xff, 0xe1, 0xff, 0xff, 0x00])); // length past the end
    bad(cat(SOI, APP0, [0x00, 0x00], SOF0, SOS, SCAN, EOI)); // garbage where a marker should be
    bad(cat(SOI, APP0, DQT, SOF0, EOI)); // no scan
    bad(cat(SOI, APP0, DQT, SOF0, SOS, SCAN)); // scan never ends
  });
});

describe('stripMetadata: PNG', () => {
  const out = stripMetadata(png, 'image/png');

  it('drops eXIf, tEXt, zTXt, iTXt, tIME and anything after IEND; keeps the rest byte for byte', () => {
    expect(leakedSecrets(png).length).toBeGreaterThan(0);
    expect(leakedSecrets(out)).toEqual([]);
    expect(out).toEqual(pngClean);
  });

  it('leaves every kept chunk with a valid CRC', () => {
    let pos = 8;
    while (pos < out.length) {
      const v = new DataView(out.buffer, out.byteOffset + pos);
      const len = v.getUint32(0);
      expect(v.getUint32(8 + len)).toBe(crc32(out.subarray(pos + 4, pos + 8 + len)));
      pos += 12 + len;
    }
    expect(pos).toBe(out.length);
  });

  it('rejects a missing IEND, a first chunk other than IHDR and bad chunk types', () => {
    const bad = (b: Uint8Array) => expect(() => stripMetadata(b, 'image/png')).toThrow(InvalidImageError);
    bad(cat(PNG_SIG, IHDR, IDAT));
    bad(cat(PNG_SIG, GAMA, IHDR, IDAT, IEND));
    bad(cat(PNG_SIG, IHDR, pngChunk('ab1d', []), IEND));
    bad(cat(PNG_SIG, IHDR, [0xff, 0xff, 0xff, 0xff], ascii('IDAT'), IEND));
  });
});

describe('stripMetadata: WebP', () => {
  const out = stripMetadata(webp, 'image/webp');

  it('drops EXIF and XMP chunks, clears their VP8X flags, fixes the RIFF size, keeps padding', () => {
    expect(leakedSecrets(webp)).toEqual(['GPS-SECRET', 'XMP-SECRET']);
    expect(WEBP_EXIF.length % 2).toBe(0); // the EXIF payload was odd: one pad byte
    expect(leakedSecrets(out)).toEqual([]);
    expect(out).toEqual(riff(vp8x(0x10), VP8L, ODD));
    expect(new DataView(out.buffer, out.byteOffset).getUint32(4, true)).toBe(out.length - 8);
  });

  it('leaves a WebP without metadata as it was', () => {
    expect(stripMetadata(webpLossy, 'image/webp')).toEqual(webpLossy);
    expect(stripMetadata(webpLossless, 'image/webp')).toEqual(webpLossless);
  });

  it('rejects a chunk running past the RIFF size and a first chunk that is not VP8/VP8L/VP8X', () => {
    const bad = (b: Uint8Array) => expect(() => stripMetadata(b, 'image/webp')).toThrow(InvalidImageError);
    bad(riff(cat(ascii('VP8L'), le32(100), [0x2f])));
    bad(riff(ODD, VP8L));
    bad(riff());
    bad(cat(ascii('RIFF'), le32(1000), ascii('WEBP'), VP8L)); // RIFF size beyond the data
  });
});

describe('readDimensions', () => {
  it('reads JPEG SOFn, PNG IHDR, WebP VP8X / VP8L / VP8', () => {
    expect(readDimensions(jpeg, 'image/jpeg')).toEqual({ width: 3, height: 2 });
    expect(readDimensions(png, 'image/png')).toEqual({ width: 1, height: 1 });
    expect(readDimensions(webp, 'image/webp')).toEqual({ width: 4, height: 3 });
    expect(readDimensions(webpLossless, 'image/webp')).toEqual({ width: 4, height: 3 });
    expect(readDimensions(webpLossy, 'image/webp')).toEqual({ width: 10, height: 7 });
  });

  it('is null, not an exception, when unknown', () => {
    expect(readDimensions(jpeg.subarray(0, 30), 'image/jpeg')).toBeNull();
    expect(readDimensions(ascii('nope'), 'image/png')).toBeNull();
    expect(readDimensions(riff(riffChunk('VP8 ', [0, 0, 0, 1, 2, 3, 10, 0, 7, 0])), 'image/webp')).toBeNull(); // bad start code
  });
});

describe('robustness', () => {
  /** Either a result or InvalidImageError: any other exception (RangeError, TypeError...) fails. */
  function expectSafe(b: Uint8Array, type: ImageType): boolean {
    try {
      stripMetadata(b, type);
      return true;
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidImageError);
      return false;
    } finally {
      readDimensions(b, type);
      readOrientation(b, type);
      prepareUpload(b);
    }
  }

  it.each(SAMPLES)('every truncation of the %s sample succeeds or throws InvalidImageError', (_, sample, type) => {
    const results = [];
    for (let n = 0; n < sample.length; n++) results.push(expectSafe(sample.subarray(0, n), type));
    expect(expectSafe(sample, type)).toBe(true);
    // Cut before the end marker (EOI / IEND / RIFF end), the image is incomplete and must be refused.
    const end = type === 'image/jpeg' ? find(sample, '\xff\xd9') + 2 : type === 'image/png' ? find(sample, 'IEND') + 8 : sample.length;
    expect(results.slice(0, end).every((ok) => !ok)).toBe(true);
  });

  it.each(SAMPLES)('random byte corruption of the %s sample succeeds or throws InvalidImageError', (_, sample, type) => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const b = sample.slice();
      for (let k = 1 + rand(3); k > 0; k--) b[rand(b.length)] = rand(2) ? rand(256) : 0xff;
      expectSafe(b, type);
    }
  });
});

describe('prepareUpload', () => {
  it('strips, types and measures; width/height are as displayed (orientation 6 turns 3×2 into 2×3)', () => {
    const r = prepareUpload(jpeg);
    expect(r).toMatchObject({ ok: true, contentType: 'image/jpeg', width: 2, height: 3 });
    expect(r.ok && leakedSecrets(r.bytes)).toEqual([]);
    expect(prepareUpload(jpegProgressive)).toMatchObject({ ok: true, width: 3, height: 2 }); // 180°: unchanged
    expect(prepareUpload(png)).toMatchObject({ ok: true, contentType: 'image/png', width: 1, height: 1, bytes: pngClean });
    expect(prepareUpload(webp)).toMatchObject({ ok: true, contentType: 'image/webp', width: 4, height: 3 });
  });

  it('refuses what is too large before looking at it', () => {
    expect(MAX_PHOTO_BYTES).toBe(10 * 1024 * 1024);
    expect(prepareUpload(png, png.length - 1)).toEqual({ ok: false, error: 'tooLarge' });
    expect(prepareUpload(png, png.length).ok).toBe(true);
    expect(prepareUpload(new Uint8Array(MAX_PHOTO_BYTES + 1))).toEqual({ ok: false, error: 'tooLarge' });
  });

  it('refuses what is not a JPEG/PNG/WebP', () => {
    expect(prepareUpload(new Uint8Array())).toEqual({ ok: false, error: 'notImage' });
    expect(prepareUpload(ascii('%PDF-1.4'))).toEqual({ ok: false, error: 'notImage' });
    expect(prepareUpload(ascii('GIF89a......'))).toEqual({ ok: false, error: 'notImage' });
  });

  it('refuses a broken image of an accepted type', () => {
    expect(prepareUpload(jpeg.subarray(0, 100))).toEqual({ ok: false, error: 'corrupt' });
    expect(prepareUpload(png.subarray(0, 40))).toEqual({ ok: false, error: 'corrupt' });
    expect(prepareUpload(webp.subarray(0, 20))).toEqual({ ok: false, error: 'corrupt' });
  });
});
