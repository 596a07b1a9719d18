import { ChangeDetectionStrategy, Component, input, linkedSignal } from '@angular/core';

/** One output a component emitted, as the log shows it. */
interface LoggedOutput {
  id: number;
  output: string;
  detail: string;
}

/** How many outputs the log keeps. */
const KEPT = 4;

/**
 * The last outputs of the components in a section, newest first, e.g. `(uploaded) photos/cat.png`.
 * Templates call `add()` through a template reference: `(uploaded)="log.add('uploaded', $event.key)"`.
 * Outputs of another user or level are not kept: "(uploaded)" of the level left would read as
 * the result of a later upload that was refused.
 */
@Component({
  selector: 'app-output-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (entries().length > 0) {
      <ol class="output-log" [attr.aria-label]="label()">
        @for (entry of entries(); track entry.id) {
          <li>
            <code>({{ entry.output }})</code> {{ entry.detail }}
          </li>
        }
      </ol>
    }
  `,
})
export class OutputLog {
  private nextId = 0;

  /** Accessible name of the list, e.g. "Outputs of the photo picker". */
  readonly label = input('Outputs');
  /** What the outputs are about, e.g. the user and level: a change starts the log over. */
  readonly scope = input<unknown>(undefined);

  protected readonly entries = linkedSignal<unknown, LoggedOutput[]>({
    source: this.scope,
    computation: () => [],
  });

  /** Logs that `output` fired, with a short description of its value. */
  add(output: string, detail: string): void {
    this.entries.update((entries) =>
      [{ id: ++this.nextId, output, detail }, ...entries].slice(0, KEPT),
    );
  }
}
