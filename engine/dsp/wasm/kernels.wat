;; The engine's hottest per-sample loops, in WebAssembly: the EQ's biquads
;; (one channel, or two side by side), four compressors side by side, a mono
;; strip's fixed pan and fader, two K-weighting filters side by side, a bus's
;; sums, a take added into its strip, the largest sample of each stretch the
;; true-peak meter screens, and TPDF dither and integer PCM for the WAV writer.
;; Each does exactly the arithmetic, in exactly the order, described beside its
;; caller (engine/dsp/biquad.ts, engine/dsp/compressor.ts, engine/render/fader.ts,
;; engine/loudness/kWeighting.ts, engine/render/sum.ts,
;; engine/loudness/truePeakMeter.ts): IEEE operations give the same bits in
;; WebAssembly as in JavaScript, in every SIMD lane too, so a render's bits do
;; not depend on where a loop runs. What WebAssembly saves is the typed arrays'
;; bounds checks and a float's bits read through memory, and SIMD runs two
;; channels' recursions (or four compressors) at once; measured on the bench's
;; tracks, one EQ is 1.5 times and a pair of EQs 1.85 times as fast as the
;; JavaScript loops, and four compressors 1.65 times as fast as two pairs were.
;;
;; The memory is laid out once, in engine/dsp/wasm/layout.mjs: every region's
;; name, type, length and place. Here a region's byte offset is written
;; `{{NAME}}`, its element i `{{NAME[i]}}` (terms may be added and
;; subtracted), and build.mjs fills in the numbers; kernels.ts's views come
;; from the same table (generated/layout.ts). A kernel touches only the
;; regions its comment names.
(module
  (memory (export "memory") {{PAGES}} {{PAGES}})

  ;; Four mono compressors at once (engine/dsp/compressor.ts), one in each
  ;; lane of f32x4: lane l over IN, IN2, IN3, IN4 into OUT, OUT2, OUT3, OUT4,
  ;; frames [from, to). COMP4 holds each lane's constants, reduction and
  ;; largest reduction; per frame and lane:
  ;;   level (float32): x's bits give its exponent e and mantissa m in [1, 2),
  ;;     m halved and e raised by 1 when m > √2; log2 m = s (L1 + z (L3 + z (L5
  ;;     + z L7))) with s = (m - 1) / (m + 1), z = s²; above = f32(e - eBase)
  ;;     + (log2 m - kneeTopFraction), eBase being 127 plus the knee top's
  ;;     integer part, so the whole octaves are exact. NaN where |x| <= quiet.
  ;;   gain computer (double): wanted = halfSlope (above + |above|), plus, with
  ;;     a knee, halfSlope xk² kneeScale, xk = |inside| - |inside - knee| + knee,
  ;;     inside = above + knee; +0 where above is NaN (quiet).
  ;;   smoother (double): r = (keep r + mean wanted) + spread |wanted - r|, the
  ;;     branching attack/release one-pole without its branch; largest = max(largest, r).
  ;;   gain (float32): y = max(f32(exp2Base - r), -125); n = y rounded to the
  ;;     nearest integer (ties to even), f = y - n; 2^f = E0 + f (E1 + ... f E6),
  ;;     and n added to its exponent bits. OUT = x gain, or the gain itself.
  ;; The frames go 512 at a time through three loops, the level (A, $levels),
  ;; the smoother (B) and the gain (C, $gains), over the scratch X and Y (in
  ;; WORK2's room): one loop doing all three was twice as slow, its chain of
  ;; dependent steps too long for the processor to overlap one frame with the
  ;; next, while B's recursion alone is short. Every step is an IEEE operation
  ;; in its lane, so each lane's bits do not depend on the others or on where
  ;; the loop runs; `compress1` gives lane 0's bits.
  (func $compress4 (export "compress4") (param $from i32) (param $to i32) (param $gains i32)
    (local $at i32) (local $q i32) (local $qend i32) (local $anyKnee i32)
    (local $above v128) (local $a0 v128) (local $a1 v128) (local $w0 v128) (local $w1 v128)
    (local $r0 v128) (local $r1 v128) (local $g0 v128) (local $g1 v128)
    (local $inside v128) (local $xk v128) (local $kneeMask0 v128) (local $kneeMask1 v128)
    (local.set $r0 (v128.load offset={{REDUCTION}} (i32.const 0)))
    (local.set $r1 (v128.load offset={{REDUCTION[2]}} (i32.const 0)))
    (local.set $g0 (v128.load offset={{LARGEST}} (i32.const 0)))
    (local.set $g1 (v128.load offset={{LARGEST[2]}} (i32.const 0)))
    (local.set $kneeMask0 (f64x2.gt (v128.load offset={{KNEE}} (i32.const 0)) (f64x2.splat (f64.const 0))))
    (local.set $kneeMask1 (f64x2.gt (v128.load offset={{KNEE[2]}} (i32.const 0)) (f64x2.splat (f64.const 0))))
    (local.set $anyKnee (v128.any_true (v128.or (local.get $kneeMask0) (local.get $kneeMask1))))
    (block $finished
      (loop $chunk
        (br_if $finished (i32.ge_u (local.get $from) (local.get $to)))
        ;; This chunk: the next 512 frames at most, at byte `at` of IN and OUT (4 a frame) and 0 to qend of X and Y (16 a frame).
        (local.set $at (i32.shl (local.get $from) (i32.const 2)))
        (local.set $from (i32.add (local.get $from) (i32.const 512)))
        (if (i32.gt_u (local.get $from) (local.get $to)) (then (local.set $from (local.get $to))))
        (local.set $qend (i32.shl (i32.sub (i32.shl (local.get $from) (i32.const 2)) (local.get $at)) (i32.const 2)))
        ;; A: X = the four lanes' samples, Y = their levels.
        (call $levels (local.get $at) (local.get $qend) (i32.const 0) (i32.const 1))
        ;; B: the gain computer and the smoother; Y = f32(exp2Base - r), at least -125.
        (local.set $q (i32.const 0))
        (block $doneB
          (loop $nextB
            (br_if $doneB (i32.ge_u (local.get $q) (local.get $qend)))
            (local.set $above (v128.load offset={{Y}} (local.get $q)))
            (local.set $a0 (f64x2.promote_low_f32x4 (local.get $above)))
            (local.set $a1 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $above) (local.get $above))))
            (local.set $w0 (f64x2.mul (v128.load offset={{HALF_SLOPE}} (i32.const 0)) (f64x2.add (local.get $a0) (f64x2.abs (local.get $a0)))))
            (local.set $w1 (f64x2.mul (v128.load offset={{HALF_SLOPE[2]}} (i32.const 0)) (f64x2.add (local.get $a1) (f64x2.abs (local.get $a1)))))
            (if (local.get $anyKnee)
              (then
                (local.set $inside (f64x2.add (local.get $a0) (v128.load offset={{KNEE}} (i32.const 0))))
                (local.set $xk
                  (f64x2.add (f64x2.sub (f64x2.abs (local.get $inside)) (f64x2.abs (f64x2.sub (local.get $inside) (v128.load offset={{KNEE}} (i32.const 0)))))
                             (v128.load offset={{KNEE}} (i32.const 0))))
                (local.set $w0
                  (v128.bitselect
                    (f64x2.add (local.get $w0)
                      (f64x2.mul (f64x2.mul (f64x2.mul (v128.load offset={{HALF_SLOPE}} (i32.const 0)) (local.get $xk)) (local.get $xk)) (v128.load offset={{KNEE_SCALE}} (i32.const 0))))
                    (local.get $w0)
                    (local.get $kneeMask0)))
                (local.set $inside (f64x2.add (local.get $a1) (v128.load offset={{KNEE[2]}} (i32.const 0))))
                (local.set $xk
                  (f64x2.add (f64x2.sub (f64x2.abs (local.get $inside)) (f64x2.abs (f64x2.sub (local.get $inside) (v128.load offset={{KNEE[2]}} (i32.const 0)))))
                             (v128.load offset={{KNEE[2]}} (i32.const 0))))
                (local.set $w1
                  (v128.bitselect
                    (f64x2.add (local.get $w1)
                      (f64x2.mul (f64x2.mul (f64x2.mul (v128.load offset={{HALF_SLOPE[2]}} (i32.const 0)) (local.get $xk)) (local.get $xk)) (v128.load offset={{KNEE_SCALE[2]}} (i32.const 0))))
                    (local.get $w1)
                    (local.get $kneeMask1)))))
            ;; Quiet (NaN) levels want +0.
            (local.set $w0 (v128.and (local.get $w0) (f64x2.eq (local.get $a0) (local.get $a0))))
            (local.set $w1 (v128.and (local.get $w1) (f64x2.eq (local.get $a1) (local.get $a1))))
            (local.set $r0
              (f64x2.add
                (f64x2.add (f64x2.mul (v128.load offset={{KEEP}} (i32.const 0)) (local.get $r0)) (f64x2.mul (v128.load offset={{MEAN}} (i32.const 0)) (local.get $w0)))
                (f64x2.mul (v128.load offset={{SPREAD}} (i32.const 0)) (f64x2.abs (f64x2.sub (local.get $w0) (local.get $r0))))))
            (local.set $r1
              (f64x2.add
                (f64x2.add (f64x2.mul (v128.load offset={{KEEP[2]}} (i32.const 0)) (local.get $r1)) (f64x2.mul (v128.load offset={{MEAN[2]}} (i32.const 0)) (local.get $w1)))
                (f64x2.mul (v128.load offset={{SPREAD[2]}} (i32.const 0)) (f64x2.abs (f64x2.sub (local.get $w1) (local.get $r1))))))
            ;; r is never NaN (a quiet or NaN sample asks for +0), so pmax's one instruction is max.
            (local.set $g0 (f64x2.pmax (local.get $g0) (local.get $r0)))
            (local.set $g1 (f64x2.pmax (local.get $g1) (local.get $r1)))
            (v128.store offset={{Y}} (local.get $q)
              (f32x4.pmax
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (f32x4.demote_f64x2_zero (f64x2.sub (v128.load offset={{EXP2_BASE}} (i32.const 0)) (local.get $r0)))
                  (f32x4.demote_f64x2_zero (f64x2.sub (v128.load offset={{EXP2_BASE[2]}} (i32.const 0)) (local.get $r1))))
                (v128.load offset={{EXP2_FLOOR}} (i32.const 0))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $nextB)))
        ;; C: the gains, and OUT.
        (call $gains (local.get $at) (local.get $qend) (local.get $gains) (i32.const 1))
        (br $chunk)))
    (v128.store offset={{REDUCTION}} (i32.const 0) (local.get $r0))
    (v128.store offset={{REDUCTION[2]}} (i32.const 0) (local.get $r1))
    (v128.store offset={{LARGEST}} (i32.const 0) (local.get $g0))
    (v128.store offset={{LARGEST[2]}} (i32.const 0) (local.get $g1)))

  ;; `compress4`'s lane 0 alone (one compressor: a mono channel, or linked
  ;; channels as their loudest magnitude in IN and, with $gains = 1, its gain
  ;; into OUT), with the same bits: A and C take four frames of IN at once
  ;; (lane k is frame 4j + k; they may read and write up to three frames past
  ;; `to`, which nothing reads), B runs frame by frame in scalar doubles with
  ;; lane 0's constants, the same operations in the same order (pmax written
  ;; as the select it is). COMP1 holds lane 0's quiet, eBase and
  ;; kneeTopFraction splat over four lanes for A.
  (func $compress1 (export "compress1") (param $from i32) (param $to i32) (param $gains i32)
    (local $at i32) (local $q i32) (local $qend i32) (local $end i32)
    (local $a f64) (local $w f64) (local $r f64) (local $g f64) (local $inside f64) (local $xk f64) (local $y f32)
    (v128.store offset={{COMP1_QUIET}} (i32.const 0) (v128.load32_splat offset={{QUIET}} (i32.const 0)))
    (v128.store offset={{COMP1_EBASE}} (i32.const 0) (v128.load32_splat offset={{EBASE}} (i32.const 0)))
    (v128.store offset={{COMP1_KNEE_TOP_FRACTION}} (i32.const 0) (v128.load32_splat offset={{KNEE_TOP_FRACTION}} (i32.const 0)))
    (local.set $r (f64.load offset={{REDUCTION}} (i32.const 0)))
    (local.set $g (f64.load offset={{LARGEST}} (i32.const 0)))
    (block $finished
      (loop $chunk
        (br_if $finished (i32.ge_u (local.get $from) (local.get $to)))
        ;; This chunk: the next 512 frames at most, at byte `at` of IN and OUT; in X and Y, 4 bytes a frame, to `end` (B), rounded up to 16 (A, C).
        (local.set $at (i32.shl (local.get $from) (i32.const 2)))
        (local.set $from (i32.add (local.get $from) (i32.const 512)))
        (if (i32.gt_u (local.get $from) (local.get $to)) (then (local.set $from (local.get $to))))
        (local.set $end (i32.sub (i32.shl (local.get $from) (i32.const 2)) (local.get $at)))
        (local.set $qend (i32.and (i32.add (local.get $end) (i32.const 15)) (i32.const -16)))
        (call $levels (local.get $at) (local.get $qend) (i32.const {{COMP1_QUIET}}) (i32.const 0))
        (local.set $q (i32.const 0))
        (block $doneB
          (loop $nextB
            (br_if $doneB (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $a (f64.promote_f32 (f32.load offset={{Y}} (local.get $q))))
            (local.set $w (f64.mul (f64.load offset={{HALF_SLOPE}} (i32.const 0)) (f64.add (local.get $a) (f64.abs (local.get $a)))))
            (if (f64.gt (f64.load offset={{KNEE}} (i32.const 0)) (f64.const 0))
              (then
                (local.set $inside (f64.add (local.get $a) (f64.load offset={{KNEE}} (i32.const 0))))
                (local.set $xk
                  (f64.add (f64.sub (f64.abs (local.get $inside)) (f64.abs (f64.sub (local.get $inside) (f64.load offset={{KNEE}} (i32.const 0)))))
                           (f64.load offset={{KNEE}} (i32.const 0))))
                (local.set $w
                  (f64.add (local.get $w)
                    (f64.mul (f64.mul (f64.mul (f64.load offset={{HALF_SLOPE}} (i32.const 0)) (local.get $xk)) (local.get $xk)) (f64.load offset={{KNEE_SCALE}} (i32.const 0)))))))
            (local.set $w (select (local.get $w) (f64.const 0) (f64.eq (local.get $a) (local.get $a))))
            (local.set $r
              (f64.add
                (f64.add (f64.mul (f64.load offset={{KEEP}} (i32.const 0)) (local.get $r)) (f64.mul (f64.load offset={{MEAN}} (i32.const 0)) (local.get $w)))
                (f64.mul (f64.load offset={{SPREAD}} (i32.const 0)) (f64.abs (f64.sub (local.get $w) (local.get $r))))))
            (local.set $g (select (local.get $r) (local.get $g) (f64.lt (local.get $g) (local.get $r))))
            (local.set $y (f32.demote_f64 (f64.sub (f64.load offset={{EXP2_BASE}} (i32.const 0)) (local.get $r))))
            (f32.store offset={{Y}} (local.get $q)
              (select (f32.load offset={{EXP2_FLOOR}} (i32.const 0)) (local.get $y) (f32.lt (local.get $y) (f32.load offset={{EXP2_FLOOR}} (i32.const 0)))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $nextB)))
        (call $gains (local.get $at) (local.get $qend) (local.get $gains) (i32.const 0))
        (br $chunk)))
    (f64.store offset={{REDUCTION}} (i32.const 0) (local.get $r))
    (f64.store offset={{LARGEST}} (i32.const 0) (local.get $g)))

  ;; The compressors' level step (A) for q in [0, qend), 16 bytes a step: v =
  ;; four samples, with $planar one frame of IN, IN2, IN3, IN4 (at += 4), else
  ;; four frames of IN (at += 16); X[q] = v, Y[q] = their levels above the knee's
  ;; top (float32, NaN where quiet) with quiet, eBase and kneeTopFraction at $c.
  (func $levels (param $at i32) (param $qend i32) (param $c i32) (param $planar i32)
    (local $q i32) (local $v v128) (local $mb v128) (local $big v128) (local $m v128) (local $s v128) (local $z v128) (local $p v128)
    (local $above v128) (local $loud v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $q) (local.get $qend)))
        (if (local.get $planar)
          (then
            (local.set $v (v128.load32_lane offset={{IN4}} 3 (local.get $at)
                            (v128.load32_lane offset={{IN3}} 2 (local.get $at)
                              (v128.load32_lane offset={{IN2}} 1 (local.get $at)
                                (v128.load32_zero offset={{IN}} (local.get $at))))))
            (local.set $at (i32.add (local.get $at) (i32.const 4))))
          (else
            (local.set $v (v128.load offset={{IN}} (local.get $at)))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))))
        ;; m in [1, 2) from the mantissa; over √2 (0x3fb504f3) it is halved.
        (local.set $mb (v128.or (v128.and (local.get $v) (v128.load offset={{MANTISSA_MASK}} (i32.const 0))) (v128.load offset={{ONE}} (i32.const 0))))
        (local.set $big (i32x4.gt_s (local.get $mb) (v128.load offset={{SQRT2_BITS}} (i32.const 0))))
        (local.set $m (i32x4.sub (local.get $mb) (v128.and (local.get $big) (v128.load offset={{HIDDEN_BIT}} (i32.const 0)))))
        (local.set $s (f32x4.div (f32x4.sub (local.get $m) (v128.load offset={{ONE}} (i32.const 0)))
                                 (f32x4.add (local.get $m) (v128.load offset={{ONE}} (i32.const 0)))))
        (local.set $z (f32x4.mul (local.get $s) (local.get $s)))
        (local.set $p
          (f32x4.mul (local.get $s)
            (f32x4.add (v128.load offset={{LOG2_C}} (i32.const 0))
              (f32x4.mul (local.get $z)
                (f32x4.add (v128.load offset={{LOG2_C[4]}} (i32.const 0))
                  (f32x4.mul (local.get $z)
                    (f32x4.add (v128.load offset={{LOG2_C[8]}} (i32.const 0))
                      (f32x4.mul (local.get $z) (v128.load offset={{LOG2_C[12]}} (i32.const 0))))))))))
        ;; e - big - eBase: the exponent, one more where m was halved, less 127 and the knee top's integer part.
        (local.set $above
          (f32x4.add
            (f32x4.convert_i32x4_s
              (i32x4.sub (i32x4.sub (v128.and (i32x4.shr_u (local.get $v) (i32.const 23)) (v128.load offset={{EXPONENT_MASK}} (i32.const 0)))
                                    (local.get $big))
                         (v128.load offset={{EBASE-QUIET}} (local.get $c))))
            (f32x4.sub (local.get $p) (v128.load offset={{KNEE_TOP_FRACTION-QUIET}} (local.get $c)))))
        (local.set $loud (f32x4.gt (f32x4.abs (local.get $v)) (v128.load (local.get $c))))
        (v128.store offset={{X}} (local.get $q) (local.get $v))
        (v128.store offset={{Y}} (local.get $q)
          (v128.or (local.get $above) (v128.andnot (v128.load offset={{QUIET_NAN}} (i32.const 0)) (local.get $loud))))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $next))))

  ;; The compressors' gain step (C) for q in [0, qend), 16 bytes a step: gain =
  ;; 2^Y[q] (n = nearest(y), 2^(y - n) from its polynomial, n added to its
  ;; exponent), v = X[q] gain or, with $gains, the gain; stored with $planar a
  ;; lane each to OUT, OUT2, OUT3, OUT4 (at += 4), else as four frames of OUT (at += 16).
  (func $gains (param $at i32) (param $qend i32) (param $gains i32) (param $planar i32)
    (local $q i32) (local $v v128) (local $y v128) (local $n v128) (local $f v128) (local $e v128) (local $gain v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $q) (local.get $qend)))
        (local.set $y (v128.load offset={{Y}} (local.get $q)))
        ;; y + 1.5 2^23 rounds y to the nearest integer n (ties to even) and holds n in its low bits.
        (local.set $n (f32x4.add (local.get $y) (v128.load offset={{ROUNDER}} (i32.const 0))))
        (local.set $f (f32x4.sub (local.get $y) (f32x4.sub (local.get $n) (v128.load offset={{ROUNDER}} (i32.const 0)))))
        (local.set $e
          (f32x4.add (v128.load offset={{EXP2_C}} (i32.const 0))
            (f32x4.mul (local.get $f)
              (f32x4.add (v128.load offset={{EXP2_C[4]}} (i32.const 0))
                (f32x4.mul (local.get $f)
                  (f32x4.add (v128.load offset={{EXP2_C[8]}} (i32.const 0))
                    (f32x4.mul (local.get $f)
                      (f32x4.add (v128.load offset={{EXP2_C[12]}} (i32.const 0))
                        (f32x4.mul (local.get $f)
                          (f32x4.add (v128.load offset={{EXP2_C[16]}} (i32.const 0))
                            (f32x4.mul (local.get $f)
                              (f32x4.add (v128.load offset={{EXP2_C[20]}} (i32.const 0))
                                (f32x4.mul (local.get $f) (v128.load offset={{EXP2_C[24]}} (i32.const 0)))))))))))))))
        (local.set $gain (i32x4.add (local.get $e) (i32x4.shl (local.get $n) (i32.const 23))))
        (if (local.get $gains) (then (local.set $v (local.get $gain))) (else (local.set $v (f32x4.mul (v128.load offset={{X}} (local.get $q)) (local.get $gain)))))
        (if (local.get $planar)
          (then
            (v128.store32_lane offset={{OUT}} 0 (local.get $at) (local.get $v))
            (v128.store32_lane offset={{OUT2}} 1 (local.get $at) (local.get $v))
            (v128.store32_lane offset={{OUT3}} 2 (local.get $at) (local.get $v))
            (v128.store32_lane offset={{OUT4}} 3 (local.get $at) (local.get $v))
            (local.set $at (i32.add (local.get $at) (i32.const 4))))
          (else
            (v128.store offset={{OUT}} (local.get $at) (local.get $v))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $next))))

  ;; A mono channel's fixed pan and fader gain in one pass (engine/render/fader.ts,
  ;; applyPanned): OUT = f32(f32(IN left) gain), OUT2 = f32(f32(IN right) gain),
  ;; each pan product rounded to float32 as storing it would. Two frames a step
  ;; in f64x2 lanes, four per turn, then one at a time.
  (func $pan (export "pan") (param $frames i32) (param $left f64) (param $right f64) (param $gain f64)
    (local $i i32) (local $at i32) (local $x f64) (local $lo v128) (local $hi v128)
    (local $l v128) (local $r v128) (local $g v128)
    (local.set $l (f64x2.splat (local.get $left)))
    (local.set $r (f64x2.splat (local.get $right)))
    (local.set $g (f64x2.splat (local.get $gain)))
    (block $fours
      (loop $four
        (br_if $fours (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset={{IN}} (local.get $at))))
        (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero offset={{IN[2]}} (local.get $at))))
        (v128.store offset={{OUT}} (local.get $at)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $lo) (local.get $l)))) (local.get $g)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $hi) (local.get $l)))) (local.get $g)))))
        (v128.store offset={{OUT2}} (local.get $at)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $lo) (local.get $r)))) (local.get $g)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $hi) (local.get $r)))) (local.get $g)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $four)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (local.set $x (f64.promote_f32 (f32.load offset={{IN}} (local.get $at))))
        (f32.store offset={{OUT}} (local.get $at)
          (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.demote_f64 (f64.mul (local.get $x) (local.get $left)))) (local.get $gain))))
        (f32.store offset={{OUT2}} (local.get $at)
          (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.demote_f64 (f64.mul (local.get $x) (local.get $right)))) (local.get $gain))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; WORK2[i] = (IN[i], IN2[i]) for i < frames.
  (func $widen2 (export "widen2") (param $frames i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (v128.store offset={{WORK2}} (i32.shl (local.get $i) (i32.const 4))
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load offset={{IN}} (i32.shl (local.get $i) (i32.const 2)))))
            (f64.promote_f32 (f32.load offset={{IN2}} (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; OUT[i], OUT2[i] = WORK2[i]'s lanes rounded to float32, for i < frames.
  (func $narrow2 (export "narrow2") (param $frames i32)
    (local $i i32) (local $v v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $v (f32x4.demote_f64x2_zero (v128.load offset={{WORK2}} (i32.shl (local.get $i) (i32.const 4)))))
        (f32.store offset={{OUT}} (i32.shl (local.get $i) (i32.const 2)) (f32x4.extract_lane 0 (local.get $v)))
        (f32.store offset={{OUT2}} (i32.shl (local.get $i) (i32.const 2)) (f32x4.extract_lane 1 (local.get $v)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; One band over WORK2 in place, two channels at once (see threeBands2):
  ;; y = b0 x + b1 x1 + b2 x2 - a2 y2 - a1 y1, summed left to right, a lane each.
  (func $oneBand2 (export "oneBand2") (param $frames i32)
    (local $at i32) (local $end i32)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $a1 v128) (local $a2 v128)
    (local $x v128) (local $x1 v128) (local $x2 v128) (local $y v128) (local $y1 v128) (local $y2 v128)
    (local.set $b0 (v128.load offset={{COEF2}} (i32.const 0)))
    (local.set $b1 (v128.load offset={{COEF2[2]}} (i32.const 0)))
    (local.set $b2 (v128.load offset={{COEF2[4]}} (i32.const 0)))
    (local.set $a1 (v128.load offset={{COEF2[6]}} (i32.const 0)))
    (local.set $a2 (v128.load offset={{COEF2[8]}} (i32.const 0)))
    (local.set $x1 (v128.load offset={{STATE2}} (i32.const 0)))
    (local.set $x2 (v128.load offset={{STATE2[2]}} (i32.const 0)))
    (local.set $y1 (v128.load offset={{STATE2[4]}} (i32.const 0)))
    (local.set $y2 (v128.load offset={{STATE2[6]}} (i32.const 0)))
    (local.set $end (i32.shl (local.get $frames) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load offset={{WORK2}} (local.get $at)))
        (local.set $y
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (local.get $b0) (local.get $x)) (f64x2.mul (local.get $b1) (local.get $x1)))
                         (f64x2.mul (local.get $b2) (local.get $x2)))
              (f64x2.mul (local.get $a2) (local.get $y2)))
            (f64x2.mul (local.get $a1) (local.get $y1))))
        (local.set $x2 (local.get $x1)) (local.set $x1 (local.get $x))
        (local.set $y2 (local.get $y1)) (local.set $y1 (local.get $y))
        (v128.store offset={{WORK2}} (local.get $at) (local.get $y))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (v128.store offset={{STATE2}} (i32.const 0) (local.get $x1))
    (v128.store offset={{STATE2[2]}} (i32.const 0) (local.get $x2))
    (v128.store offset={{STATE2[4]}} (i32.const 0) (local.get $y1))
    (v128.store offset={{STATE2[6]}} (i32.const 0) (local.get $y2)))

  ;; Three bands in series over WORK2 in place, x -> y -> z -> w, as one loop,
  ;; two channels at once, one in each lane of f64x2 (IEEE in each lane, so a
  ;; channel's bits do not depend on the other's: a mono EQ runs with lane 1
  ;; idle). COEF2 = three sets of b0 b1 b2 a1 a2, STATE2 = x1 x2 y1 y2 per band,
  ;; a lane per channel, where a band's x history is the previous band's y
  ;; history (written back to both).
  ;; With $widen it reads IN and IN2 as `widen2` would have put them in WORK2, and
  ;; with $narrow it writes OUT and OUT2 as `narrow2` would have from WORK2:
  ;; one pass instead of three when these are an EQ's only bands.
  (func $threeBands2 (export "threeBands2") (param $frames i32) (param $widen i32) (param $narrow i32)
    (local $at i32) (local $end i32) (local $v v128)
    (local $x v128) (local $x1 v128) (local $x2 v128) (local $y v128) (local $y1 v128) (local $y2 v128)
    (local $z v128) (local $z1 v128) (local $z2 v128) (local $w v128) (local $w1 v128) (local $w2 v128)
    (local.set $x1 (v128.load offset={{STATE2}} (i32.const 0)))
    (local.set $x2 (v128.load offset={{STATE2[2]}} (i32.const 0)))
    (local.set $y1 (v128.load offset={{STATE2[4]}} (i32.const 0)))
    (local.set $y2 (v128.load offset={{STATE2[6]}} (i32.const 0)))
    (local.set $z1 (v128.load offset={{STATE2[12]}} (i32.const 0)))
    (local.set $z2 (v128.load offset={{STATE2[14]}} (i32.const 0)))
    (local.set $w1 (v128.load offset={{STATE2[20]}} (i32.const 0)))
    (local.set $w2 (v128.load offset={{STATE2[22]}} (i32.const 0)))
    (local.set $end (i32.shl (local.get $frames) (i32.const 4)))
    ;; The coefficients are read from COEF2 in the loop rather than kept in locals:
    ;; with 15 of them and 12 states, locals spill anyway (8-12% faster measured).
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x
          (if (result v128) (local.get $widen)
            (then (f64x2.promote_low_f32x4
                    (v128.load32_lane offset={{IN2}} 1 (i32.shr_u (local.get $at) (i32.const 2))
                      (v128.load32_zero offset={{IN}} (i32.shr_u (local.get $at) (i32.const 2))))))
            (else (v128.load offset={{WORK2}} (local.get $at)))))
        (local.set $y
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (v128.load offset={{COEF2}} (i32.const 0)) (local.get $x)) (f64x2.mul (v128.load offset={{COEF2[2]}} (i32.const 0)) (local.get $x1)))
                         (f64x2.mul (v128.load offset={{COEF2[4]}} (i32.const 0)) (local.get $x2)))
              (f64x2.mul (v128.load offset={{COEF2[8]}} (i32.const 0)) (local.get $y2)))
            (f64x2.mul (v128.load offset={{COEF2[6]}} (i32.const 0)) (local.get $y1))))
        (local.set $z
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (v128.load offset={{COEF2[10]}} (i32.const 0)) (local.get $y)) (f64x2.mul (v128.load offset={{COEF2[12]}} (i32.const 0)) (local.get $y1)))
                         (f64x2.mul (v128.load offset={{COEF2[14]}} (i32.const 0)) (local.get $y2)))
              (f64x2.mul (v128.load offset={{COEF2[18]}} (i32.const 0)) (local.get $z2)))
            (f64x2.mul (v128.load offset={{COEF2[16]}} (i32.const 0)) (local.get $z1))))
        (local.set $w
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (v128.load offset={{COEF2[20]}} (i32.const 0)) (local.get $z)) (f64x2.mul (v128.load offset={{COEF2[22]}} (i32.const 0)) (local.get $z1)))
                         (f64x2.mul (v128.load offset={{COEF2[24]}} (i32.const 0)) (local.get $z2)))
              (f64x2.mul (v128.load offset={{COEF2[28]}} (i32.const 0)) (local.get $w2)))
            (f64x2.mul (v128.load offset={{COEF2[26]}} (i32.const 0)) (local.get $w1))))
        (local.set $x2 (local.get $x1)) (local.set $x1 (local.get $x))
        (local.set $y2 (local.get $y1)) (local.set $y1 (local.get $y))
        (local.set $z2 (local.get $z1)) (local.set $z1 (local.get $z))
        (local.set $w2 (local.get $w1)) (local.set $w1 (local.get $w))
        (if (local.get $narrow)
          (then
            (local.set $v (f32x4.demote_f64x2_zero (local.get $w)))
            (v128.store32_lane offset={{OUT}} 0 (i32.shr_u (local.get $at) (i32.const 2)) (local.get $v))
            (v128.store32_lane offset={{OUT2}} 1 (i32.shr_u (local.get $at) (i32.const 2)) (local.get $v)))
          (else (v128.store offset={{WORK2}} (local.get $at) (local.get $w))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (v128.store offset={{STATE2}} (i32.const 0) (local.get $x1))
    (v128.store offset={{STATE2[2]}} (i32.const 0) (local.get $x2))
    (v128.store offset={{STATE2[4]}} (i32.const 0) (local.get $y1))
    (v128.store offset={{STATE2[6]}} (i32.const 0) (local.get $y2))
    (v128.store offset={{STATE2[8]}} (i32.const 0) (local.get $y1))
    (v128.store offset={{STATE2[10]}} (i32.const 0) (local.get $y2))
    (v128.store offset={{STATE2[12]}} (i32.const 0) (local.get $z1))
    (v128.store offset={{STATE2[14]}} (i32.const 0) (local.get $z2))
    (v128.store offset={{STATE2[16]}} (i32.const 0) (local.get $z1))
    (v128.store offset={{STATE2[18]}} (i32.const 0) (local.get $z2))
    (v128.store offset={{STATE2[20]}} (i32.const 0) (local.get $w1))
    (v128.store offset={{STATE2[22]}} (i32.const 0) (local.get $w2)))

  ;; Two K-weighting filters (engine/loudness/kWeighting.ts) of one sample
  ;; rate, a lane each of f64x2: lane 0 over IN, lane 1 over IN2, frames
  ;; [0, 2 pairs), two samples a step. Stage 1 is b0 b1 b2 a1 a2 (the shelf),
  ;; stage 2 has numerator 1 -2 1 and denominator h1 h2 (the high-pass):
  ;;   y = b0 x + b1 x1 + b2 x2 - a2 y2 - a1 y1,  z = y - 2 y1 + y2 - h2 z2 - h1 z1.
  ;; STATE2 = x1 x2 y1 y2 z1 z2, a lane per filter, read and written back.
  ;; SUMS2 gets each lane's sum of the squares of z, added a pair at a time
  ;; (sum + (z² + zb²)) from the sums given.
  (func $kWeighting2 (export "kWeighting2")
    (param $pairs i32) (param $sumA f64) (param $sumB f64)
    (param $b0s f64) (param $b1s f64) (param $b2s f64) (param $a1s f64) (param $a2s f64) (param $h1s f64) (param $h2s f64)
    (local $at i32) (local $end i32) (local $sum v128) (local $two v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $a1 v128) (local $a2 v128) (local $h1 v128) (local $h2 v128)
    (local $v v128) (local $x v128) (local $xb v128) (local $y v128) (local $yb v128) (local $z v128) (local $zb v128)
    (local $x1 v128) (local $x2 v128) (local $y1 v128) (local $y2 v128) (local $z1 v128) (local $z2 v128)
    (local.set $b0 (f64x2.splat (local.get $b0s)))
    (local.set $b1 (f64x2.splat (local.get $b1s)))
    (local.set $b2 (f64x2.splat (local.get $b2s)))
    (local.set $a1 (f64x2.splat (local.get $a1s)))
    (local.set $a2 (f64x2.splat (local.get $a2s)))
    (local.set $h1 (f64x2.splat (local.get $h1s)))
    (local.set $h2 (f64x2.splat (local.get $h2s)))
    (local.set $two (f64x2.splat (f64.const 2)))
    (local.set $sum (f64x2.replace_lane 1 (f64x2.splat (local.get $sumA)) (local.get $sumB)))
    (local.set $x1 (v128.load offset={{STATE2}} (i32.const 0)))
    (local.set $x2 (v128.load offset={{STATE2[2]}} (i32.const 0)))
    (local.set $y1 (v128.load offset={{STATE2[4]}} (i32.const 0)))
    (local.set $y2 (v128.load offset={{STATE2[6]}} (i32.const 0)))
    (local.set $z1 (v128.load offset={{STATE2[8]}} (i32.const 0)))
    (local.set $z2 (v128.load offset={{STATE2[10]}} (i32.const 0)))
    (local.set $end (i32.shl (local.get $pairs) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        ;; v = (IN[i], IN[i + 1], IN2[i], IN2[i + 1]) shuffled to (IN[i], IN2[i], IN[i + 1], IN2[i + 1]).
        (local.set $v (v128.load64_lane offset={{IN2}} 1 (local.get $at) (v128.load64_zero offset={{IN}} (local.get $at))))
        (local.set $v (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $v) (local.get $v)))
        (local.set $x (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $xb (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))
        (local.set $y
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (local.get $b0) (local.get $x)) (f64x2.mul (local.get $b1) (local.get $x1)))
                         (f64x2.mul (local.get $b2) (local.get $x2)))
              (f64x2.mul (local.get $a2) (local.get $y2)))
            (f64x2.mul (local.get $a1) (local.get $y1))))
        (local.set $z
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.sub (local.get $y) (f64x2.mul (local.get $two) (local.get $y1))) (local.get $y2))
              (f64x2.mul (local.get $h2) (local.get $z2)))
            (f64x2.mul (local.get $h1) (local.get $z1))))
        (local.set $yb
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (local.get $b0) (local.get $xb)) (f64x2.mul (local.get $b1) (local.get $x)))
                         (f64x2.mul (local.get $b2) (local.get $x1)))
              (f64x2.mul (local.get $a2) (local.get $y1)))
            (f64x2.mul (local.get $a1) (local.get $y))))
        (local.set $zb
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.sub (local.get $yb) (f64x2.mul (local.get $two) (local.get $y))) (local.get $y1))
              (f64x2.mul (local.get $h2) (local.get $z1)))
            (f64x2.mul (local.get $h1) (local.get $z))))
        (local.set $sum (f64x2.add (local.get $sum)
          (f64x2.add (f64x2.mul (local.get $z) (local.get $z)) (f64x2.mul (local.get $zb) (local.get $zb)))))
        (local.set $x2 (local.get $x)) (local.set $x1 (local.get $xb))
        (local.set $y2 (local.get $y)) (local.set $y1 (local.get $yb))
        (local.set $z2 (local.get $z)) (local.set $z1 (local.get $zb))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (br $next)))
    (v128.store offset={{STATE2}} (i32.const 0) (local.get $x1))
    (v128.store offset={{STATE2[2]}} (i32.const 0) (local.get $x2))
    (v128.store offset={{STATE2[4]}} (i32.const 0) (local.get $y1))
    (v128.store offset={{STATE2[6]}} (i32.const 0) (local.get $y2))
    (v128.store offset={{STATE2[8]}} (i32.const 0) (local.get $z1))
    (v128.store offset={{STATE2[10]}} (i32.const 0) (local.get $z2))
    (v128.store offset={{SUMS2}} (i32.const 0) (local.get $sum)))

  ;; `kWeighting2` for four filters at once: lanes 0 and 1 over IN and IN2 as
  ;; there, lanes 2 and 3 over IN3 and IN4 in a second f64x2 beside them (its
  ;; own recursions, so the processor overlaps the two: a filter's samples
  ;; depend each on the last, and one pair alone leaves the units waiting).
  ;; STATE4 holds the first pair's x1 x2 y1 y2 z1 z2 then the second's, SUMS4
  ;; the four sums (read and written back), lane by lane.
  (func $kWeighting4 (export "kWeighting4")
    (param $pairs i32)
    (param $b0s f64) (param $b1s f64) (param $b2s f64) (param $a1s f64) (param $a2s f64) (param $h1s f64) (param $h2s f64)
    (local $at i32) (local $end i32) (local $sum v128) (local $two v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $a1 v128) (local $a2 v128) (local $h1 v128) (local $h2 v128)
    (local $vB v128) (local $xB v128) (local $xbB v128) (local $yB v128) (local $ybB v128) (local $zB v128) (local $zbB v128) (local $x1B v128) (local $x2B v128) (local $y1B v128) (local $y2B v128) (local $z1B v128) (local $z2B v128) (local $sumB v128)
    (local $v v128) (local $x v128) (local $xb v128) (local $y v128) (local $yb v128) (local $z v128) (local $zb v128)
    (local $x1 v128) (local $x2 v128) (local $y1 v128) (local $y2 v128) (local $z1 v128) (local $z2 v128)
    (local.set $b0 (f64x2.splat (local.get $b0s)))
    (local.set $b1 (f64x2.splat (local.get $b1s)))
    (local.set $b2 (f64x2.splat (local.get $b2s)))
    (local.set $a1 (f64x2.splat (local.get $a1s)))
    (local.set $a2 (f64x2.splat (local.get $a2s)))
    (local.set $h1 (f64x2.splat (local.get $h1s)))
    (local.set $h2 (f64x2.splat (local.get $h2s)))
    (local.set $two (f64x2.splat (f64.const 2)))
    (local.set $sum (v128.load offset={{SUMS4}} (i32.const 0)))
    (local.set $sumB (v128.load offset={{SUMS4[2]}} (i32.const 0)))
    (local.set $x1 (v128.load offset={{STATE4}} (i32.const 0)))
    (local.set $x1B (v128.load offset={{STATE4[12]}} (i32.const 0)))
    (local.set $x2 (v128.load offset={{STATE4[2]}} (i32.const 0)))
    (local.set $x2B (v128.load offset={{STATE4[14]}} (i32.const 0)))
    (local.set $y1 (v128.load offset={{STATE4[4]}} (i32.const 0)))
    (local.set $y1B (v128.load offset={{STATE4[16]}} (i32.const 0)))
    (local.set $y2 (v128.load offset={{STATE4[6]}} (i32.const 0)))
    (local.set $y2B (v128.load offset={{STATE4[18]}} (i32.const 0)))
    (local.set $z1 (v128.load offset={{STATE4[8]}} (i32.const 0)))
    (local.set $z1B (v128.load offset={{STATE4[20]}} (i32.const 0)))
    (local.set $z2 (v128.load offset={{STATE4[10]}} (i32.const 0)))
    (local.set $z2B (v128.load offset={{STATE4[22]}} (i32.const 0)))
    (local.set $end (i32.shl (local.get $pairs) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        ;; v = (IN[i], IN[i + 1], IN2[i], IN2[i + 1]) shuffled to (IN[i], IN2[i], IN[i + 1], IN2[i + 1]).
        (local.set $v (v128.load64_lane offset={{IN2}} 1 (local.get $at) (v128.load64_zero offset={{IN}} (local.get $at))))
        (local.set $v (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $v) (local.get $v)))
        (local.set $x (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $xb (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))
        (local.set $y
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (local.get $b0) (local.get $x)) (f64x2.mul (local.get $b1) (local.get $x1)))
                         (f64x2.mul (local.get $b2) (local.get $x2)))
              (f64x2.mul (local.get $a2) (local.get $y2)))
            (f64x2.mul (local.get $a1) (local.get $y1))))
        (local.set $z
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.sub (local.get $y) (f64x2.mul (local.get $two) (local.get $y1))) (local.get $y2))
              (f64x2.mul (local.get $h2) (local.get $z2)))
            (f64x2.mul (local.get $h1) (local.get $z1))))
        (local.set $yb
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (local.get $b0) (local.get $xb)) (f64x2.mul (local.get $b1) (local.get $x)))
                         (f64x2.mul (local.get $b2) (local.get $x1)))
              (f64x2.mul (local.get $a2) (local.get $y1)))
            (f64x2.mul (local.get $a1) (local.get $y))))
        (local.set $zb
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.sub (local.get $yb) (f64x2.mul (local.get $two) (local.get $y))) (local.get $y1))
              (f64x2.mul (local.get $h2) (local.get $z1)))
            (f64x2.mul (local.get $h1) (local.get $z))))
        (local.set $sum (f64x2.add (local.get $sum)
          (f64x2.add (f64x2.mul (local.get $z) (local.get $z)) (f64x2.mul (local.get $zb) (local.get $zb)))))
        (local.set $x2 (local.get $x)) (local.set $x1 (local.get $xb))
        (local.set $y2 (local.get $y)) (local.set $y1 (local.get $yb))
        (local.set $z2 (local.get $z)) (local.set $z1 (local.get $zb))
        ;; The same for IN3 and IN4.
        (local.set $vB (v128.load64_lane offset={{IN4}} 1 (local.get $at) (v128.load64_zero offset={{IN3}} (local.get $at))))
        (local.set $vB (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $vB) (local.get $vB)))
        (local.set $xB (f64x2.promote_low_f32x4 (local.get $vB)))
        (local.set $xbB (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $vB) (local.get $vB))))
        (local.set $yB
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (local.get $b0) (local.get $xB)) (f64x2.mul (local.get $b1) (local.get $x1B)))
                         (f64x2.mul (local.get $b2) (local.get $x2B)))
              (f64x2.mul (local.get $a2) (local.get $y2B)))
            (f64x2.mul (local.get $a1) (local.get $y1B))))
        (local.set $zB
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.sub (local.get $yB) (f64x2.mul (local.get $two) (local.get $y1B))) (local.get $y2B))
              (f64x2.mul (local.get $h2) (local.get $z2B)))
            (f64x2.mul (local.get $h1) (local.get $z1B))))
        (local.set $ybB
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (local.get $b0) (local.get $xbB)) (f64x2.mul (local.get $b1) (local.get $xB)))
                         (f64x2.mul (local.get $b2) (local.get $x1B)))
              (f64x2.mul (local.get $a2) (local.get $y1B)))
            (f64x2.mul (local.get $a1) (local.get $yB))))
        (local.set $zbB
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.sub (local.get $ybB) (f64x2.mul (local.get $two) (local.get $yB))) (local.get $y1B))
              (f64x2.mul (local.get $h2) (local.get $z1B)))
            (f64x2.mul (local.get $h1) (local.get $zB))))
        (local.set $sumB (f64x2.add (local.get $sumB)
          (f64x2.add (f64x2.mul (local.get $zB) (local.get $zB)) (f64x2.mul (local.get $zbB) (local.get $zbB)))))
        (local.set $x2B (local.get $xB)) (local.set $x1B (local.get $xbB))
        (local.set $y2B (local.get $yB)) (local.set $y1B (local.get $ybB))
        (local.set $z2B (local.get $zB)) (local.set $z1B (local.get $zbB))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (br $next)))
    (v128.store offset={{STATE4}} (i32.const 0) (local.get $x1))
    (v128.store offset={{STATE4[12]}} (i32.const 0) (local.get $x1B))
    (v128.store offset={{STATE4[2]}} (i32.const 0) (local.get $x2))
    (v128.store offset={{STATE4[14]}} (i32.const 0) (local.get $x2B))
    (v128.store offset={{STATE4[4]}} (i32.const 0) (local.get $y1))
    (v128.store offset={{STATE4[16]}} (i32.const 0) (local.get $y1B))
    (v128.store offset={{STATE4[6]}} (i32.const 0) (local.get $y2))
    (v128.store offset={{STATE4[18]}} (i32.const 0) (local.get $y2B))
    (v128.store offset={{STATE4[8]}} (i32.const 0) (local.get $z1))
    (v128.store offset={{STATE4[20]}} (i32.const 0) (local.get $z1B))
    (v128.store offset={{STATE4[10]}} (i32.const 0) (local.get $z2))
    (v128.store offset={{STATE4[22]}} (i32.const 0) (local.get $z2B))
    (v128.store offset={{SUMS4}} (i32.const 0) (local.get $sum))
    (v128.store offset={{SUMS4[2]}} (i32.const 0) (local.get $sumB)))

  ;; A mono strip's fixed pan and fader added to a running mix (engine/render/sum.ts,
  ;; KernelSum): SUM_L[i] = SUM_L[i] + f32(f32(f32(IN[i] left) gain)),
  ;; SUM_R likewise with right, for i < frames: `pan`'s products, then
  ;; `accumulate`'s float32 adds, with the same roundings, without storing
  ;; the strip's output. Two frames a step in f64x2 lanes, then one at a time.
  (func $panSum (export "panSum") (param $frames i32) (param $left f64) (param $right f64) (param $gain f64)
    (local $i i32) (local $at i32) (local $x f64) (local $lo v128)
    (local $l v128) (local $r v128) (local $g v128)
    (local.set $l (f64x2.splat (local.get $left)))
    (local.set $r (f64x2.splat (local.get $right)))
    (local.set $g (f64x2.splat (local.get $gain)))
    (block $twos
      (loop $two
        (br_if $twos (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset={{IN}} (local.get $at))))
        (v128.store64_lane offset={{SUM_L}} 0 (local.get $at)
          (f32x4.add (v128.load64_zero offset={{SUM_L}} (local.get $at))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $lo) (local.get $l)))) (local.get $g)))))
        (v128.store64_lane offset={{SUM_R}} 0 (local.get $at)
          (f32x4.add (v128.load64_zero offset={{SUM_R}} (local.get $at))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $lo) (local.get $r)))) (local.get $g)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $two)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (local.set $x (f64.promote_f32 (f32.load offset={{IN}} (local.get $at))))
        (f32.store offset={{SUM_L}} (local.get $at)
          (f32.add (f32.load offset={{SUM_L}} (local.get $at))
            (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.demote_f64 (f64.mul (local.get $x) (local.get $left)))) (local.get $gain)))))
        (f32.store offset={{SUM_R}} (local.get $at)
          (f32.add (f32.load offset={{SUM_R}} (local.get $at))
            (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.demote_f64 (f64.mul (local.get $x) (local.get $right)))) (local.get $gain)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; dst[i] = dst[i] + IN[i], rounded to float32, for i < frames, dst the block at
  ;; $dst (OUT, or SUM_L or SUM_R): one source added to a bus (engine/render/sum.ts),
  ;; four frames a step.
  (func $accumulate (export "accumulate") (param $frames i32) (param $dst i32)
    (local $at i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $frames) (i32.const -4)) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store (i32.add (local.get $dst) (local.get $at))
          (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $at))) (v128.load offset={{IN}} (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (local.set $end (i32.shl (local.get $frames) (i32.const 2)))
    (block $rest
      (loop $one
        (br_if $rest (i32.ge_u (local.get $at) (local.get $end)))
        (f32.store (i32.add (local.get $dst) (local.get $at))
          (f32.add (f32.load (i32.add (local.get $dst) (local.get $at))) (f32.load offset={{IN}} (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $one))))

  ;; OUT[i] = OUT[i] + IN[i] g for i < frames, in double precision and rounded
  ;; to float32 (a take added into a strip at its clip gain, engine/render/sum.ts
  ;; addScaled: what `out[i] += in[i] * g` on Float32Arrays does), two frames a step.
  (func $accumulateScaled (export "accumulateScaled") (param $frames i32) (param $g f64)
    (local $at i32) (local $end i32) (local $gain v128)
    (local.set $gain (f64x2.splat (local.get $g)))
    (local.set $end (i32.shl (i32.and (local.get $frames) (i32.const -2)) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store64_lane offset={{OUT}} 0 (local.get $at)
          (f32x4.demote_f64x2_zero
            (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset={{OUT}} (local.get $at)))
                       (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset={{IN}} (local.get $at))) (local.get $gain)))))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (br $next)))
    (if (i32.and (local.get $frames) (i32.const 1))
      (then
        (f32.store offset={{OUT}} (local.get $at)
          (f32.demote_f64
            (f64.add (f64.promote_f32 (f32.load offset={{OUT}} (local.get $at)))
                     (f64.mul (f64.promote_f32 (f32.load offset={{IN}} (local.get $at))) (local.get $g))))))))

  ;; TPDF dither (engine/io/dither.ts, TpdfDither.fill): a channel's four
  ;; xoshiro128** generators side by side, a lane of i32x4 each, their state
  ;; at DITHER as four vectors (word w of every generator at DITHER + 16 w),
  ;; read and written back. Round r writes NOISE[at + 4 r + l] = u + u' for
  ;; l = 0..3, r < rounds: two steps of generator l, a step's value being
  ;; u = (x + 0.5) 2^-32 - 0.5 with x = rotl(s1 5, 7) 9 as an unsigned integer.
  (func $tpdf (export "tpdf") (param $rounds i32) (param $at i32)
    (local $r i32) (local $to i32) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t v128)
    (local $x v128) (local $lo v128) (local $hi v128)
    (local.set $s0 (v128.load offset={{DITHER}} (i32.const 0)))
    (local.set $s1 (v128.load offset={{DITHER[4]}} (i32.const 0)))
    (local.set $s2 (v128.load offset={{DITHER[8]}} (i32.const 0)))
    (local.set $s3 (v128.load offset={{DITHER[12]}} (i32.const 0)))
    (local.set $to (i32.shl (local.get $at) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rounds)))
        ;; First step: lo, hi = the values of generators 0, 1 and 2, 3.
        (local.set $x (i32x4.mul (local.get $s1) (v128.const i32x4 5 5 5 5)))
        (local.set $x (i32x4.mul (v128.or (i32x4.shl (local.get $x) (i32.const 7)) (i32x4.shr_u (local.get $x) (i32.const 25))) (v128.const i32x4 9 9 9 9)))
        (local.set $lo (f64x2.sub (f64x2.mul (f64x2.add (f64x2.convert_low_i32x4_u (local.get $x)) (v128.const f64x2 0.5 0.5)) (v128.const f64x2 0x1p-32 0x1p-32)) (v128.const f64x2 0.5 0.5)))
        (local.set $hi (f64x2.sub (f64x2.mul (f64x2.add (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x)))
                                                       (v128.const f64x2 0.5 0.5)) (v128.const f64x2 0x1p-32 0x1p-32)) (v128.const f64x2 0.5 0.5)))
        (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))
        ;; Second step, added.
        (local.set $x (i32x4.mul (local.get $s1) (v128.const i32x4 5 5 5 5)))
        (local.set $x (i32x4.mul (v128.or (i32x4.shl (local.get $x) (i32.const 7)) (i32x4.shr_u (local.get $x) (i32.const 25))) (v128.const i32x4 9 9 9 9)))
        (v128.store offset={{NOISE}} (local.get $to)
          (f64x2.add (local.get $lo)
            (f64x2.sub (f64x2.mul (f64x2.add (f64x2.convert_low_i32x4_u (local.get $x)) (v128.const f64x2 0.5 0.5)) (v128.const f64x2 0x1p-32 0x1p-32)) (v128.const f64x2 0.5 0.5))))
        (v128.store offset={{NOISE[2]}} (local.get $to)
          (f64x2.add (local.get $hi)
            (f64x2.sub (f64x2.mul (f64x2.add (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x)))
                                             (v128.const f64x2 0.5 0.5)) (v128.const f64x2 0x1p-32 0x1p-32)) (v128.const f64x2 0.5 0.5))))
        (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))
        (local.set $to (i32.add (local.get $to) (i32.const 32)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next)))
    (v128.store offset={{DITHER}} (i32.const 0) (local.get $s0))
    (v128.store offset={{DITHER[4]}} (i32.const 0) (local.get $s1))
    (v128.store offset={{DITHER[8]}} (i32.const 0) (local.get $s2))
    (v128.store offset={{DITHER[12]}} (i32.const 0) (local.get $s3)))

  ;; Integer PCM (engine/io/wavWrite.ts, encodeInt): for i < frames, the
  ;; sample v = IN[i] scale + (d + 0.5), d = NOISE[i] when $dithered (else
  ;; 0), clamped to [-scale, scale - 1] and floored, as a little-endian
  ;; integer of $width bytes (2 or 3) at BYTES + at + i stride. A NaN
  ;; sample is written as 0, as storing NaN into a typed array does.
  (func $encodeInt (export "encodeInt") (param $frames i32) (param $at i32) (param $stride i32) (param $scale f64) (param $width i32) (param $dithered i32)
    (local $i i32) (local $j i32) (local $v f64) (local $s i32) (local $top f64) (local $bottom f64)
    (local.set $top (f64.sub (local.get $scale) (f64.const 1)))
    (local.set $bottom (f64.neg (local.get $scale)))
    (local.set $j (local.get $at))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $v
          (f64.add (f64.mul (f64.promote_f32 (f32.load offset={{IN}} (i32.shl (local.get $i) (i32.const 2)))) (local.get $scale))
                   (f64.add (select (f64.load offset={{NOISE}} (i32.shl (local.get $i) (i32.const 3))) (f64.const 0) (local.get $dithered))
                            (f64.const 0.5))))
        (local.set $v (select (local.get $top) (local.get $v) (f64.gt (local.get $v) (local.get $top))))
        (local.set $v (select (local.get $bottom) (local.get $v) (f64.lt (local.get $v) (local.get $bottom))))
        (local.set $s (i32.trunc_sat_f64_s (f64.floor (local.get $v))))
        (i32.store16 offset={{BYTES}} (local.get $j) (local.get $s))
        (if (i32.eq (local.get $width) (i32.const 3))
          (then (i32.store8 offset={{BYTES[2]}} (local.get $j) (i32.shr_s (local.get $s) (i32.const 16)))))
        (local.set $j (i32.add (local.get $j) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Two channels of float32 interleaved for a WAV file (engine/io/wavWrite.ts):
  ;; BYTES[8 i .. 8 i + 8) = IN[i], IN2[i] for i < frames (at most 6144, what
  ;; BYTES holds), four frames a step and the rest one by one.
  (func $interleave2 (export "interleave2") (param $frames i32)
    (local $i i32) (local $end i32) (local $a v128) (local $b v128)
    (local.set $end (i32.and (local.get $frames) (i32.const -4)))
    (block $fours
      (loop $four
        (br_if $fours (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $a (v128.load offset={{IN}} (i32.shl (local.get $i) (i32.const 2))))
        (local.set $b (v128.load offset={{IN2}} (i32.shl (local.get $i) (i32.const 2))))
        (v128.store offset={{BYTES}} (i32.shl (local.get $i) (i32.const 3))
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
        (v128.store offset={{BYTES[16]}} (i32.shl (local.get $i) (i32.const 3))
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $four)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (i32.store offset={{BYTES}} (i32.shl (local.get $i) (i32.const 3)) (i32.load offset={{IN}} (i32.shl (local.get $i) (i32.const 2))))
        (i32.store offset={{BYTES[4]}} (i32.shl (local.get $i) (i32.const 3)) (i32.load offset={{IN2}} (i32.shl (local.get $i) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $one))))

  ;; A linked stereo compressor's detector input and its gains (engine/dsp/compressor.ts):
  ;; `loudest2`: IN[i] = |IN4[i]| where |IN3[i]| < |IN4[i]|, else |IN3[i]| (a NaN
  ;; never wins over the other channel: the JavaScript loop's comparison);
  ;; `applyGains2`: OUT3[i] = IN3[i] OUT[i], OUT4[i] = IN4[i] OUT[i] (float32
  ;; products). For i < frames, four frames a step; the block may run up to
  ;; three frames past `frames` (IN.. and OUT.. are 8192 frames long).
  (func $loudest2 (export "loudest2") (param $frames i32)
    (local $at i32) (local $end i32)
    (local.set $end (i32.shl (local.get $frames) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store offset={{IN}} (local.get $at)
          (f32x4.pmax (f32x4.abs (v128.load offset={{IN3}} (local.get $at))) (f32x4.abs (v128.load offset={{IN4}} (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next))))

  (func $applyGains2 (export "applyGains2") (param $frames i32)
    (local $at i32) (local $end i32) (local $g v128)
    (local.set $end (i32.shl (local.get $frames) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $g (v128.load offset={{OUT}} (local.get $at)))
        (v128.store offset={{OUT3}} (local.get $at) (f32x4.mul (v128.load offset={{IN3}} (local.get $at)) (local.get $g)))
        (v128.store offset={{OUT4}} (local.get $at) (f32x4.mul (v128.load offset={{IN4}} (local.get $at)) (local.get $g)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next))))

  ;; A true-peak meter's running maximum over a block (engine/loudness/truePeakMeter.ts,
  ;; byWindows without `out`, for 4x oversampling's folded phases, foldedPhases.ts).
  ;; HIST (f64) holds the `taps` samples before the block, oldest first (the
  ;; caller writes them), then the block, widened from IN here; OUT holds each
  ;; stretch of `taps` frames' largest magnitude (`chunkPeaks`); TPC holds
  ;; farPair, farMiddle, the gain bound, the screen's margin, then the folded
  ;; coefficients (even, odd, middle interleaved, 3 taps / 2 of them). Stretch
  ;; by stretch: reach = max(largest of the one before, its own); when reach
  ;; times the gain bound passes the peak so far, each frame's window (the
  ;; `taps` samples ending at it: a_j = HIST[i + 1 + j], b_j = HIST[i + taps - j])
  ;; gets `pointsPeakBound` (the four central pairs exactly, plus the most the
  ;; rest can add for `reach`), and, where that passes the peak, `pointsPeak4`,
  ;; each summed in the order foldedPhases.ts sums it, so each frame's values
  ;; have its bits. Two frames at once, a lane each; both are evaluated in full
  ;; when either's bound passes the peak as it was before the pair, which gives
  ;; the same maximum (a frame's points never exceed its bound). Returns the peak.
  (func $truePeakScan (export "truePeakScan") (param $frames i32) (param $taps i32) (param $before f64) (param $peak f64) (result f64)
    (local $i i32) (local $c i32) (local $start i32) (local $end i32) (local $half i32) (local $j i32) (local $k i32)
    (local $reach f64) (local $chunk f64) (local $p f64) (local $lane0 i32)
    (local $a v128) (local $b v128) (local $a1 v128) (local $b1 v128) (local $u v128) (local $v v128) (local $m v128) (local $bound v128)
    (local $base i32)
    (local.set $half (i32.shr_u (local.get $taps) (i32.const 1)))
    ;; HIST[taps + i] = IN[i].
    (block $w
      (loop $widen
        (br_if $w (i32.ge_u (local.get $i) (local.get $frames)))
        (f64.store offset={{HIST}} (i32.shl (i32.add (local.get $taps) (local.get $i)) (i32.const 3))
          (f64.promote_f32 (f32.load offset={{IN}} (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $widen)))
    (block $chunks
      (loop $chunk
        (br_if $chunks (i32.ge_u (local.get $start) (local.get $frames)))
        (local.set $end (select (local.get $frames) (i32.add (local.get $start) (local.get $taps))
          (i32.lt_u (local.get $frames) (i32.add (local.get $start) (local.get $taps)))))
        (local.set $chunk (f64.promote_f32 (f32.load offset={{OUT}} (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $reach (f64.max (local.get $before) (local.get $chunk)))
        (if (f64.gt (f64.mul (local.get $reach) (f64.load offset={{TP_GAIN_BOUND}} (i32.const 0))) (local.get $peak))
          (then
            (local.set $i (local.get $start))
            (block $pairs
              (loop $pair
                (br_if $pairs (i32.ge_u (local.get $i) (local.get $end)))
                ;; Lane 1 is frame i + 1, or nothing past the stretch's end (its values are not used).
                (local.set $lane0 (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
                ;; The bound: central pairs j = half - 4 .. half - 1, u, v, m from +0.
                (local.set $u (v128.const f64x2 0 0)) (local.set $v (v128.const f64x2 0 0)) (local.set $m (v128.const f64x2 0 0))
                (local.set $j (i32.sub (local.get $half) (i32.const 4)))
                (block $bdone
                  (loop $bnext
                    (br_if $bdone (i32.ge_u (local.get $j) (local.get $half)))
                    (local.set $a (v128.load offset={{HIST}} (i32.shl (i32.add (i32.add (local.get $i) (i32.const 1)) (local.get $j)) (i32.const 3))))
                    (local.set $b (v128.load offset={{HIST}} (i32.shl (i32.sub (i32.add (local.get $i) (local.get $taps)) (local.get $j)) (i32.const 3))))
                    (local.set $k (i32.add (i32.const {{TP_COEFFICIENTS}}) (i32.mul (local.get $j) (i32.const 24))))
                    (local.set $u (f64x2.add (local.get $u) (f64x2.mul (v128.load64_splat (local.get $k)) (f64x2.add (local.get $a) (local.get $b)))))
                    (local.set $v (f64x2.add (local.get $v) (f64x2.mul (v128.load64_splat offset=8 (local.get $k)) (f64x2.sub (local.get $a) (local.get $b)))))
                    (local.set $m (f64x2.add (local.get $m) (f64x2.mul (v128.load64_splat offset=16 (local.get $k)) (f64x2.add (local.get $a) (local.get $b)))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $bnext)))
                (local.set $bound
                  (f64x2.mul
                    (f64x2.max
                      (f64x2.add (f64x2.add (f64x2.abs (local.get $u)) (f64x2.abs (local.get $v))) (f64x2.mul (v128.load64_splat offset={{TP_FAR_PAIR}} (i32.const 0)) (f64x2.splat (local.get $reach))))
                      (f64x2.add (f64x2.abs (local.get $m)) (f64x2.mul (v128.load64_splat offset={{TP_FAR_MIDDLE}} (i32.const 0)) (f64x2.splat (local.get $reach)))))
                    (v128.load64_splat offset={{TP_MARGIN}} (i32.const 0))))
                (if (i32.or
                      (f64.gt (f64x2.extract_lane 0 (local.get $bound)) (local.get $peak))
                      (i32.and (i32.eqz (local.get $lane0)) (f64.gt (f64x2.extract_lane 1 (local.get $bound)) (local.get $peak))))
                  (then
                    ;; The full points: j = 0, 2, ..., half - 2, two pairs a step: u += c[k] (a0 + b0) + c[k + 3] (a1 + b1), ...
                    (local.set $u (v128.const f64x2 0 0)) (local.set $v (v128.const f64x2 0 0)) (local.set $m (v128.const f64x2 0 0))
                    (local.set $j (i32.const 0))
                    (block $fdone
                      (loop $fnext
                        (br_if $fdone (i32.ge_u (local.get $j) (local.get $half)))
                        (local.set $base (i32.shl (i32.add (i32.add (local.get $i) (i32.const 1)) (local.get $j)) (i32.const 3)))
                        (local.set $a (v128.load offset={{HIST}} (local.get $base)))
                        (local.set $a1 (v128.load offset={{HIST[1]}} (local.get $base)))
                        (local.set $base (i32.shl (i32.sub (i32.add (local.get $i) (local.get $taps)) (local.get $j)) (i32.const 3)))
                        (local.set $b (v128.load offset={{HIST}} (local.get $base)))
                        (local.set $b1 (v128.load offset={{HIST[-1]}} (local.get $base)))
                        (local.set $k (i32.add (i32.const {{TP_COEFFICIENTS}}) (i32.mul (local.get $j) (i32.const 24))))
                        (local.set $u (f64x2.add (local.get $u)
                          (f64x2.add (f64x2.mul (v128.load64_splat (local.get $k)) (f64x2.add (local.get $a) (local.get $b)))
                                     (f64x2.mul (v128.load64_splat offset=24 (local.get $k)) (f64x2.add (local.get $a1) (local.get $b1))))))
                        (local.set $v (f64x2.add (local.get $v)
                          (f64x2.add (f64x2.mul (v128.load64_splat offset=8 (local.get $k)) (f64x2.sub (local.get $a) (local.get $b)))
                                     (f64x2.mul (v128.load64_splat offset=32 (local.get $k)) (f64x2.sub (local.get $a1) (local.get $b1))))))
                        (local.set $m (f64x2.add (local.get $m)
                          (f64x2.add (f64x2.mul (v128.load64_splat offset=16 (local.get $k)) (f64x2.add (local.get $a) (local.get $b)))
                                     (f64x2.mul (v128.load64_splat offset=40 (local.get $k)) (f64x2.add (local.get $a1) (local.get $b1))))))
                        (local.set $j (i32.add (local.get $j) (i32.const 2)))
                        (br $fnext)))
                    (local.set $u (f64x2.max (f64x2.add (f64x2.abs (local.get $u)) (f64x2.abs (local.get $v))) (f64x2.abs (local.get $m))))
                    ;; A NaN point never wins (a NaN in the outer taps passes the bound).
                    (local.set $p (f64x2.extract_lane 0 (local.get $u)))
                    (local.set $peak (select (local.get $p) (local.get $peak) (f64.gt (local.get $p) (local.get $peak))))
                    (if (i32.eqz (local.get $lane0))
                      (then
                        (local.set $p (f64x2.extract_lane 1 (local.get $u)))
                        (local.set $peak (select (local.get $p) (local.get $peak) (f64.gt (local.get $p) (local.get $peak))))))))
                (local.set $i (i32.add (local.get $i) (i32.const 2)))
                (br $pair)))))
        (local.set $before (local.get $chunk))
        (local.set $start (local.get $end))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $chunk)))
    (local.get $peak))

  ;; The largest |IN[i]| of each stretch of n frames: OUT[c] for frames
  ;; [c n, min(frames, (c + 1) n)), four frames a step (f32x4). A NaN never
  ;; wins, as in a loop that keeps |x| when it is greater than the largest so far.
  (func $chunkPeaks (export "chunkPeaks") (param $frames i32) (param $n i32)
    (local $c i32) (local $start i32) (local $end i32) (local $i i32) (local $acc v128) (local $m f32) (local $v f32)
    (block $done
      (loop $chunk
        (br_if $done (i32.ge_u (local.get $start) (local.get $frames)))
        (local.set $end (select (local.get $frames) (i32.add (local.get $start) (local.get $n))
          (i32.lt_u (local.get $frames) (i32.add (local.get $start) (local.get $n)))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $i (local.get $start))
        (block $fours
          (loop $four
            (br_if $fours (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $end)))
            (local.set $acc (f32x4.pmax (local.get $acc) (f32x4.abs (v128.load offset={{IN}} (i32.shl (local.get $i) (i32.const 2))))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $four)))
        (local.set $m (f32x4.extract_lane 0 (local.get $acc)))
        (local.set $v (f32x4.extract_lane 1 (local.get $acc)))
        (local.set $m (select (local.get $v) (local.get $m) (f32.lt (local.get $m) (local.get $v))))
        (local.set $v (f32x4.extract_lane 2 (local.get $acc)))
        (local.set $m (select (local.get $v) (local.get $m) (f32.lt (local.get $m) (local.get $v))))
        (local.set $v (f32x4.extract_lane 3 (local.get $acc)))
        (local.set $m (select (local.get $v) (local.get $m) (f32.lt (local.get $m) (local.get $v))))
        (block $rest
          (loop $one
            (br_if $rest (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $v (f32.abs (f32.load offset={{IN}} (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $m (select (local.get $v) (local.get $m) (f32.lt (local.get $m) (local.get $v))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $one)))
        (f32.store offset={{OUT}} (i32.shl (local.get $c) (i32.const 2)) (local.get $m))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (local.set $start (local.get $end))
        (br $chunk))))
)
