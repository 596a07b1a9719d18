import { KeyValuePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ACCESS_LEVELS, AccessLevel, StorageService } from 'ngx-amplify-storage';
import { Subscription } from 'rxjs';
import { BytesPipe } from './bytes.pipe';
import { errorMessage } from './error-message';
import { formatMetadataLines, parseMetadataLines } from './metadata-lines';

/** How a write (a metadata update or a copy) is going, in words. */
interface Outcome {
  status: 'working' | 'done' | 'failed';
  message: string;
}

/**
 * One object of the current user at the chosen level: its properties without its content
 * (`getProperties`), its user metadata replaced (`updateMetadata`), and a copy of it to another
 * key and level (`copy`).
 */
@Component({
  selector: 'app-object-tools',
  imports: [BytesPipe, KeyValuePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './object-tools.html',
})
export class ObjectTools {
  private readonly storage = inject(StorageService);
  private readonly writes = new Subscription();

  readonly level = input.required<AccessLevel>();
  /** The current user: a switch forgets the object shown, which was the previous user's. */
  readonly user = input.required<string>();
  /** Emits the key written to, after a metadata update or a copy. */
  readonly changed = output<string>();

  protected readonly levels = ACCESS_LEVELS;
  protected readonly key = signal('notes/hello.txt');
  protected readonly copyKey = signal('');
  /** The copy's level; the chosen level until changed here. */
  protected readonly copyLevel = linkedSignal(() => this.level());

  private readonly session = computed(() => `${this.user()} ${this.level()}`);
  /** The key whose properties are shown; none again after a switch of user or level. */
  protected readonly inspected = linkedSignal<string, string | undefined>({
    source: this.session,
    computation: () => undefined,
  });
  protected readonly metadataSave = linkedSignal<string, Outcome | undefined>({
    source: this.session,
    computation: () => undefined,
  });
  protected readonly copied = linkedSignal<string, Outcome | undefined>({
    source: this.session,
    computation: () => undefined,
  });

  // Idle until a key is inspected; reads when the key or level changes, and on reload().
  protected readonly properties = rxResource({
    params: () => {
      const key = this.inspected();
      return key === undefined ? undefined : { key, level: this.level() };
    },
    stream: ({ params }) => this.storage.getProperties(params.key, { level: params.level }),
  });
  /** The metadata editor's text: the stored metadata as name=value lines, until edited. */
  protected readonly metadataText = linkedSignal(() =>
    this.properties.hasValue() ? formatMetadataLines(this.properties.value().metadata) : '',
  );
  protected readonly errorMessage = errorMessage;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.writes.unsubscribe());
  }

  protected showProperties(event: SubmitEvent): void {
    event.preventDefault();
    const key = this.key().trim();
    this.metadataSave.set(undefined);
    if (key === this.inspected()) this.properties.reload();
    else this.inspected.set(key);
  }

  /** Replaces the metadata with the editor's lines, then reads the properties again. */
  protected saveMetadata(event: SubmitEvent, key: string): void {
    event.preventDefault();
    let metadata: Record<string, string>;
    try {
      metadata = parseMetadataLines(this.metadataText());
    } catch (error) {
      this.metadataSave.set({ status: 'failed', message: errorMessage(error) });
      return;
    }
    this.metadataSave.set({ status: 'working', message: `Saving the metadata of ${key}…` });
    this.writes.add(
      this.storage.updateMetadata(key, metadata, { level: this.level() }).subscribe({
        next: () => {
          this.metadataSave.set({ status: 'done', message: `Saved the metadata of ${key}.` });
          this.changed.emit(key);
          // Read back from S3 rather than trust the values sent: what the properties show is what is stored.
          this.properties.reload();
        },
        error: (error) => this.metadataSave.set({ status: 'failed', message: errorMessage(error) }),
      }),
    );
  }

  /** The select offers only ACCESS_LEVELS. */
  protected chooseCopyLevel(level: string): void {
    this.copyLevel.set(level as AccessLevel);
  }

  /** Copies the key to another key and level of the current user's files; S3 refuses what the policy does not allow. */
  protected copy(event: SubmitEvent): void {
    event.preventDefault();
    const from = { key: this.key().trim(), level: this.level() };
    const to = { key: this.copyKey().trim(), level: this.copyLevel() };
    this.copied.set({ status: 'working', message: `Copying ${from.key}…` });
    this.writes.add(
      this.storage.copy(from, to).subscribe({
        next: ({ key }) => {
          this.copied.set({
            status: 'done',
            message: `Copied ${from.level} ${from.key} to ${to.level} ${key}.`,
          });
          this.changed.emit(key);
        },
        error: (error) => this.copied.set({ status: 'failed', message: errorMessage(error) }),
      }),
    );
  }
}
