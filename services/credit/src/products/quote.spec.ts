import { quoteProduct, topShareCount, type ProductTerms } from './quote';

const terms: ProductTerms = {
  baseRateBp: 500,
  reductionBpPer100Points: 10,
  floorRateBp: 350,
  maxAmountFenByGrade: { A: 20_000_000, B: 10_000_000, C: 5_000_000, D: 0 },
  topSharePermille: 200,
  topRateBp: 400,
  topMaxAmountFen: 30_000_000,
};

describe('quoteProduct', () => {
  it('5.00% − 0.10 pp per 100 points: 1,250 points give 3.80%', () => {
    const q = quoteProduct({ ...terms, topSharePermille: null }, { points: 1250, grade: 'B', blocked: false, rank: 50, townshipSize: 100 });
    expect(q).toMatchObject({ eligible: true, rateBp: 380, limitFen: 10_000_000, topShare: false });
    expect(q.calculation[0]).toBe('base 500 bp (5.00%) − 12 × 10 bp for 1250 points = 380 bp');
    expect(q.calculation.at(-1)).toBe('rate 380 bp = 3.80% a year');
  });

  it('stops at the floor when it is higher', () => {
    expect(quoteProduct({ ...terms, floorRateBp: 400 }, { points: 1250, grade: 'B', blocked: false, rank: 50, townshipSize: 100 }).rateBp).toBe(400);
    expect(quoteProduct(terms, { points: 5000, grade: 'A', blocked: false, rank: 50, townshipSize: 100 }).rateBp).toBe(350);
  });

  it('never lowers the rate for negative points', () => {
    expect(quoteProduct(terms, { points: -300, grade: 'C', blocked: false, rank: 90, townshipSize: 100 }).rateBp).toBe(500);
  });

  it('gives the top 20% of a township the special rate and limit', () => {
    const top = quoteProduct(terms, { points: 300, grade: 'B', blocked: false, rank: 20, townshipSize: 100 });
    expect(top).toMatchObject({ rateBp: 400, limitFen: 30_000_000, topShare: true });
    const next = quoteProduct(terms, { points: 300, grade: 'B', blocked: false, rank: 21, townshipSize: 100 });
    expect(next).toMatchObject({ rateBp: 470, limitFen: 10_000_000, topShare: false });
    expect(topShareCount(3, 200)).toBe(1);
  });

  it('blocks a household on the negative list and says so', () => {
    const q = quoteProduct(terms, { points: 3000, grade: 'D', blocked: true, rank: 1, townshipSize: 100 });
    expect(q).toMatchObject({ eligible: false, limitFen: 0 });
    expect(q.reasonCodes).toContain('NEGATIVE_LIST_BLOCK');
  });

  it('is not eligible when its grade has no limit', () => {
    expect(quoteProduct({ ...terms, topSharePermille: null }, { points: 0, grade: 'D', blocked: false, rank: 5, townshipSize: 10 })).toMatchObject({
      eligible: false,
      reasonCodes: ['GRADE_NOT_ELIGIBLE'],
    });
  });
});
