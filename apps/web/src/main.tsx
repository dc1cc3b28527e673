// First: configures zod before any protocol schema is built (see the module).
import "./lib/zodJitless";
import "./styles/base.css";
import "./styles/home.css";
import "./styles/room.css";
import "./styles/messages.css";
import "./styles/composer.css";
import "./styles/controls.css";
import "./styles/rich-text.css";
import "./styles/marks.css";
import "./styles/invite.css";
import "./styles/files.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, loadRoomScreen } from "./App";
import { installAttention } from "./lib/attention";
import { installLifecycle } from "./lib/lifecycle";
import { useAppStore } from "./store";
import { prefetchSdk } from "./store/sdkAdapter";

installLifecycle(useAppStore);
installAttention(useAppStore);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The home screen is usable now; fetch the SDK and the room screen while the person
// types, so joining does not wait for them.
setTimeout(() => {
  prefetchSdk();
  loadRoomScreen().catch(() => {});
}, 0);
