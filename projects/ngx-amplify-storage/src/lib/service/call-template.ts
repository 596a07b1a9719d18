import { Observable, Subject } from 'rxjs';
import { StorageConfig } from '../config/storage-config';
import { StorageConfigStore } from '../config/storage-config-store';
import { StorageIdentity } from '../credentials/credentials-provider';
import { StorageError, StorageErrorCode } from '../errors/storage-error';
import { toStorageError } from '../errors/to-storage-error';
import { AccessLevel } from '../keys/access-level';
import {
  assertAccessLevel,
  assertCustomPrefix,
  assertIdentityId,
  assertKey,
  assertPath,
  levelPrefix,
} from '../keys/key-rules';
import { ObjectTarget } from '../transfer/object-check';
import { SendCommand, SendSigned } from '../transfer/transfer-steps';
import { StorageEventSink } from '../tracking/event-sink';
import { StorageEvent, StorageMethod } from '../tracking/storage-event';
import { S3Session } from './s3-session';
import { ReadOptions } from './storage-types';

/** Everything a call needs once its input is checked and the user is known. */
export interface CallContext {
  config: StorageConfig;
  identity: StorageIdentity;
  /** The level's key prefix, identity included. */
  prefix: string;
  /** Aborted when the caller unsubscribes or cancels. */
  signal: AbortSignal;
  /** Sends a command with retries, renewing expired credentials once; resolves to its output. */
  send: SendCommand;
  /** Sends a presigned request (a simple request, no preflight) with the same retries and limit. */
  sendSigned: SendSigned;
  /** Ends the call with a Cancelled error (a TransferControl's cancel). */
  cancel: () => void;
}

/** A call's checked input, worked out before anything is sent. */
export interface CallPlan {
  method: StorageMethod;
  key: string;
  level: AccessLevel;
  options: ReadOptions;
  track: boolean;
  /** What error messages name, when the key alone would mislead (a copy has two ends). */
  subject?: string;
}

/** What a finished call reports in its tracking event: bytes moved, or for a prefix delete the objects removed. */
export type CallAmount = number | { count: number } | undefined;

/** The work of a call once it is checked: emits its values and resolves to what tracking reports. */
export type CallStep<T> = (context: CallContext, emit: (value: T) => void) => Promise<CallAmount>;

/**
 * The Observable-per-call plumbing every operation shares: cold (nothing runs before subscribe),
 * input checked synchronously on subscribe, unsubscribing aborts, one tracking event per call,
 * and S3's errors mapped to StorageErrors that name the object.
 */
export class CallTemplate {
  private readonly tracked = new Subject<StorageEvent>();

  /** Tracking events of calls made with `track` on. */
  readonly events$: Observable<StorageEvent> = this.tracked.asObservable();

  constructor(
    private readonly configStore: StorageConfigStore,
    private readonly session: S3Session,
    private readonly sinks: readonly StorageEventSink[],
  ) {}

  /** The configuration in force. */
  config(): StorageConfig {
    return this.configStore.config();
  }

  /**
   * A call: `check` validates the input synchronously on subscribe (so bad input never sends a
   * request), then the step it returns runs with credentials, client and an AbortSignal that
   * unsubscribing fires.
   */
  call<T>(
    method: StorageMethod,
    key: string,
    options: ReadOptions,
    isPath: boolean,
    check: (plan: CallPlan) => CallStep<T>,
  ): Observable<T> {
    return new Observable<T>((subscriber) => {
      const started = performance.now();
      const abort = new AbortController();
      let plan: CallPlan | undefined;
      let reported = false;
      /** Set once the call has given its result (any value but a progress event): only its clean-up is left. */
      let resultSent = false;
      /** Set once the step has finished without error: nothing of it is left in flight to abort. */
      let finished = false;
      // One event per call, however it ends: success, failure, cancel, or unsubscribe mid-call.
      const report = (result: StorageEvent['result'], amount?: CallAmount) => {
        if (reported) return false;
        reported = true;
        if (plan?.track) {
          const measured = typeof amount === 'number' ? { size: amount } : amount;
          this.track({
            method,
            result,
            level: plan.level,
            key: plan.key,
            ...measured,
            durationMs: performance.now() - started,
          });
        }
        return true;
      };
      let step: CallStep<T>;
      let config: StorageConfig;
      try {
        config = this.configStore.config();
        plan = this.plan(method, key, options, isPath, config);
        step = check(plan);
      } catch (error) {
        report(codeOf(error));
        subscriber.error(error);
        return undefined;
      }
      const checkedPlan = plan;
      let cancelled = false;
      const cancel = () => {
        cancelled = true;
        abort.abort();
      };
      this.context(checkedPlan, config, abort.signal, cancel)
        .then((context) =>
          step(context, (value) => {
            if (!isProgressEvent(value)) resultSent = true;
            subscriber.next(value);
          }),
        )
        .then(
          (amount) => {
            finished = true;
            if (report('success', amount)) subscriber.complete();
          },
          (error) => {
            if (cancelled) {
              if (report('Cancelled'))
                subscriber.error(
                  new StorageError(
                    'Cancelled',
                    `The transfer of ${describeCall(checkedPlan)} was cancelled.`,
                  ),
                );
              return;
            }
            // Unsubscribed: before the result, the teardown below reported a cancel; after it
            // (firstValueFrom, take(1)), the call did what it was asked.
            if (abort.signal.aborted) {
              if (resultSent) report('success');
              return;
            }
            const storageError = toStorageError(
              error,
              describeCall(checkedPlan),
              config.endpoint ?? `S3 in ${config.region}`,
            );
            if (report(storageError.code)) subscriber.error(storageError);
          },
        );
      return () => {
        // Runs after completion and errors too, when the event is already out. Unsubscribing
        // before the result is a cancel; after it, success is reported once the call settles.
        if (!resultSent) report('Cancelled');
        // Aborting costs an AbortError and an event per call; after success there is nothing to stop.
        if (!finished) abort.abort();
      };
    });
  }

  /** Validates the parts of a call that every method shares. */
  plan(
    method: StorageMethod,
    key: string,
    options: ReadOptions,
    isPath: boolean,
    config: StorageConfig,
  ): CallPlan {
    const checkedKey = isPath ? assertPath(key) : assertKey(key);
    const level = options.level === undefined ? config.level : assertAccessLevel(options.level);
    if (options.customPrefix !== undefined) assertCustomPrefix(options.customPrefix);
    if (options.identityId !== undefined) assertIdentityId(options.identityId);
    return { method, key: checkedKey, level, options, track: options.track ?? config.track };
  }

  /** The key prefix of a call: its level, its owner (the caller unless `identityId` names another), its custom prefix. */
  prefixFor(plan: CallPlan, config: StorageConfig, callerIdentityId: string | undefined): string {
    const owner =
      plan.level === 'public' ? undefined : (plan.options.identityId ?? callerIdentityId);
    return levelPrefix(plan.level, owner, { ...config.customPrefix, ...plan.options.customPrefix });
  }

  private async context(
    plan: CallPlan,
    config: StorageConfig,
    signal: AbortSignal,
    cancel: () => void,
  ): Promise<CallContext> {
    const { identity, send, sendSigned } = await this.session.connect(config);
    const prefix = this.prefixFor(plan, config, identity.identityId);
    if (signal.aborted) throw new Error('aborted');
    return { config, identity, prefix, signal, send, sendSigned, cancel };
  }

  /** Sends a tracking event to `events$` and every sink; a failing sink never fails the call. */
  private track(event: StorageEvent): void {
    this.tracked.next(event);
    for (const sink of this.sinks) {
      try {
        sink.record(event);
      } catch {
        // Tracking is a side channel: losing an event beats breaking the user's upload.
      }
    }
  }
}

/** What error messages call the object or path of a call. */
export function describeCall(plan: CallPlan): string {
  return plan.subject ?? `${plan.level} ${plan.method === 'list' ? 'path' : 'key'} "${plan.key}"`;
}

/** What object-check needs to HEAD `fullKey` in this call. */
export function targetOf(context: CallContext, fullKey: string, signal: AbortSignal): ObjectTarget {
  return {
    send: context.send,
    bucket: context.config.bucket,
    key: fullKey,
    signal,
  };
}

/** The tracking result of an input check that failed. */
function codeOf(error: unknown): StorageErrorCode {
  // Checks throw StorageErrors; anything else is a defect, reported as the service error it becomes.
  return error instanceof StorageError ? error.code : 'ServiceError';
}

/** True for the progress events of transfers and prefix deletes, which come before a call's result. */
function isProgressEvent(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'progress'
  );
}
