// Where the wasm module comes from. Here: undefined, so the glue fetches `downhill_bg.wasm`
// beside itself (www/pkg/). `scripts/dist` replaces this module: the site's build names its
// content-hashed file, the single-file build carries the bytes themselves.
export const wasmSource = () => undefined;
