/*
 * error.c — return codes and the caller's jiken_error.
 * Takes: a code (JIKEN_ERRNO_MAP) and details.  Gives: messages, names, a
 * filled jiken_error.  No global state: errors live in the caller's struct.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *jiken_strerror(int code) {
#define JIKEN__MSG(name, num, msg)                                             \
  case (num):                                                                  \
    return (msg);
  switch (code) { JIKEN_ERRNO_MAP(JIKEN__MSG) }
#undef JIKEN__MSG
  return "unknown error code";
}

const char *jiken_err_name(int code) {
#define JIKEN__NAME(name, num, msg)                                            \
  case (num):                                                                  \
    return #name;
  switch (code) { JIKEN_ERRNO_MAP(JIKEN__NAME) }
#undef JIKEN__NAME
  return "UNKNOWN";
}

static void error_reset(jiken_error *err, int code) {
  err->code = code;
  err->offset = (size_t)-1;
  err->file[0] = '\0';
  err->line = err->column = 0;
  err->message[0] = '\0';
}

int jiken__error_set(jiken_error *err, int code, size_t offset,
                     const char *fmt, ...) {
  if (!err)
    return code;
  error_reset(err, code);
  err->offset = offset;
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
  } else {
    snprintf(err->message, sizeof err->message, "%s", jiken_strerror(code));
  }
  return code;
}

int jiken__error_set_file(jiken_error *err, int code, const char *file,
                          int line, int column, const char *fmt, ...) {
  if (!err)
    return code;
  error_reset(err, code);
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  err->column = column;
  char detail[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  /* file names longer than 250 bytes are cut in the message, kept in file */
  snprintf(err->message, sizeof err->message, "%.250s:%d:%d: %s", err->file,
           line, column, detail);
  return code;
}
