"""Run the Python code blocks of the documentation, so the docs cannot rot.

Every ```` ```python ```` block of every page under `docs/` runs, page by page, in one
namespace per page, in a fresh temporary folder. Blocks that only illustrate (a Fractal
manifest, a conftest) start with the marker line `# docs: no-run` and are skipped
explicitly. Before a page runs, the demo acquisition block of `getting-started.md` (the
block starting with `DEMO_DATA_MARKER`) creates `raw_data/` in the temporary folder,
exactly as a reader would.

Everything a block prints must appear in its `# ` comment lines (`...` matches
anything), so the outputs shown to readers are checked too. Blocks that the site
build executes (```` ```python exec="on" ````, markdown-exec) render their real
output, so they may show no comments instead. Their page-setup blocks (a fresh
folder and the demo acquisition for the build) start with `# docs: site-only` and are
skipped here, where the test provides both. Relative links between pages, the
mkdocs navigation and that no two pages write into the same output folder are checked
without building the site.

The registries of filters, validators, registration steps and collection handlers are
process-wide; pages register example extensions, so each test restores them afterwards.

The pages document the default build, the 0.10 line. Pages whose printed output or
claims are the 0.10 line's presentation (`PAGES_OF_THE_0_10_LINE`) are skipped on a
1.x build (`OZCT_API_LINE=1`); every other page runs on both lines.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import textwrap
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from _api_lines import API_LINE

DOCS_DIR = Path(__file__).resolve().parents[1] / "docs"
NO_RUN_MARKER = "# docs: no-run"
SITE_ONLY_MARKER = "# docs: site-only"
DEMO_DATA_MARKER = "# Make a tiny demo acquisition"
PAGES_OF_THE_0_10_LINE = {
    "migration.md": "moving to the 0.10 line: its defaults and dumps, as printed",
    "options.md": "prints ConverterOptions dumps in the 0.10 spelling",
}
"""Pages that show the 0.10 line's output; the differences are release-lines.md."""

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class CodeBlock:
    """One fenced code block of a documentation page."""

    page: str
    line: int
    language: str
    source: str
    info: str = ""

    @property
    def first_line(self) -> str:
        """The first non-blank line of the block (where markers go)."""
        return (
            self.source.lstrip().splitlines()[0].strip() if self.source.strip() else ""
        )

    @property
    def site_only(self) -> bool:
        """Whether only the site build runs the block (page setup for markdown-exec)."""
        return self.first_line.startswith(SITE_ONLY_MARKER)

    @property
    def runs(self) -> bool:
        """Whether the block is executed (Python, not marked no-run or site-only)."""
        return (
            self.language == "python"
            and self.first_line != NO_RUN_MARKER
            and not self.site_only
        )

    @property
    def executed_on_site(self) -> bool:
        """Whether markdown-exec runs the block during the site build."""
        return re.search(r'\bexec="(on|1|true|yes)"', self.info) is not None


def doc_pages() -> list[Path]:
    """Return every published Markdown page, sorted."""
    return sorted(DOCS_DIR.rglob("*.md"))


def code_blocks(path: Path) -> list[CodeBlock]:
    """Extract the fenced code blocks of a page (also those inside admonitions)."""
    text = path.read_text(encoding="utf-8")
    return code_blocks_in_text(text, page=path.relative_to(DOCS_DIR).as_posix())


def code_blocks_in_text(text: str, *, page: str) -> list[CodeBlock]:
    """Extract the fenced code blocks of Markdown `text`."""
    blocks = []
    for match in _FENCE.finditer(text):
        info = match.group("info").strip().split()
        language = info[0].lower() if info else ""
        indent = match.group("indent")
        body = match.group("body")
        if indent:
            body = textwrap.dedent(body)
        line = text.count("\n", 0, match.start()) + 1
        blocks.append(
            CodeBlock(page, line, language, body, match.group("info").strip())
        )
    return blocks


def _pages_with_python() -> list[str]:
    return [
        path.relative_to(DOCS_DIR).as_posix()
        for path in doc_pages()
        if any(block.language == "python" for block in code_blocks(path))
    ]


def _demo_data_block() -> CodeBlock:
    matches = [
        block
        for block in code_blocks(DOCS_DIR / "getting-started.md")
        if block.source.startswith(DEMO_DATA_MARKER)
    ]
    if len(matches) != 1:
        raise LookupError(
            f"getting-started.md must hold exactly one block starting with "
            f"{DEMO_DATA_MARKER!r}, found {len(matches)}"
        )
    return matches[0]


def documented_outputs(source: str) -> list[str]:
    """Return the text of the comment lines of a block (candidate outputs)."""
    outputs = []
    for raw in source.splitlines():
        line = raw.strip()
        if line.startswith("# "):
            outputs.append(line[2:].rstrip())
    return outputs


def output_is_documented(printed: str, outputs: list[str]) -> bool:
    """Tell whether a printed line equals a comment; `...` in it matches anything."""
    for expected in outputs:
        pattern = ".*".join(re.escape(part.strip()) for part in expected.split("..."))
        if re.fullmatch(pattern, printed.strip()):
            return True
    return False


def _run_block(
    block: CodeBlock, namespace: dict[str, Any], source_file: Path | None = None
) -> None:
    """Run one block and check that everything it prints is shown in its comments.

    With `source_file` (see `_page_module`), the block is compiled as the lines of
    that file it occupies, so that `inspect` finds the source of the classes it
    defines, as in a reader's own module.
    """
    if source_file is None:
        code = compile(block.source, f"docs/{block.page}:{block.line}", "exec")
    else:
        lines = source_file.read_text().splitlines(keepends=True)
        first = lines.index(f"# docs/{block.page}:{block.line}\n") + 1
        code = compile("\n" * first + block.source, str(source_file), "exec")
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            exec(code, namespace)
    except Exception as err:
        raise AssertionError(
            f"Code block at docs/{block.page} line {block.line} failed: "
            f"{type(err).__name__}: {err}\n--- block ---\n{block.source}"
        ) from err
    outputs = documented_outputs(block.source)
    if block.executed_on_site and not outputs:
        return  # the site shows what it printed, rendered by markdown-exec
    undocumented = [
        line
        for line in stdout.getvalue().splitlines()
        if line.strip() and not output_is_documented(line.rstrip(), outputs)
    ]
    assert not undocumented, (
        f"Code block at docs/{block.page} line {block.line} printed lines that its "
        f"'# ' output comments do not show: {undocumented}"
    )


@pytest.fixture
def restore_registries() -> Iterator[None]:
    """Give back the process-wide registries as they were before the page ran.

    Registries are found by type in the modules of the extension rooms, so the test
    does not depend on their (private) variable names.
    """
    from ome_zarr_converters_tools.core.registry import Registry
    from ome_zarr_converters_tools.pipelines import (
        collection_setup,
        filters,
        registration,
        validators,
    )

    registries = [
        value
        for module in (filters, validators, registration, collection_setup)
        for value in vars(module).values()
        if isinstance(value, Registry)
    ]
    assert len(registries) >= 4
    saved = [(dict(r._items), dict(r._aliases)) for r in registries]
    yield
    for registry, (items, aliases) in zip(registries, saved, strict=True):
        registry._items.clear()
        registry._items.update(items)
        registry._aliases.clear()
        registry._aliases.update(aliases)


def _page_module(
    page: str,
    blocks: list[CodeBlock],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[dict[str, Any], Path]:
    """A real module for the page's blocks, backed by a file holding all of them.

    Readers run the examples from a module or a notebook, where `inspect` finds the
    source of a class they define (pydantic reads field docstrings from it). A bare
    namespace that is no module makes Python 3.13's `inspect` raise `TypeError`
    instead of `OSError`, which pydantic does not expect.
    """
    name = f"docs_{Path(page).stem.replace('-', '_')}"
    source_file = folder / f"{name}.py"
    source_file.write_text(
        "".join(f"# docs/{b.page}:{b.line}\n{b.source}\n" for b in blocks)
    )
    module = types.ModuleType(name)
    module.__file__ = str(source_file)
    monkeypatch.setitem(sys.modules, name, module)
    return module.__dict__, source_file


@pytest.mark.parametrize("page", _pages_with_python())
def test_docs_page_runs(
    page: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    restore_registries: None,
) -> None:
    if API_LINE != "0.10" and page in PAGES_OF_THE_0_10_LINE:
        pytest.skip(
            f"docs/{page} documents the 0.10 line ({PAGES_OF_THE_0_10_LINE[page]}); "
            f"this build is API_LINE={API_LINE!r}"
        )
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    blocks = [block for block in code_blocks(DOCS_DIR / page) if block.runs]
    namespace, source_file = _page_module(page, blocks, tmp_path, monkeypatch)
    demo = _demo_data_block()
    ran = 0
    if demo.page != page:
        # Other pages do not see the demo block's variables, as for a reader.
        _run_block(demo, {"__name__": "docs_demo_data"})
    for block in blocks:
        _run_block(block, namespace, source_file)
        ran += 1
    assert ran > 0, f"docs/{page}: every Python block is marked {NO_RUN_MARKER!r}"


def test_pages_of_the_0_10_line_exist() -> None:
    assert set(PAGES_OF_THE_0_10_LINE) <= set(_pages_with_python())


def test_demo_data_block_creates_the_tiles_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _run_block(_demo_data_block(), {"__name__": "docs_demo_data"})
    table = (tmp_path / "raw_data" / "tiles.csv").read_text().splitlines()
    assert len(table) == 1 + 8
    assert len(list((tmp_path / "raw_data").glob("*.png"))) == 8


def test_only_python_blocks_use_the_no_run_marker() -> None:
    misplaced = [
        f"docs/{block.page}:{block.line}"
        for path in doc_pages()
        for block in code_blocks(path)
        if block.language != "python" and NO_RUN_MARKER in block.source
    ]
    assert misplaced == []


def test_site_only_blocks_are_executed_by_the_site_build() -> None:
    # A site-only block the build does not run would be dead text on the page.
    misplaced = [
        f"docs/{block.page}:{block.line}"
        for path in doc_pages()
        for block in code_blocks(path)
        if block.site_only and not block.executed_on_site
    ]
    assert misplaced == []


def test_executed_pages_restore_the_build_folder() -> None:
    # A page that leaves the build in its temporary folder would make the next
    # executed page run there: each executed page ends with a block going back.
    for path in doc_pages():
        blocks = [b for b in code_blocks(path) if b.executed_on_site]
        if not blocks:
            continue
        assert blocks[0].site_only, f"{path.name}: first executed block sets up"
        assert blocks[-1].site_only, f"{path.name}: last executed block restores"
        assert "os.chdir(site_root)" in blocks[-1].source, path.name


_OUTPUT_FOLDER = re.compile(r'Path\("(?P<folder>[^"]+)"\)\.resolve\(\)')
_INPUT_FOLDERS = {"raw_data"}
"""Read by every page (made by the demo block), never written."""


def test_every_page_writes_into_folders_of_its_own() -> None:
    # Pages shared `output/`, so running them one after the other in one folder
    # failed with OutputExists: each page now names its own folders.
    users: dict[str, set[str]] = {}
    for path in doc_pages():
        page = path.relative_to(DOCS_DIR).as_posix()
        for block in code_blocks(path):
            if block.language != "python":
                continue
            for match in _OUTPUT_FOLDER.finditer(block.source):
                folder = match.group("folder")
                if folder not in _INPUT_FOLDERS:
                    users.setdefault(folder, set()).add(page)
    # the same folder on two pages, or one page's folder inside another's
    shared = sorted(
        (outer, inner, sorted(users[outer] | users[inner]))
        for outer in users
        for inner in users
        if (outer == inner and len(users[outer]) > 1)
        or (inner.startswith(f"{outer}/") and users[outer] != users[inner])
    )
    assert shared == []
    assert len(users) >= 5


def test_most_python_blocks_run() -> None:
    blocks = [
        block
        for path in doc_pages()
        for block in code_blocks(path)
        if block.language == "python"
    ]
    skipped = [block for block in blocks if not block.runs and not block.site_only]
    # The marker is for illustrations only (manifests, conftest files): if most
    # blocks are skipped the documentation is no longer tested.
    assert len(blocks) >= 20
    assert len(skipped) <= len(blocks) // 4, [f"{b.page}:{b.line}" for b in skipped]


def test_every_python_block_is_closed_and_parsed() -> None:
    for path in doc_pages():
        text = path.read_text(encoding="utf-8")
        opened = len(re.findall(r"^[ \t]*```python", text, flags=re.MULTILINE))
        found = sum(1 for b in code_blocks(path) if b.language == "python")
        assert opened == found, f"{path.name}: {opened} python fences, {found} parsed"


def test_fence_parser_handles_markers_and_admonitions() -> None:
    text = (
        "# Page\n\n```python\n# docs: no-run\nraise SystemExit\n```\n\n"
        "!!! note\n    ```python\n    x = 1\n    ```\n\n```bash\necho hi\n```\n"
    )
    blocks = code_blocks_in_text(text, page="probe.md")
    assert [b.language for b in blocks] == ["python", "python", "bash"]
    assert [b.runs for b in blocks] == [False, True, False]
    assert blocks[1].source == "x = 1\n"
    assert [b.line for b in blocks] == [3, 9, 13]


def test_printed_lines_must_match_output_comments() -> None:
    outputs = documented_outputs(
        "print(x)\n# (1, 2) ['a']\n# Image 'x' exists at ... Set it\n"
    )
    assert output_is_documented("(1, 2) ['a']", outputs)
    assert output_is_documented("Image 'x' exists at '/tmp/a.zarr'. Set it", outputs)
    assert not output_is_documented("(1, 3) ['a']", outputs)
    assert not output_is_documented("Image 'y' exists at '/tmp'. Set it", outputs)


def test_a_block_with_undocumented_output_fails() -> None:
    block = CodeBlock("probe.md", 1, "python", "print(1 + 1)\n# 3\n")
    with pytest.raises(AssertionError, match="printed lines"):
        _run_block(block, {})


def test_a_failing_block_names_page_and_line() -> None:
    block = CodeBlock("probe.md", 7, "python", "raise KeyError('boom')\n")
    with pytest.raises(AssertionError, match=r"docs/probe.md line 7 failed: KeyError"):
        _run_block(block, {})


_LINK = re.compile(r"\]\((?P<target>[^)\s]+?\.md)(?:#(?P<anchor>[^)\s]*))?\)")


def test_relative_links_point_to_existing_pages() -> None:
    broken = []
    for path in doc_pages():
        for match in _LINK.finditer(path.read_text(encoding="utf-8")):
            target = match.group("target")
            if "://" in target:
                continue
            if not (path.parent / target).resolve().is_file():
                broken.append(f"{path.relative_to(DOCS_DIR)} -> {target}")
    assert broken == []


def test_every_page_is_in_the_nav() -> None:
    config = (DOCS_DIR.parent / "mkdocs.yml").read_text(encoding="utf-8")
    in_nav = set(re.findall(r":\s*([\w./-]+\.md)\s*$", config, flags=re.MULTILINE))
    pages = {path.relative_to(DOCS_DIR).as_posix() for path in doc_pages()}
    assert pages - in_nav == set()
    assert in_nav - pages == set()
