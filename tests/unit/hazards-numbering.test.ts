import { describe, it, expect } from 'vitest';
import { formatHazardNumber, parseHazardNumber } from '../../src/hazards/numbering.js';

describe('formatHazardNumber', () => {
  it('pads the sequence to six digits with the ZJ prefix by default', () => {
    expect(formatHazardNumber(2026, 123)).toBe('ZJ-2026-000123');
    expect(formatHazardNumber(2026, 1)).toBe('ZJ-2026-000001');
    expect(formatHazardNumber(2026, 999999)).toBe('ZJ-2026-999999');
  });

  it('grows past six digits instead of failing', () => {
    expect(formatHazardNumber(2026, 1234567)).toBe('ZJ-2026-1234567');
  });

  it('takes a prefix', () => {
    expect(formatHazardNumber(2027, 45, 'YH')).toBe('YH-2027-000045');
    expect(formatHazardNumber(2027, 45, 'QJ2')).toBe('QJ2-2027-000045');
  });

  it.each([
    [2026, 0, 'ZJ'],
    [2026, -1, 'ZJ'],
    [2026, 1.5, 'ZJ'],
    [999, 1, 'ZJ'],
    [10000, 1, 'ZJ'],
    [2026.5, 1, 'ZJ'],
    [2026, 1, ''],
    [2026, 1, 'zj'],
    [2026, 1, 'Z-J'],
    [2026, 1, '2Z'],
  ])('rejects year %s seq %s prefix %j', (year, seq, prefix) => {
    expect(() => formatHazardNumber(year, seq, prefix)).toThrow(RangeError);
  });
});

describe('parseHazardNumber', () => {
  it('parses the canonical form', () => {
    expect(parseHazardNumber('ZJ-2026-000123')).toEqual({ prefix: 'ZJ', year: 2026, seq: 123 });
    expect(parseHazardNumber('YH-2027-1234567')).toEqual({ prefix: 'YH', year: 2027, seq: 1234567 });
  });

  it('is lenient about case and surrounding spaces', () => {
    expect(parseHazardNumber('  zj-2026-000123 ')).toEqual({ prefix: 'ZJ', year: 2026, seq: 123 });
  });

  it('round-trips', () => {
    for (const [y, s] of [[2026, 1], [2030, 999999], [2026, 1000000]] as const) {
      const parsed = parseHazardNumber(formatHazardNumber(y, s));
      expect(parsed).toEqual({ prefix: 'ZJ', year: y, seq: s });
    }
  });

  it.each([
    '',
    'ZJ-2026-123',
    'ZJ-2026-0000123',
    'ZJ-2026-000000',
    'ZJ-26-000123',
    'ZJ2026000123',
    'ZJ-2026-00012a',
    'ZJ 2026 000123',
    '-2026-000123',
    'ZJ-0999-000123',
    'ZJ-2026-000123-1',
  ])('rejects %j', (s) => {
    expect(parseHazardNumber(s)).toBeNull();
  });
});
