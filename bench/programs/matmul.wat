;; f64 matrix multiply C = A * B of n x n row-major matrices (i-k-j order: the inner loop streams
;; a row of B and a row of C). f64 loads, stores, mul, add. run(n) = the low xor high word of
;; the bits of sum(C).
;; bench: {"description":"f64 matrix multiply n x n","sizes":{"default":150,"small":50,"tiny":24},"checksums":{"24":-1086026141,"50":-1089517728,"150":-1631379311}}
(module
  (memory 1)
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $k i32) (local $nn i32) (local $need i32)
    (local $pa i32) (local $pb i32) (local $pc i32) (local $aik f64) (local $sum f64) (local $bits i64)
    (local.set $nn (i32.mul (local.get $n) (local.get $n)))
    (local.set $need (i32.shr_u (i32.add (i32.mul (local.get $nn) (i32.const 24)) (i32.const 65535)) (i32.const 16)))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then (drop (memory.grow (i32.sub (local.get $need) (memory.size))))))
    (local.set $pb (i32.shl (local.get $nn) (i32.const 3)))
    (local.set $pc (i32.shl (local.get $nn) (i32.const 4)))
    ;; A[i][j] = (i - j) / n + 1.5; B[i][j] = ((i * j) mod 13) * 0.25 - 1; C = 0
    (local.set $i (i32.const 0))
    (loop $init_i
      (local.set $j (i32.const 0))
      (loop $init_j
        (local.set $k (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
        (f64.store (local.get $k)
          (f64.add (f64.div (f64.convert_i32_s (i32.sub (local.get $i) (local.get $j)))
                            (f64.convert_i32_s (local.get $n)))
                   (f64.const 1.5)))
        (f64.store (i32.add (local.get $pb) (local.get $k))
          (f64.sub (f64.mul (f64.convert_i32_u (i32.rem_u (i32.mul (local.get $i) (local.get $j)) (i32.const 13)))
                            (f64.const 0.25))
                   (f64.const 1)))
        (f64.store (i32.add (local.get $pc) (local.get $k)) (f64.const 0))
        (br_if $init_j (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $n))))
      (br_if $init_i (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    ;; C[i][j] += A[i][k] * B[k][j]
    (local.set $i (i32.const 0))
    (loop $mi
      (local.set $k (i32.const 0))
      (loop $mk
        (local.set $aik (f64.load (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $k)) (i32.const 3))))
        (local.set $pa (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))))
        (local.set $pc (i32.add (i32.shl (local.get $nn) (i32.const 4)) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 3))))
        (local.set $j (local.get $n))
        (loop $mj
          (f64.store (local.get $pc)
            (f64.add (f64.load (local.get $pc)) (f64.mul (local.get $aik) (f64.load (local.get $pa)))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
          (br_if $mj (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
        (br_if $mk (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $n))))
      (br_if $mi (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    ;; sum(C)
    (local.set $pc (i32.shl (local.get $nn) (i32.const 4)))
    (local.set $k (i32.const 0))
    (loop $s
      (local.set $sum (f64.add (local.get $sum) (f64.load (local.get $pc))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
      (br_if $s (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $nn))))
    (local.set $bits (i64.reinterpret_f64 (local.get $sum)))
    (i32.xor (i32.wrap_i64 (local.get $bits)) (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32))))))
