;; A tight integer loop: an LCG and a xor-shift-rotate mix, n iterations, do-while shaped
;; (the loop shape compilers emit). No memory, no calls.
;; bench: {"description":"tight i32 loop (LCG, xor, rotl)","sizes":{"default":8000000,"small":300000,"tiny":10000},"checksums":{"10000":978332229,"300000":-583423159,"8000000":710023087}}
(module
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $a i32) (local $b i32)
    (local.set $a (i32.const 1))
    (local.set $b (i32.const 7))
    (loop $l
      (local.set $a (i32.add (i32.mul (local.get $a) (i32.const 1103515245)) (i32.const 12345)))
      (local.set $b (i32.xor (local.get $b) (i32.shr_u (local.get $a) (i32.const 7))))
      (local.set $b (i32.rotl (local.get $b) (i32.const 3)))
      (br_if $l (i32.lt_u
        (local.tee $i (i32.add (local.get $i) (i32.const 1)))
        (local.get $n))))
    (i32.add (local.get $a) (local.get $b))))
