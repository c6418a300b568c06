import { scrubClientMessage } from './errors';

describe('client error messages', () => {
  it('drop the values GraphQL quotes in coercion errors, keeping what is wrong', () => {
    const msg = 'Variable "$input" got invalid value { name: "甲", idNumber: "510681195304040030", password: "Hostile-Pass-2026" }; Field "phone" of required type "String!" was not provided.';
    expect(scrubClientMessage(msg)).toBe('Variable "$input" got an invalid value; Field "phone" of required type "String!" was not provided.');
    const at = 'Variable "$i" got invalid value "x; y" at "i.points"; Int cannot represent non-integer value: "x; y"';
    expect(scrubClientMessage(at)).toBe('Variable "$i" got an invalid value at "i.points"; it does not fit the expected type');
    expect(scrubClientMessage('Expected value of type "Int!", found "secret".')).toBe('Expected value of type "Int!".');
  });

  it('mask anything shaped like an ID-card number', () => {
    expect(scrubClientMessage('bad date 51068119530404003X given')).toBe('bad date ****************** given');
    expect(scrubClientMessage('Household 01a2057d-aa79 not found')).toBe('Household 01a2057d-aa79 not found');
  });
});
