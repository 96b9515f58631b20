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
// Fuel: each slice is 2000 back edges, so after 20 slices the loop body ran 20 * 2000 + 1 times.
// Prints lines "device: <name> ok" or "device: <name> FAILED <why>", then calls done(failures).
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

    function jspi() {
      if (!hasPromise || !W.promising) {
        print('device: jspi skipped (no Promise)');
        done(failures);
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
        done(failures);
      }, function (err) {
        fail('jspi', String(err));
        done(failures);
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
