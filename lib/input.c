/*
 * input.c — first stage: decide whether the bytes are acceptable input.
 * Takes: raw bytes.  Gives: JIKEN_OK, or a code with the byte offset of the
 * first offending byte (size, empty, NUL, invalid UTF-8, binary).
 * UTF-8 decoding uses ICU's U8_NEXT, which rejects overlong forms,
 * surrogates (CESU-8) and code points above U+10FFFF.
 */
#include "internal.h"

#include <unicode/utf8.h>

int jiken__utf8_next(const char *s, size_t n, size_t i, int32_t *cp) {
  const uint8_t *u = (const uint8_t *)s;
  int64_t len = (int64_t)n, pos = (int64_t)i; /* U8_NEXT wants signed */
  UChar32 c;
  U8_NEXT(u, pos, len, c);
  *cp = c;
  return (int)(pos - (int64_t)i);
}

static bool is_control(int32_t c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
          c != '\v') ||
         c == 0x7f;
}

int jiken_validate(const char *text, size_t len, size_t max_bytes,
                   jiken_error *err) {
  if (!text && len)
    return jiken__error_set(err, JIKEN_EINVAL, (size_t)-1, "text is NULL");
  if (len == 0)
    return jiken__error_set(err, JIKEN_EEMPTY, 0, "empty input (0 bytes)");
  if (max_bytes && len > max_bytes)
    return jiken__error_set(err, JIKEN_ETOOBIG, max_bytes,
                            "input is %zu bytes, the limit is %zu bytes", len,
                            max_bytes);
  if (len > UINT32_MAX - 1)
    return jiken__error_set(err, JIKEN_ETOOBIG, UINT32_MAX,
                            "input is %zu bytes, more than 4 GiB", len);
  size_t controls = 0, first_control = 0;
  const unsigned char *u = (const unsigned char *)text;
  for (size_t i = 0; i < len;) {
    /* the common characters, without U8_NEXT: 3 bytes led by E1..EC or
     * EE..EF (kana, kanji, full-width forms), where any two continuation
     * bytes make a valid character (E0 could be an overlong form, ED a
     * surrogate: those go through U8_NEXT below), and printable ASCII */
    while (i + 2 < len) {
      unsigned b0 = u[i];
      if (b0 - 0xE1u <= 0xEFu - 0xE1u && b0 != 0xED &&
          ((u[i + 1] | (unsigned)u[i + 2] << 8) & 0xC0C0) == 0x8080)
        i += 3;
      else if (b0 - 0x20u < 0x7Fu - 0x20u)
        i++;
      else
        break;
    }
    if (i >= len)
      break;
    unsigned char b = u[i];
    if (b >= 0x20 && b < 0x7f) { /* printable ASCII (the last 2 bytes) */
      i++;
      continue;
    }
    if (b < 0x80) {
      if (b == 0)
        return jiken__error_set(err, JIKEN_ENUL, i, "NUL byte at offset %zu",
                                i);
      if (is_control(b) && controls++ == 0)
        first_control = i;
      i++;
      continue;
    }
    int32_t cp;
    int n = jiken__utf8_next(text, len, i, &cp);
    if (cp < 0)
      return jiken__error_set(err, JIKEN_EUTF8, i,
                              "invalid UTF-8 at byte offset %zu (byte 0x%02x)",
                              i, b);
    i += (size_t)n;
  }
  /* a few stray control bytes are tolerated (PDF extraction leaves them);
   * more than 2% of the input means this is not text */
  if (controls && controls * 50 > len)
    return jiken__error_set(err, JIKEN_EBINARY, first_control,
                            "input looks binary: %zu control bytes, first at "
                            "offset %zu",
                            controls, first_control);
  return JIKEN_OK;
}
