;; SHA-256 (FIPS 180-4) over an n*64-byte message generated in memory. i32 rotations, shifts,
;; adds and loads; the digest is written big-endian at byte 768 (bench/selftest.mjs checks it
;; against node:crypto). run(n) = xor of the eight digest words.
;; Memory: K at 0, H at 256, W at 512, digest at 768, message at 1024.
;; bench: {"description":"SHA-256 of an n*64-byte buffer","sizes":{"default":12000,"small":400,"tiny":20},"checksums":{"20":1677348837,"400":-33965912,"12000":1353176735}}
(module
  (memory (export "memory") 1)
  (data (i32.const 0)
    "\98\2f\8a\42\91\44\37\71\cf\fb\c0\b5\a5\db\b5\e9\5b\c2\56\39\f1\11\f1\59\a4\82\3f\92\d5\5e\1c\ab"
    "\98\aa\07\d8\01\5b\83\12\be\85\31\24\c3\7d\0c\55\74\5d\be\72\fe\b1\de\80\a7\06\dc\9b\74\f1\9b\c1"
    "\c1\69\9b\e4\86\47\be\ef\c6\9d\c1\0f\cc\a1\0c\24\6f\2c\e9\2d\aa\84\74\4a\dc\a9\b0\5c\da\88\f9\76"
    "\52\51\3e\98\6d\c6\31\a8\c8\27\03\b0\c7\7f\59\bf\f3\0b\e0\c6\47\91\a7\d5\51\63\ca\06\67\29\29\14"
    "\85\0a\b7\27\38\21\1b\2e\fc\6d\2c\4d\13\0d\38\53\54\73\0a\65\bb\0a\6a\76\2e\c9\c2\81\85\2c\72\92"
    "\a1\e8\bf\a2\4b\66\1a\a8\70\8b\4b\c2\a3\51\6c\c7\19\e8\92\d1\24\06\99\d6\85\35\0e\f4\70\a0\6a\10"
    "\16\c1\a4\19\08\6c\37\1e\4c\77\48\27\b5\bc\b0\34\b3\0c\1c\39\4a\aa\d8\4e\4f\ca\9c\5b\f3\6f\2e\68"
    "\ee\82\8f\74\6f\63\a5\78\14\78\c8\84\08\02\c7\8c\fa\ff\be\90\eb\6c\50\a4\f7\a3\f9\be\f2\78\71\c6"
  )
  (func $rotr (param $x i32) (param $n i32) (result i32)
    (i32.rotr (local.get $x) (local.get $n)))
  (func $bswap (param $x i32) (result i32)
    (i32.or
      (i32.or (i32.shl (local.get $x) (i32.const 24))
              (i32.shl (i32.and (local.get $x) (i32.const 0xff00)) (i32.const 8)))
      (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
              (i32.shr_u (local.get $x) (i32.const 24)))))
  ;; one 64-byte block at $p
  (func $compress (param $p i32)
    (local $t i32) (local $w15 i32) (local $w2 i32) (local $t1 i32) (local $t2 i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32)
    ;; W[0..16) = big-endian words of the block
    (loop $load
      (i32.store offset=512 (i32.shl (local.get $t) (i32.const 2))
        (call $bswap (i32.load (i32.add (local.get $p) (i32.shl (local.get $t) (i32.const 2))))))
      (br_if $load (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (i32.const 16))))
    ;; W[16..64)
    (loop $expand
      (local.set $w15 (i32.load offset=452 (i32.shl (local.get $t) (i32.const 2))))
      (local.set $w2 (i32.load offset=504 (i32.shl (local.get $t) (i32.const 2))))
      (i32.store offset=512 (i32.shl (local.get $t) (i32.const 2))
        (i32.add
          (i32.add
            (i32.load offset=448 (i32.shl (local.get $t) (i32.const 2)))
            (i32.xor (i32.xor (call $rotr (local.get $w15) (i32.const 7))
                              (call $rotr (local.get $w15) (i32.const 18)))
                     (i32.shr_u (local.get $w15) (i32.const 3))))
          (i32.add
            (i32.load offset=484 (i32.shl (local.get $t) (i32.const 2)))
            (i32.xor (i32.xor (call $rotr (local.get $w2) (i32.const 17))
                              (call $rotr (local.get $w2) (i32.const 19)))
                     (i32.shr_u (local.get $w2) (i32.const 10))))))
      (br_if $expand (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (i32.const 64))))
    (local.set $a (i32.load offset=256 (i32.const 0)))
    (local.set $b (i32.load offset=260 (i32.const 0)))
    (local.set $c (i32.load offset=264 (i32.const 0)))
    (local.set $d (i32.load offset=268 (i32.const 0)))
    (local.set $e (i32.load offset=272 (i32.const 0)))
    (local.set $f (i32.load offset=276 (i32.const 0)))
    (local.set $g (i32.load offset=280 (i32.const 0)))
    (local.set $h (i32.load offset=284 (i32.const 0)))
    (local.set $t (i32.const 0))
    (loop $round
      ;; t1 = h + S1(e) + ch(e, f, g) + K[t] + W[t]
      (local.set $t1
        (i32.add
          (i32.add (local.get $h)
            (i32.xor (i32.xor (i32.rotr (local.get $e) (i32.const 6))
                              (i32.rotr (local.get $e) (i32.const 11)))
                     (i32.rotr (local.get $e) (i32.const 25))))
          (i32.add
            (i32.xor (i32.and (local.get $e) (local.get $f))
                     (i32.and (i32.xor (local.get $e) (i32.const -1)) (local.get $g)))
            (i32.add (i32.load (i32.shl (local.get $t) (i32.const 2)))
                     (i32.load offset=512 (i32.shl (local.get $t) (i32.const 2)))))))
      ;; t2 = S0(a) + maj(a, b, c)
      (local.set $t2
        (i32.add
          (i32.xor (i32.xor (i32.rotr (local.get $a) (i32.const 2))
                            (i32.rotr (local.get $a) (i32.const 13)))
                   (i32.rotr (local.get $a) (i32.const 22)))
          (i32.xor (i32.xor (i32.and (local.get $a) (local.get $b))
                            (i32.and (local.get $a) (local.get $c)))
                   (i32.and (local.get $b) (local.get $c)))))
      (local.set $h (local.get $g))
      (local.set $g (local.get $f))
      (local.set $f (local.get $e))
      (local.set $e (i32.add (local.get $d) (local.get $t1)))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32.add (local.get $t1) (local.get $t2)))
      (br_if $round (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (i32.const 64))))
    (i32.store offset=256 (i32.const 0) (i32.add (i32.load offset=256 (i32.const 0)) (local.get $a)))
    (i32.store offset=260 (i32.const 0) (i32.add (i32.load offset=260 (i32.const 0)) (local.get $b)))
    (i32.store offset=264 (i32.const 0) (i32.add (i32.load offset=264 (i32.const 0)) (local.get $c)))
    (i32.store offset=268 (i32.const 0) (i32.add (i32.load offset=268 (i32.const 0)) (local.get $d)))
    (i32.store offset=272 (i32.const 0) (i32.add (i32.load offset=272 (i32.const 0)) (local.get $e)))
    (i32.store offset=276 (i32.const 0) (i32.add (i32.load offset=276 (i32.const 0)) (local.get $f)))
    (i32.store offset=280 (i32.const 0) (i32.add (i32.load offset=280 (i32.const 0)) (local.get $g)))
    (i32.store offset=284 (i32.const 0) (i32.add (i32.load offset=284 (i32.const 0)) (local.get $h))))
  (func (export "run") (param $n i32) (result i32)
    (local $len i32) (local $i i32) (local $need i32) (local $x i32)
    (local.set $len (i32.shl (local.get $n) (i32.const 6)))
    ;; memory for the message and one padding block
    (local.set $need (i32.shr_u (i32.add (local.get $len) (i32.const 66687)) (i32.const 16)))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then (drop (memory.grow (i32.sub (local.get $need) (memory.size))))))
    ;; the message: byte i = (i * 167 + (i >> 8) * 13) & 255
    (local.set $i (i32.const 0))
    (block $done
      (br_if $done (i32.eqz (local.get $len)))
      (loop $fill
        (i32.store8 offset=1024 (local.get $i)
          (i32.add (i32.mul (local.get $i) (i32.const 167))
                   (i32.mul (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 13))))
        (br_if $fill (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $len)))))
    ;; padding block: 0x80, zeros, 64-bit big-endian bit length (< 2^32 here)
    (memory.fill (i32.add (local.get $len) (i32.const 1024)) (i32.const 0) (i32.const 64))
    (i32.store8 offset=1024 (local.get $len) (i32.const 0x80))
    (i32.store offset=1084 (local.get $len) (call $bswap (i32.shl (local.get $len) (i32.const 3))))
    ;; initial hash value
    (i32.store offset=256 (i32.const 0) (i32.const 0x6a09e667))
    (i32.store offset=260 (i32.const 0) (i32.const 0xbb67ae85))
    (i32.store offset=264 (i32.const 0) (i32.const 0x3c6ef372))
    (i32.store offset=268 (i32.const 0) (i32.const 0xa54ff53a))
    (i32.store offset=272 (i32.const 0) (i32.const 0x510e527f))
    (i32.store offset=276 (i32.const 0) (i32.const 0x9b05688c))
    (i32.store offset=280 (i32.const 0) (i32.const 0x1f83d9ab))
    (i32.store offset=284 (i32.const 0) (i32.const 0x5be0cd19))
    (local.set $i (i32.const 0))
    (loop $blocks
      (call $compress (i32.add (local.get $i) (i32.const 1024)))
      (br_if $blocks (i32.le_u (local.tee $i (i32.add (local.get $i) (i32.const 64))) (local.get $len))))
    ;; digest, big-endian, and the checksum
    (local.set $i (i32.const 0))
    (local.set $need (i32.const 0))
    (loop $out
      (local.set $x (i32.load offset=256 (local.get $i)))
      (i32.store offset=768 (local.get $i) (call $bswap (local.get $x)))
      (local.set $need (i32.xor (local.get $need) (local.get $x)))
      (br_if $out (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 32))))
    (local.get $need)))
