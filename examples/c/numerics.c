/*
 * numerics: floating point in f32 and f64, printed with printf's %f, %g, %e and %a, so that
 * every rounding step of the runtime (arithmetic, conversions, libm compiled to wasm) shows in
 * the output: series for pi and e, square roots, trigonometry, a Mandelbrot set in ASCII, a
 * small matrix product, float-to-int conversions and special values.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>

static float mandel_f32(float cr, float ci) {
  float zr = 0, zi = 0;
  int i;
  for (i = 0; i < 50 && zr * zr + zi * zi < 4.0f; i++) {
    float t = zr * zr - zi * zi + cr;
    zi = 2.0f * zr * zi + ci;
    zr = t;
  }
  return (float)i;
}

int main(void) {
  double pi = 0;
  for (int k = 0; k < 200000; k++) pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
  printf("pi by Leibniz (2e5 terms): %.10f (error %.3e)\n", pi, pi - M_PI);

  float pif = 0;
  for (int k = 0; k < 100000; k++) pif += (k % 2 ? -4.0f : 4.0f) / (2 * k + 1);
  printf("the same in f32 (1e5 terms): %.6f\n", pif);

  double e = 1, term = 1;
  for (int n = 1; n < 20; n++) { term /= n; e += term; }
  printf("e = %.15g, exp(1) = %.15g\n", e, exp(1.0));

  for (int i = 2; i <= 5; i++) printf("sqrt(%d) = %.6f  f32: %.6f  cbrt: %g\n", i, sqrt(i), sqrtf((float)i), cbrt((double)i));
  for (int deg = 0; deg <= 90; deg += 30) {
    double r = deg * M_PI / 180;
    printf("sin(%2d) = %+.6f  cos = %+.6f  tan = %g  sinf = %+.6f\n", deg, sin(r), cos(r), tan(r), sinf((float)r));
  }
  printf("log(10) = %.12f  log10(2) = %.12f  pow(2, 0.5) = %.12f  atan2(1, 2) = %.12f\n", log(10), log10(2), pow(2, 0.5), atan2(1, 2));
  printf("expf(1) = %.7g  logf(2) = %.7g  powf(1.5, 3.5) = %.7g\n", expf(1.0f), logf(2.0f), powf(1.5f, 3.5f));

  printf("Mandelbrot (f32):\n");
  const char *shades = " .:-=+*#%@";
  for (int y = -10; y <= 10; y++) {
    char row[61];
    for (int x = 0; x < 60; x++) {
      float it = mandel_f32(-2.1f + x * 0.045f, y * 0.1f);
      row[x] = shades[(int)it % 10];
    }
    row[60] = 0;
    printf("  |%s|\n", row);
  }

  double a[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 10}}, b[3][3] = {{0.5, -1, 2}, {1.25, 0, -0.75}, {3, 2.5, 1}}, c[3][3];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      c[i][j] = 0;
      for (int k = 0; k < 3; k++) c[i][j] += a[i][k] * b[k][j];
    }
  for (int i = 0; i < 3; i++) printf("  [%8.3f %8.3f %8.3f]\n", c[i][0], c[i][1], c[i][2]);

  double values[] = {0.1 + 0.2, 1e300 * 10, -0.0, 1.0 / 3, 123456789.125, 5e-324, DBL_MAX, FLT_MAX, FLT_MIN};
  for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++)
    printf("%%g %-14g %%e %-22.15e %%a %a\n", values[i], values[i], values[i]);
  float f = 16777217.0f;
  printf("16777217 as f32 = %.1f, 0.1f = %.20f, (double)0.1f = %.17g\n", f, 0.1f, (double)0.1f);
  printf("nan: %f %g, inf: %f, -inf: %e\n", NAN, -NAN, INFINITY, -INFINITY);
  printf("(int)-3.7 = %d, (unsigned)3.9e9 = %u, (int64_t)-9.2e18 = %lld, lround(2.5) = %ld, rint(2.5) = %g\n",
         (int)-3.7, (unsigned)3.9e9, (long long)(int64_t)-9.2e18, lround(2.5), rint(2.5));
  printf("fmod(10.5, 3) = %g, remainder(10.5, 3) = %g, floor(-2.5) = %g, ceil(-2.5) = %g, trunc(-2.5) = %g\n",
         fmod(10.5, 3), remainder(10.5, 3), floor(-2.5), ceil(-2.5), trunc(-2.5));
  printf("hypot(3, 4) = %g, fma(2, 3, 4) = %g, copysign(3, -0.0) = %g, nextafter(1, 2) - 1 = %g\n",
         hypot(3, 4), fma(2, 3, 4), copysign(3, -0.0), nextafter(1, 2) - 1);
  return 0;
}
