"""jiken — facts from Japanese security-incident notices.

A CPython binding of libjiken (C extension ``jiken._jiken`` over the public
C API in ``jiken.h``)::

    import jiken
    rec = jiken.extract("2023年7月28日、当社サーバへの不正アクセスを確認しました。")
    for d in rec.dates:
        print(d.from_date, d.role, rec.text[d.start:d.end])
    rec.to_dict()          # the same object the `extract` CLI prints as JSON

``jiken.extract``/``jiken.split`` use a default :class:`Extractor` created on
first use (thread-safe) with the library's compiled-in dictionary and rules.
Create your own :class:`Extractor` to choose them; it is expensive to create
(loads MeCab, compiles every rule) and meant to be shared, by any number of
threads: the GIL is released while the library works.

Errors are :class:`Error` subclasses named after the library's codes:
``E<NAME>Error`` for every ``JIKEN_E<NAME>`` (``EUTF8Error``, ``EEMPTYError``,
``ENULError``, ``ETOOBIGError``, ``EMECABError``, ``ERULESError``, …).
Input errors are also ``ValueError``.
"""
import threading as _threading

from typing import List, Optional, Tuple, Union

from ._jiken import (  # noqa: F401  (re-exported)
    EBINARYError,
    EDICTVERSIONError,
    EEMPTYError,
    EENCODINGError,
    EICUError,
    EINTERNALError,
    EINVALError,
    EIOError,
    EMECABError,
    ENOMEMError,
    ENULError,
    EREGEXError,
    ERULESError,
    ETOOBIGError,
    EUTF8Error,
    HEADER_VERSION_HEX,
    LIBRARY_VERSION_HEX,
    SCHEMA,
    Affected,
    Count,
    Date,
    Error,
    Extractor,
    Finding,
    Record,
    Report,
    error_class,
    library_version,
    strerror,
)
from . import _jiken

# one class per library code; codes a newer library adds get theirs too
_error_names = []
for _cls in _jiken._errors_by_code.values():
    globals()[_cls.__name__] = _cls
    _error_names.append(_cls.__name__)
del _cls

__version__ = "%d.%d.%d" % (HEADER_VERSION_HEX >> 16,
                            (HEADER_VERSION_HEX >> 8) & 0xFF,
                            HEADER_VERSION_HEX & 0xFF)

__all__ = [
    "Extractor", "Record", "Date", "Count", "Finding", "Report", "Affected",
    "Error", "extract", "split", "default_extractor", "error_class",
    "strerror", "SCHEMA", "library_version",
] + sorted(_error_names)

_default: Optional[Extractor] = None
_default_lock = _threading.Lock()


def default_extractor() -> Extractor:
    """The shared Extractor behind :func:`extract` and :func:`split`.

    Created on first call with the library's compiled-in defaults (the
    installed MeCab dictionary, jiken.dic and rules); later calls, from any
    thread, return the same object.  If creating it fails the error is
    raised and the next call tries again.
    """
    global _default
    ex = _default
    if ex is None:
        with _default_lock:
            ex = _default
            if ex is None:
                ex = _default = Extractor()
    return ex


def extract(text: Union[str, bytes]) -> Record:
    """Extract the facts of one notice (str, or UTF-8 bytes) with the
    default extractor; see :meth:`Extractor.extract`."""
    return default_extractor().extract(text)


def split(text: Union[str, bytes]) -> List[Tuple[int, int]]:
    """Split a digest into notices with the default extractor: a list of
    (start, end) indexing ``text``; see :meth:`Extractor.split`."""
    return default_extractor().split(text)
