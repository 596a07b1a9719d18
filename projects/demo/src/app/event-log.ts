import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { BytesPipe } from './bytes.pipe';
import { EventRecorder, KEPT_EVENTS } from './event-recorder';

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
  protected readonly recorder = inject(EventRecorder);
  protected readonly kept = KEPT_EVENTS;
  protected readonly events = this.recorder.events;
  protected readonly received = this.recorder.received;
}
