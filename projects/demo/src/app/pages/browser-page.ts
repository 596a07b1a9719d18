import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { BrowserChange, BrowserLocation, StorageBrowser } from 'ngx-amplify-storage';
import { DemoSession, GUEST } from '../demo-session';

/**
 * The storage browser page: the library's file manager over the three levels, as a visitor first
 * sees it. The page only binds the browser's location and folder two-way and shows what changed.
 */
@Component({
  selector: 'app-browser-page',
  imports: [StorageBrowser],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './browser-page.html',
  styleUrl: './browser-page.css',
})
export class BrowserPage {
  private readonly session = inject(DemoSession);
  /** A guest (not signed in) is offered only what guests may do. */
  protected readonly guest = computed(() => this.session.user() === GUEST);
  protected readonly location = signal<BrowserLocation>({ level: 'public' });
  protected readonly folder = signal('');
  protected readonly lastChange = signal<BrowserChange | undefined>(undefined);

  protected describe(change: BrowserChange): string {
    const keys = change.keys.length === 0 ? '' : `: ${change.keys.slice(0, 3).join(', ')}`;
    const more = change.keys.length > 3 ? ` and ${change.keys.length - 3} more` : '';
    return `${change.action} at ${change.level}${keys}${more}`;
  }
}
