// What this browser remembers: edit tokens of comments it wrote, likes, and the guest name in
// localStorage; the reader's sign-in in sessionStorage (it ends with the tab).
// Storage may be blocked (privacy modes, sandboxed iframes); the widget then forgets quietly.
import type { SsoSession } from "./api";

function read(key: string, session = false): string | null {
  try {
    return (session ? sessionStorage : localStorage).getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null, session = false): void {
  try {
    const store = session ? sessionStorage : localStorage;
    if (value === null) store.removeItem(key);
    else store.setItem(key, value);
  } catch {
    /* storage unavailable: nothing to remember */
  }
}

const MAX_LIKES = 500;

export class Memory {
  constructor(private readonly prefix: string) {}

  token(id: number): string | null {
    return read(`${this.prefix}token:${id}`);
  }

  setToken(id: number, token: string | null): void {
    write(`${this.prefix}token:${id}`, token);
  }

  get name(): string {
    return read(`${this.prefix}name`) ?? "";
  }

  set name(value: string) {
    write(`${this.prefix}name`, value);
  }

  /** The reader's own sign-in (attribute `accounts`), so that a reload keeps it. */
  get session(): SsoSession | null {
    try {
      const value = JSON.parse(read(`${this.prefix}session`, true) ?? "null") as SsoSession | null;
      return value?.token && value.account ? value : null;
    } catch {
      return null;
    }
  }

  set session(value: SsoSession | null) {
    write(`${this.prefix}session`, value && JSON.stringify({ token: value.token, account: value.account }), true);
  }

  private likes(): number[] {
    try {
      return JSON.parse(read(`${this.prefix}likes`) ?? "[]");
    } catch {
      return [];
    }
  }

  liked(id: number): boolean {
    return this.likes().includes(id);
  }

  setLiked(id: number, on: boolean): void {
    const others = this.likes().filter((other) => other !== id);
    const next = on ? [...others, id].slice(-MAX_LIKES) : others;
    write(`${this.prefix}likes`, JSON.stringify(next));
  }
}
