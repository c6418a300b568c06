import { Coalescer } from './sla-batch.service';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A run function whose runs the test finishes by hand. */
function manualRuns() {
  const runs: Array<{ items: number[]; done: ReturnType<typeof deferred<void>> }> = [];
  const run = async (items: number[]) => {
    const done = deferred<void>();
    runs.push({ items, done });
    await done.promise;
    return items.map((i) => i * 10);
  };
  return { runs, run };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Coalescer', () => {
  it('gathers calls of the same turn into one run and answers each with its own result', async () => {
    const { runs, run } = manualRuns();
    const c = new Coalescer(run, 100, 1);
    const results = Promise.all([1, 2, 3].map((i) => c.submit(i)));
    await tick();
    expect(runs.map((r) => r.items)).toEqual([[1, 2, 3]]);
    runs[0].done.resolve();
    expect(await results).toEqual([10, 20, 30]);
  });

  it('calls that arrive while a run is busy wait and go together in the next run, at most maxBatch each', async () => {
    const { runs, run } = manualRuns();
    const c = new Coalescer(run, 2, 1);
    const first = c.submit(1);
    await tick();
    const later = [2, 3, 4].map((i) => c.submit(i));
    await tick();
    expect(runs.map((r) => r.items)).toEqual([[1]]);
    runs[0].done.resolve();
    expect(await first).toBe(10);
    await tick();
    expect(runs.map((r) => r.items)).toEqual([[1], [2, 3]]);
    runs[1].done.resolve();
    await tick();
    expect(runs.map((r) => r.items)).toEqual([[1], [2, 3], [4]]);
    runs[2].done.resolve();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('runs up to maxConcurrent at once', async () => {
    const { runs, run } = manualRuns();
    const c = new Coalescer(run, 1, 2);
    const all = Promise.all([1, 2, 3].map((i) => c.submit(i)));
    await tick();
    expect(runs.map((r) => r.items)).toEqual([[1], [2]]);
    runs[1].done.resolve();
    await tick();
    await tick();
    expect(runs.map((r) => r.items)).toEqual([[1], [2], [3]]);
    runs[0].done.resolve();
    runs[2].done.resolve();
    expect(await all).toEqual([10, 20, 30]);
  });

  it('a failed run rejects its own calls only', async () => {
    let n = 0;
    const c = new Coalescer(
      async (items: number[]) => {
        n += 1;
        if (n === 1) throw new Error('boom');
        return items;
      },
      10,
      1,
    );
    const failed = [c.submit(1), c.submit(2)];
    await expect(failed[0]).rejects.toThrow('boom');
    await expect(failed[1]).rejects.toThrow('boom');
    expect(await c.submit(3)).toBe(3);
  });

  it('with a linger, calls a few turns apart still share a run; a full batch does not wait', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { runs, run } = manualRuns();
      const c = new Coalescer(run, 3, 1, 20);
      const first = [c.submit(1)];
      await tick();
      first.push(c.submit(2));
      await tick();
      expect(runs).toEqual([]);
      jest.advanceTimersByTime(20);
      expect(runs.map((r) => r.items)).toEqual([[1, 2]]);
      runs[0].done.resolve();
      expect(await Promise.all(first)).toEqual([10, 20]);

      const full = [3, 4, 5].map((i) => c.submit(i));
      expect(runs.map((r) => r.items)).toEqual([[1, 2], [3, 4, 5]]);
      runs[1].done.resolve();
      expect(await Promise.all(full)).toEqual([30, 40, 50]);
    } finally {
      jest.useRealTimers();
    }
  });
});
