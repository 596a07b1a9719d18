import { StorageError } from '../errors/storage-error';
import { StorageIntl } from '../i18n/storage-intl';

/** What a picked file is known by before it is read: the shape `fileToKey` receives. */
export interface PickedFileInfo {
  /** File name as the browser gives it. */
  name: string;
  /** Size in bytes. */
  size: number;
  /** MIME type, possibly empty. */
  type: string;
}

/** Limits checked on picked files before anything is sent. */
export interface FileRestrictions {
  /** An `accept` list as for `<input type=file>`: MIME types, `type/*` wildcards and `.ext` endings. */
  accept?: string;
  /** Largest file in bytes. */
  maxFileSize?: number;
  /** Most files per pick. */
  maxFileCount?: number;
}

/** A picked file that was turned away, and why in words a user understands. */
export interface RejectedFile {
  /** The file. */
  file: File;
  /** Machine-readable reason. */
  code: 'NotAccepted' | 'EmptyFile' | 'TooLarge' | 'TooMany';
  /** A sentence to show the user. */
  message: string;
}

/** True when `file` matches an `accept` list (an empty or absent list accepts everything). */
export function matchesAccept(file: PickedFileInfo, accept: string | undefined): boolean {
  const patterns = (accept ?? '')
    .split(',')
    .map((pattern) => pattern.trim().toLowerCase())
    .filter(Boolean);
  if (patterns.length === 0) return true;
  const type = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return patterns.some((pattern) => {
    if (pattern.startsWith('.')) return name.endsWith(pattern);
    if (pattern.endsWith('/*')) return type.startsWith(pattern.slice(0, -1));
    return type === pattern;
  });
}

/** Splits picked files into those to upload and those turned away, with a reason for each in the words of `intl`. */
export function checkFiles(
  files: readonly File[],
  restrictions: FileRestrictions,
  intl: StorageIntl,
): { accepted: File[]; rejected: RejectedFile[] } {
  const accepted: File[] = [];
  const rejected: RejectedFile[] = [];
  for (const file of files) {
    if (!matchesAccept(file, restrictions.accept)) {
      rejected.push({
        file,
        code: 'NotAccepted',
        message: intl.notAccepted(file.name, restrictions.accept ?? ''),
      });
    } else if (file.size === 0) {
      rejected.push({ file, code: 'EmptyFile', message: intl.emptyFile(file.name) });
    } else if (restrictions.maxFileSize !== undefined && file.size > restrictions.maxFileSize) {
      rejected.push({
        file,
        code: 'TooLarge',
        message: intl.tooLarge(
          file.name,
          intl.formatSize(file.size),
          intl.formatSize(restrictions.maxFileSize),
        ),
      });
    } else if (
      restrictions.maxFileCount !== undefined &&
      accepted.length >= restrictions.maxFileCount
    ) {
      rejected.push({
        file,
        code: 'TooMany',
        message: intl.tooMany(file.name, restrictions.maxFileCount),
      });
    } else {
      accepted.push(file);
    }
  }
  return { accepted, rejected };
}

/**
 * A key segment made from a user's file name: each whitespace character becomes an underscore
 * (as Amplify did, runs not collapsed), and anything that could leave the key's folder (`/`, `\`,
 * `..`, control characters) is removed.
 */
export function fileNameToKeySegment(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/\s/g, '_')
    // Stripping control characters from file names is the point here.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '');
  return cleaned === '' ? 'file' : cleaned;
}

/** Throws InvalidOption unless `value` is a positive whole number (a limit such as maxFileCount). */
export function assertLimit(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new StorageError(
      'InvalidOption',
      `${field} is ${value}; give a whole number of 1 or more.`,
      { field },
    );
  }
  return value;
}
