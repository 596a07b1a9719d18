import {
  Directive,
  EmbeddedViewRef,
  TemplateRef,
  ViewContainerRef,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { DisplayError } from '../display/display-error';
import { AlbumItem } from './album-item';

/** What a custom tile template (`ng-template amplifyAlbumTile`) gets, for each file shown. */
export interface AlbumTileContext {
  /** The item, for `let-item`. */
  $implicit: AlbumItem;
  /** The item. */
  item: AlbumItem;
  /** A presigned URL of the item, renewed before it expires; undefined until the first arrives. */
  url: string | undefined;
  /** Whether the item is selected. */
  selected: boolean;
}

/** What a custom empty template (`ng-template amplifyAlbumEmpty`) gets. */
export interface AlbumEmptyContext {
  /** True when the album has a `filter`, which may have hidden every file. */
  $implicit: boolean;
  /** True when the album has a `filter`, which may have hidden every file. */
  filtered: boolean;
}

/** What a custom error template (`ng-template amplifyAlbumError`) gets when the listing fails. */
export interface AlbumErrorContext {
  /** Why the listing failed. */
  $implicit: DisplayError;
  /** Why the listing failed. */
  error: DisplayError;
  /** The sentence the album would show, from StorageIntl. */
  message: string;
  /** Lists again (as the album's `refresh()`). */
  retry: () => void;
}

/**
 * Replaces the content of each file tile of an `amplify-s3-album` (folders keep theirs):
 * `<ng-template amplifyAlbumTile let-item let-url="url" let-selected="selected">`. The tile itself
 * stays, so selection, focus and keys work as before.
 */
@Directive({ selector: 'ng-template[amplifyAlbumTile]' })
export class AlbumTileTemplate {
  /** The template. */
  readonly template = inject<TemplateRef<AlbumTileContext>>(TemplateRef);

  /** Types `let-` variables in the template. */
  /* eslint-disable @typescript-eslint/no-unused-vars -- Angular's type checker reads only the signature. */
  static ngTemplateContextGuard(
    _: AlbumTileTemplate,
    context: unknown,
  ): context is AlbumTileContext {
    return true;
  }
  /* eslint-enable @typescript-eslint/no-unused-vars */
}

/** Replaces what an `amplify-s3-album` shows when it has no files to show: `<ng-template amplifyAlbumEmpty let-filtered>`. */
@Directive({ selector: 'ng-template[amplifyAlbumEmpty]' })
export class AlbumEmptyTemplate {
  /** The template. */
  readonly template = inject<TemplateRef<AlbumEmptyContext>>(TemplateRef);

  /** Types `let-` variables in the template. */
  /* eslint-disable @typescript-eslint/no-unused-vars -- Angular's type checker reads only the signature. */
  static ngTemplateContextGuard(
    _: AlbumEmptyTemplate,
    context: unknown,
  ): context is AlbumEmptyContext {
    return true;
  }
  /* eslint-enable @typescript-eslint/no-unused-vars */
}

/** Shown by an `amplify-s3-album` while its first page is on its way: `<ng-template amplifyAlbumLoading>`. */
@Directive({ selector: 'ng-template[amplifyAlbumLoading]' })
export class AlbumLoadingTemplate {
  /** The template. */
  readonly template = inject<TemplateRef<object>>(TemplateRef);
}

/** Replaces an `amplify-s3-album`'s listing error: `<ng-template amplifyAlbumError let-error let-retry="retry">`. */
@Directive({ selector: 'ng-template[amplifyAlbumError]' })
export class AlbumErrorTemplate {
  /** The template. */
  readonly template = inject<TemplateRef<AlbumErrorContext>>(TemplateRef);

  /** Types `let-` variables in the template. */
  /* eslint-disable @typescript-eslint/no-unused-vars -- Angular's type checker reads only the signature. */
  static ngTemplateContextGuard(
    _: AlbumErrorTemplate,
    context: unknown,
  ): context is AlbumErrorContext {
    return true;
  }
  /* eslint-enable @typescript-eslint/no-unused-vars */
}

/** The album's template directives, for `imports` (and AmplifyStorageModule). */
export const ALBUM_TEMPLATES = [
  AlbumTileTemplate,
  AlbumEmptyTemplate,
  AlbumLoadingTemplate,
  AlbumErrorTemplate,
] as const;

/**
 * Renders `template` with `context`, keeping the view and updating its context in place as the
 * context changes (NgTemplateOutlet would do, but would make `@angular/common` a peer dependency).
 */
@Directive({ selector: '[amplifyAlbumOutlet]' })
export class AlbumTemplateOutlet<C extends object> {
  /** The template to render. */
  readonly template = input.required<TemplateRef<C>>({ alias: 'amplifyAlbumOutlet' });
  /** Its context. */
  readonly context = input.required<C>({ alias: 'amplifyAlbumOutletContext' });

  private shown: TemplateRef<C> | undefined;

  constructor() {
    const container = inject(ViewContainerRef);
    let view: EmbeddedViewRef<C> | undefined;
    effect(() => {
      const template = this.template();
      const context = this.context();
      untracked(() => {
        if (view && !view.destroyed && view.context !== undefined && this.shown === template) {
          Object.assign(view.context, context);
          view.markForCheck();
          return;
        }
        container.clear();
        view = container.createEmbeddedView(template, { ...context });
        this.shown = template;
      });
    });
  }
}
