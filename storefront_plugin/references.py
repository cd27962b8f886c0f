"""The verified literature our articles may cite, with a DOI, PMC or PubMed link for each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any


from .errors import ConfigurationError

__all__ = ["Reference", "load_references", "references_file"]


@dataclass(frozen=True)
class Reference:
    """One citable work: a journal article (DOI/PMC/PMID) or an official page (URL)."""

    id: str
    title: str
    authors: str = ""
    journal: str = ""
    year: int | None = None
    volume: str = ""
    pages: str = ""
    doi: str = ""
    pmc: str = ""
    pmid: str = ""
    url: str = ""

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """``(label, url)`` for every identifier the work has, DOI first."""
        out = []
        if self.doi:
            out.append((f"doi:{self.doi}", f"https://doi.org/{self.doi}"))
        if self.pmc:
            out.append((self.pmc, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{self.pmc}/"))
        if self.pmid:
            out.append((f"PMID {self.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"))
        if self.url:
            out.append((self.url.split("//", 1)[-1].split("/", 1)[0], self.url))
        return tuple(out)

    @property
    def citation(self) -> str:
        """Vancouver-style text: authors. Title. Journal. Year;volume:pages."""
        if not self.journal:
            return self.title
        where = f"{self.year};{self.volume}:{self.pages}" if self.volume else str(self.year)
        # "et al." already ends with a full stop; do not print two.
        return f"{self.authors.rstrip('.')}. {self.title.rstrip('.')}. {self.journal}. {where}."


def references_file() -> Path:
    return Path(str(files("storefront_plugin"))) / "content" / "references.yaml"


def _reference(entry: dict[str, Any], path: Path) -> Reference:
    fields: dict[str, Any] = {k: entry[k] for k in Reference.__dataclass_fields__ if entry.get(k) is not None}
    for key in ("pmid", "volume", "pages"):
        if key in fields:
            fields[key] = str(fields[key])
    ref = Reference(**fields)
    if not ref.links:
        raise ConfigurationError(f"{path}: reference {ref.id!r} has no doi, pmc, pmid or url. Add one so readers can check it.")
    return ref


@lru_cache(maxsize=1)
def _load(path: Path) -> dict[str, Reference]:
    import yaml  # at init_app, not at import

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, Reference] = {}
    for entry in [*data.get("references", []), *data.get("official_sources", [])]:
        ref = _reference(entry, path)
        out[ref.id] = ref
    return out


def load_references() -> dict[str, Reference]:
    """Every citable reference by id (read once: the file ships with the package)."""
    return dict(_load(references_file()))
