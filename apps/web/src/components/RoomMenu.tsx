import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { notificationsUnavailable, setNotifications, useNotificationsOn } from "../lib/notifications";
import { unlockTone } from "../lib/tone";
import {
  selectFeedActions,
  selectIsOwner,
  selectLocked,
  selectModerationActions,
  selectPreferenceActions,
  selectSound,
  useAppStore,
} from "../store";

interface MenuItem {
  label: string;
  danger?: boolean;
  /** Set for an on/off item (a `menuitemcheckbox`). */
  checked?: boolean;
  /** Why the item cannot be used here: shown beside it, and the item is disabled. */
  unavailable?: string | null;
  run: () => void;
}

const ITEMS = '[role="menuitem"], [role="menuitemcheckbox"]';

/**
 * The room's menu: lock or unlock and purge for the owner (the purge asks first),
 * the command list and clearing your own screen for everyone. A menu button in the
 * WAI-ARIA sense: arrows move, Escape closes and returns the focus.
 */
export function RoomMenu() {
  const [open, setOpen] = useState(false);
  const isOwner = useAppStore(selectIsOwner);
  const locked = useAppStore(selectLocked);
  const moderation = useAppStore(selectModerationActions);
  const feed = useAppStore(selectFeedActions);
  const sound = useAppStore(selectSound);
  const { setSound } = useAppStore(selectPreferenceActions);
  const notifying = useNotificationsOn();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items: MenuItem[] = [
    ...(isOwner
      ? [
          locked
            ? { label: "Unlock room", run: () => void moderation.setLocked(false) }
            : { label: "Lock room", run: () => void moderation.setLocked(true) },
          { label: "Purge room", danger: true, run: moderation.askPurge },
        ]
      : []),
    { label: "Show commands", run: feed.showHelp },
    { label: "Clear my screen", run: feed.clearScreen },
    {
      label: "Sound for new messages",
      checked: sound,
      run: () => {
        if (!sound) unlockTone();
        setSound(!sound);
      },
    },
    {
      // F40: for this page only, never remembered; asks the browser on the click.
      label: "Desktop notifications",
      checked: notifying,
      unavailable: notifying ? null : notificationsUnavailable(),
      run: () => void setNotifications(!notifying),
    },
  ];

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>(ITEMS)?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => {
      event.preventDefault();
      entries[(index + entries.length) % entries.length]?.focus();
    };
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(entries.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") setOpen(false);
  };

  return (
    <span className="room-menu">
      <button
        ref={button}
        type="button"
        className="secondary"
        aria-label="Room menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
      >
        <span className="room-menu-long">Room menu ▾</span>
        <span className="room-menu-short">⋯</span>
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label="Room menu"
          className="menu"
          onKeyDown={onMenuKeyDown}
        >
          {items.map((item) => {
            const activate = () => {
              if (item.unavailable) return;
              close();
              item.run();
            };
            const className = item.danger ? "menu-item danger" : "menu-item";
            return item.checked === undefined ? (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={className}
                onClick={activate}
              >
                {item.label}
              </button>
            ) : (
              <button
                key={item.label}
                type="button"
                role="menuitemcheckbox"
                aria-checked={item.checked}
                aria-disabled={item.unavailable ? true : undefined}
                tabIndex={-1}
                className={className}
                onClick={activate}
              >
                <span className="menu-check" aria-hidden="true">
                  {item.checked ? "☑ " : "☐ "}
                </span>
                {item.label}
                {item.unavailable && <span className="menu-reason"> ({item.unavailable})</span>}
              </button>
            );
          })}
        </div>
      )}
    </span>
  );
}
