/*
 * tokenize.c — fourth stage: MeCab morphemes for every sentence.
 * Takes: a segmented jiken__doc.  Gives: doc->tokens (surface, POS, base
 * form, byte range in the normalised text) and each sentence's token range.
 * Threading follows MeCab's own split: one mecab_model_t loaded at
 * extractor creation and shared; a tagger + lattice per call.  Making a
 * lattice is costly (its node pools are allocated and page-faulted anew),
 * so finished tagger+lattice pairs go back to a small mutex-guarded pool in
 * the tokenizer and the next call takes one: at most one pair per thread
 * that ever ran at once, all freed with the extractor.
 *
 * A pair also keeps a lexeme cache.  MeCab points node->feature into the
 * dictionary ("名詞,サ変接続,*,*,*,*,導入,ドウニュウ,ドーニュー"), one string per
 * dictionary entry, alive as long as the model; so the fields a token needs
 * (POS, POS detail, base form) are cut out of a feature string once, kept
 * under that pointer, and every later token of the same entry reuses them.
 * Tokens point into the cache, so a doc keeps its pair until
 * jiken__tokenize_release() (from jiken__doc_free); the cache is emptied,
 * when full, only at the start of a call.
 */
#include "internal.h"

#include <mecab.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lexeme {
  const char *feature; /* key: MeCab's feature string (NULL: free slot) */
  const char *pos, *pos1;
  const char *base; /* NULL when the dictionary says '*' (use the surface) */
  uint16_t pos_len, pos1_len, base_len;
} lexeme;

#define LEXEME_SLOTS ((size_t)8192) /* power of two */
#define LEXEME_MAX (LEXEME_SLOTS / 4 * 3)

typedef struct tagger_pair {
  mecab_t *tagger;
  mecab_lattice_t *lattice;
  lexeme *lexemes;        /* open addressing, LEXEME_SLOTS */
  size_t nlexemes, lexeme_limit;
  jiken__arena strings;   /* the lexemes' field strings */
  struct tagger_pair *next;
} tagger_pair;

struct jiken__tokenizer {
  mecab_model_t *model;
  size_t lexeme_limit;       /* entries a cache may hold, <= LEXEME_MAX */
  pthread_mutex_t pool_lock; /* guards pool only */
  tagger_pair *pool;         /* idle pairs */
};

static void pair_free(tagger_pair *p) {
  if (!p)
    return;
  if (p->lattice)
    mecab_lattice_destroy(p->lattice);
  if (p->tagger)
    mecab_destroy(p->tagger);
  free(p->lexemes);
  jiken__arena_free(&p->strings);
  free(p);
}

/* an idle pair from the pool, or a new one */
static tagger_pair *pair_take(const jiken__tokenizer *ctk) {
  jiken__tokenizer *tk = (jiken__tokenizer *)ctk; /* the pool is internal */
  pthread_mutex_lock(&tk->pool_lock);
  tagger_pair *p = tk->pool;
  if (p)
    tk->pool = p->next;
  pthread_mutex_unlock(&tk->pool_lock);
  if (p)
    return p;
  p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->tagger = mecab_model_new_tagger(tk->model);
  p->lattice = mecab_model_new_lattice(tk->model);
  p->lexemes = calloc(LEXEME_SLOTS, sizeof *p->lexemes);
  if (!p->tagger || !p->lattice || !p->lexemes) {
    pair_free(p);
    return NULL;
  }
  return p;
}

static void pair_give_back(const jiken__tokenizer *ctk, tagger_pair *p) {
  jiken__tokenizer *tk = (jiken__tokenizer *)ctk;
  mecab_lattice_clear(p->lattice);
  pthread_mutex_lock(&tk->pool_lock);
  p->next = tk->pool;
  tk->pool = p;
  pthread_mutex_unlock(&tk->pool_lock);
}

jiken__tokenizer *jiken__tokenizer_new(const char *dicdir, const char *userdic,
                                       jiken_error *err) {
  /* argv-style options: no shell, no string splitting of user paths */
  const char *argv[8];
  int argc = 0;
  argv[argc++] = "jiken";
  argv[argc++] = "-r";
  argv[argc++] = "/dev/null"; /* ignore /etc/mecabrc: we name every file */
  argv[argc++] = "-d";
  argv[argc++] = dicdir;
  if (userdic && *userdic) {
    argv[argc++] = "-u";
    argv[argc++] = userdic;
  }
  mecab_model_t *model = mecab_model_new(argc, (char **)argv);
  if (!model) {
    const char *why = mecab_strerror(NULL);
    jiken__error_set(err, JIKEN_EMECAB, (size_t)-1,
                     "cannot load MeCab dictionary %s%s%s: %s", dicdir,
                     userdic && *userdic ? " with user dictionary " : "",
                     userdic && *userdic ? userdic : "", why ? why : "");
    return NULL;
  }
  jiken__tokenizer *tk = malloc(sizeof *tk);
  if (!tk) {
    mecab_model_destroy(model);
    jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
    return NULL;
  }
  tk->model = model;
  tk->lexeme_limit = LEXEME_MAX;
  tk->pool = NULL;
  pthread_mutex_init(&tk->pool_lock, NULL);
  return tk;
}

void jiken__tokenizer_free(jiken__tokenizer *tk) {
  if (!tk)
    return;
  while (tk->pool) {
    tagger_pair *next = tk->pool->next;
    pair_free(tk->pool);
    tk->pool = next;
  }
  pthread_mutex_destroy(&tk->pool_lock);
  mecab_model_destroy(tk->model);
  free(tk);
}

static inline uint16_t clip16(size_t n) {
  return n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
}

/* Cut a feature string's fields 0 (POS), 1 (detail) and 6 (base form)
 * into copies in `strings`. */
static int cut_lexeme(jiken__arena *strings, const char *feature,
                      lexeme *lx) {
  const char *field[8] = {feature};
  size_t flen[8] = {0};
  int nf = 1;
  const char *q = feature;
  for (; *q && nf < 8; q++)
    if (*q == ',') {
      flen[nf - 1] = (size_t)(q - field[nf - 1]);
      field[nf++] = q + 1;
    }
  if (nf < 8) /* the last field runs to the end */
    flen[nf - 1] = strlen(field[nf - 1]);
  size_t l0 = flen[0], l1 = nf > 1 ? flen[1] : 0;
  size_t l6 = nf > 6 ? flen[6] : 0;
  bool no_base = nf <= 6 || (l6 == 1 && field[6][0] == '*');
  char *buf = jiken__arena_alloc(strings,
                                 l0 + 1 + l1 + 1 + (no_base ? 0 : l6 + 1));
  if (!buf)
    return -1;
  memcpy(buf, field[0], l0);
  buf[l0] = '\0';
  lx->pos = buf;
  lx->pos_len = clip16(l0);
  buf += l0 + 1;
  if (l1)
    memcpy(buf, field[1], l1);
  buf[l1] = '\0';
  lx->pos1 = buf;
  lx->pos1_len = clip16(l1);
  buf += l1 + 1;
  lx->base = NULL;
  if (!no_base) {
    memcpy(buf, field[6], l6);
    buf[l6] = '\0';
    lx->base = buf;
    lx->base_len = clip16(l6);
  }
  lx->feature = feature;
  return 0;
}

/* The lexeme of a feature string: from the pair's cache, else cut out and
 * cached; when the cache is full (one huge notice), cut into the doc. */
static const lexeme *lexeme_of(tagger_pair *p, jiken__doc *doc,
                               const char *feature) {
  size_t h = ((uintptr_t)feature >> 3) * (size_t)0x9E3779B97F4A7C15u;
  h = (h >> 20) & (LEXEME_SLOTS - 1);
  /* never more than LEXEME_MAX of LEXEME_SLOTS used: a free slot exists */
  while (p->lexemes[h].feature && p->lexemes[h].feature != feature)
    h = (h + 1) & (LEXEME_SLOTS - 1);
  lexeme *lx = &p->lexemes[h];
  if (lx->feature)
    return lx;
  if (p->nlexemes >= p->lexeme_limit) {
    lexeme *own = jiken__arena_alloc(&doc->arena, sizeof *own);
    return own && cut_lexeme(&doc->arena, feature, own) == 0 ? own : NULL;
  }
  if (cut_lexeme(&p->strings, feature, lx) != 0) {
    lx->feature = NULL;
    return NULL;
  }
  p->nlexemes++;
  return lx;
}

/* MeCab refuses a sentence past about a megabyte ("too long sentence"),
 * keeps a morpheme's length in an unsigned short, and spends time
 * quadratic in the length of a run of same-class unknown characters (it
 * groups the run from every start position): 3 MB of "aaa…" in one
 * sentence took minutes.  So text goes to MeCab in pieces of at most
 * TOKENIZE_CHUNK bytes.  Real sentences are rarely longer (1 KiB is ~340
 * kanji); a longer one is cut after a space, 、 or 。 in the piece's second
 * half, else at a character boundary; an unbroken run of printable ASCII
 * (base64, a hex dump) is cut every TOKENIZE_ASCII_RUN bytes. */
#define TOKENIZE_CHUNK ((size_t)1024)

#define TOKENIZE_ASCII_RUN ((size_t)256) /* unbroken ASCII: cut sooner */

static inline bool printable_ascii(char ch) {
  unsigned char c = (unsigned char)ch;
  return c > ' ' && c < 0x7f;
}

static size_t chunk_end(const char *t, size_t pos, size_t end) {
  size_t lim = end - pos > TOKENIZE_CHUNK ? pos + TOKENIZE_CHUNK : end;
  /* the first window of TOKENIZE_ASCII_RUN printable ASCII bytes: test a
   * window's last byte; when it fails, no window holding it can succeed */
  for (size_t w = pos; w + TOKENIZE_ASCII_RUN <= lim;) {
    size_t k = w + TOKENIZE_ASCII_RUN - 1;
    while (k + 1 > w && printable_ascii(t[k]))
      k--;
    if (k + 1 == w)
      return w + TOKENIZE_ASCII_RUN; /* t[w .. w+RUN) all printable */
    w = k + 1;
  }
  if (lim == end)
    return end;
  size_t cut = lim;
  for (size_t k = cut; k > pos + TOKENIZE_CHUNK / 2; k--) {
    if (t[k - 1] == ' ' || memcmp(t + k - 3, "\xe3\x80\x81", 3) == 0 ||
        memcmp(t + k - 3, "\xe3\x80\x82", 3) == 0) /* 、 。 */
      return k;
  }
  while (cut > pos && ((unsigned char)t[cut] & 0xC0) == 0x80)
    cut--; /* never inside a UTF-8 sequence */
  return cut > pos ? cut : end;
}

/* Parse norm[a, b) and append its morphemes to doc->tokens. */
static int tokenize_piece(tagger_pair *p, jiken__doc *doc, size_t a,
                          size_t b, jiken_error *err) {
  const char *text = doc->text.norm + a;
  mecab_lattice_set_sentence2(p->lattice, text, b - a);
  if (!mecab_parse_lattice(p->tagger, p->lattice))
    return jiken__error_set(err, JIKEN_EMECAB, a, "MeCab: %s",
                            mecab_lattice_strerror(p->lattice));
  /* the surfaces, NUL-terminated, side by side: morphemes do not overlap
   * and are at least a byte long, so twice the piece is room enough */
  char *surfaces = jiken__arena_alloc(&doc->arena, 2 * (b - a) + 1);
  /* and no more morphemes than bytes */
  if (!surfaces || jiken__vec_reserve(&doc->tokens, b - a))
    return jiken__error_set(err, JIKEN_ENOMEM, a, NULL);
  jiken__token *tok = (jiken__token *)doc->tokens.items + doc->tokens.n;
  for (const mecab_node_t *node = mecab_lattice_get_bos_node(p->lattice);
       node; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE)
      continue;
    const lexeme *lx = lexeme_of(p, doc, node->feature);
    if (!lx)
      return jiken__error_set(err, JIKEN_ENOMEM, a, NULL);
    char *surface = surfaces;
    memcpy(surface, node->surface, node->length);
    surface[node->length] = '\0';
    surfaces += node->length + 1;
    tok->surface = surface;
    tok->pos = lx->pos;
    tok->pos1 = lx->pos1;
    tok->base = lx->base ? lx->base : surface;
    tok->pos_len = lx->pos_len;
    tok->pos1_len = lx->pos1_len;
    tok->base_len = lx->base ? lx->base_len : clip16(node->length);
    tok->start = (uint32_t)(a + (size_t)(node->surface - text));
    tok->end = tok->start + node->length;
    tok++;
    doc->tokens.n++;
  }
  return JIKEN_OK;
}

int jiken__tokenize(const jiken__tokenizer *tk, jiken__doc *doc,
                    jiken_error *err) {
  tagger_pair *pair = doc->tagger_pair;
  if (!pair) {
    pair = pair_take(tk);
    if (!pair)
      return jiken__error_set(err, JIKEN_EMECAB, (size_t)-1,
                              "cannot create MeCab tagger");
    doc->tagger_pair = pair;
    doc->tokenizer = tk;
    pair->lexeme_limit = tk->lexeme_limit;
    if (pair->nlexemes >= pair->lexeme_limit) { /* no live doc uses it */
      memset(pair->lexemes, 0, LEXEME_SLOTS * sizeof *pair->lexemes);
      pair->nlexemes = 0;
      jiken__arena_free(&pair->strings);
    }
  }
  /* about one morpheme per 3 bytes of Japanese text: one allocation for
   * most notices (tokenize_piece() makes room for more when needed) */
  if (doc->tokens.cap == 0 &&
      jiken__vec_reserve(&doc->tokens, doc->text.norm_len / 3 + 64))
    return jiken__error_set(err, JIKEN_ENOMEM, (size_t)-1, NULL);
  int rc = JIKEN_OK;
  for (size_t si = 0; si < doc->sentences.n && rc == JIKEN_OK; si++) {
    jiken__sentence *s = (jiken__sentence *)doc->sentences.items + si;
    s->tok_first = doc->tokens.n;
    for (size_t pos = s->start, end; pos < s->end && rc == JIKEN_OK;
         pos = end) {
      end = chunk_end(doc->text.norm, pos, s->end);
      rc = tokenize_piece(pair, doc, pos, end, err);
    }
    s->tok_count = doc->tokens.n - s->tok_first;
  }
  return rc;
}

void jiken__tokenizer_set_lexeme_limit(jiken__tokenizer *tk, size_t n) {
  tk->lexeme_limit = n < LEXEME_MAX ? n : LEXEME_MAX;
}

void jiken__tokenize_release(jiken__doc *doc) {
  if (doc->tagger_pair)
    pair_give_back(doc->tokenizer, doc->tagger_pair);
  doc->tagger_pair = NULL;
}
