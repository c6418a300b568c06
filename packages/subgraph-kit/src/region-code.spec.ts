import { ancestorCodes, countyOf, isWithinRegion, normalizeRegionCode, regionLevel, RegionLevel } from './region-code';

describe('region codes', () => {
  it('reads the level from the significant digits', () => {
    expect(regionLevel('510600000000')).toBe(RegionLevel.CITY);
    expect(regionLevel('510681000000')).toBe(RegionLevel.COUNTY);
    expect(regionLevel('510681106000')).toBe(RegionLevel.TOWNSHIP);
    expect(regionLevel('510681106001')).toBe(RegionLevel.VILLAGE);
    expect(regionLevel('510681106001002')).toBe(RegionLevel.GRID);
  });

  it('decides containment by prefix, not by string prefix of the padded code', () => {
    expect(isWithinRegion('510681106001', '510681106000')).toBe(true);
    expect(isWithinRegion('510681106001', '510681000000')).toBe(true);
    expect(isWithinRegion('510681107001', '510681106000')).toBe(false);
    expect(isWithinRegion('510681106001', '510681106001')).toBe(true);
    expect(isWithinRegion('510681106001003', '510681106001')).toBe(true);
    expect(isWithinRegion('510682000000', '510681000000')).toBe(false);
  });

  it('lists ancestors top-down', () => {
    expect(ancestorCodes('510681106001002')).toEqual(['510000000000', '510600000000', '510681000000', '510681106000', '510681106001']);
    expect(ancestorCodes('510600000000')).toEqual(['510000000000']);
    expect(countyOf('510681106001')).toBe('510681');
  });

  it('normalises short codes and rejects garbage with a coded error', () => {
    expect(normalizeRegionCode('510681')).toBe('510681000000');
    expect(normalizeRegionCode('510681106')).toBe('510681106000');
    expect(() => normalizeRegionCode('5106')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => normalizeRegionCode("510681' OR 1=1")).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
