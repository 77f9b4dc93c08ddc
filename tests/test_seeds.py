"""The canonical pair in ../shared/seeds; skipped when ../shared is absent."""

from __future__ import annotations

from storydiff.models import Kind, Report


def _findings(report: Report) -> list:  # type: ignore[type-arg]
    return list(report.comparisons[0].findings)


def _has(report: Report, kind: Kind, a: str | None = None, b: str | None = None) -> bool:
    return any(f.kind == kind and (a is None or a in (f.a.text or "") + f.explanation)
               and (b is None or b in (f.b.text or "") + f.explanation)
               for f in _findings(report))


def test_outlets_are_right(seed_report: Report) -> None:
    original, rewrite = (a.article for a in seed_report.articles)
    assert original.outlet == "Asharq Al-Awsat"
    assert rewrite.outlet != "Reuters"  # a photo credit, not the outlet
    assert "Reuters" in rewrite.credits


def test_changed_name_is_an_entity_conflict(seed_report: Report) -> None:
    assert _has(seed_report, Kind.ENTITY_CONFLICT, "Mostafa Ezzatollah", "Ezzatollah Soleimani")


def test_court_martial_status_is_a_contradiction(seed_report: Report) -> None:
    assert _has(seed_report, Kind.CONTRADICTION, "court-marshal", "court marshaled")


def test_fars_attribution_is_dropped(seed_report: Report) -> None:
    assert _has(seed_report, Kind.ATTRIBUTION_DROPPED, "Fars")


def test_attributions_moved(seed_report: Report) -> None:
    assert _has(seed_report, Kind.ATTRIBUTION_CHANGED, "Rooz Online", "source")
    assert _has(seed_report, Kind.ATTRIBUTION_CHANGED, "source", "reports")


def test_loaded_wording_is_framing(seed_report: Report) -> None:
    assert _has(seed_report, Kind.FRAMING_CHANGED, b="dictator")


def test_dropped_detail_and_claims(seed_report: Report) -> None:
    assert _has(seed_report, Kind.OMISSION, "the poor")
    assert _has(seed_report, Kind.OMISSION, "Quds Force")
    assert any(f.kind == Kind.ADDITION for f in _findings(seed_report))


def test_identical_passages_raise_no_conflict(seed_report: Report) -> None:
    conflicts = {Kind.NUMBER_CONFLICT, Kind.ENTITY_CONFLICT, Kind.CONTRADICTION}
    for f in _findings(seed_report):
        if f.kind in conflicts:
            for text in (f.a.text or "", f.b.text or ""):
                assert "830" not in text and "mutiny and treason" not in text
