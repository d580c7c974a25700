"""Build the jiken Python package (C extension jiken._jiken over libjiken).

Offline, with the setuptools already installed:

    python3 setup.py build_ext --inplace     # in a built source tree
    python3 setup.py install --user          # against an installed libjiken

Where libjiken is found, in this order:

1. build_ext options, when given: -I DIR (jiken.h), -L DIR (libjiken.so),
   -R DIR (run-time search path).  `make check-python` passes the build
   tree's include/ and lib/.libs this way (works for out-of-tree builds).
2. the source tree this file sits in (../../include, ../../lib/.libs),
   when the library was built there; linked with an rpath to lib/.libs so
   the tests run without installing.
3. `pkg-config jiken` (an installed libjiken), else the compiler defaults.
"""
import os
import re
import shlex
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext as _build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))


def _pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "jiken"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return shlex.split(out)


def detect():
    """(include_dirs, library_dirs, runtime_library_dirs) for libjiken."""
    inc = os.path.join(TOP, "include")
    libs = os.path.join(TOP, "lib", ".libs")
    if (os.path.isfile(os.path.join(inc, "jiken.h"))
            and os.path.isfile(os.path.join(libs, "libjiken.so"))):
        return [inc], [libs], [libs]
    cflags, ldflags = _pkg_config("--cflags-only-I"), _pkg_config("--libs-only-L")
    if cflags is None or ldflags is None:
        return [], [], []
    incs = [f[2:] for f in cflags if f.startswith("-I")]
    dirs = [f[2:] for f in ldflags if f.startswith("-L")]
    system = ("/usr/lib", "/lib", "/usr/lib64", "/lib64")
    rpath = [d for d in dirs if not d.startswith(system)]
    return incs, dirs, rpath


class build_ext(_build_ext):
    """build_ext that finds libjiken itself unless told with -I/-L."""

    def finalize_options(self):
        told = bool(self.include_dirs or self.library_dirs)
        super().finalize_options()
        if not told:
            inc, libdirs, rpath = detect()
            self.include_dirs[:0] = inc
            self.library_dirs = libdirs + list(self.library_dirs or [])
            self.rpath = rpath + list(self.rpath or [])


def version():
    for d in [os.path.join(TOP, "include")] + detect()[0]:
        try:
            with open(os.path.join(d, "jiken.h"), encoding="utf-8") as f:
                h = f.read()
        except OSError:
            continue
        parts = [re.search(r"#define JIKEN_VERSION_%s (\d+)" % p, h)
                 for p in ("MAJOR", "MINOR", "PATCH")]
        if all(parts):
            return ".".join(m.group(1) for m in parts)
    return "0.1.0"


setup(
    name="jiken",
    version=version(),
    description="Facts from Japanese security-incident notices "
                "(CPython binding of libjiken)",
    packages=["jiken"],
    package_data={"jiken": ["py.typed", "*.pyi"]},
    ext_modules=[Extension(
        "jiken._jiken",
        sources=["src/_jiken.c"],
        libraries=["jiken"],
        depends=[h for h in [os.path.join(TOP, "include", "jiken.h")]
                 if os.path.isfile(h)],
        extra_compile_args=["-Wall", "-Wextra", "-Wno-missing-field-initializers",
                            "-Wno-cast-function-type"],
    )],
    cmdclass={"build_ext": build_ext},
    python_requires=">=3.8",
    zip_safe=False,
)
