import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app lives in client/; `npm run build` writes dist/client, which the server serves.
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: { outDir: "../dist/client", emptyOutDir: true },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
