"""Wheel build hook: validate the shipped knowledge file and write its compiled form into the wheel.

The YAML in data/ stays the one hand-edited copy; nobody commits or edits the compiled form, which the
build writes to a temporary folder and maps to soma_info/data/soma.compiled beside soma_info/data/soma.yaml.
An invalid knowledge file fails the build, as does one that names a section after a command (the table's
check, as `soma-info validate` applies it). Editable installs skip this: a checkout reads the YAML.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileKnowledgeFile(BuildHookInterface):  # type: ignore[misc]  # hatchling is untyped
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        # The checkout's own modules are imported for the build and forgotten after it, so that the build
        # process (which may build again after an edit) is left with no soma_info it did not have.
        loaded = set(sys.modules)
        sys.path.insert(0, os.path.join(self.root, "src"))
        try:
            from soma_info.commands import name_clashes
            from soma_info.knowledge import compiled, yamlfile

            source_path = os.path.join(self.root, "data", "soma.yaml")
            with open(source_path, "rb") as handle:
                source = handle.read()
            monograph = yamlfile.load(source_path)  # raises, failing the build, when the file is invalid
            clashes = name_clashes(monograph)  # a section named after a command: the table says, as validate does
            if clashes:
                raise yamlfile.name_problems(source_path, clashes)
            self._folder = tempfile.TemporaryDirectory(prefix="soma-info-build-")
            target = os.path.join(self._folder.name, "soma.compiled")
            with open(target, "wb") as handle:
                handle.write(compiled.dump(monograph, source))
        finally:
            sys.path.pop(0)
            for name in set(sys.modules) - loaded:
                if name == "soma_info" or name.startswith("soma_info."):
                    del sys.modules[name]
        build_data["force_include"][target] = "soma_info/data/soma.compiled"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
