import { decodeCursor, encodeCursor, toConnection } from './pagination';

describe('cursor pagination', () => {
  it('round-trips cursors and rejects forged ones with BAD_USER_INPUT', () => {
    expect(decodeCursor(encodeCursor(['01a2', 5]))).toEqual(['01a2', 5]);
    expect(() => decodeCursor('not-a-cursor')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('trims the look-ahead row and reports the next page', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toConnection(rows, 2, (r) => [r.id]);
    expect(page.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(page.pageInfo.endCursor!)).toEqual(['b']);
    expect(toConnection(rows.slice(0, 2), 2, (r) => [r.id]).pageInfo.hasNextPage).toBe(false);
    expect(toConnection([], 2, (r: { id: string }) => [r.id]).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
