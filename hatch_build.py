"""Hatchling build hook: compile the optional C extension `socialpolicy._cngrams`.

The extension (src/socialpolicy/_cngrams.c, plain CPython C API) speeds up the learned models'
n-gram sums; `socialpolicy.models._ngrams` uses it when it imports and computes the same sums
in pure Python when it does not. So compiling is best effort: with no C compiler (or any
failure) the hook says why on stderr and the wheel is built pure, as before.

- A wheel (`pip wheel .`, `pip install .`): the module is compiled into a temporary directory
  and packed as `socialpolicy/_cngrams<EXT_SUFFIX>`; the wheel is tagged for this interpreter
  and platform.
- An editable install (`pip install -e .`, what `make` runs): the project's `src/` is on the
  path, so the module is compiled in place, beside `_cngrams.c` (ignored by git).

`SOCIALPOLICY_BUILD_PURE=1` skips compiling (a pure wheel).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("src") / "socialpolicy" / "_cngrams.c"


def compile_extension(source: Path, target: Path) -> str | None:
    """Compile and link `source` into the shared library `target`; None when it worked, else
    why not (one line)."""
    ldshared = sysconfig.get_config_var("LDSHARED")
    include = sysconfig.get_paths().get("include")
    if not ldshared or not include or sys.platform == "win32":
        return "no C toolchain is configured for this interpreter"
    # LDSHARED is the interpreter's own compile-and-link command ("gcc -pthread -shared ...");
    # CC from the environment replaces its compiler, as in setuptools.
    cmd = shlex.split(ldshared)
    if os.environ.get("CC"):
        cmd = [*shlex.split(os.environ["CC"]), *cmd[1:]]
    cmd += shlex.split(sysconfig.get_config_var("CCSHARED") or "")
    cmd += ["-O2", "-I", include, str(source), "-o", str(target)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{cmd[0]}: {exc}"
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["failed"]
        return f"{cmd[0]}: {tail[0]}"
    return None


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile `_cngrams` for wheels and editable installs (see the module docstring)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("SOCIALPOLICY_BUILD_PURE") == "1":
            return
        root = Path(self.root)
        source = root / SOURCE
        if not source.is_file():
            return
        name = "_cngrams" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so")
        if version == "editable":
            target = source.with_name(name)
            # A failed build must not leave an older module in place.
            target.unlink(missing_ok=True)
        else:
            self._tmp = tempfile.TemporaryDirectory()
            target = Path(self._tmp.name) / name
        why = compile_extension(source, target)
        if why is not None:
            print(
                f"socialpolicy: the C extension was not built ({why}); pure Python", file=sys.stderr
            )
            return
        if version != "editable":
            build_data["force_include"][str(target)] = f"socialpolicy/{name}"
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()
