import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { AuthGate, WorkspaceLoading } from "./components/auth-gate.js";
// The sign-in page's styles; the workspace's come with its chunk (app.tsx), each lazily loaded view's with it.
import "./styles/base.css";
import "./styles/auth.css";

// The first page is the sign-in page: the workspace (maplibre, its views) is its own chunk, loaded once signed in.
const App = lazy(() => import("./components/app.js").then((module) => ({ default: module.App })));

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <AuthGate>
      <Suspense fallback={<WorkspaceLoading />}>
        <App />
      </Suspense>
    </AuthGate>
  </StrictMode>,
);
