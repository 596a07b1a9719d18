// The README's "Testing your app" shows a whole app spec; app-example.spec.ts is that spec, run by
// Karma. This keeps the two identical, so that the README never shows a spec that does not pass.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const spec = readFileSync(
  new URL('projects/ngx-amplify-storage/testing/storage-testing/app-example.spec.ts', root),
  'utf8',
);

test("the README's app spec is app-example.spec.ts from its imports on", () => {
  const section = readme.split('\n## Testing your app\n')[1]?.split('\n## ')[0];
  assert.ok(section, 'the README has a "## Testing your app" section');
  const block = section.match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(block, 'the section has a ts code block');
  assert.equal(block, spec.slice(spec.indexOf('import ')));
});
