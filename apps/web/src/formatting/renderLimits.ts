/**
 * How much structure one message may ask a reader's browser to build
 * (docs/security.md, bounded rendering). Parsing 16 KiB is cheap; what froze a receiving tab was the style and layout of
 * what the parser built: thousands of nested elements (the parser also re-opens up to
 * 3 copies of each open formatting element in every new block, so a few bytes can ask
 * for dozens of elements) or thousands of table cells. A message over any of these is
 * shown as plain text with a note saying why. Measured in e2e/tests/heavy-message.spec.ts
 * and docs/security.md ("Bounded rendering").
 */
export const RENDER_LIMITS = {
  /** Elements inside one another. Nobody nests formatting deeper by hand. */
  depth: 16,
  /** Elements in one message (a long formatted message has a hundred or two). */
  elements: 500,
  /** `td` and `th` cells over all the message's tables (a 25 × 10 table). */
  tableCells: 250,
} as const;

/** Why a message is shown as plain text. */
export type TooHeavy = "depth" | "elements" | "tableCells";

const NOTE: Record<TooHeavy, string> = {
  depth: "Shown as plain text: too deeply nested",
  elements: "Shown as plain text: too many formatting elements",
  tableCells: "Shown as plain text: too many table cells",
};

/** The note a reader sees above a message shown as plain text. */
export function tooHeavyNote(reason: TooHeavy): string {
  return NOTE[reason];
}

/**
 * Counts what the sanitizer meets, element by element, and says as soon as a limit is
 * passed, so the walk can stop there. One per sanitised message.
 */
export class RenderBudget {
  private elements = 0;
  private cells = 0;

  /** Records one element; returns the limit it breaks, if any. */
  spend(element: Element): TooHeavy | null {
    this.elements += 1;
    if (this.elements > RENDER_LIMITS.elements) return "elements";
    const tag = element.nodeName.toLowerCase();
    if (tag === "td" || tag === "th") {
      this.cells += 1;
      if (this.cells > RENDER_LIMITS.tableCells) return "tableCells";
    }
    return depthAbove(element, RENDER_LIMITS.depth) ? "depth" : null;
  }
}

/** Whether `element` sits more than `limit` elements deep; looks at most limit + 1 up. */
function depthAbove(element: Element, limit: number): boolean {
  let depth = 0;
  let at: Element | null = element;
  // The parse wraps the message in <html><body>: those two are not the message's.
  while (at && at.nodeName !== "BODY" && at.nodeName !== "body") {
    depth += 1;
    if (depth > limit) return true;
    at = at.parentElement;
  }
  return false;
}
