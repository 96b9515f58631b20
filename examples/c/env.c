/*
 * env: arguments, environment and clocks. Prints its arguments, the variables GREETING and
 * NAME, how many variables there are, and facts about the clocks that do not depend on when it
 * runs (time advances, the wall clock is after 2020). Exits with the number of arguments
 * beyond the program name, modulo 256, so that exit codes can be tested.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern char **environ;

static double seconds(clockid_t id) {
  struct timespec ts;
  if (clock_gettime(id, &ts) != 0) return -1.0;
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  printf("argc = %d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d] = \"%s\"\n", i, argv[i]);

  const char *greeting = getenv("GREETING");
  const char *name = getenv("NAME");
  printf("%s, %s!\n", greeting ? greeting : "Hello", name ? name : "stranger");
  int count = 0;
  for (char **e = environ; *e; e++) count++;
  printf("environment variables: %d\n", count);

  double start = seconds(CLOCK_MONOTONIC);
  volatile double x = 0;
  for (int i = 0; i < 50000; i++) x += i * 0.5;
  double end = seconds(CLOCK_MONOTONIC);
  (void)x;
  printf("monotonic clock works: %s\n", start >= 0 ? "yes" : "no");
  printf("time advanced during a loop: %s\n", end > start ? "yes" : "no");
  time_t now = time(NULL);
  printf("wall clock is after 2020: %s\n", now > 1577836800 ? "yes" : "no");
  double real = seconds(CLOCK_REALTIME);
  printf("realtime agrees with time(): %s\n", real - (double)now < 2.0 && real - (double)now > -2.0 ? "yes" : "no");
  struct timespec res;
  printf("clock resolution known: %s\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0) ? "yes" : "no");
  return (argc - 1) & 255;
}
