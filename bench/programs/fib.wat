;; Recursive Fibonacci: call-heavy, almost no work per call. run(n) = fib(n) (mod 2^32).
;; bench: {"description":"recursive fib(n)","sizes":{"default":32,"small":27,"tiny":20},"checksums":{"20":6765,"27":196418,"32":2178309}}
(module
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "run") (param $n i32) (result i32)
    (call $fib (local.get $n))))
