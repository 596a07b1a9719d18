import { Signal, signal } from '@angular/core';
import { Observable, Subject } from 'rxjs';

/** What a control asks of the transfer it is attached to. */
export type TransferCommand = 'pause' | 'resume' | 'cancel';

/**
 * A handle to pause, resume or cancel an upload or download: pass it as the `control` option
 * and call its methods while the transfer runs. Pausing stops network traffic (requests in flight
 * are aborted and their parts sent again on resume); cancelling also deletes what was uploaded.
 */
export class TransferControl {
  private readonly commands = new Subject<TransferCommand>();
  private readonly isPaused = signal(false);
  private readonly isCancelled = signal(false);

  /** True while paused. */
  readonly paused: Signal<boolean> = this.isPaused.asReadonly();
  /** True once cancelled; a cancelled control stays cancelled. */
  readonly cancelled: Signal<boolean> = this.isCancelled.asReadonly();
  /** The commands given, for the transfer to act on. */
  readonly commands$: Observable<TransferCommand> = this.commands.asObservable();

  /** Stops the transfer's network traffic until `resume()`. */
  pause(): void {
    if (this.isCancelled() || this.isPaused()) return;
    this.isPaused.set(true);
    this.commands.next('pause');
  }

  /** Continues a paused transfer where it stopped. */
  resume(): void {
    if (this.isCancelled() || !this.isPaused()) return;
    this.isPaused.set(false);
    this.commands.next('resume');
  }

  /** Stops the transfer for good and removes any partial upload. */
  cancel(): void {
    if (this.isCancelled()) return;
    this.isCancelled.set(true);
    this.isPaused.set(false);
    this.commands.next('cancel');
  }
}
