import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { routes } from './app.routes';
import { DemoSession } from './demo-session';
import { DEMO_NAME } from './demo-title';
import { EventRecorder } from './event-recorder';

/** A link in the header: a page of the demo. */
interface PageLink {
  path: string;
  title: string;
}

/**
 * The demo's frame: a header with the pages and the user and level switch that every page
 * shares, and the page shown below it.
 */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
})
export class App {
  protected readonly session = inject(DemoSession);
  protected readonly name = DEMO_NAME;
  protected readonly pages: PageLink[] = routes.flatMap((route) =>
    typeof route.title === 'string' && route.path !== undefined
      ? [{ path: `/${route.path}`, title: route.title }]
      : [],
  );

  constructor() {
    // Recording starts with the app, so that the event log also has the calls of pages left.
    inject(EventRecorder);
  }
}
