import type { Grade } from '../scoring/scoring.model';

/** A bank's product terms; rates in basis points (1 bp = 0.01%), amounts in fen. */
export interface ProductTerms {
  baseRateBp: number;
  reductionBpPer100Points: number;
  floorRateBp: number;
  maxAmountFenByGrade: Record<Grade, number>;
  /** Top share of a township in permille (200 = top 20%), with its own rate and limit; null when none. */
  topSharePermille: number | null;
  topRateBp: number | null;
  topMaxAmountFen: number | null;
}

export interface QuoteFacts {
  points: number;
  grade: Grade;
  blocked: boolean;
  rank: number;
  townshipSize: number;
}

export interface Quote {
  eligible: boolean;
  rateBp: number;
  limitFen: number;
  topShare: boolean;
  /** Each step in words and integers, so a villager can check it by hand. */
  calculation: string[];
  reasonCodes: string[];
}

/** How many households of a township count as its top share (at least one when the share is positive). */
export function topShareCount(townshipSize: number, permille: number): number {
  return permille > 0 ? Math.max(1, Math.floor((townshipSize * permille) / 1000)) : 0;
}

const pct = (bp: number) => `${Math.trunc(bp / 100)}.${String(Math.abs(bp) % 100).padStart(2, '0')}%`;
const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')} 元`;

export function quoteProduct(terms: ProductTerms, facts: QuoteFacts): Quote {
  const calculation: string[] = [];
  const reasonCodes: string[] = [];
  const steps = Math.max(0, Math.floor(facts.points / 100));
  const reduction = steps * terms.reductionBpPer100Points;
  let rate = terms.baseRateBp - reduction;
  calculation.push(`base ${terms.baseRateBp} bp (${pct(terms.baseRateBp)}) − ${steps} × ${terms.reductionBpPer100Points} bp for ${facts.points} points = ${rate} bp`);
  if (rate < terms.floorRateBp) {
    calculation.push(`floor ${terms.floorRateBp} bp applies`);
    rate = terms.floorRateBp;
  }
  let limit = terms.maxAmountFenByGrade[facts.grade] ?? 0;
  calculation.push(`grade ${facts.grade} limit ${limit} fen (${yuan(limit)})`);
  let topShare = false;
  if (terms.topSharePermille && terms.topRateBp !== null && terms.topMaxAmountFen !== null && facts.townshipSize > 0) {
    const cutoff = topShareCount(facts.townshipSize, terms.topSharePermille);
    if (facts.rank <= cutoff) {
      topShare = true;
      const before = rate;
      rate = Math.min(rate, terms.topRateBp);
      limit = Math.max(limit, terms.topMaxAmountFen);
      calculation.push(`rank ${facts.rank} of ${facts.townshipSize} is within the top ${terms.topSharePermille / 10}% (${cutoff}): rate min(${before}, ${terms.topRateBp}) = ${rate} bp, limit ${limit} fen`);
      reasonCodes.push('TOWNSHIP_TOP_SHARE');
    }
  }
  calculation.push(`rate ${rate} bp = ${pct(rate)} a year`);
  let eligible = limit > 0;
  if (!eligible) reasonCodes.push('GRADE_NOT_ELIGIBLE');
  if (facts.blocked) {
    eligible = false;
    limit = 0;
    reasonCodes.push('NEGATIVE_LIST_BLOCK');
    calculation.push('blocked by the negative list: no automated offer');
  }
  return { eligible, rateBp: rate, limitFen: eligible ? limit : 0, topShare, calculation, reasonCodes };
}
