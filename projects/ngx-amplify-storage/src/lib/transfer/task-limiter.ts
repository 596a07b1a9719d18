/**
 * The library's one concurrency limiter: at most `limit` tasks hold a slot at once, the others
 * wait in the order they came. It serves the app-wide TransferQueue, the parts and ranges of one
 * transfer (PartRunner), and a picker's file processing (decoding a photo takes tens of MiB:
 * fifty picked at once must not all be decoded together).
 */
export class TaskLimiter {
  private holders = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    /** Most tasks holding a slot at once. */
    readonly limit: number,
  ) {}

  /** Tasks holding a slot now. */
  get active(): number {
    return this.holders;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Asks for a slot: `start` is called with the slot's `release` as soon as one is free (at once,
   * synchronously, if one is free now). The function returned withdraws a request still waiting,
   * or releases the slot once held; calling it again does nothing.
   */
  acquire(start: (release: () => void) => void): () => void {
    let state: 'waiting' | 'holding' | 'done' = 'waiting';
    const release = () => {
      if (state !== 'holding') return;
      state = 'done';
      // The slot is handed to the next waiter, so that a newcomer cannot take it meanwhile.
      const next = this.waiting.shift();
      if (next) next();
      else this.holders--;
    };
    const grant = () => {
      state = 'holding';
      start(release);
    };
    if (this.holders < this.limit) {
      this.holders++;
      grant();
    } else {
      this.waiting.push(grant);
    }
    return () => {
      if (state !== 'waiting') return release();
      state = 'done';
      this.waiting.splice(this.waiting.indexOf(grant), 1);
    };
  }

  /** Runs `task` once a slot is free (at once if one is); settles as it does, and frees the slot either way. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.acquire((release) => {
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(
          (value) => {
            release();
            resolve(value);
          },
          (error: unknown) => {
            release();
            reject(error);
          },
        );
      });
    });
  }
}
