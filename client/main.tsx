import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./components/app.js";
import { AuthGate } from "./components/auth-gate.js";
// Styles every page needs, in cascade order; each lazily loaded view imports its own.
import "./styles/base.css";
import "./styles/left-panel.css";
import "./styles/panel.css";
import "./styles/review.css";
import "./styles/toolbars.css";
import "./styles/auth.css";
import "./styles/layout.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <AuthGate>
      <App />
    </AuthGate>
  </StrictMode>,
);
