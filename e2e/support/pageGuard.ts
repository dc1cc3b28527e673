import type { BrowserContext, Page } from "@playwright/test";

/**
 * Watches one person's browser context for everything an attack could achieve without
 * anyone clicking: script that ran (a dialog, or `window.__xss` set), a request to
 * another origin (it is aborted before it leaves, and recorded), and Content-Security-
 * Policy violations (events in the page and console reports).
 *
 * Call `guard` before the first navigation so the in-page listener is installed first.
 */
export class PageGuard {
  readonly dialogs: string[] = [];
  readonly foreignRequests: string[] = [];
  readonly cspConsole: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly origin: string,
  ) {}

  static async guard(context: BrowserContext, baseURL: string): Promise<PageGuard> {
    const guard = new PageGuard(context, new URL(baseURL).origin);
    await guard.install();
    return guard;
  }

  private async install(): Promise<void> {
    const { origin } = this;
    // Aborted, so nothing reaches the network even if a name would resolve; only
    // requests for another origin are routed, the app's own go straight through.
    await this.context.route(
      (url) => isForeign(url, origin),
      (route) => {
        this.foreignRequests.push(route.request().url());
        return route.abort("blockedbyclient");
      },
    );
    await this.context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      // Capture phase on window: violations are dispatched at the element or document.
      window.addEventListener(
        "securitypolicyviolation",
        (e) =>
          w.__csp.push(
            `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} (${e.sample})`,
          ),
        true,
      );
    });
    const watch = (page: Page) => {
      page.on("dialog", (dialog) => {
        this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss().catch(() => {});
      });
      page.on("request", (request) => {
        if (isForeign(new URL(request.url()), origin)) this.foreignRequests.push(request.url());
      });
      page.on("websocket", (ws) => {
        const url = new URL(ws.url());
        if (url.host !== new URL(origin).host) this.foreignRequests.push(ws.url());
      });
      page.on("console", (message) => {
        if (/content[- ]security[- ]policy/i.test(message.text())) this.cspConsole.push(message.text());
      });
    };
    for (const page of this.context.pages()) watch(page);
    this.context.on("page", watch);
  }

  /** Violations the page itself saw (`securitypolicyviolation` events). */
  async cspEvents(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
  }

  /** Whether any payload managed to set its flag in this page. */
  async flagSet(page: Page): Promise<boolean> {
    return page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined);
  }
}

/** data: and blob: URLs are not requests to anyone; everything else must be ours. */
function isForeign(url: URL, origin: string): boolean {
  if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") return false;
  return url.origin !== origin;
}
