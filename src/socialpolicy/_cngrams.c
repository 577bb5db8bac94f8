/* The learned models' n-gram sums in C: an optional speed-up of socialpolicy.models._ngrams.
 *
 * Plain CPython C API, no third-party code. Every function computes exactly what its pure
 * Python counterpart computes (integer sums, so the order of additions cannot change a
 * result) and returns None where it cannot be exact (a sum past 64 bits, a table value of an
 * unexpected kind): the caller then takes the pure path. Nothing here decides anything.
 *
 * table_build(unigrams, bigrams, chars, lo, hi, cap, base_count, special)
 *     A model's tables in C memory (a capsule, read-only once built; its block below), from
 *     one dict per total field of each kind: unigrams {word: weight}, bigrams {"a b": weight},
 *     character n-grams {gram: weight}; n-grams of lo..hi characters of each word padded as
 *     `<word>` (its first `cap` characters), `base_count` features for a token's unigram,
 *     and `special` the first characters of the tokens the model reads its own way. None
 *     where the tables cannot be exact (a weight not an int within 64 bits).
 *
 * table_sums(table, segments, fields, miss, pairs_on)
 *     The (count, total_1, ..., total_nfields) of some token stretches. A token of the
 *     model's vocabulary is read from the table; one it does not know is one unigram feature
 *     of weight 0, unless it has character n-grams or a `special` first character: then its
 *     values are `fields[token]`, else `miss(token)` (bytes of 1 + nfields native int64;
 *     None to give up). With `pairs_on`, each adjacent pair adds one feature to the count and,
 *     when the table knows the pair, its totals.
 *
 * scan(text, ends)
 *     `_TOKEN_FAST.findall(text)` (`_TOKEN_OR_END`'s with `ends`) of socialpolicy.models._ngrams:
 *     the model's tokens in one pass over the characters, with the patterns' own classes.
 *
 * char_sum(chars, padded, lo, hi)
 *     The sum of `chars.get(g, 0)` over every substring g of `padded` of length lo..hi (the
 *     character n-grams of a padded word), or None if a value is not an int within 64 bits.
 *
 * lexicon_hits(hits, text, match_type, out)
 *     socialpolicy.detectors.matching's lexicon pass over one automaton's raw hits: exactly
 *     the pure `_scan_plain_pure` loop there (boundary tests, a `match_type` tuple appended to
 *     `out` per match; returns the number of prefix matches), so that a raw hit, half of them
 *     fragments inside a word, costs no Python step.
 *
 * fold_fast(raw, table), cut_runs(s)
 *     socialpolicy.normalise's fast path: see their block at the end.
 *
 * lexicon_matches(hits, text, match_type, out)
 *     `lexicon_hits` with its matches sorted and deduplicated as `find` returns them (its
 *     block at the end).
 *
 * group_by_lexicon(matches)
 *     `Context.grouped`'s grouping of a post's matches by lexicon (its block at the end).
 *
 * ac_build(keys, payloads, ranks), ac_matches(automaton, text, match_type, out), ac_hits
 *     An Aho-Corasick automaton of its own, laid out for a cold cache, and `lexicon_matches`
 *     over it without a Python object per raw hit (their block at the end).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define MAX_FIELDS 64

/* a += b; 0 on overflow (the caller gives up and the pure path runs). */
static int
add_checked(int64_t *a, int64_t b)
{
    if ((b > 0 && *a > INT64_MAX - b) || (b < 0 && *a < INT64_MIN - b)) {
        return 0;
    }
    *a += b;
    return 1;
}

/* --- the models' tables in C (table_build, table_sums) ----------------------------------------
 *
 * A model's word and pair weights in flat memory, built once per model from its weight
 * dictionaries, read-only afterwards. Summing a post's tokens costs per token a hash of its
 * code points, one slot and one record (its key beside its values), and per known word pair
 * one slot: no Python object read or made for a word of the model's vocabulary.
 *
 * Words: open addressing (linear probing, load at most 1/2) over slots of 64 bits, the high
 * 32 bits of the word's hash and the offset of its record in `arena`:
 *     [hash, length | flags << 32, count, total_1 .. total_nfields, code points as uint32...]
 * (The third head field is a 64-bit filter of the words that follow this one in a pair: a pair
 * is looked up only when its second word's bit is set, so that the many pairs the table does
 * not hold cost no probe of the pair table, the largest.)
 * A record's values are the word's whole reading (its unigram and character n-grams: what
 * `NgramSums._plain_word` returns), computed at the build, unless the model reads the word
 * another way (its first character is one of `special`: the offensive model's denied words)
 * or its character n-grams cannot be read here (a code point past 4095, or n-grams longer
 * than 5): then, as for a word the model does not know that has character n-grams, the
 * values come from the caller's `fields` dictionary or its `miss` function.
 * Pairs: open addressing over (offset of a, offset of b) -> nfields totals; every word of a
 * pair has a record, so a pair with a word without one is unknown (it only counts).
 * Character n-grams (of 1 to 5 code points below 4096) are packed exactly in 64 bits, in a
 * table that lives during the build only.
 */

#define TABLE_CAPSULE "socialpolicy._cngrams.NgramTable"
#define REC_HEAD 3
#define REC_NEXT 2 /* the successors filter (see `next_bit`) */
#define REC_KNOWN ((int64_t)1 << 32)
#define REC_LEN(rec) ((Py_ssize_t)((rec)[1] & 0xffffffff))
#define PACK_BITS 12
#define PACK_MAX 5
#define MAX_SPECIAL 8

typedef struct {
    Py_ssize_t nfields; /* totals per word and pair; a word's record holds 1 + nfields values */
    int64_t base_count; /* the features of a token the model has no record of: its unigram */
    int chars_on;
    Py_ssize_t lo, hi, cap;
    Py_UCS4 special[MAX_SPECIAL];
    int nspecial;
    uint64_t *wslots;
    size_t wmask, wcount;
    int64_t *arena;
    size_t alen, acap;
    int64_t *pslots; /* stride 1 + nfields: the pair's key (0: empty), its totals */
    size_t pmask, pcount;
    void *block; /* once built, the three arrays above in one block (see `table_settle`) */
} NgramTable;

static inline uint64_t
mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* FNV-1a over the code points of data[start, end), finished by a 64-bit mix: a fixed hash
 * (the same in every process), whatever the string's storage kind. */
static uint64_t
hash_cps(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *s = data;
        for (Py_ssize_t i = start; i < end; i++) {
            h = (h ^ s[i]) * 0x100000001b3ULL;
        }
    }
    else {
        for (Py_ssize_t i = start; i < end; i++) {
            h = (h ^ PyUnicode_READ(kind, data, i)) * 0x100000001b3ULL;
        }
    }
    return mix64(h ^ (uint64_t)(end - start));
}

static inline uint32_t *
rec_key(const NgramTable *t, int64_t *rec)
{
    return (uint32_t *)(rec + REC_HEAD + 1 + t->nfields);
}

/* The offset of the record of data[start, end) (hash h), or 0. */
static size_t
word_find(const NgramTable *t, uint64_t h, int kind, const void *data, Py_ssize_t start,
          Py_ssize_t end)
{
    Py_ssize_t len = end - start;
    uint32_t tag = (uint32_t)(h >> 32);
    for (size_t i = h & t->wmask;; i = (i + 1) & t->wmask) {
        uint64_t s = t->wslots[i];
        if (s == 0) {
            return 0;
        }
        if ((uint32_t)(s >> 32) != tag) {
            continue;
        }
        size_t off = (uint32_t)s;
        int64_t *rec = t->arena + off;
        if ((uint64_t)rec[0] != h || REC_LEN(rec) != len) {
            continue;
        }
        const uint32_t *key = rec_key(t, rec);
        Py_ssize_t j = 0;
        if (kind == PyUnicode_1BYTE_KIND) {
            const Py_UCS1 *s1 = (const Py_UCS1 *)data + start;
            while (j < len && key[j] == s1[j]) {
                j++;
            }
        }
        else {
            while (j < len && key[j] == PyUnicode_READ(kind, data, start + j)) {
                j++;
            }
        }
        if (j == len) {
            return off;
        }
    }
}

static int
word_slots_grow(NgramTable *t)
{
    size_t cap = (t->wmask + 1) * 2;
    uint64_t *slots = PyMem_Calloc(cap, sizeof(uint64_t));
    if (slots == NULL) {
        return 0;
    }
    for (size_t i = 0; i <= t->wmask; i++) {
        uint64_t s = t->wslots[i];
        if (s == 0) {
            continue;
        }
        uint64_t h = (uint64_t)t->arena[(uint32_t)s];
        size_t j = h & (cap - 1);
        while (slots[j] != 0) {
            j = (j + 1) & (cap - 1);
        }
        slots[j] = s;
    }
    PyMem_Free(t->wslots);
    t->wslots = slots;
    t->wmask = cap - 1;
    return 1;
}

/* The offset of the record of str[start, end), made (values 0) if there is none; 0 on a
 * memory error (set). */
static size_t
word_intern(NgramTable *t, PyObject *str, Py_ssize_t start, Py_ssize_t end)
{
    int kind = PyUnicode_KIND(str);
    const void *data = PyUnicode_DATA(str);
    uint64_t h = hash_cps(kind, data, start, end);
    size_t off = word_find(t, h, kind, data, start, end);
    if (off != 0) {
        return off;
    }
    Py_ssize_t len = end - start;
    size_t need = REC_HEAD + 1 + (size_t)t->nfields + ((size_t)len + 1) / 2;
    if (t->alen + need > UINT32_MAX || len > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "table_build: too many words");
        return 0;
    }
    if (t->alen + need > t->acap) {
        size_t cap = t->acap * 2 > t->alen + need ? t->acap * 2 : t->alen + need;
        int64_t *arena = PyMem_Realloc(t->arena, cap * sizeof(int64_t));
        if (arena == NULL) {
            PyErr_NoMemory();
            return 0;
        }
        t->arena = arena;
        t->acap = cap;
    }
    if ((t->wcount + 1) * 2 > t->wmask + 1 && !word_slots_grow(t)) {
        PyErr_NoMemory();
        return 0;
    }
    off = t->alen;
    int64_t *rec = t->arena + off;
    memset(rec, 0, need * sizeof(int64_t));
    rec[0] = (int64_t)h;
    rec[1] = (int64_t)len;
    uint32_t *key = rec_key(t, rec);
    for (Py_ssize_t j = 0; j < len; j++) {
        key[j] = PyUnicode_READ(kind, data, start + j);
    }
    t->alen += need;
    size_t i = h & t->wmask;
    while (t->wslots[i] != 0) {
        i = (i + 1) & t->wmask;
    }
    t->wslots[i] = ((h >> 32) << 32) | (uint64_t)off;
    t->wcount++;
    return off;
}

/* The bit of a word (by its hash) in the successors filter of the word before it. */
static inline int64_t
next_bit(uint64_t h)
{
    return (int64_t)((uint64_t)1 << ((h >> 20) & 63));
}

static inline uint64_t
pair_key(size_t a, size_t b)
{
    return ((uint64_t)a << 32) | (uint64_t)b; /* never 0: offsets start at 1 */
}

/* The totals of a pair, or NULL. */
static inline const int64_t *
pair_find(const NgramTable *t, uint64_t key)
{
    size_t stride = 1 + (size_t)t->nfields;
    for (size_t i = mix64(key) & t->pmask;; i = (i + 1) & t->pmask) {
        int64_t *slot = t->pslots + i * stride;
        if ((uint64_t)slot[0] == key) {
            return slot + 1;
        }
        if (slot[0] == 0) {
            return NULL;
        }
    }
}

static int
pair_slots_grow(NgramTable *t)
{
    size_t stride = 1 + (size_t)t->nfields, cap = (t->pmask + 1) * 2;
    int64_t *slots = PyMem_Calloc(cap * stride, sizeof(int64_t));
    if (slots == NULL) {
        return 0;
    }
    for (size_t i = 0; i <= t->pmask; i++) {
        int64_t *old = t->pslots + i * stride;
        if (old[0] == 0) {
            continue;
        }
        size_t j = mix64((uint64_t)old[0]) & (cap - 1);
        while (slots[j * stride] != 0) {
            j = (j + 1) & (cap - 1);
        }
        memcpy(slots + j * stride, old, stride * sizeof(int64_t));
    }
    PyMem_Free(t->pslots);
    t->pslots = slots;
    t->pmask = cap - 1;
    return 1;
}

/* The totals of a pair, made (0) if it is new; NULL on a memory error (set). */
static int64_t *
pair_intern(NgramTable *t, uint64_t key)
{
    size_t stride = 1 + (size_t)t->nfields;
    const int64_t *got = pair_find(t, key);
    if (got != NULL) {
        return (int64_t *)got;
    }
    if ((t->pcount + 1) * 2 > t->pmask + 1 && !pair_slots_grow(t)) {
        PyErr_NoMemory();
        return NULL;
    }
    size_t i = mix64(key) & t->pmask;
    while (t->pslots[i * stride] != 0) {
        i = (i + 1) & t->pmask;
    }
    t->pslots[i * stride] = (int64_t)key;
    t->pcount++;
    return t->pslots + i * stride + 1;
}

static void
table_free(NgramTable *t)
{
    if (t != NULL) {
        if (t->block != NULL) {
            free(t->block);
        }
        else {
            PyMem_Free(t->wslots);
            PyMem_Free(t->arena);
            PyMem_Free(t->pslots);
        }
        PyMem_Free(t);
    }
}

#define HUGE_PAGE ((size_t)2 << 20)

/* The built arrays moved into one block, aligned to and advised onto 2 MiB pages where the
 * system offers them (Linux's transparent huge pages): a post's look-ups land anywhere in a
 * few MiB, and with 4 KiB pages nearly each of them also missed the TLB (under a hypervisor, a
 * walk of two page tables). Elsewhere, or if the block cannot be had, the arrays stay. */
static void
table_settle(NgramTable *t)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    size_t wbytes = (t->wmask + 1) * sizeof(uint64_t);
    size_t abytes = t->alen * sizeof(int64_t);
    size_t pbytes = (t->pmask + 1) * (1 + (size_t)t->nfields) * sizeof(int64_t);
    size_t total = wbytes + abytes + pbytes;
    if (total < HUGE_PAGE / 2) {
        return; /* small tables: a huge page would mostly hold nothing */
    }
    total = (total + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *block = NULL;
    if (posix_memalign(&block, HUGE_PAGE, total) != 0) {
        return;
    }
    (void)madvise(block, total, MADV_HUGEPAGE); /* advice only: fine if refused */
    char *at = block;
    memcpy(at, t->wslots, wbytes);
    memcpy(at + wbytes, t->arena, abytes);
    memcpy(at + wbytes + abytes, t->pslots, pbytes);
    PyMem_Free(t->wslots);
    PyMem_Free(t->arena);
    PyMem_Free(t->pslots);
    t->wslots = (uint64_t *)at;
    t->arena = (int64_t *)(at + wbytes);
    t->pslots = (int64_t *)(at + wbytes + abytes);
    t->acap = t->alen;
    t->block = block;
#else
    (void)t;
#endif
}

static void
table_capsule_free(PyObject *capsule)
{
    table_free(PyCapsule_GetPointer(capsule, TABLE_CAPSULE));
}

/* A character n-gram of 1..PACK_MAX code points below 1 << PACK_BITS, packed exactly (its
 * length in the low 3 bits: never 0); 0 when it cannot be packed. */
static inline uint64_t
gram_pack(const Py_UCS4 *cps, Py_ssize_t k)
{
    if (k < 1 || k > PACK_MAX) {
        return 0;
    }
    uint64_t key = (uint64_t)k;
    for (Py_ssize_t i = 0; i < k; i++) {
        if (cps[i] >= (1u << PACK_BITS)) {
            return 0;
        }
        key |= (uint64_t)cps[i] << (3 + PACK_BITS * i);
    }
    return key;
}

/* A weight as int64: 1 done, 0 not an int within 64 bits (give up), -1 error. */
static int
weight_of(PyObject *value, int64_t *out)
{
    if (!PyLong_CheckExact(value)) {
        return 0;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow) {
        return 0;
    }
    *out = v;
    return 1;
}

/* One dict per field, each {str: int}; what each item is read into is `into`'s business.
 * 1 done, 0 give up, -1 error. */
typedef int (*item_fn)(NgramTable *t, void *ctx, Py_ssize_t field, PyObject *key, int64_t w);

static int
read_fields(NgramTable *t, PyObject *dicts, item_fn into, void *ctx)
{
    for (Py_ssize_t k = 0; k < t->nfields; k++) {
        PyObject *d = PyTuple_GET_ITEM(dicts, k);
        if (!PyDict_Check(d)) {
            return 0;
        }
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(d, &pos, &key, &value)) {
            int64_t w;
            int rc = weight_of(value, &w);
            if (rc <= 0) {
                return rc;
            }
            if (!PyUnicode_CheckExact(key)) {
                return 0;
            }
#if PY_VERSION_HEX < 0x030C0000
            if (PyUnicode_READY(key) < 0) {
                return -1;
            }
#endif
            rc = into(t, ctx, k, key, w);
            if (rc <= 0) {
                return rc;
            }
        }
    }
    return 1;
}

static int
unigram_item(NgramTable *t, void *ctx, Py_ssize_t field, PyObject *key, int64_t w)
{
    (void)ctx;
    size_t off = word_intern(t, key, 0, PyUnicode_GET_LENGTH(key));
    if (off == 0) {
        return -1;
    }
    return add_checked(&t->arena[off + REC_HEAD + 1 + field], w);
}

static int
bigram_item(NgramTable *t, void *ctx, Py_ssize_t field, PyObject *key, int64_t w)
{
    (void)ctx;
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    Py_ssize_t sp = PyUnicode_FindChar(key, ' ', 0, n, 1);
    if (sp < 0) {
        return sp == -1 ? 0 : -1; /* no space: the pure table cannot read it either */
    }
    size_t a = word_intern(t, key, 0, sp);
    size_t b = a == 0 ? 0 : word_intern(t, key, sp + 1, n);
    int64_t *totals = b == 0 ? NULL : pair_intern(t, pair_key(a, b));
    if (totals == NULL) {
        return -1;
    }
    t->arena[a + REC_NEXT] |= next_bit((uint64_t)t->arena[b]);
    return add_checked(&totals[field], w);
}

/* The packed character n-grams during the build: stride 1 + nfields, key 0 empty. */
typedef struct {
    int64_t *slots;
    size_t mask, count;
} GramTable;

static int64_t *
gram_slot(const NgramTable *t, const GramTable *g, uint64_t key, int make)
{
    size_t stride = 1 + (size_t)t->nfields;
    for (size_t i = mix64(key) & g->mask;; i = (i + 1) & g->mask) {
        int64_t *slot = g->slots + i * stride;
        if ((uint64_t)slot[0] == key) {
            return slot;
        }
        if (slot[0] == 0) {
            if (!make) {
                return NULL;
            }
            slot[0] = (int64_t)key;
            return slot;
        }
    }
}

static int
char_item(NgramTable *t, void *ctx, Py_ssize_t field, PyObject *key, int64_t w)
{
    GramTable *g = ctx;
    Py_ssize_t k = PyUnicode_GET_LENGTH(key);
    if (k < 1 || k > PACK_MAX) {
        return 1; /* never one of a word's n-grams here (at most PACK_MAX long) */
    }
    Py_UCS4 cps[PACK_MAX];
    for (Py_ssize_t i = 0; i < k; i++) {
        cps[i] = PyUnicode_READ_CHAR(key, i);
    }
    uint64_t packed = gram_pack(cps, k);
    if (packed == 0) {
        return 1; /* a code point past 4095: words holding one are not computed here */
    }
    if ((g->count + 1) * 2 > g->mask + 1) {
        return 0; /* sized from the dicts' lengths: cannot happen */
    }
    int64_t *slot = gram_slot(t, g, packed, 1);
    g->count += 1; /* at most the dicts' items: the table was sized for them */
    return add_checked(&slot[1 + field], w);
}

static inline int
is_special(const NgramTable *t, Py_UCS4 c)
{
    for (int i = 0; i < t->nspecial; i++) {
        if (t->special[i] == c) {
            return 1;
        }
    }
    return 0;
}

/* A record's whole reading (count, unigram + character n-gram totals), when this table can
 * compute it: REC_KNOWN set. Overflow or an unreadable word leaves it to the caller. */
static void
word_values(NgramTable *t, const GramTable *g, int64_t *rec)
{
    Py_ssize_t len = REC_LEN(rec);
    if (len == 0) {
        return; /* no token is empty */
    }
    const uint32_t *key = rec_key(t, rec);
    int64_t *vals = rec + REC_HEAD;
    if (is_special(t, key[0])) {
        return;
    }
    int64_t count = t->base_count;
    if (t->chars_on && Py_UNICODE_ISALNUM(key[0])) {
        if (g == NULL) {
            return;
        }
        Py_ssize_t m = len < t->cap ? len : t->cap, n = m + 2;
        Py_UCS4 padded[64];
        if (n > (Py_ssize_t)(sizeof padded / sizeof padded[0])) {
            return;
        }
        padded[0] = '<';
        for (Py_ssize_t i = 0; i < m; i++) {
            if (key[i] >= (1u << PACK_BITS)) {
                return;
            }
            padded[i + 1] = key[i];
        }
        padded[n - 1] = '>';
        int64_t sums[MAX_FIELDS];
        for (Py_ssize_t f = 0; f < t->nfields; f++) {
            sums[f] = vals[1 + f];
        }
        for (Py_ssize_t k = t->lo; k <= t->hi; k++) {
            for (Py_ssize_t i = 0; i + k <= n; i++) {
                count++;
                const int64_t *slot = gram_slot(t, g, gram_pack(padded + i, k), 0);
                if (slot == NULL) {
                    continue;
                }
                for (Py_ssize_t f = 0; f < t->nfields; f++) {
                    if (!add_checked(&sums[f], slot[1 + f])) {
                        return;
                    }
                }
            }
        }
        for (Py_ssize_t f = 0; f < t->nfields; f++) {
            vals[1 + f] = sums[f];
        }
    }
    vals[0] = count;
    rec[1] |= REC_KNOWN;
}

static PyObject *
table_build(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 8 || !PyTuple_CheckExact(args[0]) || !PyTuple_CheckExact(args[1]) ||
        !PyTuple_CheckExact(args[2]) || !PyUnicode_Check(args[7])) {
        PyErr_SetString(PyExc_TypeError,
                        "table_build(unigrams: tuple, bigrams: tuple, chars: tuple, lo, hi, cap, "
                        "base_count, special: str)");
        return NULL;
    }
    Py_ssize_t nfields = PyTuple_GET_SIZE(args[0]);
    Py_ssize_t num[4];
    for (int i = 0; i < 4; i++) {
        num[i] = PyLong_AsSsize_t(args[3 + i]);
        if (num[i] == -1 && PyErr_Occurred()) {
            return NULL;
        }
    }
    Py_ssize_t lo = num[0], hi = num[1], cap = num[2], base = num[3];
    Py_ssize_t nspecial = PyUnicode_GET_LENGTH(args[7]);
    if (nfields < 1 || nfields > MAX_FIELDS || PyTuple_GET_SIZE(args[1]) != nfields ||
        PyTuple_GET_SIZE(args[2]) != nfields || nspecial > MAX_SPECIAL || cap < 0 ||
        (hi > 0 && lo < 1) || base < 0 || base > 1) {
        Py_RETURN_NONE; /* a configuration these tables do not read: the caller's other path */
    }
    NgramTable *t = PyMem_Calloc(1, sizeof(NgramTable));
    if (t == NULL) {
        return PyErr_NoMemory();
    }
    t->nfields = nfields;
    t->base_count = base;
    t->chars_on = hi > 0;
    t->lo = lo;
    t->hi = hi;
    t->cap = cap;
    t->nspecial = (int)nspecial;
    for (Py_ssize_t i = 0; i < nspecial; i++) {
        t->special[i] = PyUnicode_READ_CHAR(args[7], i);
    }
    t->wmask = 1023;
    t->pmask = 1023;
    t->acap = 4096;
    t->alen = 1; /* offset 0 means "no record" */
    t->wslots = PyMem_Calloc(t->wmask + 1, sizeof(uint64_t));
    t->pslots = PyMem_Calloc((t->pmask + 1) * (1 + (size_t)nfields), sizeof(int64_t));
    t->arena = PyMem_Calloc(t->acap, sizeof(int64_t));
    GramTable grams = {NULL, 0, 0};
    int rc = 1;
    if (t->wslots == NULL || t->pslots == NULL || t->arena == NULL) {
        PyErr_NoMemory();
        rc = -1;
    }
    if (rc > 0) {
        rc = read_fields(t, args[0], unigram_item, NULL);
    }
    if (rc > 0) {
        rc = read_fields(t, args[1], bigram_item, NULL);
    }
    int have_grams = 0;
    if (rc > 0 && t->chars_on && hi <= PACK_MAX) {
        size_t total = 0;
        for (Py_ssize_t k = 0; k < nfields; k++) {
            PyObject *d = PyTuple_GET_ITEM(args[2], k);
            total += PyDict_Check(d) ? (size_t)PyDict_GET_SIZE(d) : 0;
        }
        size_t gcap = 1024;
        while (gcap < 2 * total + 2) {
            gcap *= 2;
        }
        grams.slots = PyMem_Calloc(gcap * (1 + (size_t)nfields), sizeof(int64_t));
        grams.mask = gcap - 1;
        if (grams.slots == NULL) {
            PyErr_NoMemory();
            rc = -1;
        }
        else {
            rc = read_fields(t, args[2], char_item, &grams);
            have_grams = 1;
        }
    }
    if (rc > 0) {
        for (size_t off = 1; off < t->alen;) {
            int64_t *rec = t->arena + off;
            word_values(t, have_grams ? &grams : NULL, rec);
            off += REC_HEAD + 1 + (size_t)nfields + ((size_t)REC_LEN(rec) + 1) / 2;
        }
    }
    PyMem_Free(grams.slots);
    if (rc <= 0) {
        table_free(t);
        if (rc < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    table_settle(t);
    PyObject *capsule = PyCapsule_New(t, TABLE_CAPSULE, table_capsule_free);
    if (capsule == NULL) {
        table_free(t);
    }
    return capsule;
}

/* A token's values from the caller: `fields[token]`, else `miss(token)` (bytes of 1 + nfields
 * native int64). 1 done (*held a new reference to keep while `vals` is read), 0 give up, -1
 * error. */
static int
caller_values(const NgramTable *t, PyObject *fields, PyObject *miss, PyObject *token,
              const int64_t **vals, PyObject **held)
{
    PyObject *got = PyDict_GetItemWithError(fields, token);
    if (got != NULL) {
        Py_INCREF(got);
    }
    else if (PyErr_Occurred()) {
        return -1;
    }
    else {
        got = PyObject_CallOneArg(miss, token);
        if (got == NULL) {
            return -1;
        }
    }
    *held = got;
    if (!PyBytes_CheckExact(got) ||
        PyBytes_GET_SIZE(got) != (1 + t->nfields) * (Py_ssize_t)sizeof(int64_t)) {
        return 0; /* None (past 64 bits) or a value of another shape */
    }
    *vals = (const int64_t *)PyBytes_AS_STRING(got);
    return 1;
}

static PyObject *
table_sums(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5 || !PyDict_CheckExact(args[2])) {
        PyErr_SetString(PyExc_TypeError,
                        "table_sums(table, segments, fields: dict, miss, pairs_on)");
        return NULL;
    }
    if (!PyCapsule_IsValid(args[0], TABLE_CAPSULE)) {
        PyErr_SetString(PyExc_TypeError, "table_sums: a table from table_build was expected");
        return NULL;
    }
    NgramTable *t = PyCapsule_GetPointer(args[0], TABLE_CAPSULE);
    PyObject *segments = args[1], *fields = args[2], *miss = args[3];
    int pairs_on = PyObject_IsTrue(args[4]);
    if (pairs_on < 0) {
        return NULL;
    }
    Py_ssize_t nf = t->nfields;
    int64_t acc[MAX_FIELDS + 1], base[MAX_FIELDS + 1];
    memset(acc, 0, sizeof acc);
    memset(base, 0, sizeof base);
    base[0] = t->base_count;
    int exact = 1, failed = 0;
    PyObject *outer = PyObject_GetIter(segments);
    if (outer == NULL) {
        return NULL;
    }
    PyObject *seg;
    while (exact && !failed && (seg = PyIter_Next(outer)) != NULL) {
        PyObject *fast = PySequence_Fast(seg, "a segment must be a sequence of str");
        Py_DECREF(seg);
        if (fast == NULL) {
            failed = 1;
            break;
        }
        Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
        PyObject **items = PySequence_Fast_ITEMS(fast);
        size_t prev = 0; /* the previous token's record, 0 if none */
        for (Py_ssize_t i = 0; i < n && exact && !failed; i++) {
            PyObject *token = items[i];
            Py_ssize_t len;
            if (!PyUnicode_CheckExact(token) || (len = PyUnicode_GET_LENGTH(token)) == 0) {
                exact = 0; /* the pure path reads it (or raises) */
                break;
            }
#if PY_VERSION_HEX < 0x030C0000
            if (PyUnicode_READY(token) < 0) {
                failed = 1;
                break;
            }
#endif
            int kind = PyUnicode_KIND(token);
            const void *data = PyUnicode_DATA(token);
            uint64_t h = hash_cps(kind, data, 0, len);
            size_t off = word_find(t, h, kind, data, 0, len);
            const int64_t *vals = base;
            PyObject *held = NULL;
            if (off != 0 && (t->arena[off + 1] & REC_KNOWN)) {
                vals = t->arena + off + REC_HEAD;
            }
            else {
                Py_UCS4 first = PyUnicode_READ(kind, data, 0);
                if (off != 0 || is_special(t, first) ||
                    (t->chars_on && Py_UNICODE_ISALNUM(first))) {
                    int rc = caller_values(t, fields, miss, token, &vals, &held);
                    if (rc <= 0) {
                        Py_XDECREF(held);
                        failed = rc < 0;
                        exact = rc == 0 ? 0 : exact;
                        break;
                    }
                }
            }
            for (Py_ssize_t k = 0; k <= nf; k++) {
                if (!add_checked(&acc[k], vals[k])) {
                    exact = 0;
                }
            }
            Py_XDECREF(held);
            if (pairs_on && i > 0) {
                /* One feature per pair, known or not; a known pair's weights in the totals. */
                if (!add_checked(&acc[0], 1)) {
                    exact = 0;
                }
                const int64_t *pair = NULL;
                if (prev != 0 && off != 0 && (t->arena[prev + REC_NEXT] & next_bit(h))) {
                    pair = pair_find(t, pair_key(prev, off));
                }
                for (Py_ssize_t k = 0; pair != NULL && k < nf; k++) {
                    if (!add_checked(&acc[1 + k], pair[k])) {
                        exact = 0;
                    }
                }
            }
            prev = off;
        }
        Py_DECREF(fast);
    }
    Py_DECREF(outer);
    if (failed || PyErr_Occurred()) {
        return NULL;
    }
    if (!exact) {
        Py_RETURN_NONE;
    }
    PyObject *out = PyTuple_New(nf + 1);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t k = 0; k <= nf; k++) {
        PyObject *v = PyLong_FromLongLong(acc[k]);
        if (v == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, k, v);
    }
    return out;
}

static PyObject *
char_sum(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "char_sum(chars, padded, lo, hi)");
        return NULL;
    }
    PyObject *chars = args[0], *padded = args[1];
    if (!PyDict_CheckExact(chars) || !PyUnicode_CheckExact(padded)) {
        PyErr_SetString(PyExc_TypeError, "char_sum(dict, str, int, int)");
        return NULL;
    }
    Py_ssize_t lo = PyLong_AsSsize_t(args[2]);
    if (lo == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t hi = PyLong_AsSsize_t(args[3]);
    if (hi == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (lo < 1) {
        Py_RETURN_NONE; /* empty n-grams: left to the pure path */
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(padded);
    int64_t total = 0;
    /* n-gram length ascending, then position: the order of `word_grams` (any order gives the
     * same integer sum; this one keeps the two easy to compare). */
    for (Py_ssize_t k = lo; k <= hi; k++) {
        for (Py_ssize_t i = 0; i + k <= n; i++) {
            PyObject *gram = PyUnicode_Substring(padded, i, i + k);
            if (gram == NULL) {
                return NULL;
            }
            PyObject *w = PyDict_GetItemWithError(chars, gram);
            Py_DECREF(gram);
            if (w == NULL) {
                if (PyErr_Occurred()) {
                    return NULL;
                }
                continue;
            }
            if (!PyLong_CheckExact(w)) {
                Py_RETURN_NONE;
            }
            int overflow = 0;
            long long v = PyLong_AsLongLongAndOverflow(w, &overflow);
            if (overflow || (v == -1 && PyErr_Occurred()) || !add_checked(&total, v)) {
                PyErr_Clear();
                Py_RETURN_NONE;
            }
        }
    }
    return PyLong_FromLongLong(total);
}

/* The token patterns' character classes, as `re` reads them in a str pattern: \w is
 * Py_UNICODE_ISALNUM or "_" (sre's SRE_UNI_IS_WORD). */
static int
is_word(Py_UCS4 c)
{
    return c == '_' || Py_UNICODE_ISALNUM(c);
}

static int
is_emoji(Py_UCS4 c)
{
    return (c >= 0x2600 && c <= 0x27BF) || (c >= 0x1F300 && c <= 0x1F3FA)
           || (c >= 0x1F400 && c <= 0x1FAFF);
}

static int
is_end(Py_UCS4 c)
{
    switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?':
    case '(': case ')': case '[': case ']': case '"':
        return 1;
    default:
        return 0;
    }
}

/* `is_word` without a Unicode database call for ASCII (most characters of most posts). */
static inline int
word_char(Py_UCS4 c)
{
    if (c < 128) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
               || c == '_';
    }
    return is_word(c);
}

/* The end of the token pattern's match at i (`scan`'s alternatives in the patterns' order,
 * each greedy, none needing backtracking; a clause end is a token only when `ends`), or i if
 * none. The one tokeniser of `scan` and the fast readings (`plain_tokens`, `read_scopes`). */
static Py_ssize_t
token_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t i, int ends)
{
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    Py_ssize_t j = i;
    if (c != '_' && word_char(c)) { /* [^\W_][\w*']* */
        j = i + 1;
        while (j < n) {
            Py_UCS4 d = PyUnicode_READ(kind, data, j);
            if (!(d == '*' || d == '\'' || word_char(d))) {
                break;
            }
            j++;
        }
    }
    else if (c == '@' && i + 1 < n && word_char(PyUnicode_READ(kind, data, i + 1))) { /* @\w+ */
        j = i + 2;
        while (j < n && word_char(PyUnicode_READ(kind, data, j))) {
            j++;
        }
    }
    else if (is_emoji(c) || (ends && is_end(c))) {
        j = i + 1;
    }
    return j;
}

static PyObject *
scan(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "scan(text: str, ends: bool)");
        return NULL;
    }
    PyObject *text = args[0];
    int ends = PyObject_IsTrue(args[1]);
    if (ends < 0) {
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t i = 0;
    while (i < n) {
        Py_ssize_t j = token_end(kind, data, n, i, ends); /* the match is [i, j) */
        if (j == i) {
            i++;
            continue;
        }
        PyObject *token = PyUnicode_Substring(text, i, j);
        if (token == NULL || PyList_Append(out, token) < 0) {
            Py_XDECREF(token);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(token);
        i = j;
    }
    return out;
}

/* `c.isalnum() or c == "*"` of Python: a character of a word, for the lexicon pass. */
static inline int
lex_word(Py_UCS4 c)
{
    return c == '*' || Py_UNICODE_ISALNUM(c);
}

/* A new `type` (a tuple subclass: LexiconMatch) of (pair[0], pair[1], start, end), appended
 * to `out`. -1 on error. */
static int
append_match(PyObject *out, PyTypeObject *type, PyObject *pair, Py_ssize_t start, Py_ssize_t end)
{
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, "lexicon_hits: a (lexicon id, term) pair was expected");
        return -1;
    }
    PyObject *a = PyLong_FromSsize_t(start);
    PyObject *b = a == NULL ? NULL : PyLong_FromSsize_t(end);
    PyObject *m = b == NULL ? NULL : type->tp_alloc(type, 4);
    if (m == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        return -1;
    }
    PyObject *lex = PyTuple_GET_ITEM(pair, 0), *term = PyTuple_GET_ITEM(pair, 1);
    Py_INCREF(lex);
    Py_INCREF(term);
    PyTuple_SET_ITEM(m, 0, lex);
    PyTuple_SET_ITEM(m, 1, term);
    PyTuple_SET_ITEM(m, 2, a);
    PyTuple_SET_ITEM(m, 3, b);
    if (PyUnicode_CheckExact(lex) && PyUnicode_CheckExact(term)) {
        /* Two strings and two ints: in no reference cycle, so the cyclic collector need not
         * walk it (it untracks plain tuples so itself, never a subclass). A long text makes
         * thousands of matches at once, and walking them made its cost grow with its length. */
        PyObject_GC_UnTrack(m);
    }
    int rc = PyList_Append(out, m);
    Py_DECREF(m);
    return rc;
}

/* One raw hit `(last, (key length, left, right, word pairs, prefix pairs))`: its matches into
 * `out`, the number of its prefix pairs added to *prefixed. -1 on error. */
static int
lexicon_hit_at(Py_ssize_t last, PyObject *payload, int kind, const void *data, Py_ssize_t n,
               PyTypeObject *type, PyObject *out, Py_ssize_t *prefixed);

static int
lexicon_hit(PyObject *item, int kind, const void *data, Py_ssize_t n, PyTypeObject *type,
            PyObject *out, Py_ssize_t *prefixed)
{
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
        PyErr_SetString(PyExc_TypeError, "lexicon_hits: an automaton hit of another shape");
        return -1;
    }
    Py_ssize_t last = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
    if (last == -1 && PyErr_Occurred()) {
        return -1;
    }
    return lexicon_hit_at(last, PyTuple_GET_ITEM(item, 1), kind, data, n, type, out, prefixed);
}

/* `lexicon_hit` of a hit given as its last index and its key's payload. */
static int
lexicon_hit_at(Py_ssize_t last, PyObject *payload, int kind, const void *data, Py_ssize_t n,
               PyTypeObject *type, PyObject *out, Py_ssize_t *prefixed)
{
    if (!PyTuple_Check(payload) || PyTuple_GET_SIZE(payload) != 5) {
        PyErr_SetString(PyExc_TypeError, "lexicon_hits: an automaton hit of another shape");
        return -1;
    }
    Py_ssize_t klen = PyLong_AsSsize_t(PyTuple_GET_ITEM(payload, 0));
    if (klen == -1 && PyErr_Occurred()) {
        return -1;
    }
    PyObject *words = PyTuple_GET_ITEM(payload, 3), *prefixes = PyTuple_GET_ITEM(payload, 4);
    if (!PyTuple_Check(words) || !PyTuple_Check(prefixes)) {
        PyErr_SetString(PyExc_TypeError, "lexicon_hits: pairs must be tuples");
        return -1;
    }
    Py_ssize_t start = last - klen + 1, end = last + 1;
    if (klen < 1 || start < 0 || end > n) {
        PyErr_SetString(PyExc_ValueError, "lexicon_hits: a hit outside the text");
        return -1;
    }
    int left = PyObject_IsTrue(PyTuple_GET_ITEM(payload, 1));
    if (left < 0) {
        return -1;
    }
    if (left && start > 0) {
        Py_UCS4 c = PyUnicode_READ(kind, data, start - 1);
        if (c != ' ' && lex_word(c)) {
            return 0; /* a fragment inside a word */
        }
    }
    Py_ssize_t nw = PyTuple_GET_SIZE(words), np = PyTuple_GET_SIZE(prefixes);
    if (nw) {
        int right = PyObject_IsTrue(PyTuple_GET_ITEM(payload, 2));
        if (right < 0) {
            return -1;
        }
        int closed = 1;
        if (right && end < n) {
            Py_UCS4 c = PyUnicode_READ(kind, data, end);
            closed = c == ' ' || !lex_word(c);
        }
        for (Py_ssize_t i = 0; closed && i < nw; i++) {
            if (append_match(out, type, PyTuple_GET_ITEM(words, i), start, end) < 0) {
                return -1;
            }
        }
    }
    if (np) {
        *prefixed += np;
        Py_ssize_t stop = end; /* the end of the word running through text[end - 1] */
        while (stop < n && lex_word(PyUnicode_READ(kind, data, stop))) {
            stop++;
        }
        for (Py_ssize_t i = 0; i < np; i++) {
            if (append_match(out, type, PyTuple_GET_ITEM(prefixes, i), start, stop) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

static PyObject *
lexicon_hits(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "lexicon_hits(hits, text, match_type, out)");
        return NULL;
    }
    PyObject *text = args[1], *out = args[3];
    if (!PyUnicode_Check(text) || !PyType_Check(args[2]) ||
        !PyType_IsSubtype((PyTypeObject *)args[2], &PyTuple_Type) || !PyList_Check(out)) {
        PyErr_SetString(PyExc_TypeError, "lexicon_hits: (iterable, str, tuple type, list)");
        return NULL;
    }
    PyTypeObject *type = (PyTypeObject *)args[2];
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), prefixed = 0;
    PyObject *it = PyObject_GetIter(args[0]);
    if (it == NULL) {
        return NULL;
    }
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        int rc = lexicon_hit(item, kind, data, n, type, out, &prefixed);
        Py_DECREF(item);
        if (rc < 0) {
            Py_DECREF(it);
            return NULL;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        return NULL;
    }
    return PyLong_FromSsize_t(prefixed);
}

/* --- plain_tokens: the models' reading of a stretch with no negation, in one pass ------------
 *
 * plain_tokens(text, negations, mention)
 *     socialpolicy.models._ngrams._plain_pure(text): the `_TOKEN_FAST` tokens of `text` (as
 *     `scan(text, False)` finds them), each word's trailing apostrophes cut, the retweet marker
 *     "rt" dropped, every @mention read as `mention` (a run of them, "rt" aside, as one); or
 *     None as soon as a token is a negation (in the set `negations`, or ending with "n't"): the
 *     caller then reads negation scopes in Python. One call per stretch instead of a scan and
 *     four Python passes over its tokens. */


static PyObject *
plain_tokens(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyAnySet_Check(args[1])
        || !PyUnicode_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "plain_tokens(text: str, negations: set, mention: str)");
        return NULL;
    }
    PyObject *text = args[0], *negations = args[1], *mention = args[2];
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    int after_mention = 0; /* the last token kept is `mention` */
    Py_ssize_t i = 0;
    while (i < n) {
        Py_ssize_t j = token_end(kind, data, n, i, 0);
        if (j == i) {
            i++;
            continue;
        }
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t start = i, stop = j;
        i = j;
        if (c == '@') {
            if (!after_mention && PyList_Append(out, mention) < 0) {
                Py_DECREF(out);
                return NULL;
            }
            after_mention = 1;
            continue;
        }
        while (stop - start > 1 && PyUnicode_READ(kind, data, stop - 1) == '\'') {
            stop--; /* `_words`: a word's trailing apostrophes are not part of it */
        }
        if (stop - start == 2 && c == 'r' && PyUnicode_READ(kind, data, start + 1) == 't') {
            continue; /* the retweet marker */
        }
        if (stop - start >= 3 && PyUnicode_READ(kind, data, stop - 1) == 't'
            && PyUnicode_READ(kind, data, stop - 2) == '\''
            && PyUnicode_READ(kind, data, stop - 3) == 'n') {
            Py_DECREF(out);
            Py_RETURN_NONE; /* a "n't" negation */
        }
        PyObject *token = PyUnicode_Substring(text, start, stop);
        if (token == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        int negation = PySet_Contains(negations, token);
        if (negation != 0 || PyList_Append(out, token) < 0) {
            Py_DECREF(token);
            Py_DECREF(out);
            if (negation > 0) {
                Py_RETURN_NONE;
            }
            return NULL;
        }
        Py_DECREF(token);
        after_mention = 0;
    }
    return out;
}

/* --- read_scopes: the models' reading of a stretch with negations, in one pass --------------
 *
 * read_scopes(text, deny, keep, offensive, tables)
 *     `(plain, denied)` exactly as the clause-by-clause loop of socialpolicy.models._ngrams._read
 *     reads `text` (already cut of elongations, unescaped, links read as "url"): negation scopes
 *     marked `~word`, and with `deny` the declarative negations over offensive words marked `!`
 *     (`offensive(word)` asked of each negated word, as the loop asks it; None: every word).
 *     `denied` is `plain` itself when nothing is denied. `tables` is _ngrams._SCOPE_TABLES:
 *     (negations, you, quantifiers, question, comparison, scope_end, drop, mention, negated,
 *     denied, max_denied). */

/* Whether `token[1:]` is in `set`: 1, 0, or -1 on error. */
static int
tail_in(PyObject *set, PyObject *token)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(token);
    if (n < 2) {
        return 0; /* "" is in none of the tables */
    }
    PyObject *tail = PyUnicode_Substring(token, 1, n);
    if (tail == NULL) {
        return -1;
    }
    int got = PySet_Contains(set, tail);
    Py_DECREF(tail);
    return got;
}

typedef struct {
    Py_ssize_t *a, *e;
    Py_ssize_t len, cap;
} Scopes;

static int
scopes_push(Scopes *sc, Py_ssize_t a, Py_ssize_t e)
{
    if (sc->len == sc->cap) {
        Py_ssize_t cap = sc->cap ? 2 * sc->cap : 8;
        Py_ssize_t *na = PyMem_Realloc(sc->a, (size_t)cap * sizeof(Py_ssize_t));
        if (na == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        sc->a = na;
        Py_ssize_t *ne = PyMem_Realloc(sc->e, (size_t)cap * sizeof(Py_ssize_t));
        if (ne == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        sc->e = ne;
        sc->cap = cap;
    }
    sc->a[sc->len] = a;
    sc->e[sc->len] = e;
    sc->len++;
    return 0;
}

/* The tables of read_scopes, borrowed from its `tables` argument. */
typedef struct {
    PyObject *negations, *you, *quantifiers, *question, *comparison, *scope_end, *drop;
    PyObject *mention, *negated, *denied;
    Py_ssize_t max_denied;
} ScopeTables;

static int
scope_tables(PyObject *tables, ScopeTables *t)
{
    if (!PyTuple_Check(tables) || PyTuple_GET_SIZE(tables) != 11) {
        PyErr_SetString(PyExc_TypeError, "read_scopes: tables must be a tuple of 11");
        return -1;
    }
    PyObject **sets[] = {&t->negations, &t->you, &t->quantifiers, &t->question,
                         &t->comparison, &t->scope_end, &t->drop};
    for (Py_ssize_t k = 0; k < 7; k++) {
        PyObject *v = PyTuple_GET_ITEM(tables, k);
        if (!PyAnySet_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "read_scopes: tables[0:7] must be sets");
            return -1;
        }
        *sets[k] = v;
    }
    PyObject **strs[] = {&t->mention, &t->negated, &t->denied};
    for (Py_ssize_t k = 0; k < 3; k++) {
        PyObject *v = PyTuple_GET_ITEM(tables, 7 + k);
        if (!PyUnicode_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "read_scopes: tables[7:10] must be str");
            return -1;
        }
        *strs[k] = v;
    }
    t->max_denied = PyLong_AsSsize_t(PyTuple_GET_ITEM(tables, 10));
    return t->max_denied == -1 && PyErr_Occurred() ? -1 : 0;
}

/* Whether a token is a negation word: in `negations` or ending with "n't". 1, 0, -1. */
static int
is_negation(PyObject *token, PyObject *negations)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(token);
    if (n >= 3) {
        int kind = PyUnicode_KIND(token);
        const void *data = PyUnicode_DATA(token);
        if (PyUnicode_READ(kind, data, n - 1) == 't' && PyUnicode_READ(kind, data, n - 2) == '\''
            && PyUnicode_READ(kind, data, n - 3) == 'n') {
            return 1;
        }
    }
    return PySet_Contains(negations, token);
}

/* The clause loop of `_read` over `text` into `out`; the scopes of declarative negations into
 * `sc` (with `deny`). -1 on error. */
static int
scope_loop(PyObject *text, int deny, const ScopeTables *t, PyObject *out, Scopes *sc)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int negated = 0, ended = 0;
    Py_ssize_t clause = 0, scope = -1, head = -1, head_from = 0, last_you = -1, you_from = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        Py_ssize_t j = token_end(kind, data, n, i, 1);
        if (j == i) {
            i++;
            continue;
        }
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t start = i, stop = j;
        i = j;
        if (stop - start == 1 && is_end(c)) {
            ended = 1;
            continue;
        }
        while (stop - start > 1 && PyUnicode_READ(kind, data, stop - 1) == '\'') {
            stop--; /* `_words` */
        }
        Py_ssize_t len = PyList_GET_SIZE(out);
        if (ended) {
            ended = negated = 0;
            clause = head_from = len;
            head = -1;
        }
        PyObject *g = NULL; /* the token as found (a new reference), NULL for a mention */
        PyObject *tok;      /* what is appended (a new reference) */
        int close_check = 0; /* `g in _SCOPE_END` */
        if (c == '@') {
            if (len > 0 && PyList_GET_ITEM(out, len - 1) == t->mention) {
                continue;
            }
            tok = t->mention;
            Py_INCREF(tok);
        }
        else {
            g = PyUnicode_Substring(text, start, stop);
            if (g == NULL) {
                return -1;
            }
            int drop = PySet_Contains(t->drop, g);
            int neg = drop ? 0 : is_negation(g, t->negations);
            if (drop < 0 || neg < 0) {
                Py_DECREF(g);
                return -1;
            }
            if (drop) {
                Py_DECREF(g);
                continue;
            }
            tok = g;
            Py_INCREF(tok);
            if (neg) {
                negated = 1;
                if (deny) {
                    if (scope >= 0 && scopes_push(sc, scope, len) < 0) {
                        goto fail;
                    }
                    if (head < 0) {
                        for (Py_ssize_t k = head_from; k < len; k++) {
                            if (PyList_GET_ITEM(out, k) != t->mention) {
                                head = k;
                                break;
                            }
                        }
                        head_from = len;
                    }
                    for (Py_ssize_t k = you_from; k < len; k++) {
                        PyObject *o = PyList_GET_ITEM(out, k);
                        int y = PySet_Contains(t->you, o);
                        if (y == 0) {
                            y = tail_in(t->you, o);
                        }
                        if (y < 0) {
                            goto fail;
                        }
                        if (y) {
                            last_you = k;
                        }
                    }
                    you_from = len;
                    /* `_declarative(t, out, head, last_you >= clause)` */
                    int decl;
                    if (head < 0) {
                        decl = PySet_Contains(t->quantifiers, g);
                    }
                    else {
                        int q = PySet_Contains(t->question, PyList_GET_ITEM(out, head));
                        decl = q < 0 ? -1 : (q ? 0 : !(last_you >= clause));
                    }
                    if (decl < 0) {
                        goto fail;
                    }
                    scope = decl ? len : -1;
                }
            }
            else if (stop - start == 3 && c == 'b' && PyUnicode_READ(kind, data, start + 1) == 'u'
                     && PyUnicode_READ(kind, data, start + 2) == 't') {
                negated = 0;
                clause = head_from = len + 1;
                head = -1;
            }
            else if (negated && c != '_' && word_char(c)) {
                Py_DECREF(tok);
                tok = PyUnicode_Concat(t->negated, g);
                if (tok == NULL) {
                    Py_DECREF(g);
                    return -1;
                }
            }
            close_check = 1;
        }
        if (deny && scope >= 0) {
            int close = !negated || len - scope > t->max_denied;
            if (!close && close_check) {
                close = PySet_Contains(t->scope_end, g);
                if (close < 0) {
                    goto fail;
                }
            }
            if (close) {
                if (scopes_push(sc, scope, len) < 0) {
                    goto fail;
                }
                scope = -1;
            }
        }
        Py_XDECREF(g);
        if (PyList_Append(out, tok) < 0) {
            Py_DECREF(tok);
            return -1;
        }
        Py_DECREF(tok);
        continue;
    fail:
        Py_XDECREF(g);
        Py_DECREF(tok);
        return -1;
    }
    if (deny && scope >= 0 && scopes_push(sc, scope, PyList_GET_SIZE(out)) < 0) {
        return -1;
    }
    return 0;
}

/* Whether the scope [a, e) of `out` denies, per `_read`: its negated words `offensive` finds
 * offensive marked into `*denied` (a copy of `out` made on the first denial). -1 on error. */
static int
deny_scope(PyObject *out, Py_ssize_t a, Py_ssize_t e, PyObject *keep, PyObject *offensive,
           const ScopeTables *t, PyObject **denied)
{
    for (Py_ssize_t k = a + 1; k < e; k++) {
        int y = tail_in(t->you, PyList_GET_ITEM(out, k));
        if (y != 0) {
            return y < 0 ? -1 : 0; /* "don't you dare" */
        }
    }
    if (a + 1 < e) {
        int cmp = tail_in(t->comparison, PyList_GET_ITEM(out, a + 1));
        if (cmp != 0) {
            return cmp < 0 ? -1 : 0; /* "no better than animals" */
        }
    }
    if (PySet_GET_SIZE(keep) > 0) {
        for (Py_ssize_t k = a + 1; k < e; k++) {
            int kept = tail_in(keep, PyList_GET_ITEM(out, k));
            if (kept != 0) {
                return kept < 0 ? -1 : 0;
            }
        }
    }
    int any = 0;
    for (Py_ssize_t k = a + 1; k < e; k++) {
        PyObject *o = PyList_GET_ITEM(out, k);
        Py_ssize_t n = PyUnicode_GET_LENGTH(o);
        if (n < 1 || PyUnicode_READ_CHAR(o, 0) != PyUnicode_READ_CHAR(t->negated, 0)) {
            continue;
        }
        PyObject *word = PyUnicode_Substring(o, 1, n);
        if (word == NULL) {
            return -1;
        }
        int hit = 1;
        if (offensive != Py_None) {
            PyObject *r = PyObject_CallOneArg(offensive, word);
            hit = r == NULL ? -1 : PyObject_IsTrue(r);
            Py_XDECREF(r);
        }
        if (hit <= 0) {
            Py_DECREF(word);
            if (hit < 0) {
                return -1;
            }
            continue;
        }
        if (*denied == out) {
            *denied = PyList_GetSlice(out, 0, PyList_GET_SIZE(out));
            if (*denied == NULL) {
                Py_DECREF(word);
                return -1;
            }
        }
        PyObject *marked = PyUnicode_Concat(t->denied, word);
        Py_DECREF(word);
        if (marked == NULL || PyList_SetItem(*denied, k, marked) < 0) {
            return -1;
        }
        any = 1;
    }
    if (any) {
        PyObject *marked = PyUnicode_Concat(t->denied, PyList_GET_ITEM(out, a));
        if (marked == NULL || PyList_SetItem(*denied, a, marked) < 0) {
            return -1;
        }
    }
    return 0;
}

static PyObject *
read_scopes(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5 || !PyUnicode_Check(args[0]) || !PyAnySet_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError,
                        "read_scopes(text: str, deny: bool, keep: set, offensive, tables)");
        return NULL;
    }
    PyObject *text = args[0], *keep = args[2], *offensive = args[3];
    int deny = PyObject_IsTrue(args[1]);
    ScopeTables t;
    if (deny < 0 || scope_tables(args[4], &t) < 0) {
        return NULL;
    }
    if (PyUnicode_GET_LENGTH(t.negated) != 1 || PyUnicode_GET_LENGTH(t.denied) != 1) {
        PyErr_SetString(PyExc_ValueError, "read_scopes: the marks must be one character");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Scopes sc = {NULL, NULL, 0, 0};
    PyObject *denied = out, *result = NULL;
    if (scope_loop(text, deny, &t, out, &sc) < 0) {
        goto done;
    }
    /* Scopes do not overlap, so each is judged on the words as read. */
    for (Py_ssize_t k = 0; k < sc.len; k++) {
        if (deny_scope(out, sc.a[k], sc.e[k], keep, offensive, &t, &denied) < 0) {
            goto done;
        }
    }
    result = PyTuple_Pack(2, out, denied);
done:
    if (denied != out) {
        Py_DECREF(denied);
    }
    Py_DECREF(out);
    PyMem_Free(sc.a);
    PyMem_Free(sc.e);
    return result;
}

/* --- socialpolicy.normalise's fast path (fold_fast, cut_runs) -------------------------------
 *
 * fold_fast(raw, table)
 *     Step 1 of `normalise` for a text of printable ASCII, ASCII whitespace and non-ASCII
 *     characters that `table` ({code point: code point}) folds one for one (typographic
 *     quotes and dashes, fixed-width spaces, and characters that fold to themselves: emoji,
 *     symbols): ASCII lower-cased, whitespace made a space, the rest through `table`. Returns
 *     (folded, flags), the folded text as long as `raw`, or None when a character is in none of
 *     these (the caller takes the general path). `flags` says which later steps could have
 *     work, each a superset test (a false alarm costs the Python path, never a result):
 *     FOLD_SPACES a run of two spaces; FOLD_LEET what normalise's `_leet_hint` finds; FOLD_RUNS a
 *     run of three identical ASCII letters; FOLD_STEPS an HTML tag, markdown emphasis, a symbol
 *     after a letter, a run of three identical characters beyond ASCII, or spaced-out letters
 *     (once space runs are one space). A non-ASCII character counts as a letter or a word
 *     character wherever that could make a step fire.
 *
 * cut_runs(s)
 *     Steps 3 and 5 alone, for a folded text that needs no other step (no FOLD_STEPS):
 *     (text, starts, ends, elongated) with every run of spaces cut to one (the kept space maps
 *     to its whole run) and every run of three or more identical ASCII letters cut to two (the
 *     second maps to the rest of the run; `elongated` lists where each cut run starts in
 *     `text`), the map normalise's `_length_steps` builds.
 */

#define FOLD_SPACES 1
#define FOLD_LEET 2
#define FOLD_STEPS 4
#define FOLD_RUNS 8

static inline int
fold_letter(Py_UCS4 c)
{
    return c >= 'a' && c <= 'z';
}

static inline int
fold_digit(Py_UCS4 c)
{
    return c >= '0' && c <= '9';
}

/* '@', '!', '*', '#', '$': normalise's leet and mask symbols. */
static inline int
fold_leet_symbol(Py_UCS4 c)
{
    return c == '@' || c == '!' || c == '*' || c == '#' || c == '$';
}

/* Could `c` be a letter for `re` ([^\W\d_])? ASCII exactly, anything else maybe. */
static inline int
fold_maybe_letter(Py_UCS4 c)
{
    return fold_letter(c) || c >= 128;
}

/* Is `c` certainly a word character or a mask for `re` ([\w*])? Non-ASCII: not certainly. */
static inline int
fold_word_or_star(Py_UCS4 c)
{
    return fold_letter(c) || fold_digit(c) || c == '_' || c == '*';
}

static inline int
fold_sep(Py_UCS4 c)
{
    return c == ' ' || c == '.' || c == '-';
}

static int
fold_flags(const Py_UCS4 *o, Py_ssize_t n, Py_UCS4 *squeezed)
{
    int flags = 0;
    Py_ssize_t m = 0; /* length of `squeezed`: `o` with space runs cut to one */
    int symbols_after_letter = 0; /* inside a run of leet symbols that follows a letter */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = o[i];
        /* The commonest characters first: a letter or a space can only end a space run or
         * start a run of three letters (the tests below find nothing else at either). */
        if (fold_letter(c)) {
            if (i + 2 < n && o[i + 1] == c && o[i + 2] == c) {
                flags |= FOLD_RUNS;
            }
            symbols_after_letter = 0;
            squeezed[m++] = c;
            continue;
        }
        if (c == ' ') {
            symbols_after_letter = 0;
            if (i > 0 && o[i - 1] == ' ') {
                flags |= FOLD_SPACES;
                continue;
            }
            squeezed[m++] = c;
            continue;
        }
        Py_UCS4 prev = i > 0 ? o[i - 1] : 0, next = i + 1 < n ? o[i + 1] : 0;
        /* leetspeak: normalise's `_leet_hint`, exactly (its classes are ASCII) */
        if (fold_digit(c) && (fold_letter(next) || fold_leet_symbol(next))) {
            flags |= FOLD_LEET;
        }
        else if (c == '$' && (fold_letter(prev) || fold_letter(next))) {
            flags |= FOLD_LEET;
        }
        else if (fold_leet_symbol(c) && fold_digit(next)) {
            flags |= FOLD_LEET;
        }
        if (fold_leet_symbol(c)) {
            if (fold_letter(prev)) {
                symbols_after_letter = 1;
            }
            if (symbols_after_letter && fold_letter(next)) {
                flags |= FOLD_LEET;
            }
        }
        else {
            symbols_after_letter = 0;
        }
        /* markup: a tag, an emphasis marker not after a word character, a symbol after a letter */
        if (c == '<' && (next == '/' || fold_letter(next))) {
            flags |= FOLD_STEPS;
        }
        else if ((c == '*' || c == '_' || c == '~') &&
                 !(i > 0 && (prev < 128 && (fold_word_or_star(prev) || prev == '~')))) {
            flags |= FOLD_STEPS;
        }
        if ((c == '+' || c == '^' || c == '`' || c == '|' || c == '~' || c >= 128) &&
            i > 0 && fold_maybe_letter(prev)) {
            flags |= FOLD_STEPS;
        }
        /* a run of three identical characters that may be letters beyond ASCII */
        if (i + 2 < n && fold_maybe_letter(c) && next == c && o[i + 2] == c) {
            flags |= FOLD_STEPS;
        }
        if (c == ' ' && prev == ' ' && i > 0) {
            flags |= FOLD_SPACES;
            continue;
        }
        squeezed[m++] = c;
    }
    /* spaced-out letters: `[ .\-][^\W\d_][ .\-][^\W\d_](?![\w*])` in the squeezed text */
    for (Py_ssize_t j = 0; j + 3 < m; j++) {
        if (fold_sep(squeezed[j]) && fold_maybe_letter(squeezed[j + 1]) &&
            fold_sep(squeezed[j + 2]) && fold_maybe_letter(squeezed[j + 3]) &&
            !(j + 4 < m && squeezed[j + 4] < 128 && fold_word_or_star(squeezed[j + 4]))) {
            flags |= FOLD_STEPS;
            break;
        }
    }
    return flags;
}

static PyObject *
fold_fast(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "fold_fast(raw: str, table: dict)");
        return NULL;
    }
    PyObject *raw = args[0], *table = args[1];
    if (PyUnicode_READY(raw) < 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(raw);
    const void *data = PyUnicode_DATA(raw);
    Py_ssize_t n = PyUnicode_GET_LENGTH(raw);
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(2 * n + 1));
    if (buf == NULL) {
        return PyErr_NoMemory();
    }
    Py_ssize_t start = 0;
    if (kind == PyUnicode_1BYTE_KIND) {
        /* Latin-1 storage: lower-case ASCII letters, the bulk of a post, copied straight. */
        const Py_UCS1 *bytes = data;
        for (; start < n; start++) {
            Py_UCS1 b = bytes[start];
            if (b >= 'a' && b <= 'z') {
                buf[start] = b;
            }
            else if (b >= 'A' && b <= 'Z') {
                buf[start] = b + ('a' - 'A');
            }
            else if (b >= ' ' && b < 0x7f) {
                buf[start] = b;
            }
            else if ((b >= '\t' && b <= '\r') || (b >= 0x1c && b <= 0x1f)) {
                buf[start] = ' ';
            }
            else {
                break; /* a control or beyond ASCII: the general loop */
            }
        }
    }
    for (Py_ssize_t i = start; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128) {
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            else if ((c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)) {
                c = ' ';
            }
            else if (c < 0x20 || c == 0x7f) {
                PyMem_Free(buf);
                Py_RETURN_NONE; /* invisible: dropped, so the length changes */
            }
        }
        else {
            PyObject *key = PyLong_FromUnsignedLong(c);
            if (key == NULL) {
                PyMem_Free(buf);
                return NULL;
            }
            PyObject *value = PyDict_GetItemWithError(table, key); /* borrowed */
            Py_DECREF(key);
            if (value == NULL) {
                PyMem_Free(buf);
                if (PyErr_Occurred()) {
                    return NULL;
                }
                Py_RETURN_NONE;
            }
            long folded = PyLong_AsLong(value);
            if (folded < 0 || folded > 0x10FFFF) {
                PyMem_Free(buf);
                if (PyErr_Occurred()) {
                    return NULL;
                }
                Py_RETURN_NONE;
            }
            c = (Py_UCS4)folded;
        }
        buf[i] = c;
    }
    int flags = fold_flags(buf, n, buf + n);
    PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n);
    PyMem_Free(buf);
    if (text == NULL) {
        return NULL;
    }
    PyObject *result = Py_BuildValue("(Ni)", text, flags);
    return result;
}

static PyObject *
cut_runs(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 1 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "cut_runs(s: str)");
        return NULL;
    }
    PyObject *s = args[0];
    if (PyUnicode_READY(s) < 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), m = 0, e = 0;
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n + 1));
    Py_ssize_t *src = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(3 * n + 1));
    if (buf == NULL || src == NULL) {
        PyMem_Free(buf);
        PyMem_Free(src);
        return PyErr_NoMemory();
    }
    Py_ssize_t *ends = src + n, *elongated = src + 2 * n;
    for (Py_ssize_t i = 0; i < n;) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t j = i + 1;
        if (c == ' ' || (c >= 'a' && c <= 'z')) {
            while (j < n && PyUnicode_READ(kind, data, j) == c) {
                j++;
            }
        }
        if (c != ' ' && j - i >= 3) {
            /* a letter run: two letters, the second mapping to the rest of the run */
            elongated[e++] = m;
            buf[m] = c;
            src[m] = i;
            ends[m] = i + 1;
            m++;
            buf[m] = c;
            src[m] = i + 1;
            ends[m] = j;
            m++;
            i = j;
            continue;
        }
        if (c != ' ') {
            j = i + 1; /* one or two letters: each its own */
        }
        buf[m] = c;
        src[m] = i;
        ends[m] = j;
        m++;
        i = j;
    }
    PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, m);
    PyObject *st = PyTuple_New(m), *en = PyTuple_New(m), *el = PyTuple_New(e);
    PyMem_Free(buf);
    if (text == NULL || st == NULL || en == NULL || el == NULL) {
        goto fail;
    }
    for (Py_ssize_t k = 0; k < m; k++) {
        PyObject *a = PyLong_FromSsize_t(src[k]), *b = PyLong_FromSsize_t(ends[k]);
        if (a == NULL || b == NULL) {
            Py_XDECREF(a);
            Py_XDECREF(b);
            goto fail;
        }
        PyTuple_SET_ITEM(st, k, a);
        PyTuple_SET_ITEM(en, k, b);
    }
    for (Py_ssize_t k = 0; k < e; k++) {
        PyObject *a = PyLong_FromSsize_t(elongated[k]);
        if (a == NULL) {
            goto fail;
        }
        PyTuple_SET_ITEM(el, k, a);
    }
    PyMem_Free(src);
    /* Tuples of ints: in no cycle, so the cyclic collector need not walk them. */
    PyObject_GC_UnTrack(st);
    PyObject_GC_UnTrack(en);
    PyObject_GC_UnTrack(el);
    return Py_BuildValue("(NNNN)", text, st, en, el);
fail:
    PyMem_Free(src);
    Py_XDECREF(text);
    Py_XDECREF(st);
    Py_XDECREF(en);
    Py_XDECREF(el);
    return NULL;
}

/* --- socialpolicy.detectors.matching's matches in position order (lexicon_matches) -----------
 *
 * lexicon_matches(hits, text, match_type, out)
 *     `lexicon_hits`, then the matches it appended put in the order of `find`'s result, by
 *     (start, end, lexicon id), a stable sort, and each (lexicon id, start, end) kept once, its
 *     first match in the automaton's order (what `find`'s dedupe keeps). Returns the number of
 *     prefix matches. Like every match `lexicon_hits` makes, they are not tracked by the cyclic
 *     collector (they can be in no cycle). The appended matches are nearly in order already (the automaton reports
 *     by end), so an insertion sort is about linear.
 */

/* Compare two matches by (start, end, lexicon id); *err set on a comparison error. */
static int
match_cmp(PyObject *x, PyObject *y, int *err)
{
    Py_ssize_t xs = PyLong_AsSsize_t(PyTuple_GET_ITEM(x, 2));
    Py_ssize_t ys = PyLong_AsSsize_t(PyTuple_GET_ITEM(y, 2));
    if (xs != ys) {
        return xs < ys ? -1 : 1;
    }
    Py_ssize_t xe = PyLong_AsSsize_t(PyTuple_GET_ITEM(x, 3));
    Py_ssize_t ye = PyLong_AsSsize_t(PyTuple_GET_ITEM(y, 3));
    if (xe != ye) {
        return xe < ye ? -1 : 1;
    }
    PyObject *xl = PyTuple_GET_ITEM(x, 0), *yl = PyTuple_GET_ITEM(y, 0);
    if (xl == yl) {
        return 0;
    }
    int c = PyUnicode_Compare(xl, yl);
    if (c == -1 && PyErr_Occurred()) {
        *err = 1;
        return 0;
    }
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

static int sort_matches(PyObject *out, Py_ssize_t first);

static PyObject *
lexicon_matches(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyList_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "lexicon_matches(hits, text, match_type, out: list)");
        return NULL;
    }
    PyObject *out = args[3];
    Py_ssize_t first = PyList_GET_SIZE(out);
    PyObject *prefixed = lexicon_hits(module, args, nargs);
    if (prefixed == NULL) {
        return NULL;
    }
    if (sort_matches(out, first) < 0) {
        Py_DECREF(prefixed);
        return NULL;
    }
    return prefixed;
}

/* The matches of `out` from index `first` on sorted by (start, end, lexicon id), stably, and
 * each (lexicon id, start, end) kept once, its first. -1 on error. */
static int
sort_matches(PyObject *out, Py_ssize_t first)
{
    Py_ssize_t n = PyList_GET_SIZE(out);
    PyObject **items = ((PyListObject *)out)->ob_item;
    int err = 0;
    for (Py_ssize_t i = first + 1; i < n && !err; i++) {
        PyObject *m = items[i];
        Py_ssize_t j = i;
        while (j > first && match_cmp(items[j - 1], m, &err) > 0 && !err) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = m;
    }
    if (err) {
        return -1;
    }
    /* Equal keys are neighbours now, in the automaton's order: keep the first of each. */
    Py_ssize_t kept = first < n ? first + 1 : n;
    for (Py_ssize_t i = kept; i < n; i++) {
        int c = match_cmp(items[kept - 1], items[i], &err);
        if (err) {
            return -1;
        }
        if (c == 0) {
            continue;
        }
        PyObject *m = items[i];
        items[i] = items[kept];
        items[kept] = m;
        kept++;
    }
    if (kept < n && PyList_SetSlice(out, kept, n, NULL) < 0) {
        return -1;
    }
    return 0;
}

/* --- socialpolicy.detectors.context's grouping of matches by lexicon (group_by_lexicon) -----
 *
 * group_by_lexicon(matches)
 *     {lexicon id: [its matches, in the order given]} of a list of LexiconMatch tuples (item 0
 *     is the lexicon id): `Context.grouped`'s loop, so that grouping a post's matches costs no
 *     Python step per match.
 */

static PyObject *
group_by_lexicon(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 1 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "group_by_lexicon(matches: list)");
        return NULL;
    }
    PyObject *matches = args[0], *groups = PyDict_New();
    if (groups == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(matches); i++) {
        PyObject *m = PyList_GET_ITEM(matches, i);
        if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) < 1) {
            PyErr_SetString(PyExc_TypeError, "group_by_lexicon: a match tuple was expected");
            Py_DECREF(groups);
            return NULL;
        }
        PyObject *key = PyTuple_GET_ITEM(m, 0);
        PyObject *got = PyDict_GetItemWithError(groups, key); /* borrowed */
        if (got == NULL) {
            if (PyErr_Occurred()) {
                Py_DECREF(groups);
                return NULL;
            }
            PyObject *fresh = PyList_New(1);
            if (fresh == NULL) {
                Py_DECREF(groups);
                return NULL;
            }
            Py_INCREF(m);
            PyList_SET_ITEM(fresh, 0, m);
            int rc = PyDict_SetItem(groups, key, fresh);
            Py_DECREF(fresh);
            if (rc < 0) {
                Py_DECREF(groups);
                return NULL;
            }
        }
        else if (PyList_Append(got, m) < 0) {
            Py_DECREF(groups);
            return NULL;
        }
    }
    return groups;
}

/* --- a compact Aho-Corasick automaton for the lexicon pass (ac_build, ac_matches, ac_hits) ----
 *
 * ac_build(keys, payloads, ranks)
 *     An automaton of the distinct non-empty strings `keys` (a capsule, read-only once built),
 *     which reports the same raw hits in the same order as pyahocorasick's `Automaton.iter`
 *     over an automaton of the same keys: at each position of the text, every key ending
 *     there, the longest first. `payloads[i]` is the lexicon pass's payload of `keys[i]`
 *     (`(key length, left, right, word pairs, prefix pairs)`, as `lexicon_hits` reads it) and
 *     `ranks` every lexicon id's place in sorted order.
 *
 * ac_matches(automaton, text, match_type, out)
 *     `lexicon_matches(pyahocorasick_automaton.iter(text), text, match_type, out)`: the same
 *     matches, in the same order, each (lexicon id, start, end) once (its first in the
 *     automaton's order). The boundary tests, the sort and the dedupe run on C structs; a
 *     Python object is made only for a match kept.
 *
 * ac_hits(automaton, text)
 *     The raw hits as a list of (last index, key index), for tests.
 *
 * Why not pyahocorasick's own: its nodes are separate allocations, each child found by a
 * linear search of (letter, pointer) pairs (hundreds at the root), and every raw hit is a
 * Python tuple whose payload's objects are read; inside `evaluate` the detectors run between
 * two posts' scans and push those scattered lines out of the cache. Here the nodes are
 * numbered breadth first (the shallow ones, which most letters visit, lie together), a node's
 * children are one sorted run of 8-byte edges, the root's children by ASCII letters a table,
 * and a key's boundary flags sit in its node.
 */

#define AC_CAPSULE "socialpolicy._cngrams.automaton"
#define AC_NONE UINT32_MAX
#define AC_DENSE 128
#define AC_LINEAR 8 /* children searched one by one up to this many, by bisection beyond */

typedef struct {
    uint32_t letter;
    uint32_t child;
} AcEdge;

/* A node while the automaton is built (numbered breadth first, the root 0). */
typedef struct {
    uint32_t first; /* its first edge in the edges; its edges are sorted by letter */
    uint32_t count; /* its number of children */
    uint32_t fail;  /* the node of the longest proper suffix of its string that is a node */
    uint32_t key;   /* the key ending here, or AC_NONE */
    uint32_t out;   /* the next node along the fail links where a key ends, or AC_NONE */
} AcNode;

/* Built, a node is a run of `mem` at its offset: its count, fail, key and out (AcNode's, the
 * nodes as offsets), then its (letter, child offset) edges. A step reads one run, mostly one
 * cache line, where separate node and edge arrays cost two. The root is at offset 0. */
#define AC_HEAD 4

/* A key's payload, read once at build time. Its pairs are `pairs[words, words + nwords)` and
 * then its prefix pairs. */
typedef struct {
    uint32_t len;
    uint8_t left, right;
    uint32_t pairs, nwords, nprefixes;
} AcKey;

typedef struct {
    PyObject *pair; /* (lexicon id, term), borrowed from the payloads the automaton holds */
    uint32_t rank;  /* its lexicon id's place in sorted order */
} AcPair;

typedef struct {
    uint32_t nnodes, nkeys;
    uint32_t *mem; /* the nodes, breadth first (see AC_HEAD) */
    void *block;   /* mem's block when it is on huge pages (ac_settle), else NULL */
    AcKey *keys;
    AcPair *pairs;
    PyObject *payloads; /* owned: keeps the pairs alive */
    uint32_t root[AC_DENSE]; /* the root's child by an ASCII letter, 0 for none */
} Automaton;

static void
ac_free(Automaton *a)
{
    if (a != NULL) {
        if (a->block != NULL) {
            free(a->block);
        }
        else {
            PyMem_Free(a->mem);
        }
        PyMem_Free(a->keys);
        PyMem_Free(a->pairs);
        Py_XDECREF(a->payloads);
        PyMem_Free(a);
    }
}

static void
ac_capsule_free(PyObject *capsule)
{
    ac_free(PyCapsule_GetPointer(capsule, AC_CAPSULE));
}

/* The child at offset `s` by letter `c`, or 0 (the root is nobody's child). */
static inline uint32_t
ac_child(const Automaton *a, uint32_t s, Py_UCS4 c)
{
    if (s == 0 && c < AC_DENSE) {
        return a->root[c];
    }
    const uint32_t *node = a->mem + s, *e = node + AC_HEAD;
    uint32_t n = node[0];
    if (n <= AC_LINEAR) {
        for (uint32_t i = 0; i < n; i++) {
            if (e[2 * i] >= c) {
                return e[2 * i] == c ? e[2 * i + 1] : 0;
            }
        }
        return 0;
    }
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (e[2 * mid] < c) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return lo < n && e[2 * lo] == c ? e[2 * lo + 1] : 0;
}

/* The state (an offset) after reading `c` in state `s`. */
static inline uint32_t
ac_step(const Automaton *a, uint32_t s, Py_UCS4 c)
{
    for (;;) {
        uint32_t next = ac_child(a, s, c);
        if (next != 0 || s == 0) {
            return next;
        }
        s = a->mem[s + 1];
    }
}

/* `ac_step` on the nodes while they are built (node numbers, not offsets). */
static uint32_t
ac_build_step(const AcNode *nodes, const AcEdge *edges, uint32_t s, Py_UCS4 c)
{
    for (;;) {
        const AcEdge *e = edges + nodes[s].first;
        uint32_t lo = 0, hi = nodes[s].count;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (e[mid].letter < c) {
                lo = mid + 1;
            }
            else {
                hi = mid;
            }
        }
        if (lo < nodes[s].count && e[lo].letter == c) {
            return e[lo].child;
        }
        if (s == 0) {
            return 0;
        }
        s = nodes[s].fail;
    }
}

#define AC_HUGE ((size_t)2 << 20)

/* `mem` moved onto 2 MiB pages where the system offers them, as `table_settle` does for the
 * models' tables: a post's steps land anywhere in a MiB or two. */
static void
ac_settle(Automaton *a, size_t words)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    size_t bytes = words * sizeof(uint32_t);
    if (bytes < AC_HUGE / 2) {
        return;
    }
    size_t total = (bytes + AC_HUGE - 1) / AC_HUGE * AC_HUGE;
    void *block = NULL;
    if (posix_memalign(&block, AC_HUGE, total) != 0) {
        return;
    }
    (void)madvise(block, total, MADV_HUGEPAGE); /* advice only: fine if refused */
    memcpy(block, a->mem, bytes);
    PyMem_Free(a->mem);
    a->mem = block;
    a->block = block;
#else
    (void)a;
    (void)words;
#endif
}

/* The trie while it is built: children as sibling lists. */
typedef struct {
    uint32_t child, sibling, letter, key;
} AcTemp;

static int
ac_edge_cmp(const void *x, const void *y)
{
    uint32_t a = ((const AcEdge *)x)->letter, b = ((const AcEdge *)y)->letter;
    return a < b ? -1 : (a > b ? 1 : 0);
}

/* `payloads` read into a->keys and a->pairs. -1 on error. */
static int
ac_read_payloads(Automaton *a, PyObject *keys, PyObject *payloads, PyObject *ranks)
{
    Py_ssize_t nkeys = PyList_GET_SIZE(keys), npairs = 0;
    for (Py_ssize_t k = 0; k < nkeys; k++) {
        PyObject *pl = PyTuple_GET_ITEM(payloads, k);
        if (!PyTuple_Check(pl) || PyTuple_GET_SIZE(pl) != 5 ||
            !PyTuple_Check(PyTuple_GET_ITEM(pl, 3)) || !PyTuple_Check(PyTuple_GET_ITEM(pl, 4))) {
            PyErr_SetString(PyExc_TypeError, "ac_build: a payload of another shape");
            return -1;
        }
        npairs += PyTuple_GET_SIZE(PyTuple_GET_ITEM(pl, 3));
        npairs += PyTuple_GET_SIZE(PyTuple_GET_ITEM(pl, 4));
    }
    if ((size_t)npairs >= AC_NONE) {
        PyErr_SetString(PyExc_OverflowError, "ac_build: too many terms");
        return -1;
    }
    a->keys = PyMem_Calloc(nkeys ? (size_t)nkeys : 1, sizeof(AcKey));
    a->pairs = PyMem_Calloc(npairs ? (size_t)npairs : 1, sizeof(AcPair));
    if (a->keys == NULL || a->pairs == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    uint32_t at = 0;
    for (Py_ssize_t k = 0; k < nkeys; k++) {
        PyObject *pl = PyTuple_GET_ITEM(payloads, k);
        Py_ssize_t len = PyLong_AsSsize_t(PyTuple_GET_ITEM(pl, 0));
        if (len == -1 && PyErr_Occurred()) {
            return -1;
        }
        if (len != PyUnicode_GET_LENGTH(PyList_GET_ITEM(keys, k))) {
            PyErr_SetString(PyExc_ValueError, "ac_build: a payload's length is not its key's");
            return -1;
        }
        int left = PyObject_IsTrue(PyTuple_GET_ITEM(pl, 1));
        int right = left < 0 ? -1 : PyObject_IsTrue(PyTuple_GET_ITEM(pl, 2));
        if (right < 0) {
            return -1;
        }
        AcKey *key = &a->keys[k];
        key->len = (uint32_t)len;
        key->left = (uint8_t)left;
        key->right = (uint8_t)right;
        key->pairs = at;
        for (int side = 3; side <= 4; side++) {
            PyObject *pairs = PyTuple_GET_ITEM(pl, side);
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(pairs); i++) {
                PyObject *pair = PyTuple_GET_ITEM(pairs, i);
                if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                    PyErr_SetString(PyExc_TypeError,
                                    "ac_build: a (lexicon id, term) pair was expected");
                    return -1;
                }
                PyObject *rank = PyDict_GetItemWithError(ranks, PyTuple_GET_ITEM(pair, 0));
                if (rank == NULL) {
                    if (!PyErr_Occurred()) {
                        PyErr_SetString(PyExc_KeyError, "ac_build: a lexicon id without a rank");
                    }
                    return -1;
                }
                long r = PyLong_AsLong(rank);
                if (r == -1 && PyErr_Occurred()) {
                    return -1;
                }
                if (r < 0 || (unsigned long)r >= AC_NONE) {
                    PyErr_SetString(PyExc_ValueError, "ac_build: a rank out of range");
                    return -1;
                }
                a->pairs[at].pair = pair;
                a->pairs[at].rank = (uint32_t)r;
                at++;
            }
            if (side == 3) {
                key->nwords = at - key->pairs;
            }
            else {
                key->nprefixes = at - key->pairs - key->nwords;
            }
        }
    }
    Py_INCREF(payloads);
    a->payloads = payloads;
    return 0;
}

static PyObject *
ac_build(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3 || !PyList_Check(args[0]) || !PyTuple_Check(args[1]) ||
        !PyDict_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "ac_build(keys: list, payloads: tuple, ranks: dict)");
        return NULL;
    }
    PyObject *keys = args[0];
    Py_ssize_t nkeys = PyList_GET_SIZE(keys);
    if (PyTuple_GET_SIZE(args[1]) != nkeys) {
        PyErr_SetString(PyExc_ValueError, "ac_build: one payload per key");
        return NULL;
    }
    size_t total = 1;
    for (Py_ssize_t k = 0; k < nkeys; k++) {
        PyObject *key = PyList_GET_ITEM(keys, k);
        if (!PyUnicode_Check(key) || PyUnicode_READY(key) < 0) {
            PyErr_SetString(PyExc_TypeError, "ac_build: keys must be strings");
            return NULL;
        }
        if (PyUnicode_GET_LENGTH(key) == 0) {
            PyErr_SetString(PyExc_ValueError, "ac_build: an empty key");
            return NULL;
        }
        total += (size_t)PyUnicode_GET_LENGTH(key);
    }
    if (total >= AC_NONE) {
        PyErr_SetString(PyExc_OverflowError, "ac_build: too many keys");
        return NULL;
    }
    /* At most one node per character of the keys, and the root. */
    AcTemp *t = PyMem_Calloc(total, sizeof(AcTemp));
    AcNode *nodes = NULL;
    AcEdge *edges = NULL;
    uint32_t *off = NULL;
    uint32_t *order = PyMem_Malloc(total * sizeof(uint32_t));  /* new id -> temp id */
    uint32_t *parent = PyMem_Malloc(total * sizeof(uint32_t)); /* new id -> parent's new id */
    uint32_t *via = PyMem_Malloc(total * sizeof(uint32_t));    /* new id -> its letter */
    Automaton *a = PyMem_Calloc(1, sizeof(Automaton));
    if (t == NULL || order == NULL || parent == NULL || via == NULL || a == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    if (ac_read_payloads(a, keys, args[1], args[2]) < 0) {
        goto fail;
    }
    uint32_t used = 1;
    t[0].key = AC_NONE;
    for (Py_ssize_t k = 0; k < nkeys; k++) {
        PyObject *key = PyList_GET_ITEM(keys, k);
        int kind = PyUnicode_KIND(key);
        const void *data = PyUnicode_DATA(key);
        uint32_t s = 0;
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(key); i++) {
            uint32_t c = PyUnicode_READ(kind, data, i), x = t[s].child;
            while (x != 0 && t[x].letter != c) {
                x = t[x].sibling;
            }
            if (x == 0) {
                x = used++;
                t[x].letter = c;
                t[x].child = 0;
                t[x].key = AC_NONE;
                t[x].sibling = t[s].child;
                t[s].child = x;
            }
            s = x;
        }
        if (t[s].key != AC_NONE) {
            PyErr_SetString(PyExc_ValueError, "ac_build: a key given twice");
            goto fail;
        }
        t[s].key = (uint32_t)k;
    }
    a->nnodes = used;
    a->nkeys = (uint32_t)nkeys;
    nodes = PyMem_Calloc(used, sizeof(AcNode));
    edges = PyMem_Calloc(used, sizeof(AcEdge));
    off = PyMem_Calloc(used, sizeof(uint32_t));
    if (nodes == NULL || edges == NULL || off == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    /* Breadth first: number the nodes, each node's children one sorted run of edges. */
    order[0] = 0;
    parent[0] = 0;
    via[0] = 0;
    uint32_t head = 0, tail = 1, nedges = 0;
    while (head < tail) {
        uint32_t v = head++, tv = order[v];
        AcNode *node = &nodes[v];
        node->key = t[tv].key;
        node->first = nedges;
        for (uint32_t x = t[tv].child; x != 0; x = t[x].sibling) {
            edges[nedges].letter = t[x].letter;
            edges[nedges].child = x; /* a temp id until numbered below */
            nedges++;
        }
        node->count = nedges - node->first;
        qsort(edges + node->first, node->count, sizeof(AcEdge), ac_edge_cmp);
        for (uint32_t i = node->first; i < nedges; i++) {
            uint32_t id = tail++;
            order[id] = edges[i].child;
            parent[id] = v;
            via[id] = edges[i].letter;
            edges[i].child = id;
        }
    }
    /* Fail and output links, breadth first: a node's fail is shallower, so already set. */
    nodes[0].fail = 0;
    nodes[0].out = AC_NONE;
    for (uint32_t v = 1; v < used; v++) {
        uint32_t p = parent[v];
        uint32_t f = p == 0 ? 0 : ac_build_step(nodes, edges, nodes[p].fail, via[v]);
        nodes[v].fail = f;
        nodes[v].out = f == 0 ? AC_NONE : (nodes[f].key != AC_NONE ? f : nodes[f].out);
    }
    /* Laid out in `mem` depth first (see AC_HEAD): a word of the text walks down one branch,
     * which then lies in consecutive memory, a few nodes to a cache line. `order` is free
     * again: the stack of the walk. */
    size_t words = 0;
    uint32_t depth = 0;
    order[depth++] = 0;
    while (depth > 0) {
        uint32_t v = order[--depth];
        off[v] = (uint32_t)words;
        words += AC_HEAD + 2 * (size_t)nodes[v].count;
        if (words >= AC_NONE) {
            PyErr_SetString(PyExc_OverflowError, "ac_build: too many keys");
            goto fail;
        }
        for (uint32_t i = nodes[v].count; i > 0; i--) { /* the smallest letter first */
            order[depth++] = edges[nodes[v].first + i - 1].child;
        }
    }
    a->mem = PyMem_Malloc(words * sizeof(uint32_t));
    if (a->mem == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (uint32_t v = 0; v < used; v++) {
        uint32_t *m = a->mem + off[v];
        const AcNode *node = &nodes[v];
        m[0] = node->count;
        m[1] = off[node->fail];
        m[2] = node->key;
        m[3] = node->out == AC_NONE ? AC_NONE : off[node->out];
        for (uint32_t i = 0; i < node->count; i++) {
            m[AC_HEAD + 2 * i] = edges[node->first + i].letter;
            m[AC_HEAD + 2 * i + 1] = off[edges[node->first + i].child];
        }
    }
    for (uint32_t i = 0; i < nodes[0].count; i++) {
        const AcEdge *e = &edges[nodes[0].first + i];
        if (e->letter < AC_DENSE) {
            a->root[e->letter] = off[e->child];
        }
    }
    ac_settle(a, words);
    PyMem_Free(t);
    PyMem_Free(order);
    PyMem_Free(parent);
    PyMem_Free(via);
    PyMem_Free(nodes);
    PyMem_Free(edges);
    PyMem_Free(off);
    PyObject *capsule = PyCapsule_New(a, AC_CAPSULE, ac_capsule_free);
    if (capsule == NULL) {
        ac_free(a);
    }
    return capsule;
fail:
    PyMem_Free(t);
    PyMem_Free(order);
    PyMem_Free(parent);
    PyMem_Free(via);
    PyMem_Free(nodes);
    PyMem_Free(edges);
    PyMem_Free(off);
    ac_free(a);
    return NULL;
}

/* Each hit of `text` (`Automaton.iter`'s order) passed to `hit(last, key, ctx)`; -1 when it
 * fails. */
typedef int (*ac_hit_fn)(Py_ssize_t last, uint32_t key, void *ctx);

static int
ac_walk(const Automaton *a, PyObject *text, ac_hit_fn hit, void *ctx)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    uint32_t s = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        s = ac_step(a, s, PyUnicode_READ(kind, data, i));
        const uint32_t *mem = a->mem;
        uint32_t o = mem[s + 2] != AC_NONE ? s : mem[s + 3];
        while (o != AC_NONE) {
            if (hit(i, mem[o + 2], ctx) < 0) {
                return -1;
            }
            o = mem[o + 3];
        }
    }
    return 0;
}

static Automaton *
ac_of(PyObject *capsule)
{
    return PyCapsule_GetPointer(capsule, AC_CAPSULE); /* sets an error when not one */
}

static int
ac_hit_pair(Py_ssize_t last, uint32_t key, void *ctx)
{
    PyObject *pair = Py_BuildValue("(nI)", last, key);
    if (pair == NULL) {
        return -1;
    }
    int rc = PyList_Append((PyObject *)ctx, pair);
    Py_DECREF(pair);
    return rc;
}

static PyObject *
ac_hits(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "ac_hits(automaton, text: str)");
        return NULL;
    }
    Automaton *a = ac_of(args[0]);
    if (a == NULL || PyUnicode_READY(args[1]) < 0) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out != NULL && ac_walk(a, args[1], ac_hit_pair, out) < 0) {
        Py_CLEAR(out);
    }
    return out;
}

/* A match not yet made: its pair, span and the lexicon's rank. */
typedef struct {
    Py_ssize_t start, end;
    uint32_t rank, pair;
} AcMatch;

typedef struct {
    const Automaton *a;
    int kind;
    const void *data;
    Py_ssize_t n, prefixed, len, cap;
    AcMatch *m;
    AcMatch local[64];
} AcMatchCtx;

static int
ac_add(AcMatchCtx *c, uint32_t pair, Py_ssize_t start, Py_ssize_t end)
{
    if (c->len == c->cap) {
        Py_ssize_t cap = c->cap * 2;
        AcMatch *m = c->m == c->local ? PyMem_Malloc(cap * sizeof(AcMatch))
                                       : PyMem_Realloc(c->m, cap * sizeof(AcMatch));
        if (m == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        if (c->m == c->local) {
            memcpy(m, c->local, sizeof(c->local));
        }
        c->m = m;
        c->cap = cap;
    }
    AcMatch *m = &c->m[c->len++];
    m->start = start;
    m->end = end;
    m->pair = pair;
    m->rank = c->a->pairs[pair].rank;
    return 0;
}

/* `lexicon_hit_at` on the key's flags: the boundary tests, then its matches as structs. */
static int
ac_hit_match(Py_ssize_t last, uint32_t k, void *ctx)
{
    AcMatchCtx *c = ctx;
    const AcKey *key = &c->a->keys[k];
    Py_ssize_t start = last - key->len + 1, end = last + 1;
    if (key->left && start > 0) {
        Py_UCS4 ch = PyUnicode_READ(c->kind, c->data, start - 1);
        if (ch != ' ' && lex_word(ch)) {
            return 0; /* a fragment inside a word */
        }
    }
    if (key->nwords) {
        int closed = 1;
        if (key->right && end < c->n) {
            Py_UCS4 ch = PyUnicode_READ(c->kind, c->data, end);
            closed = ch == ' ' || !lex_word(ch);
        }
        for (uint32_t i = 0; closed && i < key->nwords; i++) {
            if (ac_add(c, key->pairs + i, start, end) < 0) {
                return -1;
            }
        }
    }
    if (key->nprefixes) {
        c->prefixed += key->nprefixes;
        Py_ssize_t stop = end; /* the end of the word running through text[end - 1] */
        while (stop < c->n && lex_word(PyUnicode_READ(c->kind, c->data, stop))) {
            stop++;
        }
        for (uint32_t i = 0; i < key->nprefixes; i++) {
            if (ac_add(c, key->pairs + key->nwords + i, start, stop) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

static inline int
ac_after(const AcMatch *x, const AcMatch *y)
{
    if (x->start != y->start) {
        return x->start > y->start;
    }
    if (x->end != y->end) {
        return x->end > y->end;
    }
    return x->rank > y->rank;
}

static PyObject *
ac_matches(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 4 || !PyUnicode_Check(args[1]) || !PyType_Check(args[2]) ||
        !PyType_IsSubtype((PyTypeObject *)args[2], &PyTuple_Type) || !PyList_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError,
                        "ac_matches(automaton, text: str, match_type, out: list)");
        return NULL;
    }
    Automaton *a = ac_of(args[0]);
    if (a == NULL || PyUnicode_READY(args[1]) < 0) {
        return NULL;
    }
    PyTypeObject *type = (PyTypeObject *)args[2];
    PyObject *out = args[3];
    AcMatchCtx c;
    c.a = a;
    c.kind = PyUnicode_KIND(args[1]);
    c.data = PyUnicode_DATA(args[1]);
    c.n = PyUnicode_GET_LENGTH(args[1]);
    c.prefixed = c.len = 0;
    c.cap = (Py_ssize_t)(sizeof(c.local) / sizeof(c.local[0]));
    c.m = c.local;
    PyObject *result = NULL;
    if (ac_walk(a, args[1], ac_hit_match, &c) < 0) {
        goto done;
    }
    /* By (start, end, lexicon), stably: nearly in order already (hits come by end), so an
     * insertion sort is about linear. Equal keys are then neighbours, the first kept. */
    for (Py_ssize_t i = 1; i < c.len; i++) {
        AcMatch m = c.m[i];
        Py_ssize_t j = i;
        while (j > 0 && ac_after(&c.m[j - 1], &m)) {
            c.m[j] = c.m[j - 1];
            j--;
        }
        c.m[j] = m;
    }
    for (Py_ssize_t i = 0; i < c.len; i++) {
        const AcMatch *m = &c.m[i];
        if (i > 0 && !ac_after(m, &c.m[i - 1])) {
            continue; /* the same (lexicon, start, end) as the match kept before it */
        }
        if (append_match(out, type, a->pairs[m->pair].pair, m->start, m->end) < 0) {
            goto done;
        }
    }
    result = PyLong_FromSsize_t(c.prefixed);
done:
    if (c.m != c.local) {
        PyMem_Free(c.m);
    }
    return result;
}

static PyMethodDef methods[] = {
    {"table_build", (PyCFunction)(void (*)(void))table_build, METH_FASTCALL,
     "table_build(unigrams, bigrams, chars, lo, hi, cap, base_count, special) -> table | None"},
    {"table_sums", (PyCFunction)(void (*)(void))table_sums, METH_FASTCALL,
     "table_sums(table, segments, fields, miss, pairs_on) -> (count, *totals) | None"},
    {"char_sum", (PyCFunction)(void (*)(void))char_sum, METH_FASTCALL,
     "char_sum(chars, padded, lo, hi) -> int | None"},
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(text, ends) -> list of the token pattern's matches"},
    {"lexicon_hits", (PyCFunction)(void (*)(void))lexicon_hits, METH_FASTCALL,
     "lexicon_hits(hits, text, match_type, out) -> number of prefix matches"},
    {"plain_tokens", (PyCFunction)(void (*)(void))plain_tokens, METH_FASTCALL,
     "plain_tokens(text, negations, mention) -> the tokens of a stretch with no negation | None"},
    {"read_scopes", (PyCFunction)(void (*)(void))read_scopes, METH_FASTCALL,
     "read_scopes(text, deny, keep, offensive, tables) -> (plain, denied)"},
    {"fold_fast", (PyCFunction)(void (*)(void))fold_fast, METH_FASTCALL,
     "fold_fast(raw, table) -> (folded, flags) | None"},
    {"cut_runs", (PyCFunction)(void (*)(void))cut_runs, METH_FASTCALL,
     "cut_runs(s) -> (text, starts, ends, elongated)"},
    {"lexicon_matches", (PyCFunction)(void (*)(void))lexicon_matches, METH_FASTCALL,
     "lexicon_matches(hits, text, match_type, out) -> number of prefix matches"},
    {"group_by_lexicon", (PyCFunction)(void (*)(void))group_by_lexicon, METH_FASTCALL,
     "group_by_lexicon(matches) -> {lexicon id: [matches]}"},
    {"ac_build", (PyCFunction)(void (*)(void))ac_build, METH_FASTCALL,
     "ac_build(keys, payloads, ranks) -> automaton"},
    {"ac_matches", (PyCFunction)(void (*)(void))ac_matches, METH_FASTCALL,
     "ac_matches(automaton, text, match_type, out) -> number of prefix matches"},
    {"ac_hits", (PyCFunction)(void (*)(void))ac_hits, METH_FASTCALL,
     "ac_hits(automaton, text) -> [(last index, key index)]"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "socialpolicy._cngrams",
    "The learned models' n-gram sums in C (see socialpolicy.models._ngrams).", -1, methods,
};

/* Raised with any change of a function's arguments or results: socialpolicy.models._ngrams
 * ignores a module built from other source (a stale in-place build) and runs pure Python. */
#define API 2

PyMODINIT_FUNC
PyInit__cngrams(void)
{
    PyObject *module = PyModule_Create(&module_def);
    if (module != NULL && PyModule_AddIntConstant(module, "API", API) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
