;; Sieve of Eratosthenes over a byte array, repeated n times with slightly different limits
;; (10000 - 7 * rep, rep < 1400). Byte loads and stores, nested loops. run(n) = a hash of the
;; prime counts.
;; bench: {"description":"sieve of Eratosthenes (byte array, 10k) x n","sizes":{"default":400,"small":20,"tiny":1},"checksums":{"1":1229,"20":-1629734792,"400":332359796}}
(module
  (memory 1)
  (func (export "run") (param $reps i32) (result i32)
    (local $r i32) (local $lim i32) (local $i i32) (local $j i32) (local $cnt i32) (local $sum i32)
    (loop $rep
      (local.set $lim (i32.sub (i32.const 10000) (i32.mul (local.get $r) (i32.const 7))))
      ;; flags[0 .. lim) = 1
      (local.set $i (i32.const 0))
      (loop $clear
        (i32.store8 (local.get $i) (i32.const 1))
        (br_if $clear (i32.lt_u
          (local.tee $i (i32.add (local.get $i) (i32.const 1)))
          (local.get $lim))))
      (local.set $cnt (i32.const 0))
      (local.set $i (i32.const 2))
      (loop $outer
        (if (i32.load8_u (local.get $i))
          (then
            (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))
            ;; i * i < lim needs i <= 99 (lim <= 10000)
            (if (i32.lt_u (local.get $i) (i32.const 100))
              (then
                (local.set $j (i32.mul (local.get $i) (local.get $i)))
                (block $skip
                  (br_if $skip (i32.ge_u (local.get $j) (local.get $lim)))
                  (loop $mark
                    (i32.store8 (local.get $j) (i32.const 0))
                    (br_if $mark (i32.lt_u
                      (local.tee $j (i32.add (local.get $j) (local.get $i)))
                      (local.get $lim)))))))))
        (br_if $outer (i32.lt_u
          (local.tee $i (i32.add (local.get $i) (i32.const 1)))
          (local.get $lim))))
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 31)) (local.get $cnt)))
      (br_if $rep (i32.lt_u
        (local.tee $r (i32.add (local.get $r) (i32.const 1)))
        (local.get $reps))))
    (local.get $sum)))
