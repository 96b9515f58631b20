/*
 * files: reads and writes files in a preopened directory, given as argv[1] (the guest path, e.g.
 * /sandbox). Writes notes.txt, appends to it, reads it back, seeks, checks sizes, reads
 * input.txt if it is there, lists the directory (sorted), and shows the errors a program gets
 * for a missing file, a path escaping the preopen, and a bad descriptor.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int compare(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/sandbox";
  char path[256];
  char line[256];

  snprintf(path, sizeof path, "%s/notes.txt", dir);
  FILE *f = fopen(path, "w");
  if (!f) { printf("cannot create %s: %s\n", path, strerror(errno)); return 1; }
  for (int i = 1; i <= 3; i++) fprintf(f, "line %d: %d squared is %d\n", i, i, i * i);
  fclose(f);

  f = fopen(path, "a");
  if (!f) { printf("cannot append: %s\n", strerror(errno)); return 1; }
  fputs("appended line\n", f);
  fclose(f);

  f = fopen(path, "r");
  if (!f) { printf("cannot read back: %s\n", strerror(errno)); return 1; }
  int n = 0;
  while (fgets(line, sizeof line, f)) printf("read %d: %s", ++n, line);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 5, SEEK_SET);
  int c = fgetc(f);
  printf("size by ftell: %ld, byte at 5: '%c', position now %ld\n", size, c, ftell(f));
  fclose(f);

  struct stat st;
  if (stat(path, &st) == 0) printf("size by stat: %lld, regular file: %s\n", (long long)st.st_size, S_ISREG(st.st_mode) ? "yes" : "no");
  else printf("stat failed: %s\n", strerror(errno));

  snprintf(path, sizeof path, "%s/input.txt", dir);
  f = fopen(path, "r");
  if (f) {
    unsigned long sum = 0, bytes = 0;
    int ch;
    while ((ch = fgetc(f)) != EOF) { sum = sum * 31 + (unsigned char)ch; bytes++; }
    fclose(f);
    printf("input.txt: %lu bytes, hash %lu\n", bytes, sum);
  } else {
    printf("input.txt: %s\n", strerror(errno));
  }

  DIR *d = opendir(dir);
  if (d) {
    char *names[64];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && count < 64) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      names[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof names[0], compare);
    printf("directory has %d entries:", count);
    for (int i = 0; i < count; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
  } else {
    printf("opendir failed: %s\n", strerror(errno));
  }

  snprintf(path, sizeof path, "%s/no-such-file.txt", dir);
  errno = 0;
  f = fopen(path, "r");
  printf("missing file: %s (errno %d)\n", f ? "opened?!" : strerror(errno), errno);

  snprintf(path, sizeof path, "%s/../escape.txt", dir);
  errno = 0;
  f = fopen(path, "w");
  printf("escaping the preopen: %s\n", f ? "opened?!" : (errno ? "refused" : "no errno"));

  errno = 0;
  ssize_t w = write(42, "x", 1);
  printf("write to fd 42: %zd, %s\n", w, strerror(errno));
  return 0;
}
