"""The build step pyproject.toml cannot say: compile the translation catalogues.

Every build of the kit (a wheel from ``pip wheel`` or ``saleslab handout``, ``pip install .``,
and the editable install of ``make setup``) first turns ``src/saleslab/locale/*/LC_MESSAGES/*.po``
into the ``.mo`` files that ``saleslab.i18n`` reads; the wheel carries them as package data.
The ``.mo`` files are build products, never committed.
"""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def compile_catalogues() -> None:
    # By path: saleslab itself cannot be imported before its dependencies are installed.
    spec = importlib.util.spec_from_file_location("mofiles", HERE / "src/saleslab/mofiles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.compile_all(HERE / "src/saleslab/locale")


class BuildWithCatalogues(build_py):
    """setuptools' build_py, after compiling the catalogues into the source tree."""

    def run(self) -> None:
        compile_catalogues()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
