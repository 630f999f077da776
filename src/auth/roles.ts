/** Who uses the system, and in which language: the words the schema, the policy and the views share. */

/** 学校安全员 · 成员单位 · 教育局监管股 · 系统管理员 · 领导 */
export const ROLES = ['officer', 'department', 'supervisor', 'admin', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
