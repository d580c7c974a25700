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
 */
#include "internal.h"

#include <mecab.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tagger_pair {
  mecab_t *tagger;
  mecab_lattice_t *lattice;
  struct tagger_pair *next;
} tagger_pair;

struct jiken__tokenizer {
  mecab_model_t *model;
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
  if (!p->tagger || !p->lattice) {
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

/* feature = "名詞,サ変接続,*,*,*,*,導入,ドウニュウ,ドーニュー": copy it once
 * into the arena and cut it into fields in place. */
static int fill_token(jiken__doc *doc, jiken__token *tok, const char *surface,
                      size_t len, const char *feature) {
  size_t flen = strlen(feature);
  char *buf = jiken__arena_alloc(&doc->arena, len + 1 + flen + 1);
  if (!buf)
    return -1;
  memcpy(buf, surface, len);
  buf[len] = '\0';
  char *f = buf + len + 1;
  memcpy(f, feature, flen + 1);
  tok->surface = buf;
  const char *fields[7] = {"", "", "", "", "", "", "*"};
  int nf = 0;
  fields[nf++] = f;
  for (char *p = f; *p && nf < 7; p++)
    if (*p == ',') {
      *p = '\0';
      fields[nf++] = p + 1;
    }
  if (nf == 7) { /* cut the base form off at its comma */
    char *comma = strchr((char *)fields[6], ',');
    if (comma)
      *comma = '\0';
  }
  tok->pos = fields[0];
  tok->pos1 = fields[1];
  tok->base = strcmp(fields[6], "*") == 0 ? tok->surface : fields[6];
  return 0;
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

static size_t chunk_end(const char *t, size_t pos, size_t end) {
  size_t lim = end - pos > TOKENIZE_CHUNK ? pos + TOKENIZE_CHUNK : end;
  for (size_t k = pos, run = 0; k < lim; k++) {
    unsigned char c = (unsigned char)t[k];
    run = c > ' ' && c < 0x7f ? run + 1 : 0;
    if (run == TOKENIZE_ASCII_RUN)
      return k + 1;
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
static int tokenize_piece(mecab_t *tagger, mecab_lattice_t *lattice,
                          jiken__doc *doc, size_t a, size_t b,
                          jiken_error *err) {
  const char *text = doc->text.norm + a;
  mecab_lattice_set_sentence2(lattice, text, b - a);
  if (!mecab_parse_lattice(tagger, lattice))
    return jiken__error_set(err, JIKEN_EMECAB, a, "MeCab: %s",
                            mecab_lattice_strerror(lattice));
  for (const mecab_node_t *node = mecab_lattice_get_bos_node(lattice); node;
       node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE)
      continue;
    jiken__token *tok = jiken__vec_push(&doc->tokens);
    if (!tok ||
        fill_token(doc, tok, node->surface, node->length, node->feature))
      return jiken__error_set(err, JIKEN_ENOMEM, a, NULL);
    tok->start = (uint32_t)(a + (size_t)(node->surface - text));
    tok->end = tok->start + node->length;
  }
  return JIKEN_OK;
}

int jiken__tokenize(const jiken__tokenizer *tk, jiken__doc *doc,
                    jiken_error *err) {
  tagger_pair *pair = pair_take(tk);
  if (!pair)
    return jiken__error_set(err, JIKEN_EMECAB, (size_t)-1,
                            "cannot create MeCab tagger");
  int rc = JIKEN_OK;
  for (size_t si = 0; si < doc->sentences.n && rc == JIKEN_OK; si++) {
    jiken__sentence *s = (jiken__sentence *)doc->sentences.items + si;
    s->tok_first = doc->tokens.n;
    for (size_t pos = s->start, end; pos < s->end && rc == JIKEN_OK;
         pos = end) {
      end = chunk_end(doc->text.norm, pos, s->end);
      rc = tokenize_piece(pair->tagger, pair->lattice, doc, pos, end, err);
    }
    s->tok_count = doc->tokens.n - s->tok_first;
  }
  pair_give_back(tk, pair);
  return rc;
}
