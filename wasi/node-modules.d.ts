// Node's built-in modules as the Node entry of the WASI layer (targets/wasi.ts) imports them:
// the project compiles without @types/node, so they are declared here as untyped modules.
declare module 'node:fs';
