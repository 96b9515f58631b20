;; Memory fill and copy: per iteration a memory.fill (4-5 KiB), a memory.copy (8 KiB, may
;; overlap), and a 1 KiB copy by a loop of i64.load/i64.store, plus a few i32 loads into a
;; checksum. run(n) = the checksum. 4 pages: fills in [0, 0x11400), bulk copies into
;; [0x20000, 0x32000), the word loop copies [0x10000, 0x10400) to [0x38000, 0x38400).
;; bench: {"description":"memory.fill/copy + i64 word copy loop","sizes":{"default":60000,"small":2000,"tiny":200},"checksums":{"200":-736957263,"2000":1082010467,"60000":-230916671}}
(module
  (memory 4)
  (func (export "run") (param $n i32) (result i32)
    (local $k i32) (local $i i32) (local $acc i32)
    ;; every run starts from the same memory
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 0x40000))
    (loop $iter
      (memory.fill
        (i32.and (i32.mul (local.get $k) (i32.const 4099)) (i32.const 0xffff))
        (local.get $k)
        (i32.add (i32.const 4096) (i32.and (local.get $k) (i32.const 1023))))
      (memory.copy
        (i32.add (i32.const 0x20000) (i32.and (i32.mul (local.get $k) (i32.const 1031)) (i32.const 0xffff)))
        (i32.and (i32.mul (local.get $k) (i32.const 2053)) (i32.const 0xffff))
        (i32.const 8192))
      (local.set $i (i32.const 0))
      (loop $words
        (i64.store offset=0x38000 (local.get $i)
          (i64.add (i64.load offset=0x10000 (local.get $i)) (i64.extend_i32_u (local.get $k))))
        (br_if $words (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (i32.const 1024))))
      (local.set $acc
        (i32.add
          (i32.mul (local.get $acc) (i32.const 31))
          (i32.xor
            (i32.load (i32.and (i32.mul (local.get $k) (i32.const 13)) (i32.const 0x3fffc)))
            (i32.load offset=0x38000 (i32.and (local.get $k) (i32.const 0x3fc))))))
      (br_if $iter (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $n))))
    (local.get $acc)))
