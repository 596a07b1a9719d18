import { NgZone, Signal, afterNextRender, inject, signal } from '@angular/core';
import { SchedulerAction, SchedulerLike, Subscription, asyncScheduler } from 'rxjs';

/**
 * A signal that turns true after the component's first render in the browser, and never on the
 * server: components start their S3 work from it, so that a server render makes no request, embeds
 * no URL signed with the server's identity, and hydrates the same placeholder it rendered.
 * Call in an injection context (a component's constructor or field).
 */
export function renderedInBrowser(): Signal<boolean> {
  const rendered = signal(false);
  afterNextRender(() => rendered.set(true));
  return rendered.asReadonly();
}

/**
 * An rxjs scheduler whose timers run outside Angular's zone (a plain async scheduler without
 * zone.js): a URL renewal waits minutes, and a timer inside the zone would keep a zone.js app
 * from ever being stable (hydration, `whenStable()` and the like wait for stability).
 * What the timer then does updates signals, which schedule change detection by themselves.
 * Call in an injection context, or pass the zone (e.g. `injector.get(NgZone)`).
 */
export function outsideZoneScheduler(zone: NgZone = inject(NgZone)): SchedulerLike {
  return {
    now: () => asyncScheduler.now(),
    // Method syntax: rxjs declares `schedule` with overloads that one arrow function cannot match.
    schedule<T>(
      work: (this: SchedulerAction<T>, state?: T) => void,
      delay?: number,
      state?: T,
    ): Subscription {
      return zone.runOutsideAngular(() => asyncScheduler.schedule(work, delay, state));
    },
  };
}
