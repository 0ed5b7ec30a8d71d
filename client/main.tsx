import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { AuthGate, WorkspaceLoading } from "./components/auth-gate.js";
import { initialLocale, loadMessages } from "./i18n/i18n-context.js";
// The sign-in page's styles; the workspace's come with its chunk (app.tsx), each lazily loaded view's with it.
import "./styles/base.css";
import "./styles/auth.css";

// The first page is the sign-in page: the workspace (maplibre, its views) is its own chunk, loaded once signed in.
const App = lazy(() => import("./components/app.js").then((module) => ({ default: module.App })));

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
// The remembered language's strings before the first render (English is a chunk of its own).
await loadMessages(initialLocale(globalThis.localStorage));
createRoot(root).render(
  <StrictMode>
    <AuthGate>
      <Suspense fallback={<WorkspaceLoading />}>
        <App />
      </Suspense>
    </AuthGate>
  </StrictMode>,
);
