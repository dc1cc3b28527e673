import type { SafeHtml } from "../formatting/sanitize";

/**
 * Formatted message HTML. This is the only place the app inserts HTML: React cannot
 * build elements from a member's markup, and the markup is what F13 promises to show.
 * `html` must come from `sanitizeHtml` (the `SafeHtml` type sees to it), which allows
 * formatting only — no script, no handlers, no styles, nothing that loads.
 */
export function RichText({ html, className }: { html: SafeHtml; className?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by formatting/sanitize.ts (DOMPurify allowlist)
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
