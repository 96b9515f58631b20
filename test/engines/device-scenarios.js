// Device scenarios for the embedded API, engine side: ES5, engine-agnostic, uses only the
// bundle's `picowasm.*` and a `print` function. Defines one global function:
//   picowasmDeviceScenarios(pw, print, done)
// 1. fuel: an infinite wasm loop runs in fuel slices (pw.start / call.run(fuel)) while the event
//    loop keeps running (an event scheduled with the same yield function fires between slices);
//    it is then abandoned. The yield function is setImmediate (XS/xsnap, Node), else setTimeout;
//    without either the slices run back to back (the fuel still stops the loop).
// 2. JSPI (only where Promise exists): a promising() wasm call awaits an async import three
//    times; the import's promises resolve from the event loop (or the promise job queue, which
//    the host must run: its result line appears only then).
// 3. limits: memory.grow past maxMemoryPages returns -1; a module whose memory minimum exceeds
//    the limit fails to instantiate naming the limit; maxMemoryBytes below one page makes an
//    access past it trap; maxCallDepth (per instance for start(), global for plain calls) traps
//    "call stack exhausted".
// 4. lazy: load(bytes, { lazy: true }) compiles at first call (memoryUsage counts fewer compiled
//    functions before the first call than after), with the same results as eager.
// 5. backtrace: wasmBacktrace of a trap names the functions from the name section.
// 6. suspend: start() / run(fuel) / plain calls in between / run() to the end / abandon().
// 7. i64: with setI64Codec(null), i64 crosses as { lo, hi }. The API cannot read the installed
//    codec back, so this runs last (after the asynchronous scenarios), right before done().
// Scenarios 3-6 run first (synchronous), then 1, 2 and 7.
// Fuel: each slice is 2000 back edges, so after 20 slices the loop body ran 20 * 2000 + 1 times.
// Prints lines "device: <name> ok", "device: <name> skipped (<why>)" or
// "device: <name> FAILED <why>", then calls done(failures).
// The module (test/engines/device-scenarios.wat in the comment below, as hex):
//   (import "env" "next" (func $next (param i32) (result i32)))
//   (global $g (export "g") (mut i32) (i32.const 0))
//   (func (export "forever") (loop $l (global.set $g (i32.add (global.get $g) (i32.const 1))) (br $l)))
//   (func (export "run") (param $x i32) (result i32) ... calls $next(0), $next(1), $next(2),
//     returns their sum + x)
var picowasmDeviceScenarios = (function () {
  'use strict';
  var HEX = '0061736d0100000001090260017f017f600000020c0103656e76046e657874000003030201000606017f0141000b' +
    '0715030167030007666f726576657200010372756e00020a34020e000340230041016a24000c000b0b2301027f0340' +
    '2001200210006a2101200241016a210220024103490d000b200120006a0b';
  // Scenarios 3-7 (bytes built once with wabt's parseWat + toBinary({ write_debug_names: true })):
  //   (module
  //     (memory (export "mem") 1 8)
  //     (func (export "grow") (param $d i32) (result i32) (memory.grow (local.get $d)))
  //     (func (export "load") (param $a i32) (result i32) (i32.load (local.get $a)))
  //     (func $rec (export "rec") (param $n i32) (result i32)
  //       (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
  //         (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get $n) (i32.const 1)))))))
  //     (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
  //       (block $out (loop $l
  //         (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
  //         (local.set $s (i32.add (local.get $s) (local.get $i)))
  //         (local.set $i (i32.add (local.get $i) (i32.const 1)))
  //         (br $l)))
  //       (local.get $s))
  //     (func $inner (unreachable))
  //     (func $outer (export "boom") (call $inner))
  //     (func (export "add64") (param $a i64) (param $b i64) (result i64)
  //       (i64.add (local.get $a) (local.get $b))))
  var HEX_EMBED = '0061736d01000000010f0360017f017f60000060027e7e017e03080700000000010102050401010108073007036d' +
    '656d02000467726f770000046c6f616400010372656300020373756d000304626f6f6d000505616464363400060a5b07' +
    '0600200040000b070020002802000b1500200045047f4100054101200041016b10026a0b0b2301027f0240034020012000' +
    '4f0d01200220016a2102200141016a21010c000b0b20020b0300000b040010040b0700200020017c0b0044046e616d6501' +
    '140302037265630405696e6e657205056f7574657202270700010001640101000161020100016e030300016e0101690201' +
    '73040005000602000161010162';
  //   (module (memory 3))
  var HEX_BIG = '0061736d0100000005030100030008046e616d65020100';

  function bytesOf(h) {
    var b = new Uint8Array(h.length >> 1);
    for (var i = 0; i < b.length; i++) b[i] = parseInt(h.substr(2 * i, 2), 16);
    return b;
  }

  function yielder() {
    if (typeof setImmediate === 'function') return function (next) { setImmediate(next); };
    if (typeof setTimeout === 'function') return function (next) { setTimeout(next, 0); };
    return null;
  }

  return function (pw, print, done) {
    var failures = 0;
    var y = yielder();
    var W = pw.WebAssembly;
    var hasPromise = typeof Promise === 'function';
    var nextImpl = function (i) { return i * 10 + 1; };
    var next = hasPromise && W.Suspending ? new W.Suspending(function (i) { return nextImpl(i); }) : nextImpl;
    var inst = new W.Instance(new W.Module(bytesOf(HEX)), { env: { next: next } });
    var e = inst.exports;

    function fail(name, why) {
      failures++;
      print('device: ' + name + ' FAILED ' + why);
    }

    // Runs scenario `body` (returns a FAILED reason, or a string starting with '(' for an ok
    // with details, or nothing for a plain ok); a throw is a failure.
    function scenario(name, body) {
      var why;
      try {
        why = body();
      } catch (err) {
        why = 'threw ' + String(err);
      }
      if (why === undefined || why.charAt(0) === '(') print('device: ' + name + ' ok' + (why ? ' ' + why : ''));
      else fail(name, why);
    }

    // What fn() throws, or null when it returns.
    function thrown(fn) {
      try {
        fn();
      } catch (err) {
        return err;
      }
      return null;
    }

    var EMBED = bytesOf(HEX_EMBED);

    // 3. limits
    scenario('limits', function () {
      var ex = pw.instantiate(EMBED, {}, { limits: { maxMemoryPages: 2 } }).exports;
      var g1 = ex.grow(1);
      var g2 = ex.grow(1);
      if (g1 !== 1 || g2 !== -1) return 'memory.grow to 2 pages gave ' + g1 + ', past maxMemoryPages 2 gave ' + g2 + ' (expected 1, -1)';
      if (ex.mem.buffer.byteLength !== 2 * 65536) return 'memory is ' + ex.mem.buffer.byteLength + ' bytes after a failed grow';
      var big = thrown(function () { pw.instantiate(bytesOf(HEX_BIG), {}, { limits: { maxMemoryPages: 2 } }); });
      if (big === null) return 'a module with 3 pages minimum instantiated under maxMemoryPages 2';
      // The message names the limit: "... exceeds the limit of 2 pages" (or the field's name).
      var says = String(big.message);
      if (!(big instanceof Error) || (says.indexOf('maxMemoryPages') < 0 && !/limit of 2 pages/.test(says))) return 'over-limit minimum: ' + String(big) + ' does not name the limit';
      var small = pw.instantiate(EMBED, {}, { limits: { maxMemoryBytes: 4096 } }).exports;
      if (small.load(4092) !== 0) return 'the last word below maxMemoryBytes 4096 did not load 0';
      var oob = thrown(function () { small.load(4093); });
      if (oob === null || !(oob instanceof W.RuntimeError) || String(oob.message).indexOf('out of bounds memory access') !== 0) return 'load past maxMemoryBytes: ' + String(oob);
      // Per-instance call depth applies to embedded calls (start).
      var deep = pw.instantiate(EMBED, {}, { limits: { maxCallDepth: 50 } }).exports;
      var shallow = pw.start(deep.rec, [20]);
      if (!shallow.run() || shallow.result !== 20) return 'rec(20) under maxCallDepth 50 gave ' + shallow.result;
      var over = thrown(function () { pw.start(deep.rec, [1000]).run(); });
      // Exhaustion is a RangeError (as a JS stack overflow) with the spec's text.
      if (over === null || !(over instanceof Error) || String(over.message).indexOf('call stack exhausted') !== 0) return 'rec(1000) under maxCallDepth 50 (start): ' + String(over);
      // The global limit applies to plain calls; restored afterwards.
      var before = pw.getLimits().maxCallDepth;
      pw.setLimits({ maxCallDepth: 50 });
      var plain;
      try {
        plain = thrown(function () { deep.rec(1000); });
      } finally {
        pw.setLimits({ maxCallDepth: before });
      }
      if (plain === null || String(plain.message).indexOf('call stack exhausted') !== 0) return 'rec(1000) under global maxCallDepth 50: ' + String(plain);
      if (pw.getLimits().maxCallDepth !== before) return 'getLimits() did not show the restored maxCallDepth';
      if (deep.rec(200) !== 200) return 'rec(200) after restoring the limit';
      return '(grow -1, ' + big.name + ' "' + big.message + '")';
    });

    // 4. lazy compilation
    scenario('lazy', function () {
      var eager = pw.instantiate(pw.load(EMBED), {});
      var eu = pw.memoryUsage(eager);
      var lazy = pw.instantiate(pw.load(EMBED, { lazy: true }), {});
      var u0 = pw.memoryUsage(lazy);
      var r = lazy.exports.rec(10);
      var s = lazy.exports.sum(10);
      var u1 = pw.memoryUsage(lazy);
      if (r !== 10 || s !== 45) return 'lazy rec(10) = ' + r + ', sum(10) = ' + s;
      if (eager.exports.rec(10) !== 10 || eager.exports.sum(10) !== 45) return 'eager results differ';
      if (eu.compiledFunctions !== eu.definedFunctions) return 'eager: ' + eu.compiledFunctions + ' of ' + eu.definedFunctions + ' compiled';
      if (!(u0.compiledFunctions < u1.compiledFunctions)) return 'compiled functions before the first call ' + u0.compiledFunctions + ', after ' + u1.compiledFunctions;
      if (!(u0.code < u1.code && u1.code <= eu.code)) return 'code bytes lazy before ' + u0.code + ', after ' + u1.code + ', eager ' + eu.code;
      return '(compiled ' + u0.compiledFunctions + ' -> ' + u1.compiledFunctions + ' of ' + u1.definedFunctions + ', code ' + u0.code + ' -> ' + u1.code + ' bytes, eager ' + eu.code + ')';
    });

    // 5. a trap's backtrace
    scenario('backtrace', function () {
      var ex = pw.instantiate(EMBED, {}).exports;
      var err = thrown(function () { ex.boom(); });
      if (err === null || !(err instanceof W.RuntimeError)) return 'boom() gave ' + String(err);
      if (String(err.message).indexOf('unreachable') !== 0) return 'message ' + err.message;
      var frames = pw.wasmBacktrace(err);
      if (frames.length < 2) return frames.length + ' frames';
      if (String(frames[0].name).indexOf('inner') < 0 || String(frames[1].name).indexOf('outer') < 0) return 'frames ' + frames[0].name + ', ' + frames[1].name;
      return '(' + frames[0].name + ' <- ' + frames[1].name + ')';
    });

    // 6. suspend / resume with plain calls in between
    scenario('suspend', function () {
      var ex = pw.instantiate(EMBED, {}).exports;
      var c = pw.start(ex.sum, [1000]);
      if (c.run(100) !== false || c.status !== 'suspended') return 'sum(1000) finished within 100 fuel';
      if (ex.sum(10) !== 45) return 'plain sum(10) during a suspended call';
      if (c.run(100) !== false) return 'second slice finished';
      var used = c.fuelUsed;
      if (!(used >= 200)) return 'fuelUsed ' + used + ' after two slices of 100';
      if (ex.rec(7) !== 7) return 'plain rec(7) during a suspended call';
      if (c.run() !== true || c.status !== 'done' || c.result !== 499500) return 'resumed sum(1000) = ' + c.result + ' (' + c.status + ')';
      var a = pw.start(ex.sum, [100000]);
      if (a.run(10) !== false) return 'sum(100000) finished within 10 fuel';
      a.abandon();
      if (a.status !== 'abandoned') return 'status after abandon ' + a.status;
      if (thrown(function () { a.run(10); }) === null) return 'an abandoned call ran';
      if (ex.sum(4) !== 6) return 'plain sum(4) after abandon';
      return;
    });

    // 7. i64 as { lo, hi } (last: the codec cannot be read back to restore it)
    function finish() {
      scenario('i64', function () {
        var ex = pw.instantiate(EMBED, {}).exports;
        pw.setI64Codec(null);
        var a = ex.add64({ lo: -1, hi: 0 }, { lo: 1, hi: 0 });
        var b = ex.add64({ lo: -1, hi: -1 }, { lo: -1, hi: -1 });
        var c = ex.add64(5, 7);
        if (a.lo !== 0 || a.hi !== 1) return '0xffffffff + 1 = { lo: ' + a.lo + ', hi: ' + a.hi + ' }';
        if (b.lo !== -2 || b.hi !== -1) return '-1 + -1 = { lo: ' + b.lo + ', hi: ' + b.hi + ' }';
        if (c.lo !== 12 || c.hi !== 0) return '5 + 7 = { lo: ' + c.lo + ', hi: ' + c.hi + ' }';
        return;
      });
      done(failures);
    }

    function jspi() {
      if (!hasPromise || !W.promising) {
        print('device: jspi skipped (no Promise)');
        finish();
        return;
      }
      var awaited = 0;
      nextImpl = function (i) {
        return new Promise(function (resolve) {
          var settle = function () { awaited++; resolve(i * 10 + 1); };
          if (y !== null) y(settle);
          else Promise.resolve().then(settle);
        });
      };
      W.promising(e.run)(5).then(function (v) {
        // 1 + 11 + 21 + 5
        if (v === 38 && awaited === 3) print('device: jspi ok');
        else fail('jspi', 'result ' + v + ', awaited ' + awaited);
        finish();
      }, function (err) {
        fail('jspi', String(err));
        finish();
      });
    }

    // 1. fuel
    if (y === null) {
      // No timers (Duktape, QuickJS without a host loop): the same slices, back to back, with a
      // synchronous "event" between them.
      var sync = pw.start(e.forever, []);
      var syncEvents = 0;
      for (var k = 0; k < 20; k++) {
        if (sync.run(2000)) { fail('fuel', 'an infinite loop finished'); break; }
        syncEvents++;
      }
      sync.abandon();
      var g0 = e.g.value;
      if (g0 !== 20 * 2000 + 1) fail('fuel', 'g = ' + g0 + ', expected ' + (20 * 2000 + 1));
      else print('device: fuel ok (20 slices, synchronous: no timers)');
      e.g.value = 0;
      jspi();
      return;
    }
    var call = pw.start(e.forever, []);
    var slices = 0;
    var events = 0;
    var tick = function () {
      events++;
      if (slices < 20) y(tick);
    };
    y(tick);
    var slice = function () {
      var finished;
      try {
        finished = call.run(2000);
      } catch (err) {
        fail('fuel', 'threw ' + String(err));
        jspi();
        return;
      }
      if (finished) {
        fail('fuel', 'an infinite loop finished');
        jspi();
        return;
      }
      slices++;
      if (slices < 20) {
        y(slice);
        return;
      }
      call.abandon();
      var g = e.g.value;
      if (g !== 20 * 2000 + 1) fail('fuel', 'g = ' + g + ', expected ' + (20 * 2000 + 1));
      else if (events < 10) fail('fuel', 'only ' + events + ' events ran between 20 slices');
      else print('device: fuel ok (20 slices, ' + events + ' events in between)');
      jspi();
    };
    slice();
  };
})();
