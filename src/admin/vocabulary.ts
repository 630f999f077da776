/** The organisation's words: the kinds of school (幼儿园 · 小学 · 初中 · 九年一贯制 · 高中 · 特殊教育). */
export const SCHOOL_KINDS = ['kindergarten', 'primary', 'junior', 'nine_year', 'senior', 'special'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];
