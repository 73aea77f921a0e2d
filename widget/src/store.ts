// What this browser remembers: edit tokens of comments it wrote, likes, and the guest name.
// localStorage may be blocked (privacy modes, sandboxed iframes); the widget then forgets quietly.

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
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
