/** The lane of tasks that give none: they share it and wait in the order they came. */
const SHARED_LANE: object = {};

/**
 * Of the lanes with tasks waiting, the one served least recently (never served comes first); ties
 * go to the lane that started waiting first. Round-robin between lanes, so that one lane with many
 * queued tasks (a large upload's parts) cannot keep another (a small file) waiting behind them.
 */
export function nextLane(
  waitingLanes: Iterable<object>,
  lastServed: (lane: object) => number | undefined,
): object | undefined {
  let best: object | undefined;
  let bestServed = Infinity;
  for (const lane of waitingLanes) {
    const served = lastServed(lane) ?? -1;
    if (served < bestServed) {
      best = lane;
      bestServed = served;
    }
  }
  return best;
}

/**
 * The library's one concurrency limiter: at most `limit` tasks hold a slot at once, the others
 * wait. Tasks may name a lane (any object, e.g. one per transfer): a freed slot goes round-robin
 * between the lanes with tasks waiting, and in the order they came within a lane. It serves the
 * app-wide RequestLimiter (one lane per call, so parts of a large upload and small files share
 * the browser's connections fairly), the TransferQueue, the parts and ranges of one transfer
 * (PartRunner), and a picker's file processing (decoding a photo takes tens of MiB: fifty picked
 * at once must not all be decoded together).
 */
export class TaskLimiter {
  private holders = 0;
  private waitingCount = 0;
  // Lanes with tasks waiting, in the order they started waiting (Map keeps insertion order).
  private readonly lanes = new Map<object, (() => void)[]>();
  private readonly lastServed = new WeakMap<object, number>();
  private grants = 0;

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
    return this.waitingCount;
  }

  /**
   * Asks for a slot: `start` is called with the slot's `release` as soon as one is free (at once,
   * synchronously, if one is free now). The function returned withdraws a request still waiting,
   * or releases the slot once held; calling it again does nothing.
   */
  acquire(start: (release: () => void) => void, lane: object = SHARED_LANE): () => void {
    let state: 'waiting' | 'holding' | 'done' = 'waiting';
    const release = () => {
      if (state !== 'holding') return;
      state = 'done';
      // The slot is handed to the next waiter, so that a newcomer cannot take it meanwhile.
      if (!this.grantNext()) this.holders--;
    };
    const grant = () => {
      state = 'holding';
      this.lastServed.set(lane, ++this.grants);
      start(release);
    };
    if (this.holders < this.limit) {
      this.holders++;
      grant();
    } else {
      const queue = this.lanes.get(lane) ?? [];
      queue.push(grant);
      this.lanes.set(lane, queue);
      this.waitingCount++;
    }
    return () => {
      if (state !== 'waiting') return release();
      state = 'done';
      this.withdraw(lane, grant);
    };
  }

  /** Runs `task` once a slot is free (at once if one is); settles as it does, and frees the slot either way. */
  run<T>(task: () => Promise<T>, lane?: object): Promise<T> {
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
      }, lane);
    });
  }

  /** Hands a freed slot to the next waiter, round-robin between lanes; false when none waits. */
  private grantNext(): boolean {
    const lane = nextLane(this.lanes.keys(), (candidate) => this.lastServed.get(candidate));
    if (lane === undefined) return false;
    const queue = this.lanes.get(lane) as (() => void)[];
    const next = queue.shift() as () => void;
    if (queue.length === 0) this.lanes.delete(lane);
    this.waitingCount--;
    next();
    return true;
  }

  private withdraw(lane: object, grant: () => void): void {
    const queue = this.lanes.get(lane);
    const at = queue?.indexOf(grant) ?? -1;
    if (!queue || at === -1) return;
    queue.splice(at, 1);
    if (queue.length === 0) this.lanes.delete(lane);
    this.waitingCount--;
  }
}
