/*
 * fuzz_jsonl.c — libFuzzer harness for the extract CLI's input paths, run
 * on the CLI's own code: examples/extract.c is compiled into this file (its
 * main() renamed, its stdout redirected to a memory stream), so nothing is
 * copied or factored out of the CLI.
 *
 * Each input is
 *   1. a JSON Lines stream for process_jsonl(): every non-blank input line
 *      (or line over the length cap) must give exactly one output line, and
 *      every output line must be a JSON object with "schema" — a bad line
 *      gives an error record, never a lost line or a crash;
 *   2. a file of unknown encoding for to_utf8(…, "auto"): either a clear
 *      message or valid UTF-8 out.
 */
#define _GNU_SOURCE /* open_memstream, fmemopen */
#include <stdio.h>

#include "fuzz_common.h"

#include <jansson.h>

/* The CLI writes to stdout: point it at our stream instead. */
static FILE *fuzz_out;
#undef stdout
#define stdout fuzz_out
int jiken_cli_main(int argc, char **argv);
#define main jiken_cli_main
#include "../../examples/extract.c"
#undef main
#undef stdout

#define FUZZ_CLI_MAX_INPUT 2048 /* line cap = 6 * this + 4096 */

/* How many records the CLI owes for these bytes. */
static size_t records_due(const uint8_t *s, size_t n, size_t cap) {
  size_t due = 0, i = 0;
  while (i < n) {
    const uint8_t *nl = memchr(s + i, '\n', n - i);
    size_t end = nl ? (size_t)(nl - s) : n, len = end - i;
    int blank = 1;
    for (size_t k = i; k < end && k < i + cap && blank; k++)
      blank = s[k] == ' ' || s[k] == '\t' || s[k] == '\r';
    if (len > cap || !blank)
      due++;
    i = end + 1;
  }
  return due;
}

static void fuzz_jsonl(const uint8_t *data, size_t size) {
  cli c = {0};
  c.ex = fuzz_extractor(FUZZ_CLI_MAX_INPUT);
  c.max_input = FUZZ_CLI_MAX_INPUT;
  c.jobs = 1 + (int)(size & 1); /* also the threaded batch path */
  char *out = NULL;
  size_t out_len = 0;
  fuzz_out = open_memstream(&out, &out_len);
  FILE *in = fmemopen((void *)(size ? data : (const uint8_t *)""), size, "rb");
  FUZZ_CHECK(fuzz_out && in);
  int rc = process_jsonl(&c, in);
  fclose(in);
  FUZZ_CHECK(fclose(fuzz_out) == 0);
  fuzz_out = NULL;
  FUZZ_CHECK(rc == 0);
  FUZZ_CHECK(c.status == EXIT_OK || c.status == EXIT_BAD_INPUT);

  size_t lines = 0;
  for (char *p = out, *nl; p < out + out_len; p = nl + 1) {
    nl = memchr(p, '\n', (size_t)(out + out_len - p));
    FUZZ_CHECK(nl != NULL); /* every record ends with a newline */
    json_error_t jerr;
    json_t *rec = json_loadb(p, (size_t)(nl - p), JSON_ALLOW_NUL, &jerr);
    FUZZ_CHECK(rec != NULL);
    FUZZ_CHECK(json_is_string(json_object_get(rec, "schema")));
    json_decref(rec);
    lines++;
  }
  FUZZ_CHECK(lines == records_due(data, size, FUZZ_CLI_MAX_INPUT * 6 + 4096));
  free(out);
}

static void fuzz_encoding(const uint8_t *data, size_t size) {
  char msg[200] = "";
  size_t ulen = 0;
  char *u = to_utf8((const char *)data, size, "auto", &ulen, msg, sizeof msg);
  if (!u) {
    FUZZ_CHECK(msg[0] != '\0');
    return;
  }
  jiken_error err;
  int rc = jiken_validate(u, ulen, 0, &err);
  FUZZ_CHECK(rc != JIKEN_EUTF8);
  free(u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_MAX_INPUT)
    return 0;
  fuzz_jsonl(data, size);
  fuzz_encoding(data, size);
  return 0;
}
