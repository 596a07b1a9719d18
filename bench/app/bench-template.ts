// The template the bench apps share, so that they differ only in what their buttons call.
export const BENCH_TEMPLATE = `
  <button (click)="upload()">put</button>
  <button (click)="link()">get</button>
  <button (click)="listAll()">list</button>
  <p>{{ status() }}</p>
`;
