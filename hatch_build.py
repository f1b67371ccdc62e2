"""Build hook: compiles the optional C speedups (``sse_lint/_speedups.c``).

For a wheel the extension is built in a temporary folder and added to the wheel; for an editable install
(``pip install -e .``) it is put next to the sources. A failed build is a warning, not an error: sse-lint
then runs its pure-Python parser, with the same results, more slowly. ``SSE_LINT_PURE=1`` skips it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SpeedupsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("SSE_LINT_PURE"):
            return
        try:
            built = self._compile(Path(tempfile.mkdtemp(prefix="sse-lint-build-")))
        except Exception as e:  # noqa: BLE001 - any compiler trouble means: pure Python
            self.app.display_warning(f"sse-lint: C speedups not built ({type(e).__name__}: {e}); "
                                     "the pure-Python parser is used")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version == "editable":
            shutil.copy2(built, Path(self.root) / "sse_lint" / built.name)
        else:
            build_data["force_include"][str(built)] = f"sse_lint/{built.name}"

    def _compile(self, tmp: Path) -> Path:
        from setuptools import Distribution, Extension
        from setuptools.command.build_ext import build_ext

        source = Path(self.root) / "sse_lint" / "_speedups.c"
        ext = Extension("sse_lint._speedups", [str(source)], extra_compile_args=["-O2"] if os.name != "nt" else [])
        cmd = build_ext(Distribution({"name": "sse-lint", "ext_modules": [ext]}))
        cmd.build_lib = str(tmp / "lib")
        cmd.build_temp = str(tmp / "temp")
        cmd.ensure_finalized()
        cmd.run()
        return Path(cmd.get_ext_fullpath(ext.name))
