import { tierFor } from './benefit.service';

const tier = (name: string, minPoints: number) => ({ id: name, programId: 'p', name, minPoints, discountPercent: 0, description: '' });

describe('tierFor', () => {
  const tiers = [tier('银卡', 500), tier('金卡', 1000), tier('铜卡', 200)];
  it('picks the highest tier reached', () => {
    expect(tierFor(tiers, 1200)?.name).toBe('金卡');
    expect(tierFor(tiers, 999)?.name).toBe('银卡');
    expect(tierFor(tiers, 200)?.name).toBe('铜卡');
  });
  it('returns null below every tier', () => {
    expect(tierFor(tiers, 199)).toBeNull();
  });
});
