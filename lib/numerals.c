/*
 * numerals.c — numbers as Japanese notices write them, shared by the date
 * and count stages.
 * Takes: normalised UTF-8 at some position.  Gives: the value and the bytes
 * consumed.  Handles ASCII digits with `,` groups and decimals (`60,000`,
 * `6.5`), kanji numerals positional (`二千四百九`, `十八`) and digit-wise
 * (`二〇二三`), and the large units 万/億/兆 mixed with either
 * (`6.5万`, `1億2千万`, `六万五千`).
 * A run of more than 15 significant digits is not a number (a double could
 * not hold it exactly): the call consumes nothing.  Neither is anything
 * longer than NUM_MAX_BYTES: callers try every position of a sentence, so
 * each call must stop early, or "1111…" and "千千千…" cost quadratic time.
 */
#include "internal.h"

#include <string.h>

#define NUM_MAX_BYTES ((size_t)96) /* 一億二千三百四十五万六千七百八十九 is 51 */

/* kanji digit at s → 0..9, or -1; *len = its byte length */
static int kanji_digit(const char *s, size_t n, size_t *len) {
  *len = 3;
  return n < 3 ? -1 : jiken__kanji_digit3(jiken__char3(s, 0));
}

static double small_unit(const char *s, size_t n) {
  if (n < 3)
    return 0;
  if (memcmp(s, "十", 3) == 0)
    return 10;
  if (memcmp(s, "百", 3) == 0)
    return 100;
  if (memcmp(s, "千", 3) == 0)
    return 1000;
  return 0;
}

static double large_unit(const char *s, size_t n) {
  if (n < 3)
    return 0;
  if (memcmp(s, "万", 3) == 0)
    return 1e4;
  if (memcmp(s, "億", 3) == 0)
    return 1e8;
  if (memcmp(s, "兆", 3) == 0)
    return 1e12;
  return 0;
}

static bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

/* ASCII number at s: digits, optional ,ddd groups, optional .d decimals */
static size_t ascii_number(const char *s, size_t n, unsigned flags,
                           double *value) {
  size_t i = 0, digits = 0;
  double v = 0;
  while (i < n) {
    if (digits > 15 || i > NUM_MAX_BYTES)
      return 0;
    if (is_ascii_digit(s[i])) {
      v = v * 10 + (s[i] - '0');
      i++;
      if (v > 0 || digits)
        digits++;
    } else if ((flags & JIKEN__NUM_COMMA) && s[i] == ',' && i > 0 &&
               i + 3 < n && is_ascii_digit(s[i + 1]) &&
               is_ascii_digit(s[i + 2]) && is_ascii_digit(s[i + 3]) &&
               (i + 4 >= n || !is_ascii_digit(s[i + 4]))) {
      i++; /* a thousands separator: exactly three digits follow */
    } else {
      break;
    }
  }
  if (i == 0 || digits > 15)
    return 0;
  if ((flags & JIKEN__NUM_DECIMAL) && i + 1 < n && s[i] == '.' &&
      is_ascii_digit(s[i + 1])) {
    double scale = 0.1;
    i++;
    while (i < n && is_ascii_digit(s[i])) {
      if (i > NUM_MAX_BYTES)
        return 0;
      v += (s[i] - '0') * scale;
      scale /= 10;
      i++;
    }
  }
  *value = v;
  return i;
}

/* one group below 10,000: 2千 / 二千四百九 / 6.5 / 二〇二三 / 18 */
static size_t small_group(const char *s, size_t n, unsigned flags,
                          double *value) {
  size_t i = 0;
  double g = 0, pending = -1;
  bool last_was_kanji_digit = false;
  while (i < n) {
    if (i > NUM_MAX_BYTES)
      return 0;
    size_t len;
    double unit;
    int d;
    if (is_ascii_digit(s[i])) {
      if (pending >= 0)
        break;
      double x;
      size_t k = ascii_number(s + i, n - i, flags, &x);
      if (!k)
        return 0;
      pending = x;
      i += k;
      last_was_kanji_digit = false;
    } else if ((flags & JIKEN__NUM_KANJI) &&
               (d = kanji_digit(s + i, n - i, &len)) >= 0) {
      if (pending >= 0 && !last_was_kanji_digit)
        break;
      pending = pending >= 0 ? pending * 10 + d : d; /* 二〇二三 */
      if (pending >= 1e15)
        return 0;
      i += len;
      last_was_kanji_digit = true;
    } else if ((flags & JIKEN__NUM_KANJI) &&
               (unit = small_unit(s + i, n - i)) > 0) {
      g += (pending >= 0 ? pending : 1) * unit;
      pending = -1;
      i += 3;
      last_was_kanji_digit = false;
    } else {
      break;
    }
  }
  if (pending >= 0)
    g += pending;
  *value = g;
  return i;
}

/* 十 百 千 万 億 兆 at s: what may extend a number after its digits */
static bool any_unit(const char *s, size_t n) {
  if (n < 3)
    return false;
  const unsigned char *u = (const unsigned char *)s;
  switch ((uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2]) {
  case 0xE58D81: /* 十 */
  case 0xE799BE: /* 百 */
  case 0xE58D83: /* 千 */
  case 0xE4B887: /* 万 */
  case 0xE58484: /* 億 */
  case 0xE58586: /* 兆 */
    return true;
  default:
    return false;
  }
}

/* kept out of line: the fast path below then needs no stack frame */
__attribute__((noinline)) static size_t
parse_general(const char *s, size_t n, unsigned flags, double *value);

size_t jiken__parse_number(const char *s, size_t n, unsigned flags,
                           double *value) {
  /* the common case, whatever the flags: at most 15 ASCII digits, then
   * neither a digit, `,`, `.` nor a unit.  The general path reads it the
   * same: no limit is reached, and a double holds it exactly. */
  if (n > 0 && is_ascii_digit(s[0])) {
    size_t k = 0;
    uint64_t x = 0;
    while (k < n && k < 16 && is_ascii_digit(s[k]))
      x = x * 10 + (uint64_t)(s[k++] - '0');
    if (k <= 15 && (k == n || (s[k] != ',' && s[k] != '.' &&
                               !any_unit(s + k, n - k)))) {
      *value = (double)x;
      return k;
    }
  }
  return parse_general(s, n, flags, value);
}

/* the number at s however it is written */
static size_t parse_general(const char *s, size_t n, unsigned flags,
                            double *value) {
  size_t i = 0;
  double total = 0;
  double last_unit = 1e16;
  while (i < n) {
    if (i > NUM_MAX_BYTES)
      return 0;
    double g;
    size_t k = small_group(s + i, n - i, flags, &g);
    if (!k)
      break;
    double unit;
    if ((flags & JIKEN__NUM_UNITS) && i + k < n &&
        (unit = large_unit(s + i + k, n - i - k)) > 0 && unit < last_unit) {
      total += g * unit;
      last_unit = unit;
      i += k + 3;
      continue; /* 1億 then 2千万 */
    }
    total += g;
    i += k;
    break;
  }
  if (i == 0)
    return 0;
  *value = total;
  return i;
}
