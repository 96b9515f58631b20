;; An interpreter-like workload: a small register VM (8 registers in memory at 0, 4-byte
;; instructions [op, x, y, z] from byte 256) whose dispatch is a br_table in a loop, whose register
;; access goes through small functions (direct calls) and whose ALU op picks one of four handlers
;; through call_indirect. The bytecode (data segment) loops r7 = n times. run(n) = r0 at HALT.
;; Ops: 0 HALT | 1 LI x imm16(y,z) | 2 ADD x y z | 3 SUB | 4 MUL | 5 XOR | 6 SHR x=y>>>(z&31)
;;      7 ALU x y z: x = mix[r[z]&3](r[x], r[y]) | 8 HASH x y z: x = hash(r[y], r[z])
;;      9 DEC x | 10 JNZ x target16(y,z) | 11 SKIPODD y: skip the next instruction if r[y] odd
;; bench: {"description":"register VM: br_table dispatch, direct + indirect calls","sizes":{"default":150000,"small":5000,"tiny":400},"checksums":{"400":-448809203,"5000":-235704510,"150000":-164789979}}
(module
  (type $binop (func (param i32 i32) (result i32)))
  (memory 1)
  (table 4 funcref)
  (elem (i32.const 0) $mix0 $mix1 $mix2 $mix3)
  (data (i32.const 256)
    "\01\00\00\00"   ;;  0: LI r0, 0
    "\01\01\01\00"   ;;  1: LI r1, 1
    "\01\02\03\00"   ;;  2: LI r2, 3
    "\02\00\00\07"   ;;  3: loop: ADD r0 = r0 + r7
    "\07\00\02\07"   ;;  4: ALU r0 = mix[r7 & 3](r0, r2)
    "\05\02\02\00"   ;;  5: XOR r2 = r2 ^ r0
    "\06\03\00\01"   ;;  6: SHR r3 = r0 >>> (r1 & 31)
    "\0b\00\03\00"   ;;  7: SKIPODD r3
    "\02\01\01\03"   ;;  8:   ADD r1 = r1 + r3
    "\08\04\03\02"   ;;  9: HASH r4 = hash(r3, r2)
    "\03\00\00\04"   ;; 10: SUB r0 = r0 - r4
    "\0b\00\04\00"   ;; 11: SKIPODD r4
    "\04\02\02\01"   ;; 12:   MUL r2 = r2 * r1
    "\09\07\00\00"   ;; 13: DEC r7
    "\0a\07\03\00"   ;; 14: JNZ r7, 3
    "\00\00\00\00")  ;; 15: HALT
  (func $get (param $r i32) (result i32)
    (i32.load (i32.shl (local.get $r) (i32.const 2))))
  (func $set (param $r i32) (param $v i32)
    (i32.store (i32.shl (local.get $r) (i32.const 2)) (local.get $v)))
  (func $mix0 (type $binop) (i32.add (i32.mul (local.get 0) (i32.const 31)) (local.get 1)))
  (func $mix1 (type $binop) (i32.xor (local.get 0) (i32.rotl (local.get 1) (i32.const 5))))
  (func $mix2 (type $binop) (i32.add (local.get 0) (i32.mul (local.get 1) (local.get 1))))
  (func $mix3 (type $binop) (i32.xor (i32.sub (local.get 0) (local.get 1)) (i32.const 0x5bd1e995)))
  (func $hash (param $a i32) (param $b i32) (result i32)
    (local $h i32)
    (local.set $h (i32.mul (i32.xor (local.get $a) (local.get $b)) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
  (func $exec (param $pc i32) (result i32)
    (local $w i32) (local $x i32) (local $y i32) (local $z i32)
    (loop $next
      (local.set $w (i32.load offset=256 (i32.shl (local.get $pc) (i32.const 2))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (local.set $x (i32.and (i32.shr_u (local.get $w) (i32.const 8)) (i32.const 255)))
      (local.set $y (i32.and (i32.shr_u (local.get $w) (i32.const 16)) (i32.const 255)))
      (local.set $z (i32.shr_u (local.get $w) (i32.const 24)))
      (block $skipodd (block $jnz (block $dec (block $hash (block $alu (block $shr
      (block $xor (block $mul (block $sub (block $add (block $li (block $halt
        (br_table $halt $li $add $sub $mul $xor $shr $alu $hash $dec $jnz $skipodd $halt
          (i32.and (local.get $w) (i32.const 255))))
        ;; HALT
        (return (call $get (i32.const 0))))
      ;; LI
      (call $set (local.get $x) (i32.or (local.get $y) (i32.shl (local.get $z) (i32.const 8))))
      (br $next))
      ;; ADD
      (call $set (local.get $x) (i32.add (call $get (local.get $y)) (call $get (local.get $z))))
      (br $next))
      ;; SUB
      (call $set (local.get $x) (i32.sub (call $get (local.get $y)) (call $get (local.get $z))))
      (br $next))
      ;; MUL
      (call $set (local.get $x) (i32.mul (call $get (local.get $y)) (call $get (local.get $z))))
      (br $next))
      ;; XOR
      (call $set (local.get $x) (i32.xor (call $get (local.get $y)) (call $get (local.get $z))))
      (br $next))
      ;; SHR
      (call $set (local.get $x) (i32.shr_u (call $get (local.get $y)) (call $get (local.get $z))))
      (br $next))
      ;; ALU
      (call $set (local.get $x)
        (call_indirect (type $binop)
          (call $get (local.get $x)) (call $get (local.get $y))
          (i32.and (call $get (local.get $z)) (i32.const 3))))
      (br $next))
      ;; HASH
      (call $set (local.get $x) (call $hash (call $get (local.get $y)) (call $get (local.get $z))))
      (br $next))
      ;; DEC
      (call $set (local.get $x) (i32.sub (call $get (local.get $x)) (i32.const 1)))
      (br $next))
      ;; JNZ
      (if (call $get (local.get $x))
        (then (local.set $pc (i32.or (local.get $y) (i32.shl (local.get $z) (i32.const 8))))))
      (br $next))
    ;; SKIPODD
    (if (i32.and (call $get (local.get $y)) (i32.const 1))
      (then (local.set $pc (i32.add (local.get $pc) (i32.const 1)))))
    (br $next))
    (unreachable))
  (func (export "run") (param $n i32) (result i32)
    (call $set (i32.const 7) (local.get $n))
    (call $exec (i32.const 0))))
