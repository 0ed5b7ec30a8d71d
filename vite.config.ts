import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app lives in client/; `npm run build` writes dist/client, which the server serves.
// No raised chunk-size limit: the warning that remains names the workspace chunk (app-*.js), most of it
// maplibre-gl (~1 MB minified, one module). The first page is the sign-in page: main.tsx loads the workspace
// with React.lazy, so the sign-in page loads no maplibre (scripts/measure-page-js.ts prints the bytes); drawing
// (terra-draw), the review views, the block tabs beyond the overview and proj4 load on use.
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: { outDir: "../dist/client", emptyOutDir: true },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
