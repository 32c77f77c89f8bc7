"""The column's files in MkDocs's list of files: the generator's data files taken out, every generated
page and file added (a ``--dirty`` build skips the ones it last wrote unchanged), the web editor's
files, and the images of the hand-written pages and the theme served without their metadata."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.meta import YAML_RE as FRONT_MATTER

from ..build import SiteFile
from ..editor.site import SiteFile as EditorFile
from ..media.assets import is_image, served_image
from ..problems import Problem, shown_path


class GeneratedFile(File):
    """A generated page or file that ``--dirty`` skips when its content is the one last written."""

    unchanged = False

    def is_modified(self) -> bool:
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


@dataclass
class Added:
    """What ``add_site_files`` added: a digest of each output file (for the next ``--dirty`` build),
    the generated pages' front matter already read (by source path), and the hand-written pages
    replaced by generated ones."""

    digests: dict[str, bytes] = field(default_factory=dict)
    metas: dict[str, dict] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)


def remove_data_files(files: Files, data: Iterable[Path], docs: Path) -> None:
    """Take the generator's data files (the plan, the registers, the activities' photos as taken) out of the site."""
    for data_file in data:
        found = files.get_file_from_path(_relative_to(data_file, docs))
        if found is not None:
            files.remove(found)


def add_site_files(files: Files, config, items: Iterable[SiteFile], last_written: dict[str, bytes] | None) -> Added:
    """Add the column's pages and files; ``last_written`` (a ``--dirty`` build's memory of the build
    before) marks those whose content did not change as not modified. A generated page replaces a
    hand-written one of the same path: the home page is made from the plan."""
    added = Added()
    for item in items:
        written = files.get_file_from_path(item.path) if isinstance(item.content, str) else None
        if written is not None:
            added.replaced.append(item.path)
            files.remove(written)
        inclusion = InclusionLevel.INCLUDED if item.in_nav else InclusionLevel.NOT_IN_NAV
        generated = GeneratedFile.generated(config, item.path, content=item.content, inclusion=inclusion)
        digest = hashlib.sha1(item.content.encode("utf-8") if isinstance(item.content, str) else item.content).digest()
        generated.unchanged = last_written is not None and last_written.get(generated.abs_dest_path) == digest
        added.digests[generated.abs_dest_path] = digest
        files.append(generated)
        if item.meta is not None:
            added.metas[generated.src_uri] = item.meta
    return added


def add_editor_files(files: Files, config, items: Iterable[EditorFile]) -> None:
    """The web editor at /quan-tri/."""
    for item in items:
        files.append(File.generated(config, item.path, content=item.data) if item.data is not None
                     else File.generated(config, item.path, abs_src_path=str(item.source)))


def serve_images_clean(files: Files, root: Path) -> list[Problem]:
    """Serve every image of the hand-written pages and the theme without its metadata, or not at all; the problems."""
    problems: list[Problem] = []
    for file in [f for f in files if f.generated_by is None and f.abs_src_path and is_image(f.src_uri)]:
        served = served_image(Path(file.abs_src_path), shown_path(Path(file.abs_src_path), root))
        problems.extend(served.problems)
        if served.data is None:
            files.remove(file)
        else:
            file.content_bytes = served.data
    return problems


def without_front_matter(text: str) -> str | None:
    """A generated page's text with an empty front matter, for a page whose front matter the core has
    already read (MkDocs reading its YAML again was a tenth of a build); None when it has none."""
    front = FRONT_MATTER.match(text)
    return None if front is None else "---\n{}\n---\n" + text[front.end():]


def _relative_to(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return ""
