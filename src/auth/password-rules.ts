import type { MessageKey } from '../i18n/index.js';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * The most common passwords of leaked lists (global and Chinese), at or above the minimum length, plus
 * obvious variants of this product's name. A short list by design: length does most of the work.
 */
const COMMON = new Set(
  [
    '1234567890', '0123456789', '12345678910', '123456789a', 'a123456789', '1qaz2wsx3edc', '1q2w3e4r5t',
    'qwertyuiop', 'qwerty1234', 'qwerty123456', 'password12', 'password123', 'password1234', 'passw0rd123',
    'iloveyou12', 'abcdefghij', 'abc1234567', 'abcd123456', 'aa12345678', 'asdfghjkl1', 'zxcvbnm123',
    '1111111111', '0000000000', '1234512345', '5201314520', '5201314000', 'woaini1314', 'woaini520',
    '1314520520', 'qq12345678', 'aaaaaaaaaa', '11223344556', '9876543210', '147258369a', '1234qwer!@',
    'administrator', 'admin12345', 'admin123456', 'welcome123', 'letmein123', 'changeme123', 'p@ssw0rd123',
    'zhenjiang123', 'zhenjiang-demo', 'campussafety', 'anquan12345', 'jiaoyuju123',
  ].map((p) => p.toLowerCase()),
);

/** Returns the message key of the first rule the password breaks, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): MessageKey | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'password.tooShort';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return 'password.tooCommon';
  if (username && lower.includes(username.toLowerCase()) && username.length >= 3) return 'password.containsUsername';
  return null;
}
