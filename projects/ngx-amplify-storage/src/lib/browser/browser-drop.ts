/** A file to upload, with its path inside the folder it came in (empty for a loose file). */
export interface UploadSource {
  /** The file. */
  file: File;
  /** Its path inside a picked or dropped folder, e.g. `trip/day1/a.jpg`; '' for a loose file. */
  relativePath: string;
}

/** The files of an `<input type="file">` (with `webkitdirectory`, each keeps its path in the folder). */
export function sourcesOfInput(files: FileList | null): UploadSource[] {
  return Array.from(files ?? [], (file) => ({ file, relativePath: file.webkitRelativePath ?? '' }));
}

/**
 * The files of a drop, with whole folders walked (through the entries API, as browsers give
 * dropped folders only that way). Falls back to the plain file list where entries are missing.
 */
export async function sourcesOfDrop(data: DataTransfer): Promise<UploadSource[]> {
  const entries = Array.from(data.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((entry) => entry === null))
    return Array.from(data.files, (file) => ({ file, relativePath: '' }));
  const sources: UploadSource[] = [];
  for (const entry of entries as FileSystemEntry[]) await walk(entry, sources);
  return sources;
}

async function walk(entry: FileSystemEntry, into: UploadSource[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    // fullPath starts with '/'; a loose file's is just '/name', which needs no folder.
    const path = entry.fullPath.replace(/^\/+/, '');
    into.push({ file, relativePath: path.includes('/') ? path : '' });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries a call; read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, into);
  }
}
