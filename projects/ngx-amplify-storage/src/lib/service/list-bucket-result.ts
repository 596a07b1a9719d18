// S3's ListObjectsV2 answer (a ListBucketResult document), read with the browser's own XML parser:
// the SDK's deserialiser (fast-xml-parser in script, then a shape walk) took most of a 1,000-key
// page's client time (issue 13, W3: the library 0.87-0.92x Amplify, which reads with DOMParser).

/** One object of a listing page, as S3 names its fields. */
export interface ListedObject {
  /** Full key. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** ETag, quotes included, as S3 gives it. */
  eTag: string;
  /** Last change. */
  lastModified: Date;
}

/** A ListObjectsV2 page. */
export interface ListBucketPage {
  objects: ListedObject[];
  /** CommonPrefixes: full prefixes, delimiter included. */
  prefixes: string[];
  /** The token for the next page, when the listing is truncated. */
  nextContinuationToken: string | undefined;
}

const XHTML = 'http://www.w3.org/1999/xhtml';

/** Reads a ListBucketResult; a body that is not one is an error that says what came back. */
export function parseListBucketResult(xml: string): ListBucketPage {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const root = document.documentElement;
  // A malformed document still parses up to the fault, with a parsererror element added: a
  // listing cut short must fail, not lose the keys after the cut.
  const malformed = document.getElementsByTagNameNS(XHTML, 'parsererror').length > 0;
  if (malformed || root.localName !== 'ListBucketResult') {
    const error = new Error(
      `The listing's answer is not S3's ListBucketResult XML (it starts: ${JSON.stringify(xml.slice(0, 80))}${malformed ? ', and is malformed' : ''}). Check that the endpoint is an S3 server.`,
    );
    error.name = 'InvalidListResponse';
    throw error;
  }
  const page: ListBucketPage = { objects: [], prefixes: [], nextContinuationToken: undefined };
  let truncated = false;
  for (let node = root.firstElementChild; node; node = node.nextElementSibling) {
    switch (node.localName) {
      case 'Contents':
        page.objects.push(listedObject(node));
        break;
      case 'CommonPrefixes':
        page.prefixes.push(childText(node, 'Prefix') ?? '');
        break;
      case 'IsTruncated':
        truncated = node.textContent === 'true';
        break;
      case 'NextContinuationToken':
        page.nextContinuationToken = node.textContent ?? undefined;
        break;
    }
  }
  if (!truncated) page.nextContinuationToken = undefined;
  return page;
}

function listedObject(contents: Element): ListedObject {
  const object: ListedObject = { key: '', size: 0, eTag: '', lastModified: new Date(0) };
  for (let field = contents.firstElementChild; field; field = field.nextElementSibling) {
    const text = field.textContent ?? '';
    switch (field.localName) {
      case 'Key':
        object.key = text;
        break;
      case 'Size':
        object.size = Number(text);
        break;
      case 'ETag':
        object.eTag = text;
        break;
      case 'LastModified':
        object.lastModified = new Date(text);
        break;
    }
  }
  return object;
}

function childText(parent: Element, name: string): string | undefined {
  for (let child = parent.firstElementChild; child; child = child.nextElementSibling)
    if (child.localName === name) return child.textContent ?? '';
  return undefined;
}
