/* Optional C speedups for sse_lint.sse: the event record and the parser's hot loop.
 *
 * Built by hatch_build.py when a C compiler is there; sse_lint/sse.py falls back to pure Python
 * otherwise (or with SSE_LINT_PURE=1), and the tests run the parser both ways.
 *
 * EventBase   the fields of sse_lint.sse.Event (a subclass adds the methods): a plain struct of
 *             object references, created here without running Python code.
 * scan_blocks the parser's fast path: whole event blocks that are a single "data:" line, exactly as
 *             Parser._blocks does it in Python; it stops at the first other block and lets the
 *             Python line-by-line path take that one.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    PyObject *index, *type, *data, *id, *retry, *offset, *line, *column, *time, *end, *raw, *truncated;
    PyObject *payload, *kind, *role, *run, *named, *id_set;
} EventObject;

#define N_FIELDS 18

static PyObject **fields(EventObject *self) { return &self->index; }

static int Event_traverse(EventObject *self, visitproc visit, void *arg) {
    PyObject **f = fields(self);
    for (int i = 0; i < N_FIELDS; i++) Py_VISIT(f[i]);
    return 0;  /* a heap subtype's own traverse visits the type */
}

static int Event_clear(EventObject *self) {
    PyObject **f = fields(self);
    for (int i = 0; i < N_FIELDS; i++) Py_CLEAR(f[i]);
    return 0;
}

static void Event_dealloc(EventObject *self) {
    /* for instances of a Python subclass, subtype_dealloc calls this and then drops the type reference */
    PyObject_GC_UnTrack(self);
    Event_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

#define MEMBER(name) {#name, T_OBJECT, offsetof(EventObject, name), 0, NULL}
static PyMemberDef Event_members[] = {
    MEMBER(index), MEMBER(type), MEMBER(data), MEMBER(id), MEMBER(retry), MEMBER(offset), MEMBER(line),
    MEMBER(column), MEMBER(time), MEMBER(end), MEMBER(raw), MEMBER(truncated), MEMBER(payload), MEMBER(kind),
    MEMBER(role), MEMBER(run), MEMBER(named), MEMBER(id_set), {NULL}
};

static PyTypeObject EventBaseType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sse_lint._speedups.EventBase",
    .tp_basicsize = sizeof(EventObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "The fields of sse_lint.sse.Event.",
    .tp_traverse = (traverseproc)Event_traverse,
    .tp_clear = (inquiry)Event_clear,
    .tp_dealloc = (destructor)Event_dealloc,
    .tp_members = Event_members,
    .tp_new = PyType_GenericNew,
};

static PyObject *s_message, *one;

/* scan_blocks(chunk, start, stop, off, lineno, index, last_id, t, max_line, cls, out)
 *   -> (pos, off, lineno, index)
 * chunk[start:stop] is whole blocks, each followed by a blank line (LF only). Every leading block that
 * is one "data:" line of at most max_line bytes and valid UTF-8 becomes a cls instance appended to out;
 * pos is where the first other block starts (stop when there is none). */
static PyObject *scan_blocks(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 11) {
        PyErr_SetString(PyExc_TypeError, "scan_blocks takes 11 arguments");
        return NULL;
    }
    char *buf;
    Py_ssize_t len;
    if (PyBytes_AsStringAndSize(args[0], &buf, &len) < 0) return NULL;
    Py_ssize_t p = PyLong_AsSsize_t(args[1]), stop = PyLong_AsSsize_t(args[2]);
    long long off = PyLong_AsLongLong(args[3]), lineno = PyLong_AsLongLong(args[4]);
    long long index = PyLong_AsLongLong(args[5]);
    PyObject *last_id = args[6], *t = args[7];
    Py_ssize_t max_line = PyLong_AsSsize_t(args[8]);
    PyObject *cls = args[9], *out = args[10];
    if (PyErr_Occurred()) return NULL;
    if (!PyType_Check(cls) || !PyType_IsSubtype((PyTypeObject *)cls, &EventBaseType) || !PyList_Check(out)) {
        PyErr_SetString(PyExc_TypeError, "scan_blocks: cls must subclass EventBase and out must be a list");
        return NULL;
    }
    if (p < 0 || stop > len || p > stop) {
        PyErr_SetString(PyExc_ValueError, "scan_blocks: bad range");
        return NULL;
    }
    PyTypeObject *tp = (PyTypeObject *)cls;
    while (p < stop) {
        const char *b = buf + p;
        Py_ssize_t room = stop - p;
        const char *nl = memchr(b, '\n', room);
        if (nl == NULL || nl + 1 >= buf + stop || nl[1] != '\n') break;  /* a block of several lines */
        Py_ssize_t size = nl - b;
        if (size < 5 || memcmp(b, "data:", 5) != 0 || size > max_line) break;
        Py_ssize_t vs = (size > 5 && b[5] == ' ') ? 6 : 5;
        PyObject *data = PyUnicode_DecodeUTF8(b + vs, size - vs, NULL);
        if (data == NULL) {  /* invalid UTF-8: the line path reports it */
            if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) return NULL;
            PyErr_Clear();
            break;
        }
        EventObject *ev = (EventObject *)tp->tp_alloc(tp, 0);
        if (ev == NULL) {
            Py_DECREF(data);
            return NULL;
        }
        ev->index = PyLong_FromLongLong(index);
        ev->type = Py_NewRef(s_message);
        ev->data = data;
        ev->id = Py_NewRef(last_id);
        ev->retry = Py_NewRef(Py_None);
        ev->offset = PyLong_FromLongLong(off);
        ev->line = PyLong_FromLongLong(lineno);
        ev->column = Py_NewRef(one);
        ev->time = Py_NewRef(t);
        ev->end = PyLong_FromLongLong(off + size + 1);
        ev->raw = PyBytes_FromStringAndSize(b, size <= 160 ? size : 160);
        ev->truncated = Py_NewRef(Py_False);
        ev->payload = Py_NewRef(Py_None);
        ev->kind = Py_NewRef(Py_None);
        ev->role = Py_NewRef(Py_None);
        ev->run = Py_NewRef(Py_None);
        ev->named = Py_NewRef(Py_False);
        ev->id_set = Py_NewRef(Py_False);
        if (ev->index == NULL || ev->offset == NULL || ev->line == NULL || ev->end == NULL || ev->raw == NULL ||
            PyList_Append(out, (PyObject *)ev) < 0) {
            Py_DECREF(ev);
            return NULL;
        }
        Py_DECREF(ev);
        index += 1;
        off += size + 2;
        lineno += 2;
        p += size + 2;
    }
    return Py_BuildValue("(nLLL)", p, off, lineno, index);
}

/* The length of a JSON string body at b (up to, not including, its closing quote), or -1 when the bytes
 * before the first quote are not a body the batch pattern admits: no control characters, only complete
 * escapes, no surrogate escapes (sse_lint/batch.py, _STRING). */
static Py_ssize_t json_body(const char *b, const char *end) {
    const char *q = b;
    while (q < end) {
        unsigned char c = (unsigned char)*q;
        if (c == '"') return q - b;
        if (c < 0x20) return -1;
        if (c == '\\') {
            if (q + 1 >= end) return -1;
            char e = q[1];
            if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                q += 2;
                continue;
            }
            if (e != 'u' || q + 6 > end) return -1;
            for (int i = 2; i < 6; i++) {
                char h = q[i];
                if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return -1;
            }
            if ((q[2] == 'd' || q[2] == 'D') && ((q[3] >= '8' && q[3] <= '9') || (q[3] >= 'a' && q[3] <= 'f') ||
                                                (q[3] >= 'A' && q[3] <= 'F')))
                return -1;  /* a surrogate escape */
            q += 6;
            continue;
        }
        q++;
    }
    return -1;
}

/* One delta event in the encoder's form at b: data: {"type":"<kind>","<field>":"<key>","delta":"<body>"}\n\n
 * Returns its length, with *prefix_len the length up to the body and *body_len the body's; -1 if not. */
static Py_ssize_t delta_event(const char *b, const char *end, PyObject *pairs, Py_ssize_t *kind,
                              Py_ssize_t *prefix_len, Py_ssize_t *body_len) {
    static const char head[] = "data: {\"type\":\"";
    const Py_ssize_t hl = sizeof(head) - 1;
    if (end - b < hl || memcmp(b, head, hl) != 0) return -1;
    const char *q = b + hl;
    Py_ssize_t n = PyTuple_GET_SIZE(pairs);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = PyTuple_GET_ITEM(pairs, i);
        const char *k = PyBytes_AS_STRING(PyTuple_GET_ITEM(pair, 0));
        Py_ssize_t kl = PyBytes_GET_SIZE(PyTuple_GET_ITEM(pair, 0));
        const char *f = PyBytes_AS_STRING(PyTuple_GET_ITEM(pair, 1));
        Py_ssize_t fl = PyBytes_GET_SIZE(PyTuple_GET_ITEM(pair, 1));
        /* "<kind>","<field>":" */
        if (end - q < kl + 3 + fl + 3 || memcmp(q, k, kl) != 0 || memcmp(q + kl, "\",\"", 3) != 0 ||
            memcmp(q + kl + 3, f, fl) != 0 || memcmp(q + kl + 3 + fl, "\":\"", 3) != 0)
            continue;
        const char *key = q + kl + 3 + fl + 3, *r = key;
        while (r < end && *r != '"' && *r != '\\' && (unsigned char)*r >= 0x20) r++;
        static const char mid[] = "\",\"delta\":\"";
        const Py_ssize_t ml = sizeof(mid) - 1;
        if (end - r < ml || memcmp(r, mid, ml) != 0) return -1;
        const char *body = r + ml;
        Py_ssize_t bl = json_body(body, end);
        if (bl < 0 || end - (body + bl) < 4 || memcmp(body + bl, "\"}\n\n", 4) != 0) return -1;
        *kind = i;
        *prefix_len = body - b;
        *body_len = bl;
        return (body + bl + 4) - b;
    }
    return -1;
}

/* find_runs(chunk, start, stop, pairs, max_line) -> [(s, e, kind_index, key, count, deltas)]
 * chunk[start:stop] is whole blocks, each followed by a blank line, start a block start. Runs of two or more
 * consecutive delta events (sse_lint/batch.py) of one kind and key, looked for at block starts; deltas is
 * the bodies of the run's deltas joined (still JSON-escaped). pairs: ((kind, id field), ...) as bytes. */
static PyObject *find_runs(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 5 || !PyTuple_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "find_runs(chunk, start, stop, pairs, max_line)");
        return NULL;
    }
    char *buf;
    Py_ssize_t len;
    if (PyBytes_AsStringAndSize(args[0], &buf, &len) < 0) return NULL;
    Py_ssize_t p = PyLong_AsSsize_t(args[1]), stop = PyLong_AsSsize_t(args[2]);
    Py_ssize_t max_line = PyLong_AsSsize_t(args[4]);
    PyObject *pairs = args[3];
    if (PyErr_Occurred()) return NULL;
    if (p < 0 || stop > len || p > stop) {
        PyErr_SetString(PyExc_ValueError, "find_runs: bad range");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(pairs); i++) {
        PyObject *pair = PyTuple_GET_ITEM(pairs, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyBytes_Check(PyTuple_GET_ITEM(pair, 0)) ||
            !PyBytes_Check(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_SetString(PyExc_TypeError, "find_runs: pairs must be (bytes, bytes) tuples");
            return NULL;
        }
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    const char *end = buf + stop;
    while (p < stop) {
        const char *b = buf + p;
        Py_ssize_t kind, plen, blen;
        Py_ssize_t n = delta_event(b, end, pairs, &kind, &plen, &blen);
        if (n > 0) {
            /* extend the run: the same prefix (kind, field, key), then a body and the blank line */
            const char *q = b + n;
            Py_ssize_t count = 1, total = blen;
            while (end - q > plen && memcmp(q, b, plen) == 0) {
                Py_ssize_t bl = json_body(q + plen, end);
                if (bl < 0 || end - (q + plen + bl) < 4 || memcmp(q + plen + bl, "\"}\n\n", 4) != 0) break;
                q += plen + bl + 4;
                total += bl;
                count++;
            }
            if (count >= 2 && q - b <= max_line) {
                PyObject *deltas = PyBytes_FromStringAndSize(NULL, total);
                if (deltas == NULL) goto fail;
                char *w = PyBytes_AS_STRING(deltas);
                for (const char *r = b; r < q;) {  /* copy the bodies */
                    const char *body = r + plen;
                    Py_ssize_t bl = json_body(body, q);
                    memcpy(w, body, bl);
                    w += bl;
                    r = body + bl + 4;
                }
                /* the key: between "<field>":" and ","delta":" */
                const char *mid = b + plen - 11;  /* ","delta":" is 11 bytes */
                const char *key = mid;
                while (key > b && key[-1] != '"') key--;
                PyObject *item = Py_BuildValue("(nnny#nN)", p, p + (q - b), kind, key, (Py_ssize_t)(mid - key),
                                               count, deltas);
                if (item == NULL || PyList_Append(out, item) < 0) {
                    Py_XDECREF(item);
                    goto fail;
                }
                Py_DECREF(item);
                p += q - b;
                continue;
            }
        }
        /* not a run here: the next block */
        const char *nl = memchr(b, '\n', end - b);
        while (nl != NULL && nl + 1 < end && nl[1] != '\n') nl = memchr(nl + 1, '\n', end - (nl + 1));
        if (nl == NULL || nl + 1 >= end) break;
        p = (nl + 2) - buf;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"scan_blocks", (PyCFunction)(void (*)(void))scan_blocks, METH_FASTCALL,
     "Whole single-data-line event blocks to events (the parser's fast path)."},
    {"find_runs", (PyCFunction)(void (*)(void))find_runs, METH_FASTCALL,
     "Runs of delta events in the encoder's form (the linter's batches)."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__speedups(void) {
    if (PyType_Ready(&EventBaseType) < 0) return NULL;
    s_message = PyUnicode_InternFromString("message");
    one = PyLong_FromLong(1);
    if (s_message == NULL || one == NULL) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    if (PyModule_AddObjectRef(m, "EventBase", (PyObject *)&EventBaseType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
