;; The engine's hottest per-sample loops, in WebAssembly: the EQ's biquads
;; (one channel, or two side by side), the compressor's detector, a mono
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
;; channels' recursions at once; measured on the bench's tracks, one EQ is 1.5
;; times and a pair of EQs 1.85 times as fast as the JavaScript loops, the
;; compressor 1.3 times.
;;
;; The memory is laid out once (kernels.ts holds the same offsets, in bytes):
;;   0       LOG2_TABLE  1025 f64     fastMath's tables, written by kernels.ts
;;   8200    LOG2_SLOPE  1024 f64
;;   16392   EXP2_TABLE  1025 f64
;;   24592   EXP2_SLOPE  1024 f64
;;   32784   (free)                   POW2 (2^(i - 1022)) is not a table here: the kernels build it from its bits
;;   45056   COEF        15 f64       the coefficients of the bands being run
;;   45184   STATE       12 f64       their state
;;   45312   COEF2       15 f64x2     two channels' coefficients, lane by lane (the paired EQ)
;;   45568   STATE2      12 f64x2     their state (or two K-weighting filters')
;;   45824   SUMS2       2 f64        the two sums of `kWeighting2`
;;   45856   COMP2       11 f64x2     two compressors' constants, reductions and largest reductions, lane by lane (`compress2`)
;;   65536   IN          8192 f32     a block in
;;   98304   OUT         8192 f32     a block out
;;   131072  WORK        8192 f64     the EQ's block in double precision
;;   196608  GAINS       8192 f64     the compressor's gain per frame
;;   262144  RED         8192 f64     the compressor's gain reduction per frame
;;   327680  OUT2        8192 f32     a second block out (the right channel of `pan`, the paired EQ's second channel)
;;   360448  IN2         8192 f32     a second block in (the paired EQ's second channel)
;;   393216  WORK2       8192 f64x2   two channels' blocks in double precision, side by side
;;   524288  NOISE       8192 f64     a channel's dither values for a block (`tpdf` writes them)
;;   589824  BYTES       49152 bytes  a block of integer PCM, up to two channels interleaved (`encodeInt`)
;;   638976  DITHER      4 i32        the xoshiro128** state `tpdf` steps (read and written back)
(module
  (memory (export "memory") 10 10)

  ;; WORK[i] = IN[i] for i < frames.
  (func (export "widen") (param $frames i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (f64.store offset=131072 (i32.shl (local.get $i) (i32.const 3))
          (f64.promote_f32 (f32.load offset=65536 (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; OUT[i] = WORK[i] rounded to float32, for i < frames.
  (func (export "narrow") (param $frames i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (f32.store offset=98304 (i32.shl (local.get $i) (i32.const 2))
          (f32.demote_f64 (f64.load offset=131072 (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; One band over WORK in place: COEF = b0 b1 b2 a1 a2, STATE = x1 x2 y1 y2.
  ;; y = b0 x + b1 x1 + b2 x2 - a2 y2 - a1 y1, summed left to right.
  (func (export "oneBand") (param $frames i32)
    (local $i i32) (local $at i32)
    (local $b0 f64) (local $b1 f64) (local $b2 f64) (local $a1 f64) (local $a2 f64)
    (local $x f64) (local $x1 f64) (local $x2 f64) (local $y f64) (local $y1 f64) (local $y2 f64)
    (local.set $b0 (f64.load offset=45056 (i32.const 0)))
    (local.set $b1 (f64.load offset=45064 (i32.const 0)))
    (local.set $b2 (f64.load offset=45072 (i32.const 0)))
    (local.set $a1 (f64.load offset=45080 (i32.const 0)))
    (local.set $a2 (f64.load offset=45088 (i32.const 0)))
    (local.set $x1 (f64.load offset=45184 (i32.const 0)))
    (local.set $x2 (f64.load offset=45192 (i32.const 0)))
    (local.set $y1 (f64.load offset=45200 (i32.const 0)))
    (local.set $y2 (f64.load offset=45208 (i32.const 0)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 3)))
        (local.set $x (f64.load offset=131072 (local.get $at)))
        (local.set $y
          (f64.sub
            (f64.sub
              (f64.add (f64.add (f64.mul (local.get $b0) (local.get $x)) (f64.mul (local.get $b1) (local.get $x1)))
                       (f64.mul (local.get $b2) (local.get $x2)))
              (f64.mul (local.get $a2) (local.get $y2)))
            (f64.mul (local.get $a1) (local.get $y1))))
        (local.set $x2 (local.get $x1)) (local.set $x1 (local.get $x))
        (local.set $y2 (local.get $y1)) (local.set $y1 (local.get $y))
        (f64.store offset=131072 (local.get $at) (local.get $y))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (f64.store offset=45184 (i32.const 0) (local.get $x1))
    (f64.store offset=45192 (i32.const 0) (local.get $x2))
    (f64.store offset=45200 (i32.const 0) (local.get $y1))
    (f64.store offset=45208 (i32.const 0) (local.get $y2)))

  ;; Three bands in series over WORK in place, x -> y -> z -> w, as one loop:
  ;; COEF = three sets of b0 b1 b2 a1 a2; STATE = x1 x2 y1 y2 per band, where a
  ;; band's x history is the previous band's y history (written back to both).
  (func (export "threeBands") (param $frames i32)
    (local $i i32) (local $at i32)
    (local $b0 f64) (local $b1 f64) (local $b2 f64) (local $a1 f64) (local $a2 f64)
    (local $d0 f64) (local $d1 f64) (local $d2 f64) (local $e1 f64) (local $e2 f64)
    (local $f0 f64) (local $f1 f64) (local $f2 f64) (local $g1 f64) (local $g2 f64)
    (local $x f64) (local $x1 f64) (local $x2 f64) (local $y f64) (local $y1 f64) (local $y2 f64)
    (local $z f64) (local $z1 f64) (local $z2 f64) (local $w f64) (local $w1 f64) (local $w2 f64)
    (local.set $b0 (f64.load offset=45056 (i32.const 0)))
    (local.set $b1 (f64.load offset=45064 (i32.const 0)))
    (local.set $b2 (f64.load offset=45072 (i32.const 0)))
    (local.set $a1 (f64.load offset=45080 (i32.const 0)))
    (local.set $a2 (f64.load offset=45088 (i32.const 0)))
    (local.set $d0 (f64.load offset=45096 (i32.const 0)))
    (local.set $d1 (f64.load offset=45104 (i32.const 0)))
    (local.set $d2 (f64.load offset=45112 (i32.const 0)))
    (local.set $e1 (f64.load offset=45120 (i32.const 0)))
    (local.set $e2 (f64.load offset=45128 (i32.const 0)))
    (local.set $f0 (f64.load offset=45136 (i32.const 0)))
    (local.set $f1 (f64.load offset=45144 (i32.const 0)))
    (local.set $f2 (f64.load offset=45152 (i32.const 0)))
    (local.set $g1 (f64.load offset=45160 (i32.const 0)))
    (local.set $g2 (f64.load offset=45168 (i32.const 0)))
    (local.set $x1 (f64.load offset=45184 (i32.const 0)))
    (local.set $x2 (f64.load offset=45192 (i32.const 0)))
    (local.set $y1 (f64.load offset=45200 (i32.const 0)))
    (local.set $y2 (f64.load offset=45208 (i32.const 0)))
    (local.set $z1 (f64.load offset=45232 (i32.const 0)))
    (local.set $z2 (f64.load offset=45240 (i32.const 0)))
    (local.set $w1 (f64.load offset=45264 (i32.const 0)))
    (local.set $w2 (f64.load offset=45272 (i32.const 0)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 3)))
        (local.set $x (f64.load offset=131072 (local.get $at)))
        (local.set $y
          (f64.sub
            (f64.sub
              (f64.add (f64.add (f64.mul (local.get $b0) (local.get $x)) (f64.mul (local.get $b1) (local.get $x1)))
                       (f64.mul (local.get $b2) (local.get $x2)))
              (f64.mul (local.get $a2) (local.get $y2)))
            (f64.mul (local.get $a1) (local.get $y1))))
        (local.set $z
          (f64.sub
            (f64.sub
              (f64.add (f64.add (f64.mul (local.get $d0) (local.get $y)) (f64.mul (local.get $d1) (local.get $y1)))
                       (f64.mul (local.get $d2) (local.get $y2)))
              (f64.mul (local.get $e2) (local.get $z2)))
            (f64.mul (local.get $e1) (local.get $z1))))
        (local.set $w
          (f64.sub
            (f64.sub
              (f64.add (f64.add (f64.mul (local.get $f0) (local.get $z)) (f64.mul (local.get $f1) (local.get $z1)))
                       (f64.mul (local.get $f2) (local.get $z2)))
              (f64.mul (local.get $g2) (local.get $w2)))
            (f64.mul (local.get $g1) (local.get $w1))))
        (local.set $x2 (local.get $x1)) (local.set $x1 (local.get $x))
        (local.set $y2 (local.get $y1)) (local.set $y1 (local.get $y))
        (local.set $z2 (local.get $z1)) (local.set $z1 (local.get $z))
        (local.set $w2 (local.get $w1)) (local.set $w1 (local.get $w))
        (f64.store offset=131072 (local.get $at) (local.get $w))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (f64.store offset=45184 (i32.const 0) (local.get $x1))
    (f64.store offset=45192 (i32.const 0) (local.get $x2))
    (f64.store offset=45200 (i32.const 0) (local.get $y1))
    (f64.store offset=45208 (i32.const 0) (local.get $y2))
    (f64.store offset=45216 (i32.const 0) (local.get $y1))
    (f64.store offset=45224 (i32.const 0) (local.get $y2))
    (f64.store offset=45232 (i32.const 0) (local.get $z1))
    (f64.store offset=45240 (i32.const 0) (local.get $z2))
    (f64.store offset=45248 (i32.const 0) (local.get $z1))
    (f64.store offset=45256 (i32.const 0) (local.get $z2))
    (f64.store offset=45264 (i32.const 0) (local.get $w1))
    (f64.store offset=45272 (i32.const 0) (local.get $w2)))

  ;; The compressor's detector over frames [from, to) of IN (a channel, or the
  ;; loudest channel's magnitude): level (log2 from the float's bits and
  ;; LOG2_TABLE), the gain computer, the branching smoother written without a
  ;; branch, and 2^(makeup - reduction) from POW2 and EXP2_TABLE. RED gets the
  ;; reduction after each frame; OUT gets IN times the gain (gains = 0) or
  ;; GAINS the gain (gains = 1). Returns the reduction after the last frame.
  (func (export "compress")
    (param $from i32) (param $to i32) (param $r f64) (param $gains i32)
    (param $quiet f64) (param $kneeTop f64) (param $halfSlope f64) (param $exp2Base f64)
    (param $knee f64) (param $kneeScale f64) (param $keep f64) (param $mean f64) (param $spread f64)
    (result f64)
    (local $i i32) (local $x f32) (local $s f64) (local $bits i32) (local $k i32)
    (local $above f64) (local $wanted f64) (local $inside f64) (local $xk f64)
    (local $scaled f64) (local $n i32) (local $m i32) (local $gain f64)
    (local.set $i (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $x (f32.load offset=65536 (i32.shl (local.get $i) (i32.const 2))))
        (local.set $s (f64.promote_f32 (local.get $x)))
        (local.set $wanted (f64.const 0))
        (if (f64.gt (f64.abs (local.get $s)) (local.get $quiet))
          (then
            ;; level = exponent - 127 + LOG2_TABLE[k] + LOG2_SLOPE[k] * (low 13 mantissa bits)
            (local.set $bits (i32.reinterpret_f32 (local.get $x)))
            (local.set $k (i32.shl (i32.and (i32.shr_u (local.get $bits) (i32.const 13)) (i32.const 1023)) (i32.const 3)))
            (local.set $above
              (f64.sub
                (f64.add
                  (f64.add
                    (f64.convert_i32_s (i32.sub (i32.and (i32.shr_u (local.get $bits) (i32.const 23)) (i32.const 255)) (i32.const 127)))
                    (f64.load offset=0 (local.get $k)))
                  (f64.mul (f64.load offset=8200 (local.get $k))
                           (f64.convert_i32_s (i32.and (local.get $bits) (i32.const 8191)))))
                (local.get $kneeTop)))
            (local.set $wanted (f64.mul (local.get $halfSlope) (f64.add (local.get $above) (f64.abs (local.get $above)))))
            (if (f64.gt (local.get $knee) (f64.const 0))
              (then
                (local.set $inside (f64.add (local.get $above) (local.get $knee)))
                (local.set $xk
                  (f64.add (f64.sub (f64.abs (local.get $inside)) (f64.abs (f64.sub (local.get $inside) (local.get $knee))))
                           (local.get $knee)))
                (local.set $wanted
                  (f64.add (local.get $wanted)
                    (f64.mul (f64.mul (f64.mul (local.get $halfSlope) (local.get $xk)) (local.get $xk)) (local.get $kneeScale))))))))
        (local.set $r
          (f64.add
            (f64.add (f64.mul (local.get $keep) (local.get $r)) (f64.mul (local.get $mean) (local.get $wanted)))
            (f64.mul (local.get $spread) (f64.abs (f64.sub (local.get $wanted) (local.get $r))))))
        (f64.store offset=262144 (i32.shl (local.get $i) (i32.const 3)) (local.get $r))
        (local.set $scaled (f64.mul (f64.sub (local.get $exp2Base) (local.get $r)) (f64.const 1024)))
        (local.set $n (i32.trunc_sat_f64_s (local.get $scaled)))
        (local.set $m (i32.shl (i32.and (local.get $n) (i32.const 1023)) (i32.const 3)))
        (local.set $gain
          (f64.mul
            ;; POW2[n >> 10] = 2^((n >> 10) - 1022), a normal double: its bits are ((n >> 10) + 1) << 52.
            (f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.add (i32.shr_s (local.get $n) (i32.const 10)) (i32.const 1))) (i64.const 52)))
            (f64.add
              (f64.load offset=16392 (local.get $m))
              (f64.mul (f64.load offset=24592 (local.get $m))
                       (f64.sub (local.get $scaled) (f64.convert_i32_s (local.get $n)))))))
        (if (local.get $gains)
          (then (f64.store offset=196608 (i32.shl (local.get $i) (i32.const 3)) (local.get $gain)))
          (else (f32.store offset=98304 (i32.shl (local.get $i) (i32.const 2))
                  (f32.demote_f64 (f64.mul (local.get $s) (local.get $gain))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $r))

;; `compress` for two mono compressors at once, one in each lane of f64x2:
  ;; lane 0 over IN into OUT, lane 1 over IN2 into OUT2, frames [0, frames).
  ;; COMP2 holds, lane by lane, quiet kneeTop halfSlope exp2Base knee
  ;; kneeScale keep mean spread, the reduction (read and written back) and
  ;; the largest reduction after any frame (written; no reductions per frame,
  ;; whose two stores a frame cost a fifth of the loop).
  ;; Each lane does `compress`'s arithmetic in its order; its two branches
  ;; become selects: the level's sum is computed for every sample and kept
  ;; only where |sample| > quiet (else the wanted reduction is +0, as there),
  ;; and the knee's term is added only in a lane whose knee is over 0. The
  ;; table reads are a lane at a time. So each compressor gets the bits
  ;; `compress` gives it, at little more than the cost of one.
  (func (export "compress2") (param $frames i32)
    (local $i i32) (local $at i32) (local $anyKnee i32)
    (local $quiet v128) (local $kneeTop v128) (local $halfSlope v128)
    (local $knee v128) (local $kneeScale v128)
    (local $r v128) (local $largest v128) (local $kneeMask v128)
    (local $v v128) (local $s v128) (local $k v128) (local $t v128) (local $sl v128)
    (local $above v128) (local $wanted v128) (local $inside v128) (local $xk v128)
    (local $scaled v128) (local $fl v128) (local $n v128) (local $m v128) (local $pw v128) (local $gain v128)
    (local.set $quiet (v128.load offset=45856 (i32.const 0)))
    (local.set $kneeTop (v128.load offset=45872 (i32.const 0)))
    (local.set $halfSlope (v128.load offset=45888 (i32.const 0)))
    (local.set $knee (v128.load offset=45920 (i32.const 0)))
    (local.set $kneeScale (v128.load offset=45936 (i32.const 0)))
    (local.set $r (v128.load offset=46000 (i32.const 0)))
    (local.set $kneeMask (f64x2.gt (local.get $knee) (f64x2.splat (f64.const 0))))
    (local.set $anyKnee (v128.any_true (local.get $kneeMask)))
    ;; exp2Base keep mean spread are read from COMP2 in the loop: with fewer values
    ;; kept in registers, fewer spill (4% faster measured).
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        ;; v: the two samples (f32 lanes 0 and 1), s: them in double precision.
        (local.set $v (v128.load32_lane offset=360448 1 (local.get $at)
                        (v128.load32_zero offset=65536 (local.get $at))))
        (local.set $s (f64x2.promote_low_f32x4 (local.get $v)))
        ;; level = exponent - 127 + LOG2_TABLE[k] + LOG2_SLOPE[k] * (low 13 mantissa bits), less kneeTop
        (local.set $k (i32x4.shl (v128.and (i32x4.shr_u (local.get $v) (i32.const 13)) (v128.const i32x4 1023 1023 1023 1023)) (i32.const 3)))
        (local.set $t (v128.load64_lane offset=0 1 (i32x4.extract_lane 1 (local.get $k))
                        (v128.load64_zero offset=0 (i32x4.extract_lane 0 (local.get $k)))))
        (local.set $sl (v128.load64_lane offset=8200 1 (i32x4.extract_lane 1 (local.get $k))
                         (v128.load64_zero offset=8200 (i32x4.extract_lane 0 (local.get $k)))))
        (local.set $above
          (f64x2.sub
            (f64x2.add
              (f64x2.add
                (f64x2.convert_low_i32x4_s
                  (i32x4.sub (v128.and (i32x4.shr_u (local.get $v) (i32.const 23)) (v128.const i32x4 255 255 255 255))
                             (v128.const i32x4 127 127 127 127)))
                (local.get $t))
              (f64x2.mul (local.get $sl)
                         (f64x2.convert_low_i32x4_s (v128.and (local.get $v) (v128.const i32x4 8191 8191 8191 8191)))))
            (local.get $kneeTop)))
        (local.set $wanted (f64x2.mul (local.get $halfSlope) (f64x2.add (local.get $above) (f64x2.abs (local.get $above)))))
        (if (local.get $anyKnee)
          (then
            (local.set $inside (f64x2.add (local.get $above) (local.get $knee)))
            (local.set $xk
              (f64x2.add (f64x2.sub (f64x2.abs (local.get $inside)) (f64x2.abs (f64x2.sub (local.get $inside) (local.get $knee))))
                         (local.get $knee)))
            (local.set $wanted
              (v128.bitselect
                (f64x2.add (local.get $wanted)
                  (f64x2.mul (f64x2.mul (f64x2.mul (local.get $halfSlope) (local.get $xk)) (local.get $xk)) (local.get $kneeScale)))
                (local.get $wanted)
                (local.get $kneeMask)))))
        (local.set $wanted (v128.and (local.get $wanted) (f64x2.gt (f64x2.abs (local.get $s)) (local.get $quiet))))
        (local.set $r
          (f64x2.add
            (f64x2.add (f64x2.mul (v128.load offset=45952 (i32.const 0)) (local.get $r)) (f64x2.mul (v128.load offset=45968 (i32.const 0)) (local.get $wanted)))
            (f64x2.mul (v128.load offset=45984 (i32.const 0)) (f64x2.abs (f64x2.sub (local.get $wanted) (local.get $r))))))
        ;; r is never NaN (a NaN sample asks for +0), so pmax's one instruction is max.
        (local.set $largest (f64x2.pmax (local.get $largest) (local.get $r)))
        ;; gain = POW2[n >> 10] * (EXP2_TABLE[m] + EXP2_SLOPE[m] * (scaled - n)), n = trunc(scaled), m = n & 1023.
        ;; scaled is positive, so trunc is floor; floor + 2^52 holds n in its low bits (i32 lanes 0 and 2).
        (local.set $scaled (f64x2.mul (f64x2.sub (v128.load offset=45904 (i32.const 0)) (local.get $r)) (v128.const f64x2 1024 1024)))
        (local.set $fl (f64x2.floor (local.get $scaled)))
        (local.set $n (f64x2.add (local.get $fl) (v128.const f64x2 0x1p52 0x1p52)))
        (local.set $m (i64x2.shl (v128.and (local.get $n) (v128.const i64x2 1023 1023)) (i32.const 3)))
        ;; POW2[n >> 10] = 2^((n >> 10) - 1022), a normal double: its bits are ((n >> 10) + 1) << 52.
        (local.set $pw (i64x2.shl (i64x2.add (v128.and (i64x2.shr_u (local.get $n) (i32.const 10)) (v128.const i64x2 0x3fffff 0x3fffff)) (v128.const i64x2 1 1))
                                  (i32.const 52)))
        (local.set $t (v128.load64_lane offset=16392 1 (i32x4.extract_lane 2 (local.get $m))
                        (v128.load64_zero offset=16392 (i32x4.extract_lane 0 (local.get $m)))))
        (local.set $sl (v128.load64_lane offset=24592 1 (i32x4.extract_lane 2 (local.get $m))
                         (v128.load64_zero offset=24592 (i32x4.extract_lane 0 (local.get $m)))))
        (local.set $gain
          (f64x2.mul (local.get $pw)
            (f64x2.add (local.get $t)
              (f64x2.mul (local.get $sl) (f64x2.sub (local.get $scaled) (local.get $fl))))))
        (local.set $v (f32x4.demote_f64x2_zero (f64x2.mul (local.get $s) (local.get $gain))))
        (v128.store32_lane offset=98304 0 (local.get $at) (local.get $v))
        (v128.store32_lane offset=327680 1 (local.get $at) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (v128.store offset=46000 (i32.const 0) (local.get $r))
    (v128.store offset=46016 (i32.const 0) (local.get $largest)))

  ;; A mono channel's fixed pan and fader gain in one pass (engine/render/fader.ts,
  ;; applyPanned): OUT = f32(f32(IN left) gain), OUT2 = f32(f32(IN right) gain),
  ;; each pan product rounded to float32 as storing it would. Two frames a step
  ;; in f64x2 lanes, four per turn, then one at a time.
  (func (export "pan") (param $frames i32) (param $left f64) (param $right f64) (param $gain f64)
    (local $i i32) (local $at i32) (local $x f64) (local $lo v128) (local $hi v128)
    (local $l v128) (local $r v128) (local $g v128)
    (local.set $l (f64x2.splat (local.get $left)))
    (local.set $r (f64x2.splat (local.get $right)))
    (local.set $g (f64x2.splat (local.get $gain)))
    (block $fours
      (loop $four
        (br_if $fours (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset=65536 (local.get $at))))
        (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero offset=65544 (local.get $at))))
        (v128.store offset=98304 (local.get $at)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $lo) (local.get $l)))) (local.get $g)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $hi) (local.get $l)))) (local.get $g)))))
        (v128.store offset=327680 (local.get $at)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $lo) (local.get $r)))) (local.get $g)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $hi) (local.get $r)))) (local.get $g)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $four)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (local.set $x (f64.promote_f32 (f32.load offset=65536 (local.get $at))))
        (f32.store offset=98304 (local.get $at)
          (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.demote_f64 (f64.mul (local.get $x) (local.get $left)))) (local.get $gain))))
        (f32.store offset=327680 (local.get $at)
          (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.demote_f64 (f64.mul (local.get $x) (local.get $right)))) (local.get $gain))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; WORK2[i] = (IN[i], IN2[i]) for i < frames.
  (func (export "widen2") (param $frames i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (v128.store offset=393216 (i32.shl (local.get $i) (i32.const 4))
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load offset=65536 (i32.shl (local.get $i) (i32.const 2)))))
            (f64.promote_f32 (f32.load offset=360448 (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; OUT[i], OUT2[i] = WORK2[i]'s lanes rounded to float32, for i < frames.
  (func (export "narrow2") (param $frames i32)
    (local $i i32) (local $v v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $v (f32x4.demote_f64x2_zero (v128.load offset=393216 (i32.shl (local.get $i) (i32.const 4)))))
        (f32.store offset=98304 (i32.shl (local.get $i) (i32.const 2)) (f32x4.extract_lane 0 (local.get $v)))
        (f32.store offset=327680 (i32.shl (local.get $i) (i32.const 2)) (f32x4.extract_lane 1 (local.get $v)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; `oneBand` on two channels at once (see threeBands2).
  (func (export "oneBand2") (param $frames i32)
    (local $at i32) (local $end i32)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $a1 v128) (local $a2 v128)
    (local $x v128) (local $x1 v128) (local $x2 v128) (local $y v128) (local $y1 v128) (local $y2 v128)
    (local.set $b0 (v128.load offset=45312 (i32.const 0)))
    (local.set $b1 (v128.load offset=45328 (i32.const 0)))
    (local.set $b2 (v128.load offset=45344 (i32.const 0)))
    (local.set $a1 (v128.load offset=45360 (i32.const 0)))
    (local.set $a2 (v128.load offset=45376 (i32.const 0)))
    (local.set $x1 (v128.load offset=45568 (i32.const 0)))
    (local.set $x2 (v128.load offset=45584 (i32.const 0)))
    (local.set $y1 (v128.load offset=45600 (i32.const 0)))
    (local.set $y2 (v128.load offset=45616 (i32.const 0)))
    (local.set $end (i32.shl (local.get $frames) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load offset=393216 (local.get $at)))
        (local.set $y
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (local.get $b0) (local.get $x)) (f64x2.mul (local.get $b1) (local.get $x1)))
                         (f64x2.mul (local.get $b2) (local.get $x2)))
              (f64x2.mul (local.get $a2) (local.get $y2)))
            (f64x2.mul (local.get $a1) (local.get $y1))))
        (local.set $x2 (local.get $x1)) (local.set $x1 (local.get $x))
        (local.set $y2 (local.get $y1)) (local.set $y1 (local.get $y))
        (v128.store offset=393216 (local.get $at) (local.get $y))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (v128.store offset=45568 (i32.const 0) (local.get $x1))
    (v128.store offset=45584 (i32.const 0) (local.get $x2))
    (v128.store offset=45600 (i32.const 0) (local.get $y1))
    (v128.store offset=45616 (i32.const 0) (local.get $y2)))

  ;; `threeBands` on two channels at once, one in each lane of f64x2 (IEEE in
  ;; each lane, so each channel gets the bits `threeBands` gives it): WORK2
  ;; in place, COEF2 and STATE2 laid out as COEF and STATE with a lane per channel.
  ;; With $widen it reads IN and IN2 as `widen2` would have put them in WORK2, and
  ;; with $narrow it writes OUT and OUT2 as `narrow2` would have from WORK2:
  ;; one pass instead of three when these are an EQ's only bands.
  (func (export "threeBands2") (param $frames i32) (param $widen i32) (param $narrow i32)
    (local $at i32) (local $end i32) (local $v v128)
    (local $x v128) (local $x1 v128) (local $x2 v128) (local $y v128) (local $y1 v128) (local $y2 v128)
    (local $z v128) (local $z1 v128) (local $z2 v128) (local $w v128) (local $w1 v128) (local $w2 v128)
    (local.set $x1 (v128.load offset=45568 (i32.const 0)))
    (local.set $x2 (v128.load offset=45584 (i32.const 0)))
    (local.set $y1 (v128.load offset=45600 (i32.const 0)))
    (local.set $y2 (v128.load offset=45616 (i32.const 0)))
    (local.set $z1 (v128.load offset=45664 (i32.const 0)))
    (local.set $z2 (v128.load offset=45680 (i32.const 0)))
    (local.set $w1 (v128.load offset=45728 (i32.const 0)))
    (local.set $w2 (v128.load offset=45744 (i32.const 0)))
    (local.set $end (i32.shl (local.get $frames) (i32.const 4)))
    ;; The coefficients are read from COEF2 in the loop rather than kept in locals:
    ;; with 15 of them and 12 states, locals spill anyway (8-12% faster measured).
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x
          (if (result v128) (local.get $widen)
            (then (f64x2.promote_low_f32x4
                    (v128.load32_lane offset=360448 1 (i32.shr_u (local.get $at) (i32.const 2))
                      (v128.load32_zero offset=65536 (i32.shr_u (local.get $at) (i32.const 2))))))
            (else (v128.load offset=393216 (local.get $at)))))
        (local.set $y
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (v128.load offset=45312 (i32.const 0)) (local.get $x)) (f64x2.mul (v128.load offset=45328 (i32.const 0)) (local.get $x1)))
                         (f64x2.mul (v128.load offset=45344 (i32.const 0)) (local.get $x2)))
              (f64x2.mul (v128.load offset=45376 (i32.const 0)) (local.get $y2)))
            (f64x2.mul (v128.load offset=45360 (i32.const 0)) (local.get $y1))))
        (local.set $z
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (v128.load offset=45392 (i32.const 0)) (local.get $y)) (f64x2.mul (v128.load offset=45408 (i32.const 0)) (local.get $y1)))
                         (f64x2.mul (v128.load offset=45424 (i32.const 0)) (local.get $y2)))
              (f64x2.mul (v128.load offset=45456 (i32.const 0)) (local.get $z2)))
            (f64x2.mul (v128.load offset=45440 (i32.const 0)) (local.get $z1))))
        (local.set $w
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (v128.load offset=45472 (i32.const 0)) (local.get $z)) (f64x2.mul (v128.load offset=45488 (i32.const 0)) (local.get $z1)))
                         (f64x2.mul (v128.load offset=45504 (i32.const 0)) (local.get $z2)))
              (f64x2.mul (v128.load offset=45536 (i32.const 0)) (local.get $w2)))
            (f64x2.mul (v128.load offset=45520 (i32.const 0)) (local.get $w1))))
        (local.set $x2 (local.get $x1)) (local.set $x1 (local.get $x))
        (local.set $y2 (local.get $y1)) (local.set $y1 (local.get $y))
        (local.set $z2 (local.get $z1)) (local.set $z1 (local.get $z))
        (local.set $w2 (local.get $w1)) (local.set $w1 (local.get $w))
        (if (local.get $narrow)
          (then
            (local.set $v (f32x4.demote_f64x2_zero (local.get $w)))
            (v128.store32_lane offset=98304 0 (i32.shr_u (local.get $at) (i32.const 2)) (local.get $v))
            (v128.store32_lane offset=327680 1 (i32.shr_u (local.get $at) (i32.const 2)) (local.get $v)))
          (else (v128.store offset=393216 (local.get $at) (local.get $w))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (v128.store offset=45568 (i32.const 0) (local.get $x1))
    (v128.store offset=45584 (i32.const 0) (local.get $x2))
    (v128.store offset=45600 (i32.const 0) (local.get $y1))
    (v128.store offset=45616 (i32.const 0) (local.get $y2))
    (v128.store offset=45632 (i32.const 0) (local.get $y1))
    (v128.store offset=45648 (i32.const 0) (local.get $y2))
    (v128.store offset=45664 (i32.const 0) (local.get $z1))
    (v128.store offset=45680 (i32.const 0) (local.get $z2))
    (v128.store offset=45696 (i32.const 0) (local.get $z1))
    (v128.store offset=45712 (i32.const 0) (local.get $z2))
    (v128.store offset=45728 (i32.const 0) (local.get $w1))
    (v128.store offset=45744 (i32.const 0) (local.get $w2)))

  ;; Two K-weighting filters (engine/loudness/kWeighting.ts) of one sample
  ;; rate, a lane each of f64x2: lane 0 over IN, lane 1 over IN2, frames
  ;; [0, 2 pairs), two samples a step. Stage 1 is b0 b1 b2 a1 a2 (the shelf),
  ;; stage 2 has numerator 1 -2 1 and denominator h1 h2 (the high-pass):
  ;;   y = b0 x + b1 x1 + b2 x2 - a2 y2 - a1 y1,  z = y - 2 y1 + y2 - h2 z2 - h1 z1.
  ;; STATE2 = x1 x2 y1 y2 z1 z2, a lane per filter, read and written back.
  ;; SUMS2 gets each lane's sum of the squares of z, added a pair at a time
  ;; (sum + (z² + zb²)) from the sums given.
  (func (export "kWeighting2")
    (param $pairs i32) (param $sumA f64) (param $sumB f64)
    (param $b0s f64) (param $b1s f64) (param $b2s f64) (param $a1s f64) (param $a2s f64) (param $h1s f64) (param $h2s f64)
    (local $at i32) (local $end i32) (local $sum v128) (local $two v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $a1 v128) (local $a2 v128) (local $h1 v128) (local $h2 v128)
    (local $x v128) (local $xb v128) (local $y v128) (local $yb v128) (local $z v128) (local $zb v128)
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
    (local.set $x1 (v128.load offset=45568 (i32.const 0)))
    (local.set $x2 (v128.load offset=45584 (i32.const 0)))
    (local.set $y1 (v128.load offset=45600 (i32.const 0)))
    (local.set $y2 (v128.load offset=45616 (i32.const 0)))
    (local.set $z1 (v128.load offset=45632 (i32.const 0)))
    (local.set $z2 (v128.load offset=45648 (i32.const 0)))
    (local.set $end (i32.shl (local.get $pairs) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (f64x2.replace_lane 1
          (f64x2.splat (f64.promote_f32 (f32.load offset=65536 (local.get $at))))
          (f64.promote_f32 (f32.load offset=360448 (local.get $at)))))
        (local.set $xb (f64x2.replace_lane 1
          (f64x2.splat (f64.promote_f32 (f32.load offset=65540 (local.get $at))))
          (f64.promote_f32 (f32.load offset=360452 (local.get $at)))))
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
    (v128.store offset=45568 (i32.const 0) (local.get $x1))
    (v128.store offset=45584 (i32.const 0) (local.get $x2))
    (v128.store offset=45600 (i32.const 0) (local.get $y1))
    (v128.store offset=45616 (i32.const 0) (local.get $y2))
    (v128.store offset=45632 (i32.const 0) (local.get $z1))
    (v128.store offset=45648 (i32.const 0) (local.get $z2))
    (v128.store offset=45824 (i32.const 0) (local.get $sum)))

  ;; OUT[i] = OUT[i] + IN[i], rounded to float32, for i < frames: one source
  ;; added to a bus (engine/render/sum.ts), four frames a step.
  (func (export "accumulate") (param $frames i32)
    (local $at i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $frames) (i32.const -4)) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store offset=98304 (local.get $at)
          (f32x4.add (v128.load offset=98304 (local.get $at)) (v128.load offset=65536 (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (local.set $end (i32.shl (local.get $frames) (i32.const 2)))
    (block $rest
      (loop $one
        (br_if $rest (i32.ge_u (local.get $at) (local.get $end)))
        (f32.store offset=98304 (local.get $at)
          (f32.add (f32.load offset=98304 (local.get $at)) (f32.load offset=65536 (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $one))))

  ;; OUT[i] = OUT[i] + IN[i] g for i < frames, in double precision and rounded
  ;; to float32 (a take added into a strip at its clip gain, engine/render/sum.ts
  ;; addScaled: what `out[i] += in[i] * g` on Float32Arrays does), two frames a step.
  (func (export "accumulateScaled") (param $frames i32) (param $g f64)
    (local $at i32) (local $end i32) (local $gain v128)
    (local.set $gain (f64x2.splat (local.get $g)))
    (local.set $end (i32.shl (i32.and (local.get $frames) (i32.const -2)) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store64_lane offset=98304 0 (local.get $at)
          (f32x4.demote_f64x2_zero
            (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=98304 (local.get $at)))
                       (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=65536 (local.get $at))) (local.get $gain)))))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (br $next)))
    (if (i32.and (local.get $frames) (i32.const 1))
      (then
        (f32.store offset=98304 (local.get $at)
          (f32.demote_f64
            (f64.add (f64.promote_f32 (f32.load offset=98304 (local.get $at)))
                     (f64.mul (f64.promote_f32 (f32.load offset=65536 (local.get $at))) (local.get $g))))))))

  ;; TPDF dither (engine/render/dither.ts, TpdfDither.fill): NOISE[i] = u + u'
  ;; for i < frames, two xoshiro128** steps a frame from the state at DITHER
  ;; (read and written back); a step's value is u = (r + 0.5) 2^-32 - 0.5,
  ;; r = rotl(s1 5, 7) 9 as an unsigned integer.
  (func (export "tpdf") (param $frames i32)
    (local $i i32) (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $u f64)
    (local.set $s0 (i32.load offset=638976 (i32.const 0)))
    (local.set $s1 (i32.load offset=638980 (i32.const 0)))
    (local.set $s2 (i32.load offset=638984 (i32.const 0)))
    (local.set $s3 (i32.load offset=638988 (i32.const 0)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $u (f64.sub (f64.mul (f64.add (f64.convert_i32_u (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
                                                 (f64.const 0.5))
                                        (f64.const 0x1p-32))
                               (f64.const 0.5)))
        (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
        (f64.store offset=524288 (i32.shl (local.get $i) (i32.const 3))
          (f64.add (local.get $u)
            (f64.sub (f64.mul (f64.add (f64.convert_i32_u (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
                                       (f64.const 0.5))
                              (f64.const 0x1p-32))
                     (f64.const 0.5))))
        (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store offset=638976 (i32.const 0) (local.get $s0))
    (i32.store offset=638980 (i32.const 0) (local.get $s1))
    (i32.store offset=638984 (i32.const 0) (local.get $s2))
    (i32.store offset=638988 (i32.const 0) (local.get $s3)))

  ;; Integer PCM (engine/io/wavWrite.ts, encodeInt): for i < frames, the
  ;; sample v = IN[i] scale + (d + 0.5), d = NOISE[i] when $dithered (else
  ;; 0), clamped to [-scale, scale - 1] and floored, as a little-endian
  ;; integer of $width bytes (2 or 3) at BYTES + at + i stride. A NaN
  ;; sample is written as 0, as storing NaN into a typed array does.
  (func (export "encodeInt") (param $frames i32) (param $at i32) (param $stride i32) (param $scale f64) (param $width i32) (param $dithered i32)
    (local $i i32) (local $j i32) (local $v f64) (local $s i32) (local $top f64) (local $bottom f64)
    (local.set $top (f64.sub (local.get $scale) (f64.const 1)))
    (local.set $bottom (f64.neg (local.get $scale)))
    (local.set $j (local.get $at))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
        (local.set $v
          (f64.add (f64.mul (f64.promote_f32 (f32.load offset=65536 (i32.shl (local.get $i) (i32.const 2)))) (local.get $scale))
                   (f64.add (select (f64.load offset=524288 (i32.shl (local.get $i) (i32.const 3))) (f64.const 0) (local.get $dithered))
                            (f64.const 0.5))))
        (local.set $v (select (local.get $top) (local.get $v) (f64.gt (local.get $v) (local.get $top))))
        (local.set $v (select (local.get $bottom) (local.get $v) (f64.lt (local.get $v) (local.get $bottom))))
        (local.set $s (i32.trunc_sat_f64_s (f64.floor (local.get $v))))
        (i32.store16 offset=589824 (local.get $j) (local.get $s))
        (if (i32.eq (local.get $width) (i32.const 3))
          (then (i32.store8 offset=589826 (local.get $j) (i32.shr_s (local.get $s) (i32.const 16)))))
        (local.set $j (i32.add (local.get $j) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; The largest |IN[i]| of each stretch of n frames: OUT[c] for frames
  ;; [c n, min(frames, (c + 1) n)), four frames a step (f32x4). A NaN never
  ;; wins, as in a loop that keeps |x| when it is greater than the largest so far.
  (func (export "chunkPeaks") (param $frames i32) (param $n i32)
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
            (local.set $acc (f32x4.pmax (local.get $acc) (f32x4.abs (v128.load offset=65536 (i32.shl (local.get $i) (i32.const 2))))))
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
            (local.set $v (f32.abs (f32.load offset=65536 (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $m (select (local.get $v) (local.get $m) (f32.lt (local.get $m) (local.get $v))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $one)))
        (f32.store offset=98304 (i32.shl (local.get $c) (i32.const 2)) (local.get $m))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (local.set $start (local.get $end))
        (br $chunk))))
)
