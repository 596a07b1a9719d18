import { Observable } from 'rxjs';
import { StorageError } from '../../errors/storage-error';
import { objectKey, relativeKey } from '../../keys/key-rules';
import { presignedBucketGet } from '../../presign/signed-request';
import { CallContext, CallTemplate } from '../call-template';
import { ListBucketPage, parseListBucketResult } from '../list-bucket-result';
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
    const query: Record<string, string> = {
      'list-type': '2',
      prefix: objectKey(context.prefix, path),
      'max-keys': String(pageSize ?? LIST_PAGE_LIMIT),
    };
    if (token !== undefined) query['continuation-token'] = token;
    if (delimiter !== undefined) query['delimiter'] = delimiter;
    const page = await listBucketPage(context, query);
    token = page.nextContinuationToken;
    yield {
      items: page.objects.map((object) => ({
        key: relativeKey(context.prefix, object.key),
        size: object.size,
        eTag: object.eTag,
        lastModified: object.lastModified,
      })),
      folders: page.prefixes.map((folder) => relativeKey(context.prefix, folder)),
      nextToken: token,
    };
  } while (token !== undefined && allPages);
}

/**
 * One ListObjectsV2 page: a presigned GET (no CORS preflight) read with DOMParser. Where there is
 * no DOMParser (an app calling list during a server render), the SDK's command, whose Node build
 * reads XML without one; the browser specs cannot run that branch, since the SDK's browser build
 * needs DOMParser too.
 */
async function listBucketPage(
  context: CallContext,
  query: Record<string, string>,
): Promise<ListBucketPage> {
  const { bucket, region, endpoint, forcePathStyle } = context.config;
  if (typeof DOMParser === 'undefined') {
    const page = await context.send(
      (sdk) =>
        new sdk.ListObjectsV2Command({
          Bucket: bucket,
          Prefix: query['prefix'],
          MaxKeys: Number(query['max-keys']),
          ContinuationToken: query['continuation-token'],
          Delimiter: query['delimiter'],
        }),
      context.signal,
    );
    return {
      objects: (page.Contents ?? []).map((object) => ({
        key: object.Key ?? '',
        size: object.Size ?? 0,
        eTag: object.ETag ?? '',
        lastModified: object.LastModified ?? new Date(0),
      })),
      prefixes: (page.CommonPrefixes ?? []).map((folder) => folder.Prefix ?? ''),
      nextContinuationToken: page.IsTruncated ? page.NextContinuationToken : undefined,
    };
  }
  const response = await context.sendSigned(
    (credentials) =>
      presignedBucketGet({ bucket, region, endpoint, forcePathStyle }, query, credentials),
    context.signal,
  );
  const body = response.body;
  return parseListBucketResult(
    body instanceof Blob ? await body.text() : new TextDecoder().decode(body),
  );
}
