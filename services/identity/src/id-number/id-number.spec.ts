import { randomBytes } from 'node:crypto';
import { IdNumberVault, isValidIdNumber, maskIdNumber, maskPhone } from './id-number';

describe('GB 11643 ID numbers', () => {
  it('accepts numbers whose check character matches', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('510681199001011230')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
  });

  it('rejects a wrong check character, an impossible birth date, and malformed input', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('510681199001011236')).toBe(false);
    expect(isValidIdNumber('510681199002301234')).toBe(false);
    expect(isValidIdNumber('51068119900101123')).toBe(false);
    expect(isValidIdNumber("51068119900101123'")).toBe(false);
  });

  it('masks everything but the first 3 and last 4 characters', () => {
    expect(maskIdNumber('510681199001011230')).toBe('510***********1230');
    expect(maskPhone('13800001234')).toBe('138****1234');
  });

  it('encrypts to a different ciphertext each time and hashes stably', () => {
    const vault = new IdNumberVault(randomBytes(32).toString('base64'), randomBytes(32).toString('base64'));
    const a = vault.encrypt('510681199001011230');
    const b = vault.encrypt('510681199001011230');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('510681199001011230');
    expect(vault.decrypt(a)).toBe('510681199001011230');
    expect(vault.lookupHash('510681199001011230')).toBe(vault.lookupHash(' 510681199001011230 '));
  });
});
