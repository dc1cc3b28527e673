import { EndedScreen } from "./components/EndedScreen";
import { HomeScreen } from "./components/HomeScreen";
import { InvalidatedScreen } from "./components/InvalidatedScreen";
import { RoomScreen } from "./components/RoomScreen";
import { selectScreen, useAppStore } from "./store";

export function App() {
  const screen = useAppStore(selectScreen);
  switch (screen) {
    case "room":
      return <RoomScreen />;
    case "ended":
      return <EndedScreen />;
    case "invalidated":
      return <InvalidatedScreen />;
    default:
      // "joining" keeps the forms on screen, with progress in the busy one.
      return <HomeScreen />;
  }
}
