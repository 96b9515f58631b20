// Engine side of the WASI step of test/engines/run.mjs (Node side: wasi.mjs). Runs one example
// program of examples/c with the ES5 WASI layer (dist/es5/wasi.js, global `picowasmWasi`) on
// the engine's picowasm bundle (global `picowasm`): a MemoryFS holding the case's files under
// /data, preopened as /sandbox, stdout and stderr collected as bytes. Defines one global
// function: picowasmWasiRun(picowasm, picowasmWasi, c) where c = { wasm: [hex pieces], args,
// env, files: { name: hex } } → { code, stdout: hex, stderr: hex, files: { name: hex }, ms } or
// { error }. Comparing with node:wasi is left to wasi.mjs.
var picowasmWasiRun = (function () {
  function hexDigit(c) {
    return c <= 57 ? c - 48 : (c | 32) - 87;
  }
  function fromHex(h) {
    var n = h.length >> 1;
    var b = new Uint8Array(n);
    for (var i = 0; i < n; i++) b[i] = (hexDigit(h.charCodeAt(2 * i)) << 4) | hexDigit(h.charCodeAt(2 * i + 1));
    return b;
  }
  function toHex(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return s;
  }
  function collector(into) {
    return function (b) {
      for (var i = 0; i < b.length; i++) into.push(b[i]);
    };
  }
  return function (pw, pwasi, c) {
    var out = [];
    var err = [];
    try {
      var init = { '/data/': '' };
      for (var name in c.files) init['/data/' + name] = fromHex(c.files[name]);
      var mem = new pwasi.MemoryFS(init);
      var wasi = new pwasi.WASI({ args: c.args, env: c.env, fs: mem, preopens: { '/sandbox': '/data' }, stdout: collector(out), stderr: collector(err) });
      var WA = pw.WebAssembly;
      var t0 = Date.now();
      var code = wasi.start(new WA.Instance(new WA.Module(fromHex(c.wasm.join(''))), wasi.getImportObject()));
      var ms = Date.now() - t0;
      var files = {};
      var listing = mem.readdir('/data');
      if (typeof listing !== 'number') {
        for (var i = 0; i < listing.length; i++) files[listing[i].name] = toHex(mem.readFile('/data/' + listing[i].name));
      }
      return { code: code, stdout: toHex(out), stderr: toHex(err), files: files, ms: ms };
    } catch (e) {
      return { error: String(e && e.message ? (e.name || 'Error') + ': ' + e.message : e), stdout: toHex(out), stderr: toHex(err) };
    }
  };
})();
