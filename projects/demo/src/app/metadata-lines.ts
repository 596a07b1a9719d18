/** Metadata as the demo's editor shows it: one `name=value` per line, sorted by name. */
export function formatMetadataLines(metadata: Record<string, string>): string {
  return Object.keys(metadata)
    .sort()
    .map((name) => `${name}=${metadata[name]}`)
    .join('\n');
}

/**
 * Reads `name=value` lines back (blank lines are skipped, spaces around the name and value
 * trimmed). Throws an Error that names the first line it cannot read; the names themselves are
 * checked by the library, which says which characters S3 allows.
 */
export function parseMetadataLines(text: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const equals = line.indexOf('=');
    const name = line.slice(0, Math.max(equals, 0)).trim();
    if (name === '') throw new Error(`Line ${index + 1} is not name=value: “${line.trim()}”.`);
    if (Object.hasOwn(metadata, name))
      throw new Error(`Line ${index + 1} gives “${name}” a second time.`);
    metadata[name] = line.slice(equals + 1).trim();
  });
  return metadata;
}
