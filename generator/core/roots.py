"""The content folders stay inside the project: no folder or link leads out.

`seeds/` and `curation/` arrive by pull request, and everything read from
them may be published. A symbolic link could publish any file on the build
machine (a token in `.git/config`, a key in the home folder), so a link is
followed only when it stays inside its own folder, and the folders
themselves must resolve inside the project unless `mkdocs.yml` allows it.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.core.config import Settings
from generator.core.errors import BriefingError


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or below it (both already resolved)."""
    return path == folder or folder in path.parents


def check_roots(settings: Settings) -> None:
    """Refuse a content folder outside the project, and a link that leads out of curation/.

    Raises:
        BriefingError: naming the folder or link and what to do.
    """
    project = settings.root.resolve()
    # A linked source file is skipped with a warning by the loader (sources never
    # stop a build); a linked curated file is an error.
    folders = ((settings.seeds, settings.seeds_dir, False), (settings.curation, settings.curation_dir, True))
    for name, folder, links_are_errors in folders:
        if not folder.exists():
            continue
        real = folder.resolve()
        if not settings.allow_outside_roots and not inside(real, project):
            raise BriefingError(
                f"`{name}` resolves to {real}, outside the project; move the files into the project, "
                "or set `allow_outside_roots: true` under the briefing plugin in mkdocs.yml",
                name,
            )
        if links_are_errors:
            _check_links(folder, real, settings)


def _check_links(folder: Path, real: Path, settings: Settings) -> None:
    # os.walk does not follow linked folders, so every link is seen once, here.
    for top, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(top, name)
            if path.is_symlink() and not inside(path.resolve(), real):
                raise BriefingError(
                    "symbolic link points outside its folder; copy the file in instead", settings.display(path)
                )
