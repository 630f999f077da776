import { afterEach, describe, expect, it, vi } from 'vitest';
import { outageOf } from '../../src/lib/db-errors.js';
import { describeError, jsonLogger, repeatLimited } from '../../src/lib/logger.js';

/** What drizzle throws: "Failed query: …\nparams: …" with the driver's error as its cause. */
const failedQuery = (code: string, message: string) =>
  Object.assign(new Error(`Failed query: select "id" from "hazards" where "id" = $1\nparams: 张三的身份证号`), { cause: Object.assign(new Error(message), { code }) });

describe('error logs carry the underlying cause', () => {
  it('gives the query line and the driver error behind it, without the parameters', () => {
    const fields = describeError(failedQuery('57P03', 'the database system is not accepting connections'));
    expect(fields).toEqual({ error: 'Failed query: select "id" from "hazards" where "id" = $1', cause: { code: '57P03', message: 'the database system is not accepting connections' } });
    expect(JSON.stringify(fields)).not.toContain('身份证');
  });

  it('gives the code of an error that has no cause', () => {
    expect(describeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toEqual({ error: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' });
    expect(describeError('plain')).toEqual({ error: 'plain' });
  });
});

describe('identical errors are rate-limited', () => {
  afterEach(() => vi.useRealTimers());

  it('logs the first of a kind at once and the number of repeats when its window ends', () => {
    vi.useFakeTimers();
    let now = 0;
    const lines: Array<Record<string, unknown>> = [];
    const log = repeatLimited(jsonLogger('info', (l) => lines.push(JSON.parse(l))), 10_000, () => now);
    for (let i = 0; i < 195; i++) {
      log.error('database unavailable', { path: `/p${i}`, ...describeError(failedQuery('57P03', 'not accepting connections')) });
      now += 50;
    }
    log.error('database unavailable', describeError(failedQuery('55P03', 'canceling statement due to lock timeout')));
    expect(lines.map((l) => [(l.cause as { code: string }).code, l.repeated])).toEqual([
      ['57P03', undefined],
      ['55P03', undefined],
    ]);
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ msg: 'database unavailable', repeated: 194, path: '/p194', cause: { code: '57P03' } });
  });
});

describe('which errors mean "the database cannot serve right now"', () => {
  it('timeouts, refused and dropped connections are unavailable; a full disk is storageFull; the rest are bugs', () => {
    expect(outageOf(failedQuery('57014', 'canceling statement due to statement timeout'))).toBe('unavailable');
    expect(outageOf(failedQuery('55P03', 'lock timeout'))).toBe('unavailable');
    expect(outageOf(failedQuery('25P03', 'idle-in-transaction timeout'))).toBe('unavailable');
    expect(outageOf(failedQuery('08006', 'connection failure'))).toBe('unavailable');
    expect(outageOf(Object.assign(new Error('write CONNECT_TIMEOUT'), { code: 'CONNECT_TIMEOUT' }))).toBe('unavailable');
    expect(outageOf(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe('storageFull');
    expect(outageOf(failedQuery('53100', 'could not extend file'))).toBe('storageFull');
    expect(outageOf(failedQuery('42P01', 'relation does not exist'))).toBeNull();
    expect(outageOf(new Error('bug'))).toBeNull();
  });
});
