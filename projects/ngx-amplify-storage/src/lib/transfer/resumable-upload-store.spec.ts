import { ResumableUploadStore, resumableUploadId, uploadTarget } from './resumable-upload-store';

describe('ResumableUploadStore (IndexedDB)', () => {
  const store = new ResumableUploadStore();
  const day = 24 * 3600 * 1000;

  it('remembers an upload by file identity and forgets it on delete', async () => {
    const file = new File(['abc'], 'a.txt', { lastModified: 1_700_000_000_000 });
    const id = resumableUploadId({ bucket: 'b', key: 'public/a.txt', identityId: 'id-1', file });
    expect(id).not.toBe(
      resumableUploadId({ bucket: 'b', key: 'public/a.txt', identityId: 'id-2', file }),
    );
    expect(id).not.toBe(
      resumableUploadId({
        bucket: 'b',
        key: 'public/a.txt',
        identityId: 'id-1',
        file: new File(['abcd'], 'a.txt', { lastModified: 1_700_000_000_000 }),
      }),
    );
    await store.save({
      id,
      uploadId: 'u-1',
      partSize: 5,
      parts: [{ PartNumber: 1, ETag: '"e1"' }],
      createdAt: Date.now(),
    });
    expect((await store.find(id, day))?.parts).toEqual([{ PartNumber: 1, ETag: '"e1"' }]);
    await store.delete(id);
    expect(await store.find(id, day)).toBeUndefined();
  });

  it('reads the bucket, key and identity back from a record ID, and nothing from a foreign one', () => {
    const file = new File(['abc'], 'a.txt', { lastModified: 1 });
    expect(
      uploadTarget(
        resumableUploadId({ bucket: 'b', key: 'private/id-1/a.txt', identityId: 'id-1', file }),
      ),
    ).toEqual({
      bucket: 'b',
      key: 'private/id-1/a.txt',
      identityId: 'id-1',
    });
    expect(
      uploadTarget(resumableUploadId({ bucket: 'b', key: 'public/a.txt', file }))?.identityId,
    ).toBe('');
    expect(uploadTarget('old-1')).toBeUndefined();
    expect(uploadTarget('[1,2,3]')).toBeUndefined();
  });

  it('lets stale uploads expire', async () => {
    const now = Date.now();
    await store.save({
      id: 'old-1',
      uploadId: 'u',
      partSize: 5,
      parts: [],
      createdAt: now - 8 * day,
    });
    await store.save({
      id: 'old-2',
      uploadId: 'u',
      partSize: 5,
      parts: [],
      createdAt: now - 9 * day,
    });
    await store.save({ id: 'fresh', uploadId: 'u', partSize: 5, parts: [], createdAt: now - day });
    expect(await store.find('old-1', 7 * day, now)).toBeUndefined();
    const purged = (await store.purgeExpired(7 * day, now)).map((upload) => upload.id);
    expect(purged).toContain('old-2');
    expect(purged).not.toContain('fresh');
    expect(await store.find('fresh', 7 * day, now)).toBeDefined();
    await store.delete('fresh');
  });
});
