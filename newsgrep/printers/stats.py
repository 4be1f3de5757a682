"""`newsgrep stats` as text: one labelled line a figure (the JSON is the figures as they
come from `Index.stats()`)."""
from __future__ import annotations


def format_stats(figures: dict) -> str:
    papers = ", ".join(f"{name} ({n})" for name, n in figures["papers"].items()) or "none known"
    span = (f"{figures['first_date']} to {figures['last_date']}"
            if figures["first_date"] else "no dates known")
    undated = figures["undated_articles"]
    lines = [
        f"index      {figures['index']} ({figures['generation']})",
        f"articles   {figures['articles']} (and {figures['page_texts']} page texts outside them)",
        f"files      {figures['files']} indexed, {figures['skipped_files']} skipped",
        *_skipped_line(figures.get("skipped_reasons", {})),
        f"papers     {papers}",
        f"dates      {span}" + (f" ({undated} articles undated)" if undated else ""),
        f"encodings  {', '.join(f'{e} ({n})' for e, n in figures['encodings'].items()) or 'none'}",
        f"corpus     {', '.join(figures['corpus'])}",
        f"size       {byte_size(figures['index_bytes'])}",
    ]
    return "\n".join(lines) + "\n"


def _skipped_line(reasons: dict[str, int]) -> list[str]:
    """Why files were skipped, when some were: `skipped    empty file (2), binary file (1)`."""
    if not reasons:
        return []
    return ["skipped    " + ", ".join(f"{why} ({n})" for why, n in reasons.items())]


def byte_size(size: int) -> str:
    """A size in the unit that shows it: 512 bytes, 23 kB, 1.4 MB, 2.1 GB (never 0.0 MB)."""
    if size < 1000:
        return f"{size} bytes"
    for unit, scale in (("GB", 1e9), ("MB", 1e6)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size / 1e3:.0f} kB"
