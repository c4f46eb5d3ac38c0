/** A stand-in for XMLHttpRequest (lib/upload.ts): each test drives progress and the answer itself. */
import { vi } from "vitest";

export class FakeXhr {
  static all: FakeXhr[] = [];
  method = "";
  url = "";
  body: FormData | null = null;
  headers: Record<string, string> = {};
  status = 0;
  statusText = "";
  responseText = "";
  aborted = false;
  private responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeXhr.all.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }

  /** The browser reports that `loaded` of `total` bytes went up. */
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  respond(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.onload?.();
  }
  fail() {
    this.onerror?.();
  }
}

/** Installs FakeXhr for one test; FakeXhr.all lists the requests made. */
export function fakeXhr() {
  FakeXhr.all = [];
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  return {
    all: FakeXhr.all,
    last: (): FakeXhr => {
      const xhr = FakeXhr.all.at(-1);
      if (!xhr) throw new Error("no XMLHttpRequest was made");
      return xhr;
    },
  };
}
