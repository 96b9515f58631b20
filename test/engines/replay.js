// Replays a spec-test plan (made in Node by test/engines/plan.mjs) inside any ES5 engine against a
// picowasm bundle, and counts passed/failed/skipped exactly as test/spec/script.mjs does.
//
// ES5 only, engine-agnostic: uses nothing but the bundle's `WebAssembly`, `invokeRaw` and
// `globalRaw`, typed arrays and JSON. Defines one global function:
//   picowasmReplay(pw, plan) -> { passed, failed, skipped, failures: [{ l, cmd, detail }],
//                                 skips: { reason: count } }
// where `pw` is the bundle's namespace object (the ES5 global `picowasm`, or the Node module).
// Converting .wast to plans, driving the engines and printing are left to the Node side
// (test/engines/run.mjs and engines.mjs).
var picowasmReplay = (function () {
  'use strict';

  var MAX_FAILURES = 40;

  function hexDigit(c) {
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 97 && c <= 102) return c - 87;
    return c - 55;
  }

  /** Module hex pieces -> Uint8Array. */
  function bytesOf(parts) {
    var h = parts.join('');
    var n = h.length >> 1;
    var b = new Uint8Array(n);
    for (var i = 0; i < n; i++) b[i] = (hexDigit(h.charCodeAt(2 * i)) << 4) | hexDigit(h.charCodeAt(2 * i + 1));
    return b;
  }

  function nop() {}

  /** The testsuite's `spectest` module, made of this engine's own API objects. */
  function makeSpectest(WA) {
    // An i64 value that this bundle's codec accepts: BigInt where it installed the BigInt codec,
    // else the core's { lo, hi } pair. Which one is told by the type of a default i64 value.
    var probe = new WA.Global({ value: 'i64', mutable: true });
    var i64 = typeof probe.value === 'bigint' ? BigInt(666) : { lo: 666, hi: 0 }; // eslint-disable-line no-undef
    return {
      print: nop, print_i32: nop, print_i64: nop, print_f32: nop, print_f64: nop,
      print_i32_f32: nop, print_f64_f64: nop,
      global_i32: new WA.Global({ value: 'i32', mutable: false }, 666),
      global_i64: new WA.Global({ value: 'i64', mutable: false }, i64),
      global_f32: new WA.Global({ value: 'f32', mutable: false }, 666.6),
      global_f64: new WA.Global({ value: 'f64', mutable: false }, 666.6),
      table: new WA.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
      memory: new WA.Memory({ initial: 1, maximum: 2 })
    };
  }

  function describe(e) {
    if (e && typeof e === 'object' && typeof e.message === 'string') {
      var name = (e.constructor && e.constructor.name) || e.name || 'Error';
      return name + ': ' + e.message.split('\n')[0].slice(0, 120);
    }
    return 'thrown ' + String(e).slice(0, 120);
  }

  function Mismatch(message) { this.message = message; }

  function hex8(n) {
    var s = (n >>> 0).toString(16);
    while (s.length < 8) s = '0' + s;
    return s;
  }

  function formatValue(v) {
    if (!v || typeof v !== 'object') return String(v);
    switch (v.type) {
      case 'i32': return 'i32:' + (v.lo | 0);
      case 'f32': return 'f32:0x' + hex8(v.lo);
      case 'i64': case 'f64': return v.type + ':0x' + hex8(v.hi) + hex8(v.lo);
      default: return v.type + ':' + (v.ref === null ? 'null' : v.ref === undefined ? 'undefined' : typeof v.ref);
    }
  }

  function formatPattern(p) {
    if (p.k === 'nan') return p.t + ':nan:' + p.n;
    if (p.k === 'anyfunc') return 'funcref:<any non-null>';
    var v = p.v;
    if (v.x !== undefined) return v.t + ':extern ' + v.x;
    if (v.nul) return v.t + ':null';
    return formatValue({ type: v.t, lo: v.lo, hi: v.hi });
  }

  function isNanClass(v, which) {
    if (v.type === 'f32') {
      var bits = v.lo & 0x7fffffff;
      return which === 'canonical' ? bits === 0x7fc00000 : (bits & 0x7fc00000) === 0x7fc00000;
    }
    if (v.type === 'f64') {
      var hi = v.hi & 0x7fffffff;
      return which === 'canonical' ? hi === 0x7ff80000 && v.lo === 0 : (hi & 0x7ff80000) === 0x7ff80000;
    }
    return false;
  }

  return function picowasmReplay(pw, plan) {
    var WA = pw.WebAssembly;
    var result = { passed: 0, failed: 0, skipped: 0, failures: [], skips: {} };
    var registry = Object.create(null);
    registry.spectest = makeSpectest(WA);
    var named = Object.create(null);
    var current = null;
    var externs = Object.create(null);
    var modules = [];

    function moduleBytes(i) {
      if (!modules[i]) modules[i] = bytesOf(plan.mods[i]);
      return modules[i];
    }

    function externRef(n) {
      var o = externs[n];
      if (!o) { o = { externref: n }; externs[n] = o; }
      return o;
    }

    function raw(v) {
      if (v.x !== undefined) return { type: v.t, lo: 0, hi: 0, ref: externRef(v.x) };
      if (v.nul) return { type: v.t, lo: 0, hi: 0, ref: null };
      return { type: v.t, lo: v.lo | 0, hi: v.hi | 0, ref: null };
    }

    function sameValue(a, b) {
      if (a.type !== b.type) return false;
      switch (a.type) {
        case 'i32': case 'f32': return (a.lo | 0) === (b.lo | 0);
        case 'i64': case 'f64': return (a.lo | 0) === (b.lo | 0) && (a.hi | 0) === (b.hi | 0);
        default: return a.ref === b.ref;
      }
    }

    function matches(p, v) {
      if (!v || typeof v !== 'object') return false;
      if (p.k === 'x') return sameValue(raw(p.v), v);
      if (p.k === 'nan') return v.type === p.t && isNanClass(v, p.n);
      return v.type === 'funcref' && v.ref !== null && v.ref !== undefined;
    }

    function compile(bytes) {
      return new WA.Module(bytes);
    }

    // Unknown module names resolve to an empty namespace (a LinkError for their imports, as in the
    // Node harness's Proxy), so the import object lists every module name the module imports from.
    function instantiate(module) {
      var obj = Object.create(null);
      for (var k in registry) obj[k] = registry[k];
      var imports = WA.Module.imports(module);
      for (var i = 0; i < imports.length; i++) {
        if (!(imports[i].module in obj)) obj[imports[i].module] = {};
      }
      return new WA.Instance(module, obj);
    }

    function compileOrFail(i) {
      try {
        return compile(moduleBytes(i));
      } catch (e) {
        throw new Mismatch('module failed to compile: ' + describe(e));
      }
    }

    function instanceFor(name) {
      var inst = name === null ? current : named[name];
      if (!inst) throw new Mismatch(name === null ? 'no current module (an earlier module failed)' : 'no module ' + name);
      return inst;
    }

    function perform(a) {
      var inst = instanceFor(a.name);
      var ext = inst.exports[a.field];
      if (ext === undefined) throw new Mismatch('no export ' + a.field);
      if (a.kind === 'get') return [pw.globalRaw(ext)];
      var args = [];
      for (var i = 0; i < a.args.length; i++) args.push(raw(a.args[i]));
      return pw.invokeRaw(ext, args);
    }

    function expectThrow(thunk, what, ok) {
      var value;
      try {
        value = thunk();
      } catch (e) {
        if (ok(e)) return;
        throw new Mismatch('expected ' + what + ', got ' + describe(e));
      }
      var got = 'success';
      if (value && typeof value.length === 'number') {
        var parts = [];
        for (var i = 0; i < value.length; i++) parts.push(formatValue(value[i]));
        got = '[' + parts.join(', ') + ']';
      }
      throw new Mismatch('expected ' + what + ', got ' + got);
    }

    function isTrap(prefix) {
      return function (e) {
        return e instanceof WA.RuntimeError && typeof e.message === 'string' && e.message.slice(0, prefix.length) === prefix;
      };
    }

    function run(c) {
      var a, got, i;
      switch (c.c) {
        case 'module': {
          current = null;
          if (c.name) delete named[c.name];
          var inst;
          try {
            inst = instantiate(compile(moduleBytes(c.m)));
          } catch (e) {
            throw new Mismatch('module failed: ' + describe(e));
          }
          current = inst;
          if (c.name) named[c.name] = inst;
          return;
        }
        case 'register':
          registry[c.as] = instanceFor(c.name).exports;
          return;
        case 'action':
          try {
            perform(c.a);
          } catch (e) {
            if (e instanceof Mismatch) throw e;
            throw new Mismatch(c.a.label + ' threw ' + describe(e));
          }
          return;
        case 'return': {
          a = c.a;
          var pats = [];
          for (i = 0; i < c.e.length; i++) pats.push(formatPattern(c.e[i]));
          try {
            got = perform(a);
          } catch (e) {
            if (e instanceof Mismatch) throw e;
            throw new Mismatch(a.label + ': expected ' + pats.join(', ') + ', got ' + describe(e));
          }
          var ok = got && got.length === c.e.length;
          for (i = 0; ok && i < c.e.length; i++) ok = matches(c.e[i], got[i]);
          if (!ok) {
            var gots = [];
            for (i = 0; got && i < got.length; i++) gots.push(formatValue(got[i]));
            var args = [];
            for (i = 0; i < a.args.length; i++) args.push(formatPattern({ k: 'x', v: a.args[i] }));
            throw new Mismatch(a.label + ' (' + args.join(', ') + '): expected ' + (pats.join(', ') || '(nothing)') + ', got ' + (gots.join(', ') || '(nothing)'));
          }
          return;
        }
        case 'trap':
          expectThrow(function () { return perform(c.a); }, c.a.label + ' to trap "' + c.text + '"', isTrap(c.text));
          return;
        case 'trapmod': {
          var m1 = compileOrFail(c.m);
          expectThrow(function () { return instantiate(m1); }, 'trap "' + c.text + '" during instantiation', isTrap(c.text));
          return;
        }
        case 'exhaustion':
          expectThrow(function () { return perform(c.a); }, c.a.label + ' to exhaust the call stack', function (e) {
            return e instanceof RangeError || isTrap('call stack exhausted')(e);
          });
          return;
        case 'invalid':
          expectThrow(function () { return compile(moduleBytes(c.m)); }, 'CompileError ("' + c.text + '")', function (e) {
            return e instanceof WA.CompileError;
          });
          return;
        case 'unlinkable': {
          var m2 = compileOrFail(c.m);
          expectThrow(function () { return instantiate(m2); }, 'LinkError ("' + c.text + '")', function (e) {
            return e instanceof WA.LinkError;
          });
          return;
        }
        case 'uninstantiable': {
          var m3 = compileOrFail(c.m);
          expectThrow(function () { return instantiate(m3); }, 'trap "' + c.text + '" during instantiation', isTrap(c.text));
          return;
        }
        default:
          throw new Mismatch('unknown plan command ' + c.c);
      }
    }

    for (var n = 0; n < plan.cmds.length; n++) {
      var c = plan.cmds[n];
      if (c.c === 'skip') {
        if (c.reset) { current = null; if (c.name) delete named[c.name]; }
        result.skipped++;
        result.skips[c.why] = (result.skips[c.why] || 0) + 1;
        continue;
      }
      if (c.c === 'fail') {
        result.failed++;
        if (result.failures.length < MAX_FAILURES) result.failures.push({ l: c.l, cmd: c.cmd, detail: c.detail });
        continue;
      }
      try {
        run(c);
        result.passed++;
      } catch (e) {
        result.failed++;
        if (result.failures.length < MAX_FAILURES) {
          var detail = e instanceof Mismatch ? e.message : 'harness error: ' + describe(e);
          result.failures.push({ l: c.l, cmd: c.inline ? 'module (inline)' : c.c, detail: detail });
        }
      }
    }
    return result;
  };
})();
