import { NgZone, Signal, afterNextRender, inject, signal } from '@angular/core';
import { Observable } from 'rxjs';
import { Delay } from '../observables/plain-operators';

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
 * A Delay whose timers run outside Angular's zone: a URL renewal waits minutes, and a timer inside
 * the zone would keep a zone.js app from ever being stable (hydration, `whenStable()` and the like
 * wait for stability). What the timer then does updates signals, which schedule change detection
 * by themselves. Call in an injection context, or pass the zone (e.g. `injector.get(NgZone)`).
 */
export function outsideZoneDelay(zone: NgZone = inject(NgZone)): Delay {
  return (ms) =>
    new Observable<void>((subscriber) => {
      const timer = zone.runOutsideAngular(() =>
        setTimeout(() => {
          subscriber.next();
          subscriber.complete();
        }, ms),
      );
      return () => clearTimeout(timer);
    });
}
