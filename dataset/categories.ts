/** The five LLMEval-Med categories: the Chinese key used in the data files and the short code used everywhere else. */
export const CATEGORIES = [
  { code: 'MK', name: '医疗知识', english: 'Medical Knowledge' },
  { code: 'MR', name: '医疗推理', english: 'Medical Reasoning' },
  { code: 'MLU', name: '医疗语言理解', english: 'Medical Language Understanding' },
  { code: 'MSE', name: '医疗安全伦理', english: 'Medical Safety and Ethics' },
  { code: 'MTG', name: '医疗文本生成', english: 'Medical Text Generation' },
] as const;

export type CategoryCode = (typeof CATEGORIES)[number]['code'];
export type CategoryName = (typeof CATEGORIES)[number]['name'];

export const CATEGORY_CODES: readonly CategoryCode[] = CATEGORIES.map((c) => c.code);

export function categoryCodeOf(name: string): CategoryCode | undefined {
  return CATEGORIES.find((c) => c.name === name || c.code === name)?.code;
}

export function categoryNameOf(code: CategoryCode): CategoryName {
  const found = CATEGORIES.find((c) => c.code === code);
  if (!found) throw new Error(`unknown category code ${code}`);
  return found.name;
}
