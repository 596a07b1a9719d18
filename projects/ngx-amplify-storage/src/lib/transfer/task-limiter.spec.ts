import { TaskLimiter, nextLane } from './task-limiter';

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

  it('takes turns between lanes: a lane that just got a slot waits behind one that did not', () => {
    const limiter = new TaskLimiter(1);
    const big = {};
    const small = {};
    const granted: string[] = [];
    const releases: (() => void)[] = [];
    const ask = (name: string, lane: object) =>
      limiter.acquire((release) => {
        granted.push(name);
        releases.push(release);
      }, lane);
    ['part 1', 'part 2', 'part 3'].forEach((name) => ask(name, big));
    ask('small', small);
    ask('small 2', small);
    while (releases.length) releases.shift()?.();
    expect(granted).toEqual(['part 1', 'small', 'part 2', 'small 2', 'part 3']);
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });

  it('withdraws a waiting request from its lane, leaving the other lanes their turn', () => {
    const limiter = new TaskLimiter(1);
    const [a, b] = [{}, {}];
    const granted: string[] = [];
    const first = limiter.acquire(() => granted.push('a1'), a);
    const leave = limiter.acquire(() => granted.push('a2'), a);
    limiter.acquire(() => granted.push('b1'), b);
    leave();
    expect(limiter.queued).toBe(1);
    first();
    expect(granted).toEqual(['a1', 'b1']);
  });
});

describe('nextLane', () => {
  it('picks the waiting lane served least recently, never-served first, ties by arrival', () => {
    const [a, b, c] = [{}, {}, {}];
    const served = new Map<object, number>([
      [a, 5],
      [b, 2],
    ]);
    expect(nextLane([a, b], (lane) => served.get(lane))).toBe(b);
    expect(nextLane([a, b, c], (lane) => served.get(lane))).toBe(c);
    expect(nextLane([c, {}], () => undefined)).toBe(c);
    expect(nextLane([], () => undefined)).toBeUndefined();
  });
});
