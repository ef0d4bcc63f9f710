// jest's sandboxed `process` copies Node's lazy getter of allowedNodeEnvironmentFlags without the
// cache it sets on the real one, so every read builds the Set again (about 0.2 ms here). axios reads
// it on every request to loopback, thousands per test file: read it once and keep the value.
Object.defineProperty(process, 'allowedNodeEnvironmentFlags', {
  value: process.allowedNodeEnvironmentFlags,
  configurable: true,
  enumerable: true,
});
