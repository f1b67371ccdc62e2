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

static PyMethodDef methods[] = {
    {"scan_blocks", (PyCFunction)(void (*)(void))scan_blocks, METH_FASTCALL,
     "Whole single-data-line event blocks to events (the parser's fast path)."},
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
