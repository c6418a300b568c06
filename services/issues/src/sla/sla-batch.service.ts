/**
 * Group commit for calls that arrive close together: up to `maxConcurrent` runs at a time, each
 * taking what has queued (at most `maxBatch`). A call that finds nothing queued waits `lingerMs`
 * for company (0: until the next turn of the event loop); calls that queue while runs are busy go
 * as soon as one finishes. A full batch goes at once.
 */
export class Coalescer<I, O> {
  private queue: Array<{ item: I; resolve: (o: O) => void; reject: (err: unknown) => void }> = [];
  private running = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
    private readonly maxConcurrent: number,
    private readonly lingerMs = 0,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.pump();
      else if (!this.timer) {
        const go = () => {
          this.timer = null;
          this.pump();
        };
        this.timer = this.lingerMs > 0 ? setTimeout(go, this.lingerMs) : setImmediate(go);
      }
    });
  }

  private pump(): void {
    while (this.running < this.maxConcurrent && this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running += 1;
      this.run(batch.map((b) => b.item))
        .then(
          (out) => batch.forEach((b, i) => b.resolve(out[i])),
          (err) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
  }
}
