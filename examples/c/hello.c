/* hello: the smallest WASI command: one line to stdout, one to stderr, exit code 0. */
#include <stdio.h>

int main(void) {
  printf("Hello, WebAssembly world! (from C, run by picowasm)\n");
  fprintf(stderr, "hello: this line goes to stderr\n");
  return 0;
}
