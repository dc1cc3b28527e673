import { useSyncExternalStore } from "react";

/**
 * Desktop notifications (F40): opt-in for this page only. The choice lives in memory
 * and is never stored, so every new page starts with them off. Browsers offer the
 * Notification API only to secure contexts (HTTPS or localhost); elsewhere the room
 * menu shows the option disabled with that reason.
 *
 * Privacy: a notification never carries the message, its sender or the room's name.
 * The operating system may log or show notifications on a lock screen, outside the
 * end-to-end encryption; it says only "New message in Sanctuary" (docs/architecture.md).
 */
export const NOTIFICATION_BODY = "New message in Sanctuary";

let enabled = false;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

/** Why notifications cannot be offered here, or null when they can. */
export function notificationsUnavailable(win: Window = window): string | null {
  if (!win.isSecureContext) return "needs HTTPS or localhost";
  if (!("Notification" in win)) return "not supported by this browser";
  if ((win as Window & { Notification: typeof Notification }).Notification.permission === "denied")
    return "blocked in the browser’s site settings";
  return null;
}

/** Whether notifications are on for this page. */
export function notificationsOn(): boolean {
  return enabled;
}

/**
 * Turns notifications on (asking the browser's permission, which needs the click that
 * called this) or off. Resolves to whether they are on.
 */
export async function setNotifications(on: boolean): Promise<boolean> {
  if (!on || notificationsUnavailable() !== null) {
    enabled = false;
    emit();
    return false;
  }
  const permission = await Notification.requestPermission();
  enabled = permission === "granted";
  emit();
  return enabled;
}

/** Shows the content-free notification, replacing the previous one (same tag). */
export function notifyNewMessage(): void {
  if (!enabled || notificationsUnavailable() !== null) return;
  try {
    const n = new Notification("Sanctuary", { body: NOTIFICATION_BODY, tag: "sanctuary-new-message" });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    // Some browsers (Android Chrome) allow notifications only from a service worker.
  }
}

/** The notification switch for React: re-renders when it changes. */
export function useNotificationsOn(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notificationsOn,
    () => false,
  );
}
