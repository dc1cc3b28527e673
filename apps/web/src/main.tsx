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
import { App } from "./App";
import { installAttention } from "./lib/attention";
import { installLifecycle } from "./lib/lifecycle";
import { useAppStore } from "./store";

installLifecycle(useAppStore);
installAttention(useAppStore);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
