/** The five fixed categories of "5+x"; village-specific items still fall into one of them. */
export const CATEGORIES = ['爱国守法', '生态宜居', '产业兴旺', '乡风文明', '共建共治'] as const;
export type Category = (typeof CATEGORIES)[number];

/** One version of a rule item; a change inserts the next version and supersedes this one. */
export interface RuleItemRow {
  id: string;
  regionCode: string;
  code: string;
  version: number;
  name: string;
  category: Category;
  points: number;
  monthlyCap: number | null;
  yearlyCap: number | null;
  evidenceRequired: boolean;
  honour: boolean;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  supersededAt: Date | null;
  createdBy: string;
  createdAt: Date;
}
