;; An f32 workload: the Mandelbrot set on an n x n grid in single precision (up to 64 iterations
;; per point) plus an f32 sqrt/min/max/abs accumulation at each escape. run(n) = total
;; iterations xor the bits of the f32 accumulator.
;; bench: {"description":"f32 Mandelbrot n x n (max 64 iter)","sizes":{"default":300,"small":56,"tiny":24},"checksums":{"24":1147791311,"56":1167667753,"300":1209779536}}
(module
  (func (export "run") (param $n i32) (result i32)
    (local $x i32) (local $y i32) (local $it i32) (local $total i32)
    (local $cr f32) (local $ci f32) (local $zr f32) (local $zi f32) (local $zr2 f32) (local $zi2 f32)
    (local $step f32) (local $acc f32)
    (local.set $step (f32.div (f32.const 3) (f32.convert_i32_s (local.get $n))))
    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $ci (f32.sub (f32.mul (f32.convert_i32_s (local.get $y)) (local.get $step)) (f32.const 1.5)))
      (local.set $x (i32.const 0))
      (loop $cols
        (local.set $cr (f32.sub (f32.mul (f32.convert_i32_s (local.get $x)) (local.get $step)) (f32.const 2.25)))
        (local.set $zr (f32.const 0))
        (local.set $zi (f32.const 0))
        (local.set $zr2 (f32.const 0))
        (local.set $zi2 (f32.const 0))
        (local.set $it (i32.const 0))
        (block $escaped
          (loop $iter
            (local.set $zi (f32.add (f32.mul (f32.mul (f32.const 2) (local.get $zr)) (local.get $zi)) (local.get $ci)))
            (local.set $zr (f32.add (f32.sub (local.get $zr2) (local.get $zi2)) (local.get $cr)))
            (local.set $zr2 (f32.mul (local.get $zr) (local.get $zr)))
            (local.set $zi2 (f32.mul (local.get $zi) (local.get $zi)))
            (br_if $escaped (f32.gt (f32.add (local.get $zr2) (local.get $zi2)) (f32.const 4)))
            (br_if $iter (i32.lt_u (local.tee $it (i32.add (local.get $it) (i32.const 1))) (i32.const 64)))))
        (local.set $total (i32.add (local.get $total) (local.get $it)))
        (local.set $acc
          (f32.add (local.get $acc)
            (f32.min (f32.sqrt (f32.add (local.get $zr2) (local.get $zi2)))
                     (f32.max (f32.abs (local.get $zr)) (f32.const 0.125)))))
        (br_if $cols (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (local.get $n))))
      (br_if $rows (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $n))))
    (i32.xor (local.get $total) (i32.reinterpret_f32 (local.get $acc)))))
