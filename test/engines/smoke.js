// The engine smoke suite, engine side: ES5, engine-agnostic, uses only the bundle's
// `WebAssembly`, `invokeRaw` and `globalRaw`. Defines one global function:
//   picowasmSmoke(pw, data) -> { passed, failed, failures: [text] }
// `data` (made in Node by test/engines/smoke.mjs) holds the module of test/engines/smoke.wat as
// hex and its steps with the expected raw results from Node's native WebAssembly: recursion,
// a host import calling back into wasm, i64 arithmetic and conversions as { lo, hi } pairs, f32
// rounding after every operation, NaN payloads through moves, memory.grow, every trap and its
// message, a function of 3000 nested blocks, and a 100 000-deep recursion that must end with the runtime's own
// "call stack exhausted" error (never the engine's own stack overflow).
var picowasmSmoke = (function () {
  'use strict';

  function bytesOf(h) {
    var b = new Uint8Array(h.length >> 1);
    for (var i = 0; i < b.length; i++) b[i] = parseInt(h.substr(2 * i, 2), 16);
    return b;
  }

  function hex8(n) {
    var s = (n >>> 0).toString(16);
    while (s.length < 8) s = '0' + s;
    return s;
  }

  function show(v) {
    if (!v || typeof v !== 'object') return String(v);
    var t = v.type || v.t;
    return t + ':' + (t === 'i64' || t === 'f64' ? '0x' + hex8(v.hi) + hex8(v.lo) : t === 'i32' ? String(v.lo | 0) : '0x' + hex8(v.lo));
  }

  function same(want, got) {
    var t = want.t;
    if (!got || got.type !== t) return false;
    if ((got.lo | 0) !== (want.lo | 0)) return false;
    return t === 'i64' || t === 'f64' ? (got.hi | 0) === (want.hi | 0) : true;
  }

  function errorText(e) {
    if (e && typeof e === 'object') return ((e.constructor && e.constructor.name) || e.name) + ': ' + e.message;
    return 'thrown ' + String(e);
  }

  return function picowasmSmoke(pw, data) {
    var WA = pw.WebAssembly;
    var result = { passed: 0, failed: 0, failures: [] };
    function check(ok, what) {
      if (ok) result.passed++;
      else { result.failed++; if (result.failures.length < 40) result.failures.push(what); }
    }

    var inst = null;
    var hostCalls = 0;
    var imports = { host: { callback: function (x) { hostCalls++; return inst.exports.fib(x) + 1000; } } };
    try {
      inst = new WA.Instance(new WA.Module(bytesOf(data.module)), imports);
    } catch (e) {
      check(false, 'instantiate smoke.wat: ' + errorText(e));
      return result;
    }
    check(true, 'instantiate');

    for (var i = 0; i < data.steps.length; i++) {
      var s = data.steps[i];
      var args = [];
      for (var j = 0; j < s.a.length; j++) args.push({ type: s.a[j].t, lo: s.a[j].lo, hi: s.a[j].hi, ref: null });
      var label = s.f + '(' + (function (a) { var p = []; for (var k = 0; k < a.length; k++) p.push(show(a[k])); return p.join(', '); })(s.a) + ')';
      var got = null;
      var error = null;
      try {
        got = pw.invokeRaw(inst.exports[s.f], args);
      } catch (e) {
        error = e === null || e === undefined ? { message: String(e) } : e;
      }
      if (s.exhaust) {
        check((typeof RangeError === 'function' ? error instanceof RangeError : error instanceof Error) && String(error.message).indexOf('call stack exhausted') === 0,
          label + ': expected RangeError "call stack exhausted", got ' + (error ? errorText(error) : 'success'));
      } else if (s.trap) {
        check(error instanceof WA.RuntimeError && String(error.message).indexOf(s.trap) === 0,
          label + ': expected trap "' + s.trap + '", got ' + (error ? errorText(error) : 'success'));
      } else if (error) {
        check(false, label + ': threw ' + errorText(error));
      } else {
        var want = s.same ? [s.a[0]] : s.r;
        var ok = got.length === want.length;
        for (j = 0; ok && j < want.length; j++) ok = same(want[j], got[j]);
        var gotText = [];
        var wantText = [];
        for (j = 0; j < got.length; j++) gotText.push(show(got[j]));
        for (j = 0; j < want.length; j++) wantText.push(show(want[j]));
        check(ok, label + ': expected ' + wantText.join(', ') + ', got ' + gotText.join(', '));
      }
    }

    // Deeply nested blocks: decoding, validation and compilation must not recurse on the JS stack.
    var nestedResult;
    try {
      var nestedInst = new WA.Instance(new WA.Module(bytesOf(data.nested.module)), {});
      nestedResult = nestedInst.exports.nested(data.nested.arg);
    } catch (e) {
      nestedResult = errorText(e);
    }
    check(nestedResult === data.nested.result, 'nested blocks: expected ' + data.nested.result + ', got ' + nestedResult);

    // The same host round trip through the ordinary API (numbers in and out).
    var before = hostCalls;
    var viaApi = null;
    try { viaApi = inst.exports.callHost(10); } catch (e) { viaApi = errorText(e); }
    check(viaApi === 55 + 1000 + 1 && hostCalls === before + 1, 'callHost(10) through the API: expected 1056 after one host call, got ' + viaApi);
    return result;
  };
})();
