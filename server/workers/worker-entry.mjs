// The worker thread's entry, in plain JavaScript: Node 20 does not apply `--import tsx` to a worker's
// own main module, so the worker registers tsx itself and then loads the TypeScript body.
import { register } from "tsx/esm/api";

register();
await import("./worker-main.ts");
