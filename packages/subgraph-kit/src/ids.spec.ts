import { validate } from 'class-validator';
import { IsIdList, isId, newId } from './ids';

class Input {
  @IsIdList() ids!: unknown;
}

const check = async (ids: unknown) => {
  const input = Object.assign(new Input(), { ids });
  return (await validate(input)).map((e) => Object.values(e.constraints ?? {})).flat();
};

describe('ids', () => {
  it('newId makes ids that isId accepts, and isId refuses anything else', () => {
    expect(isId(newId())).toBe(true);
    for (const bad of ['', 'not-an-id', `${newId()} `, `${newId()}x`, 42, null, undefined, { id: newId() }]) expect(isId(bad)).toBe(false);
  });

  it('IsIdList accepts a list of ids and names the field when one is not', async () => {
    expect(await check([newId(), newId().toUpperCase()])).toEqual([]);
    expect(await check([newId(), "1' OR '1'='1"])).toEqual(['ids must be a list of ids (UUIDs)']);
    expect(await check(newId())).toEqual(['ids must be a list of ids (UUIDs)']);
  });
});
