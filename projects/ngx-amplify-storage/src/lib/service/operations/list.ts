import { Observable } from 'rxjs';
import { StorageError } from '../../errors/storage-error';
import { objectKey, relativeKey } from '../../keys/key-rules';
import { CallContext, CallTemplate } from '../call-template';
import { ListItem, ListOptions, ListResult } from '../storage-types';
import { LIST_PAGE_LIMIT } from './storage-kit';

/**
 * StorageService.list: one page with `pageSize`, else every page in one result; with `eachPage`,
 * every page, each emitted as it arrives. `subpaths: false` folds deeper keys into folders.
 */
export function list(
  calls: CallTemplate,
  path: string,
  options: ListOptions,
): Observable<ListResult> {
  return calls.call<ListResult>('list', path, options, true, () => {
    const { pageSize, nextToken } = options;
    if (
      pageSize !== undefined &&
      (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > LIST_PAGE_LIMIT)
    ) {
      throw new StorageError(
        'InvalidOption',
        `pageSize is ${pageSize}; give a whole number from 1 to ${LIST_PAGE_LIMIT}, or leave it out to list everything.`,
        {
          field: 'pageSize',
        },
      );
    }
    if (nextToken !== undefined && (typeof nextToken !== 'string' || nextToken === '')) {
      throw new StorageError(
        'InvalidOption',
        'nextToken must be the nextToken string of the previous page.',
        { field: 'nextToken' },
      );
    }
    const withFolders = options.subpaths === false;
    const eachPage = options.eachPage === true;
    return async (context, emit) => {
      const items: ListItem[] = [];
      const folders: string[] = [];
      let last: string | undefined;
      for await (const page of listPages(context, path, {
        pageSize,
        nextToken,
        delimiter: withFolders ? '/' : undefined,
        allPages: eachPage || pageSize === undefined,
      })) {
        if (eachPage) {
          // Each page leaves at once, so that a caller (the album) can show it while the next is fetched.
          emit(listResult(page.items, withFolders ? page.folders : undefined, page.nextToken));
          continue;
        }
        items.push(...page.items);
        folders.push(...page.folders);
        last = page.nextToken;
      }
      if (!eachPage) emit(listResult(items, withFolders ? folders : undefined, last));
      return undefined;
    };
  });
}

/** A ListResult, with `folders` only when the listing was asked for them. */
function listResult(
  items: ListItem[],
  folders: string[] | undefined,
  nextToken: string | undefined,
): ListResult {
  return folders === undefined ? { items, nextToken } : { items, folders, nextToken };
}

/** The pages of a listing under `path`, relative to the call's level prefix: one, or with `allPages` all. */
export async function* listPages(
  context: CallContext,
  path: string,
  {
    pageSize,
    nextToken,
    delimiter,
    allPages = pageSize === undefined,
  }: { pageSize?: number; nextToken?: string; delimiter?: string; allPages?: boolean },
): AsyncGenerator<{ items: ListItem[]; folders: string[]; nextToken?: string }> {
  let token = nextToken;
  do {
    const continuationToken = token;
    const page = await context.send(
      () =>
        new context.sdk.ListObjectsV2Command({
          Bucket: context.config.bucket,
          Prefix: objectKey(context.prefix, path),
          MaxKeys: pageSize ?? LIST_PAGE_LIMIT,
          ContinuationToken: continuationToken,
          Delimiter: delimiter,
        }),
      context.signal,
    );
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    yield {
      items: (page.Contents ?? []).map((object) => ({
        key: relativeKey(context.prefix, object.Key ?? ''),
        size: object.Size ?? 0,
        eTag: object.ETag ?? '',
        lastModified: object.LastModified ?? new Date(0),
      })),
      folders: (page.CommonPrefixes ?? []).map((folder) =>
        relativeKey(context.prefix, folder.Prefix ?? ''),
      ),
      nextToken: token,
    };
  } while (token !== undefined && allPages);
}
