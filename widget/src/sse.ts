// Live updates (docs/api.md#live-updates): Server-Sent Events read with fetch() and a stream
// reader rather than EventSource, so that a signed-in reader's bearer token goes along. The SSE
// framing is parsed here; the stream stops while the tab is hidden and resumes with Last-Event-ID.
import type { Api } from "./api";

export interface SseEvent {
  type: string;
  data: string;
  id: string | null;
}

/** An SSE parser (the HTML standard's rules): feed it text as it arrives, in any chunks. */
export function sseParser(emit: (event: SseEvent) => void, retry: (ms: number) => void) {
  let buffer = "";
  let type = "";
  let data: string[] = [];
  let id: string | null = null;
  return (chunk: string): void => {
    buffer += chunk;
    // A "\r" at the end may be the first half of "\r\n": keep it for the next chunk.
    const end = buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
    const lines = buffer.slice(0, end).split(/\r\n|\r|\n/);
    buffer = lines.pop() + buffer.slice(end); // the unfinished line
    for (const line of lines) {
      if (!line) {
        if (data.length) emit({ type: type || "message", data: data.join("\n"), id });
        type = "";
        data = [];
        continue;
      }
      const colon = line.indexOf(":");
      if (colon === 0) continue; // a comment (": keep-alive")
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value[0] === " ") value = value.slice(1);
      if (field === "event") type = value;
      else if (field === "data") data.push(value);
      else if (field === "id" && !value.includes("\0")) id = value;
      else if (field === "retry" && /^\d+$/.test(value)) retry(Number(value));
    }
  };
}

const MAX_WAIT_MS = 60_000;

/** One story's event stream: reconnects with exponential backoff and jitter, resumes from the
 * last event seen, and holds no connection while the page is hidden. */
export class LiveStream {
  lastId: string | null = null;
  private wanted = false;
  private running: AbortController | null = null;
  private timer = 0;
  private failures = 0;
  private retryMs = 3000; // until the server says (`retry:`)
  private connected = false;

  constructor(
    private readonly api: Api,
    private readonly story: string,
    private readonly emit: (type: string, data: unknown) => void,
    /** The stream opened with nothing to resume from: `first` is the element's first stream. */
    private readonly opened: (first: boolean) => void,
  ) {
    document.addEventListener("visibilitychange", () => (this.hidden() ? this.pause() : this.resume()));
  }

  start(): void {
    this.wanted = true;
    this.resume();
  }

  /** Connects now (after a pause, a backoff or a new sign-in), unless hidden or not started. */
  resume(): void {
    this.failures = 0;
    this.connect();
  }

  private connect(): void {
    if (!this.wanted || this.running || this.hidden()) return;
    clearTimeout(this.timer);
    void this.run((this.running = new AbortController()));
  }

  pause(): void {
    clearTimeout(this.timer);
    this.running?.abort();
    this.running = null;
  }

  restart(): void {
    this.pause();
    this.resume();
  }

  private hidden(): boolean {
    return document.visibilityState === "hidden";
  }

  private async run(control: AbortController): Promise<void> {
    let wait = 0;
    try {
      const response = await this.api.events(this.story, this.lastId, control.signal);
      const { status, body } = response;
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        this.running = null; // no such site or story, or not allowed: retrying will not help
        return;
      }
      if (!response.ok || !body) {
        wait = Number(response.headers.get("Retry-After")) * 1000 || 0;
        throw status;
      }
      if (this.lastId === null) this.opened(!this.connected);
      this.connected = true;
      this.failures = 0;
      const feed = sseParser(
        (event) => {
          if (event.id !== null) this.lastId = event.id;
          try {
            this.emit(event.type, JSON.parse(event.data));
          } catch {
            /* not JSON: not an event of ours */
          }
        },
        (ms) => (this.retryMs = ms),
      );
      const reader = body.getReader();
      const text = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        feed(text.decode(value, { stream: true }));
      }
    } catch {
      /* offline, refused or cut off: try again below */
    }
    if (control.signal.aborted) return; // paused on purpose
    this.running = null;
    const backoff = Math.min(MAX_WAIT_MS, this.retryMs * 2 ** this.failures++);
    this.timer = setTimeout(() => this.connect(), Math.max(wait, backoff * (0.5 + Math.random() / 2)));
  }
}
