import { TestBed } from '@angular/core/testing';
import { Subject, defer } from 'rxjs';
import { MAX_CONCURRENT_TRANSFERS } from './transfer-limits';
import { TransferQueue } from './transfer-queue';

describe('TransferQueue', () => {
  let queue: TransferQueue;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: MAX_CONCURRENT_TRANSFERS, useValue: 2 }],
    });
    queue = TestBed.inject(TransferQueue);
  });

  it('runs at most the limit at once and starts the next as one ends', () => {
    const transfers = [new Subject<number>(), new Subject<number>(), new Subject<number>()];
    let started = 0;
    const subscriptions = transfers.map((transfer) =>
      queue
        .run(
          defer(() => {
            started++;
            return transfer;
          }),
        )
        .subscribe({ error: () => undefined }),
    );
    expect(started).toBe(2);
    expect(queue.active).toBe(2);
    expect(queue.queued).toBe(1);
    transfers[0].complete();
    expect(started).toBe(3);
    expect(queue.queued).toBe(0);
    transfers[1].error(new Error('x'));
    transfers[2].complete();
    expect(queue.active).toBe(0);
    subscriptions.forEach((s) => s.unsubscribe());
  });

  it('frees the slot on unsubscribe, and drops a waiting transfer that is unsubscribed', () => {
    const running = new Subject<number>();
    const waiting = new Subject<number>();
    const third = new Subject<number>();
    const a = queue.run(running).subscribe();
    queue.run(new Subject<number>()).subscribe();
    const c = queue.run(waiting).subscribe();
    const values: number[] = [];
    queue.run(third).subscribe((value) => values.push(value));
    expect(queue.queued).toBe(2);
    c.unsubscribe();
    expect(queue.queued).toBe(1);
    a.unsubscribe();
    expect(queue.queued).toBe(0);
    expect(running.observed).toBeFalse();
    third.next(7);
    expect(values).toEqual([7]);
  });
});
