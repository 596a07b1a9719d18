import { Subscription } from 'rxjs';
import { TaskLimiter } from './task-limiter';
import { TransferControl } from './transfer-control';

/**
 * Runs numbered pieces of work (parts or ranges) a few at a time, and makes `pause` stop all
 * traffic: pieces in flight are aborted and sent again after `resume`, and no new piece starts until
 * `resume`. Any other failure stops the run.
 */
export class PartRunner {
  private readonly inFlight = new Map<number, AbortController>();
  private readonly pausedAborts = new WeakSet<AbortController>();
  private resumeWaiters: (() => void)[] = [];
  private paused: boolean;
  private readonly subscription: Subscription | undefined;

  constructor(
    private readonly signal: AbortSignal,
    control: TransferControl | undefined,
  ) {
    this.paused = control?.paused() ?? false;
    this.subscription = control?.commands$.subscribe((command) => {
      if (command === 'pause') this.pause();
      if (command === 'resume') this.resume();
    });
  }

  /**
   * Runs `work(n, signal)` for each n in `pieces`, `concurrency` at a time. `signal` is aborted on
   * pause (the piece is then retried after resume) and when the whole run is aborted.
   */
  async run(
    pieces: number[],
    concurrency: number,
    work: (piece: number, signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    const slots = new TaskLimiter(concurrency);
    // After a failure the run is over: pieces still waiting for a slot are not started.
    let failed = false;
    const runPiece = (piece: number) =>
      failed
        ? Promise.resolve()
        : this.runPiece(piece, work).catch((error: unknown) => {
            failed = true;
            throw error;
          });
    await Promise.all(pieces.map((piece) => slots.run(() => runPiece(piece))));
  }

  /** Stops listening to the control; call when the transfer has ended. */
  dispose(): void {
    this.subscription?.unsubscribe();
  }

  /** Runs one piece in its slot, again after a resume if a pause aborted it. */
  private async runPiece(
    piece: number,
    work: (piece: number, signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    for (;;) {
      await this.whileRunning();
      const controller = new AbortController();
      const abort = () => controller.abort();
      this.signal.addEventListener('abort', abort);
      this.inFlight.set(piece, controller);
      try {
        await work(piece, controller.signal);
        return;
      } catch (error) {
        if (!this.pausedAborts.has(controller) || this.signal.aborted) throw error;
      } finally {
        this.inFlight.delete(piece);
        this.signal.removeEventListener('abort', abort);
      }
    }
  }

  /** Resolves at once while running, else when resumed; rejects when the run is aborted. */
  private whileRunning(): Promise<void> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason ?? new Error('aborted'));
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.resumeWaiters.push(resolve);
      this.signal.addEventListener(
        'abort',
        () => reject(this.signal.reason ?? new Error('aborted')),
        { once: true },
      );
    });
  }

  private pause(): void {
    this.paused = true;
    for (const controller of this.inFlight.values()) {
      this.pausedAborts.add(controller);
      controller.abort();
    }
  }

  private resume(): void {
    this.paused = false;
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    waiters.forEach((wake) => wake());
  }
}
