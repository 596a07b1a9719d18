import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';

/** The demo's name, after each page's title in the browser tab. */
export const DEMO_NAME = 'ngx-amplify-storage demo';

/** Names the browser tab after the page shown: "Components · ngx-amplify-storage demo". */
@Injectable()
export class DemoTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const page = this.buildTitle(snapshot);
    this.title.setTitle(page ? `${page} · ${DEMO_NAME}` : DEMO_NAME);
  }
}
