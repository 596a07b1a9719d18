import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { MAX_CONCURRENT_TRANSFERS } from './transfer-limits';
import { TransferQueue } from './transfer-queue';

describe('TransferQueue.runInQueue', () => {
  it('emits queued on subscribe and started when the transfer gets its slot, before its own values', () => {
    TestBed.configureTestingModule({
      providers: [{ provide: MAX_CONCURRENT_TRANSFERS, useValue: 1 }],
    });
    const queue = TestBed.inject(TransferQueue);
    const first = new Subject<string>();
    const second = new Subject<string>();
    const log: string[] = [];
    queue
      .runInQueue(first)
      .subscribe((event) => log.push(`1 ${typeof event === 'string' ? event : event.type}`));
    queue
      .runInQueue(second)
      .subscribe((event) => log.push(`2 ${typeof event === 'string' ? event : event.type}`));
    expect(log).toEqual(['1 queued', '1 started', '2 queued']);
    first.next('value');
    first.complete();
    second.next('value');
    expect(log).toEqual(['1 queued', '1 started', '2 queued', '1 value', '2 started', '2 value']);
    second.complete();
    expect(queue.active).toBe(0);
  });

  it('never starts a transfer unsubscribed while queued', () => {
    TestBed.configureTestingModule({
      providers: [{ provide: MAX_CONCURRENT_TRANSFERS, useValue: 1 }],
    });
    const queue = TestBed.inject(TransferQueue);
    const running = new Subject<string>();
    const waiting = new Subject<string>();
    const log: string[] = [];
    const a = queue.runInQueue(running).subscribe();
    queue
      .runInQueue(waiting)
      .subscribe((event) => log.push(typeof event === 'string' ? event : event.type))
      .unsubscribe();
    a.unsubscribe();
    expect(log).toEqual(['queued']);
    expect(waiting.observed).toBeFalse();
    expect([queue.active, queue.queued]).toEqual([0, 0]);
  });
});
