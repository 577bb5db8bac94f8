/* The learned models' n-gram sums in C: an optional speed-up of socialpolicy.models._ngrams.
 *
 * Plain CPython C API, no third-party code. Every function computes exactly what its pure
 * Python counterpart computes (integer sums, so the order of additions cannot change a
 * result) and returns None where it cannot be exact (a sum past 64 bits, a table value of an
 * unexpected kind): the caller then takes the pure path. Nothing here decides anything.
 *
 * sums(segments, words, miss, nfields, pairs_on)
 *     The (count, total_1, ..., total_nfields) of some token stretches. `words` maps a token
 *     to its entry, `(fields, after)`: `fields` the bytes of 1 + nfields native int64 (count,
 *     totals) of its unigram and character n-grams, `after` a dict from each word b to the
 *     bytes of nfields int64 of the pair (token, b), or None. An absent token's entry is
 *     `miss(token)` (None to give up). With `pairs_on`, each adjacent pair adds one feature
 *     to the count and, when the first word's `after` knows the second, its totals.
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
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

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

/* Add a bytes value of `n` native int64 to acc[offset..offset + n). -1 error, 0 give up. */
static int
add_bytes(int64_t *acc, Py_ssize_t offset, Py_ssize_t n, PyObject *value)
{
    if (!PyBytes_CheckExact(value) || PyBytes_GET_SIZE(value) != n * (Py_ssize_t)sizeof(int64_t)) {
        return 0;
    }
    const char *raw = PyBytes_AS_STRING(value);
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t v;
        memcpy(&v, raw + i * (Py_ssize_t)sizeof(int64_t), sizeof v);
        if (!add_checked(&acc[offset + i], v)) {
            return 0;
        }
    }
    return 1;
}

/* The entry of one token: from `words`, else from `miss` (a new reference, or NULL with an
 * error set; Py_None when the caller should give up). */
static PyObject *
token_entry(PyObject *words, PyObject *miss, PyObject *token)
{
    PyObject *got = PyDict_GetItemWithError(words, token);
    if (got != NULL) {
        Py_INCREF(got);
        return got;
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    return PyObject_CallOneArg(miss, token);
}

static PyObject *
sums(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "sums(segments, words, miss, nfields, pairs_on)");
        return NULL;
    }
    PyObject *segments = args[0], *words = args[1], *miss = args[2];
    Py_ssize_t nfields = PyLong_AsSsize_t(args[3]);
    if (nfields == -1 && PyErr_Occurred()) {
        return NULL;
    }
    int pairs_on = PyObject_IsTrue(args[4]);
    if (pairs_on < 0) {
        return NULL;
    }
    if (!PyDict_CheckExact(words)) {
        PyErr_SetString(PyExc_TypeError, "words must be a dict");
        return NULL;
    }
    if (nfields < 1 || nfields > MAX_FIELDS) {
        PyErr_SetString(PyExc_ValueError, "nfields out of range");
        return NULL;
    }
    int64_t acc[MAX_FIELDS + 1];
    memset(acc, 0, sizeof acc);
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
        PyObject *prev = NULL; /* the previous token's entry (a strong reference) */
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *token = items[i];
            if (!PyUnicode_CheckExact(token)) {
                exact = 0;
                break;
            }
            PyObject *entry = token_entry(words, miss, token);
            if (entry == NULL) {
                failed = 1;
                break;
            }
            if (!PyTuple_CheckExact(entry) || PyTuple_GET_SIZE(entry) != 2
                || add_bytes(acc, 0, nfields + 1, PyTuple_GET_ITEM(entry, 0)) <= 0) {
                Py_DECREF(entry);
                exact = 0;
                break;
            }
            if (prev != NULL && pairs_on) {
                /* One feature per pair, known or not; a known pair's weights in the totals,
                 * found among the pairs the previous word starts (no tuple built per pair). */
                PyObject *after = PyTuple_GET_ITEM(prev, 1);
                PyObject *pair = NULL;
                if (!add_checked(&acc[0], 1) || (after != Py_None && !PyDict_CheckExact(after))) {
                    exact = 0;
                }
                else if (after != Py_None) {
                    pair = PyDict_GetItemWithError(after, token);
                    if (pair == NULL && PyErr_Occurred()) {
                        failed = 1;
                    }
                }
                if (pair != NULL && add_bytes(acc, 1, nfields, pair) <= 0) {
                    exact = 0;
                }
            }
            Py_XDECREF(prev);
            prev = entry;
            if (!exact || failed) {
                break;
            }
        }
        Py_XDECREF(prev);
        Py_DECREF(fast);
    }
    Py_DECREF(outer);
    if (failed || PyErr_Occurred()) {
        return NULL;
    }
    if (!exact) {
        Py_RETURN_NONE;
    }
    PyObject *out = PyTuple_New(nfields + 1);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t k = 0; k <= nfields; k++) {
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
lexicon_hit(PyObject *item, int kind, const void *data, Py_ssize_t n, PyTypeObject *type,
            PyObject *out, Py_ssize_t *prefixed)
{
    PyObject *payload;
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2 ||
        !PyTuple_Check(payload = PyTuple_GET_ITEM(item, 1)) || PyTuple_GET_SIZE(payload) != 5) {
        PyErr_SetString(PyExc_TypeError, "lexicon_hits: an automaton hit of another shape");
        return -1;
    }
    Py_ssize_t last = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
    if (last == -1 && PyErr_Occurred()) {
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
        Py_DECREF(prefixed);
        return NULL;
    }
    /* Equal keys are neighbours now, in the automaton's order: keep the first of each. */
    Py_ssize_t kept = first < n ? first + 1 : n;
    for (Py_ssize_t i = kept; i < n; i++) {
        int c = match_cmp(items[kept - 1], items[i], &err);
        if (err) {
            Py_DECREF(prefixed);
            return NULL;
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
        Py_DECREF(prefixed);
        return NULL;
    }
    return prefixed;
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

static PyMethodDef methods[] = {
    {"sums", (PyCFunction)(void (*)(void))sums, METH_FASTCALL,
     "sums(segments, words, miss, pairs, nfields) -> (count, *totals) | None"},
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
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "socialpolicy._cngrams",
    "The learned models' n-gram sums in C (see socialpolicy.models._ngrams).", -1, methods,
};

/* Raised with any change of a function's arguments or results: socialpolicy.models._ngrams
 * ignores a module built from other source (a stale in-place build) and runs pure Python. */
#define API 1

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
