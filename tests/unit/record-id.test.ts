import { describe, expect, it } from 'vitest';
import { MAX_ID, recordId } from '../../src/lib/form-fields.js';

describe('recordId', () => {
  it('takes the plain decimal of a positive 32-bit integer', () => {
    expect(recordId('1')).toBe(1);
    expect(recordId('42')).toBe(42);
    expect(recordId(String(MAX_ID))).toBe(MAX_ID);
  });

  it.each(['', '0', '-1', '01', '0x1', '1e1', '1.0', ' 1', '1 ', '+1', '2147483648', '99999999999', 'abc', '١'])('refuses %j', (value) => {
    expect(recordId(value)).toBeNull();
  });

  it('refuses nothing at all', () => {
    expect(recordId(undefined)).toBeNull();
    expect(recordId(null)).toBeNull();
  });
});
