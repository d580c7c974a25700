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

int jiken__tokenize(const jiken__tokenizer *tk, jiken__doc *doc,
                    jiken_error *err) {
  tagger_pair *pair = pair_take(tk);
  if (!pair)
    return jiken__error_set(err, JIKEN_EMECAB, (size_t)-1,
                            "cannot create MeCab tagger");
  mecab_t *tagger = pair->tagger;
  mecab_lattice_t *lattice = pair->lattice;
  int rc = JIKEN_OK;
  jiken__sentence *sents = doc->sentences.items;
  for (size_t si = 0; si < doc->sentences.n; si++) {
    jiken__sentence *s = &sents[si];
    const char *text = doc->text.norm + s->start;
    s->tok_first = doc->tokens.n;
    mecab_lattice_set_sentence2(lattice, text, s->end - s->start);
    if (!mecab_parse_lattice(tagger, lattice)) {
      rc = jiken__error_set(err, JIKEN_EMECAB, s->start, "MeCab: %s",
                            mecab_lattice_strerror(lattice));
      goto done;
    }
    for (const mecab_node_t *node = mecab_lattice_get_bos_node(lattice);
         node; node = node->next) {
      if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE)
        continue;
      jiken__token *tok = jiken__vec_push(&doc->tokens);
      if (!tok || fill_token(doc, tok, node->surface, node->length,
                             node->feature)) {
        rc = jiken__error_set(err, JIKEN_ENOMEM, s->start, NULL);
        goto done;
      }
      tok->start = (uint32_t)(s->start + (size_t)(node->surface - text));
      tok->end = tok->start + node->length;
    }
    /* tokens may have moved: re-fetch the array */
    sents = doc->sentences.items;
    s->tok_count = doc->tokens.n - s->tok_first;
  }
done:
  pair_give_back(tk, pair);
  return rc;
}
