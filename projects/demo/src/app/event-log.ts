import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { StorageEvent, StorageService } from 'ngx-amplify-storage';
import { BytesPipe } from './bytes.pipe';

/** A tracking event as the log shows it, with when it arrived. */
interface LoggedEvent extends StorageEvent {
  id: number;
  at: Date;
}

/** How many events the log keeps. */
const KEPT = 50;

/**
 * The tracking events of `StorageService.events$`, newest first: one per call, from the
 * components and the panels alike, since the demo turns `track` on for every call.
 */
@Component({
  selector: 'app-event-log',
  imports: [BytesPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './event-log.html',
})
export class EventLog {
  private nextId = 0;

  protected readonly kept = KEPT;
  protected readonly events = signal<LoggedEvent[]>([]);
  /** Events received since the page opened or the log was cleared, including those no longer kept. */
  protected readonly received = signal(0);

  constructor() {
    inject(StorageService)
      .events$.pipe(takeUntilDestroyed())
      .subscribe((event) => {
        this.received.update((count) => count + 1);
        this.events.update((events) =>
          [{ ...event, id: ++this.nextId, at: new Date() }, ...events].slice(0, KEPT),
        );
      });
  }

  protected clear(): void {
    this.events.set([]);
    this.received.set(0);
  }
}
