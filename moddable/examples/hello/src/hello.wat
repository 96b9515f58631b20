;; The hello example's module (moddable/examples/hello): prints a greeting through an imported
;; host function, and exports a loop (fib) and an i64 addition to show values crossing.
;; Rebuild hello.wasm with `node moddable/examples/hello/build-wasm.mjs`.
(module
  (import "env" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello from picowasm")
  (func (export "hello")
    (call $print (i32.const 0) (i32.const 19)))
  (func (export "fib") (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $t i32)
    (local.set $b (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i32.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a))
  (func (export "add64") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1))))
