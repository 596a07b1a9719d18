import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { AccessLevel } from '../keys/access-level';
import { BrowserLocation } from './browser-access';
import { injectStorageBrowserIntl } from './storage-browser-intl';

/** True when `text` can be an identity ID: not empty, no spaces or slashes. */
export function plausibleIdentityId(text: string): boolean {
  const id = text.trim();
  return id !== '' && !/[\s/]/.test(id);
}

/** The storage browser's location chooser: a level, or another user's protected files by identity ID. Internal. */
@Component({
  selector: 'amplify-storage-browser-location',
  templateUrl: './browser-location-picker.html',
  styleUrl: './browser-controls.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BrowserLocationPicker {
  protected readonly intl = injectStorageBrowserIntl();
  /** The location shown. */
  readonly location = input.required<BrowserLocation>();
  /** The levels the browser offers. */
  readonly levels = input.required<readonly AccessLevel[]>();
  /** The levels the user may browse. */
  readonly browsable = input.required<readonly AccessLevel[]>();
  /** The user is a guest. */
  readonly guest = input(false);
  /** The current user's identity ID, shown so that it can be shared. */
  readonly ownIdentityId = input('');
  /** The location chosen. */
  readonly opened = output<BrowserLocation>();
  /** A message for an identity ID that cannot be one. */
  readonly refused = output<string>();

  /** The user chose "another user's protected files" and has yet to type whose. */
  private readonly otherChosen = signal(false);
  protected readonly otherOpen = computed(
    () => this.otherChosen() || this.location().identityId !== undefined,
  );

  protected chooseLocation(value: string): void {
    this.otherChosen.set(value === 'other');
    if (value !== 'other') this.opened.emit({ level: value as AccessLevel });
  }

  protected openOther(event: Event, identityId: string): void {
    event.preventDefault();
    if (!plausibleIdentityId(identityId)) return this.refused.emit(this.intl().browserBadIdentity);
    this.opened.emit({ level: 'protected', identityId: identityId.trim() });
  }
}
