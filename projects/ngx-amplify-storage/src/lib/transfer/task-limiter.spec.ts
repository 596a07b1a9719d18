import { TaskLimiter } from './task-limiter';

describe('TaskLimiter.acquire', () => {
  it('grants free slots at once, hands a released slot to the first waiter, and counts both', () => {
    const limiter = new TaskLimiter(2);
    const granted: string[] = [];
    const releases = new Map<string, () => void>();
    const ask = (name: string) =>
      limiter.acquire((release) => {
        granted.push(name);
        releases.set(name, release);
      });
    ['a', 'b', 'c', 'd'].forEach(ask);
    expect(granted).toEqual(['a', 'b']);
    expect([limiter.active, limiter.queued]).toEqual([2, 2]);
    releases.get('a')?.();
    expect(granted).toEqual(['a', 'b', 'c']);
    expect([limiter.active, limiter.queued]).toEqual([2, 1]);
    // Releasing twice frees one slot only.
    releases.get('a')?.();
    expect([limiter.active, limiter.queued]).toEqual([2, 1]);
    releases.get('b')?.();
    releases.get('c')?.();
    releases.get('d')?.();
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });

  it('withdraws a waiting request without ever starting it, and releases a held slot', () => {
    const limiter = new TaskLimiter(1);
    const granted: string[] = [];
    const leaveA = limiter.acquire(() => granted.push('a'));
    const leaveB = limiter.acquire(() => granted.push('b'));
    limiter.acquire(() => granted.push('c'));
    leaveB();
    expect(limiter.queued).toBe(1);
    leaveA();
    expect(granted).toEqual(['a', 'c']);
    // Withdrawing again, after the request was dropped, changes nothing.
    leaveB();
    expect([limiter.active, limiter.queued]).toEqual([1, 0]);
  });

  it('frees the slot when a task throws synchronously', async () => {
    const limiter = new TaskLimiter(1);
    const failing = limiter.run(() => {
      throw new Error('no task');
    });
    await expectAsync(failing).toBeRejectedWithError('no task');
    expect(limiter.active).toBe(0);
    expect(await limiter.run(async () => 'next')).toBe('next');
  });
});
