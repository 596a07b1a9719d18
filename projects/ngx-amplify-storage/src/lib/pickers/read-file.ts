import { Observable } from 'rxjs';

/**
 * Reads `file` as a data URL or as text, on subscribe; unsubscribing aborts the read.
 * Errors are DOMExceptions from FileReader (the file went away or could not be read).
 */
export function readFile(file: Blob, as: 'dataUrl' | 'text'): Observable<string> {
  return new Observable<string>((subscriber) => {
    const reader = new FileReader();
    reader.onload = () => {
      subscriber.next(reader.result as string);
      subscriber.complete();
    };
    reader.onerror = () => subscriber.error(reader.error);
    if (as === 'dataUrl') reader.readAsDataURL(file);
    else reader.readAsText(file);
    return () => {
      if (reader.readyState === FileReader.LOADING) reader.abort();
    };
  });
}
