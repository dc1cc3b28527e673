import type { Browser, BrowserContext, BrowserContextOptions } from "@playwright/test";
import { ChatUser } from "./chatUser";

/** How one person's browser is prepared; every field is optional. */
export interface OpenOptions {
  /** The browser they use: the project's by default (pass `otherBrowser` for the other type). */
  browser?: Browser;
  /** The first address they open, relative to the base URL: "/" by default (e.g. an invite link). */
  url?: string;
  /**
   * Context options of their own on top of the project's: a color scheme, a viewport,
   * touch, or the `baseURL` of another server (a scale-out node).
   */
  contextOptions?: BrowserContextOptions;
  /** Runs on the fresh context before the first page loads: routes, init scripts, listeners. */
  setup?: (context: BrowserContext) => Promise<void>;
}

/**
 * The people of one test, each in a browser context of their own. Every context it opens
 * is recorded the moment it exists, so `closeAll` (the fixture's teardown) closes them
 * all whether the test passed, failed or timed out half-way through opening someone.
 */
export class People {
  private readonly opened: BrowserContext[] = [];
  private readonly closed = new Set<BrowserContext>();
  private tornDown = false;

  constructor(
    private readonly defaultBrowser: Browser,
    private readonly baseURL: string,
  ) {}

  /** Opens a person called `alias` on the app's start page (or `options.url`). */
  async open(alias: string, options: OpenOptions = {}): Promise<ChatUser> {
    const browser = options.browser ?? this.defaultBrowser;
    const context = await browser.newContext({ baseURL: this.baseURL, ...options.contextOptions });
    this.opened.push(context);
    context.once("close", () => this.closed.add(context));
    // A test that timed out keeps running until its pending call returns: a context that
    // arrives after teardown is closed at once instead of outliving the test.
    if (this.tornDown) {
      await context.close();
      throw new Error(`${alias} was opened after the test's people were closed`);
    }
    await options.setup?.(context);
    const page = await context.newPage();
    await page.goto(options.url ?? "/");
    return new ChatUser(alias, context, page);
  }

  /** Contexts opened here whose "close" event has not fired yet. */
  stillOpen(): BrowserContext[] {
    return this.opened.filter((context) => !this.closed.has(context));
  }

  /** Closes every context opened so far; fails if any of them is still open afterwards. */
  async closeAll(): Promise<void> {
    this.tornDown = true;
    const results = await Promise.allSettled(this.opened.map((context) => context.close()));
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    const left = this.stillOpen().length;
    if (left > 0 || errors.length > 0) {
      throw new AggregateError(
        errors,
        `people: ${left} of ${this.opened.length} browser contexts still open after teardown`,
      );
    }
  }
}
