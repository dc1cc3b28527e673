import { lazy, Suspense, useEffect } from "react";
import { EndedScreen } from "./components/EndedScreen";
import { HomeScreen } from "./components/HomeScreen";
import { InvalidatedScreen } from "./components/InvalidatedScreen";
import { ThemeToggle } from "./components/ThemeToggle";
import { selectScreen, selectTheme, useAppStore } from "./store";

/** The room screen (composer, message list, invite QR) is a chunk loaded on demand. */
export const loadRoomScreen = () => import("./components/RoomScreen");
const RoomScreen = lazy(() => loadRoomScreen().then((m) => ({ default: m.RoomScreen })));

export function App() {
  const screen = useAppStore(selectScreen);
  const theme = useAppStore(selectTheme);
  // "system" leaves it to prefers-color-scheme (base.css); a choice overrides it.
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "system") delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
  // The room header has its own theme switch; every other screen has it in the corner.
  if (screen === "room")
    return (
      <Suspense fallback={null}>
        <RoomScreen />
      </Suspense>
    );
  return (
    <>
      {screen === "ended" ? (
        <EndedScreen />
      ) : screen === "invalidated" ? (
        <InvalidatedScreen />
      ) : (
        // "joining" keeps the forms on screen, with progress in the busy one.
        <HomeScreen />
      )}
      <ThemeToggle className="corner" />
    </>
  );
}
