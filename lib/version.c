/*
 * version.c — run-time version of the library (compare with the header's
 * JIKEN_VERSION_HEX to catch a header/library mismatch).
 */
#include "internal.h"

#define JIKEN__STR2(x) #x
#define JIKEN__STR(x) JIKEN__STR2(x)

const char *jiken_version(void) {
  return JIKEN__STR(JIKEN_VERSION_MAJOR) "." JIKEN__STR(
      JIKEN_VERSION_MINOR) "." JIKEN__STR(JIKEN_VERSION_PATCH);
}

unsigned jiken_version_hex(void) { return JIKEN_VERSION_HEX; }
