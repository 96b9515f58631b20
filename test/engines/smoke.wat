;; The module of the engine smoke suite (test/engines/smoke.js, data from smoke.mjs). Floats
;; cross the boundary as raw bits (i32/i64) so that Node's native WebAssembly can be the oracle
;; for every expected value without losing NaN payloads or f32 precision.
(module
  (import "host" "callback" (func $callback (param i32) (result i32)))
  (memory (export "memory") 1 3)
  (global $g64 (mut f64) (f64.const 0))
  (global $g32 (mut f32) (f32.const 0))
  (type $unary (func (param i32) (result i32)))
  (type $binary (func (param i32 i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $fib $i32.add)

  ;; Recursion and calls.
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $i32.add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
  ;; wasm -> host -> wasm: the host import calls back into "fib".
  (func (export "callHost") (param i32) (result i32)
    (i32.add (call $callback (local.get 0)) (i32.const 1)))
  (func (export "callIndirect") (param i32 i32) (result i32)
    (call_indirect (type $unary) (local.get 0) (local.get 1)))

  ;; i64 arithmetic.
  (func (export "i64.add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "i64.sub") (param i64 i64) (result i64) (i64.sub (local.get 0) (local.get 1)))
  (func (export "i64.mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func (export "i64.div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "i64.div_u") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
  (func (export "i64.rem_s") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  (func (export "i64.rem_u") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "i64.and") (param i64 i64) (result i64) (i64.and (local.get 0) (local.get 1)))
  (func (export "i64.or") (param i64 i64) (result i64) (i64.or (local.get 0) (local.get 1)))
  (func (export "i64.xor") (param i64 i64) (result i64) (i64.xor (local.get 0) (local.get 1)))
  (func (export "i64.shl") (param i64 i64) (result i64) (i64.shl (local.get 0) (local.get 1)))
  (func (export "i64.shr_s") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
  (func (export "i64.shr_u") (param i64 i64) (result i64) (i64.shr_u (local.get 0) (local.get 1)))
  (func (export "i64.rotl") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
  (func (export "i64.rotr") (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
  (func (export "i64.lt_s") (param i64 i64) (result i32) (i64.lt_s (local.get 0) (local.get 1)))
  (func (export "i64.lt_u") (param i64 i64) (result i32) (i64.lt_u (local.get 0) (local.get 1)))
  (func (export "i64.clz") (param i64) (result i64) (i64.clz (local.get 0)))
  (func (export "i64.ctz") (param i64) (result i64) (i64.ctz (local.get 0)))
  (func (export "i64.popcnt") (param i64) (result i64) (i64.popcnt (local.get 0)))
  (func (export "i64.extend8_s") (param i64) (result i64) (i64.extend8_s (local.get 0)))
  (func (export "i64.extend32_s") (param i64) (result i64) (i64.extend32_s (local.get 0)))
  (func (export "i32.wrap_i64") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
  (func (export "i64.extend_i32_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
  (func (export "i64.extend_i32_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))

  ;; Conversions between i64 and floats (floats as bits).
  (func (export "f64.convert_i64_s") (param i64) (result i64) (i64.reinterpret_f64 (f64.convert_i64_s (local.get 0))))
  (func (export "f64.convert_i64_u") (param i64) (result i64) (i64.reinterpret_f64 (f64.convert_i64_u (local.get 0))))
  (func (export "f32.convert_i64_s") (param i64) (result i32) (i32.reinterpret_f32 (f32.convert_i64_s (local.get 0))))
  (func (export "f32.convert_i64_u") (param i64) (result i32) (i32.reinterpret_f32 (f32.convert_i64_u (local.get 0))))
  (func (export "i64.trunc_f64_s") (param i64) (result i64) (i64.trunc_f64_s (f64.reinterpret_i64 (local.get 0))))
  (func (export "i64.trunc_f64_u") (param i64) (result i64) (i64.trunc_f64_u (f64.reinterpret_i64 (local.get 0))))
  (func (export "i64.trunc_sat_f64_s") (param i64) (result i64) (i64.trunc_sat_f64_s (f64.reinterpret_i64 (local.get 0))))
  (func (export "i64.trunc_sat_f64_u") (param i64) (result i64) (i64.trunc_sat_f64_u (f64.reinterpret_i64 (local.get 0))))
  (func (export "i32.trunc_f32_s") (param i32) (result i32) (i32.trunc_f32_s (f32.reinterpret_i32 (local.get 0))))

  ;; f32 arithmetic: every operation rounds to f32 (bits in, bits out).
  (func (export "f32.chain") (param i32 i32 i32) (result i32)
    (local $a f32) (local $b f32) (local $c f32)
    (local.set $a (f32.reinterpret_i32 (local.get 0)))
    (local.set $b (f32.reinterpret_i32 (local.get 1)))
    (local.set $c (f32.reinterpret_i32 (local.get 2)))
    ;; ((a + b) * c - a) / b, then sqrt(|x|) + c
    (i32.reinterpret_f32
      (f32.add
        (f32.sqrt (f32.abs (f32.div (f32.sub (f32.mul (f32.add (local.get $a) (local.get $b)) (local.get $c)) (local.get $a)) (local.get $b))))
        (local.get $c))))
  (func (export "f32.demote") (param i64) (result i32) (i32.reinterpret_f32 (f32.demote_f64 (f64.reinterpret_i64 (local.get 0)))))
  (func (export "f32.fma_like") (param i32 i32 i32) (result i32)
    (i32.reinterpret_f32 (f32.add (f32.mul (f32.reinterpret_i32 (local.get 0)) (f32.reinterpret_i32 (local.get 1))) (f32.reinterpret_i32 (local.get 2)))))
  (func (export "f64.mul_add") (param i64 i64 i64) (result i64)
    (i64.reinterpret_f64 (f64.add (f64.reinterpret_i64 (local.get 2)) (f64.mul (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1))))))

  ;; Fused pairs of the compiler (bit field, x * k + c, x ^ (y >>> s), indexed load) and a loop
  ;; latch stepping by a local: each runs as one internal instruction.
  (func (export "fused.i32") (param i32 i32) (result i32)
    (i32.add
      (i32.add (i32.and (i32.shr_u (local.get 0) (i32.const 5)) (i32.const 0x3ff))
               (i32.add (i32.mul (local.get 1) (i32.const 0x85ebca6b)) (i32.const -12345)))
      (i32.xor (local.get 1) (i32.shr_u (local.get 0) (i32.const 29)))))
  (func (export "fused.load") (param i32) (result i32) (i32.load offset=8 (i32.shl (local.get 0) (i32.const 2))))
  (func (export "fused.step") (param i32 i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 3 (i32.add (local.get 3) (i32.const 1)))
      (br_if $l (i32.lt_u (local.tee 2 (i32.add (local.get 2) (local.get 1))) (local.get 0))))
    (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 2)))

  ;; NaN-preserving moves: locals, globals, memory, select, block results, tables of args.
  (func (export "f32.move") (param f32) (result f32)
    (local f32)
    (local.set 1 (local.get 0))
    (global.set $g32 (local.get 1))
    (f32.store (i32.const 16) (global.get $g32))
    (block (result f32) (select (f32.load (i32.const 16)) (f32.const 0) (i32.const 1)))
    (f32.neg) (f32.neg))
  (func (export "f64.move") (param f64) (result f64)
    (local f64)
    (local.set 1 (local.get 0))
    (global.set $g64 (local.get 1))
    (f64.store (i32.const 24) (global.get $g64))
    (block (result f64) (select (f64.const 0) (f64.load (i32.const 24)) (i32.const 0)))
    (f64.abs) (f64.copysign (local.get 0)))
  (func (export "f64.swap") (param f64 f64) (result f64 f64) (local.get 1) (local.get 0))

  ;; Memory.
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))

  ;; Traps.
  (func (export "unreachable") (unreachable))
  (func (export "i32.div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
)
