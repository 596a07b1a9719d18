// The directory the protected browser offers, read from the real local backend that
// tools/run-tests.mjs starts for the demo's specs.
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { IdentityDirectory, parseDirectory } from './identity-directory';
import { provideLocalBackend } from './local-backend';
import { karmaBackend } from '../testing/karma-backend';

describe('IdentityDirectory', () => {
  it("lists the backend's users with their identity IDs, sorted by name", async () => {
    TestBed.configureTestingModule({ providers: [provideLocalBackend(karmaBackend())] });
    const directory = TestBed.inject(IdentityDirectory);
    // The resource's load is a pending task: the app is stable once the answer is in.
    await TestBed.inject(ApplicationRef).whenStable();
    expect(directory.error()).toBeUndefined();
    // The test backend's users: alice, bob, and one with short-lived credentials for expiry specs.
    expect(directory.entries().map((entry) => entry.name)).toEqual(['alice', 'bob', 'shortlived']);
    for (const entry of directory.entries())
      expect(entry.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
  });

  it('says where an unexpected answer came from', () => {
    for (const body of [null, {}, { users: 'alice' }, { users: [{ name: 'alice' }] }])
      expect(() => parseDirectory(body, 'http://127.0.0.1:1/local/users'))
        .withContext(JSON.stringify(body))
        .toThrowError(/^http:\/\/127\.0\.0\.1:1\/local\/users did not answer with/);
  });

  it('keeps only names and identity IDs, sorted by name', () => {
    expect(
      parseDirectory(
        {
          users: [
            { name: 'bob', identityId: 'b', extra: 1 },
            { name: 'alice', identityId: 'a' },
          ],
        },
        'x',
      ),
    ).toEqual([
      { name: 'alice', identityId: 'a' },
      { name: 'bob', identityId: 'b' },
    ]);
  });
});
