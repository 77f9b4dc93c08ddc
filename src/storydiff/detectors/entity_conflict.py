"""entity_conflict: a different person, place, title or actor for the same role."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.entities import names_clash, names_compatible, normalise_name
from ..models import AnalysedArticle, Claim, Finding, Kind, Mention, Severity
from .base import StoryPair, detector, finding, side, with_inference

_PLACES = frozenset({"GPE", "LOC", "FAC"})


def _persons(claims: tuple[Claim, ...] | list[Claim]) -> list[tuple[Mention, Claim]]:
    return [(m, c) for c in claims for m in c.mentions if m.label == "PERSON"]


def _name_changes(pair: StoryPair) -> Iterator[Finding]:
    """Names in matched claims that share a part but cannot be the same person.

    Only within an alignment: two reports may well name two members of one family.
    """
    seen: set[tuple[str, str]] = set()
    a_keys = {m.key for c in pair.a.claims for m in c.mentions}
    b_keys = {m.key for c in pair.b.claims for m in c.mentions}
    aligned = {(i, j): al for al in pair.alignments for i in al.a for j in al.b}
    for ma, ca in _persons(pair.a.claims):
        for mb, cb in _persons(pair.b.claims):
            key = (ma.key, mb.key)
            if ma.key == mb.key or key in seen or (ca.index, cb.index) not in aligned:
                continue
            if ma.key in b_keys and not (mb.key not in a_keys
                                         and _surname_replaced(ma.text, mb.text)):
                continue
            if names_clash(normalise_name(ma.text), normalise_name(mb.text)):
                seen.add(key)
                same_title = bool(ma.title) and ma.title == mb.title
                confidence = with_inference(0.8 if same_title else 0.65,
                                            aligned[(ca.index, cb.index)], ca.index, cb.index)
                yield finding(
                    Kind.ENTITY_CONFLICT, "name_changed", Severity.HIGH, confidence,
                    f"name differs: {ma.text!r} in the reference, {mb.text!r} in the other"
                    + (f" (both {ma.title})" if same_title else ""),
                    side(pair.a, [ca], ma.span), side(pair.b, [cb], mb.span),
                    detector="entity_conflict",
                )


def _surname_replaced(a: str, b: str) -> bool:
    """The same first name with another surname ("Ellis Harrow" / "Ellis Navarro"):
    where the other report also names the first person elsewhere, this is the
    name changed in one sentence, not a relative (who would share the surname)."""
    ta, tb = normalise_name(a).split(), normalise_name(b).split()
    return len(ta) >= 2 and len(tb) >= 2 and ta[0] == tb[0] and ta[-1] != tb[-1]


def _title_changes(pair: StoryPair) -> Iterator[Finding]:
    seen: set[str] = set()
    for ma, ca in _persons(pair.a.claims):
        for mb, cb in _persons(pair.b.claims):
            if (ma.key == mb.key and ma.title and mb.title and ma.title != mb.title
                    and ma.key not in seen
                    and not (ma.title in mb.title or mb.title in ma.title)):
                seen.add(ma.key)
                yield finding(
                    Kind.ENTITY_CONFLICT, "title_changed", Severity.MEDIUM, 0.7,
                    f"{ma.text} is {ma.title} in the reference, {mb.title} in the other",
                    side(pair.a, [ca], ma.span), side(pair.b, [cb], mb.span),
                    detector="entity_conflict",
                )


def _role_word(article: AnalysedArticle, mention: Mention) -> str:
    """The word before a place ("in", "near", "of"): a cheap proxy for its role."""
    before = article.article.text[max(0, mention.span[0] - 30):mention.span[0]].split()
    return before[-1].lower() if before else ""


def _role_changes(pair: StoryPair) -> Iterator[Finding]:
    """Within aligned claims: a different place, or a different actor doing the same thing."""
    for alignment, a_claims, b_claims in pair.aligned():
        if alignment.identical:
            continue
        a_keys = {m.key for c in a_claims for m in c.mentions}
        b_keys = {m.key for c in b_claims for m in c.mentions}
        places_a = [(m, c) for c in a_claims for m in c.mentions
                    if m.label in _PLACES and m.key not in b_keys and not m.text.isupper()]
        places_b = [(m, c) for c in b_claims for m in c.mentions
                    if m.label in _PLACES and m.key not in a_keys and not m.text.isupper()]
        if len({m.key for m, _ in places_a}) == 1 and len({m.key for m, _ in places_b}) == 1:
            (ma, ca), (mb, cb) = places_a[0], places_b[0]
            na, nb = normalise_name(ma.text), normalise_name(mb.text)
            if names_compatible(na, nb) or names_compatible(nb, na) or (
                    _role_word(pair.a, ma) != _role_word(pair.b, mb)):
                continue  # "DeKalb" / "DeKalb County"; "in X" / "near Y" are other roles
            yield finding(
                Kind.ENTITY_CONFLICT, "place_changed", Severity.MEDIUM,
                0.55 * alignment.score ** 0.5,
                f"place differs: {ma.text!r} in the reference, {mb.text!r} in the other",
                side(pair.a, [ca], ma.span), side(pair.b, [cb], mb.span),
                detector="entity_conflict", alignment=alignment,
            )
        for ca in a_claims:
            for cb in b_claims:
                if not ca.predicate or ca.predicate != cb.predicate:
                    continue
                sa = [m for m in ca.mentions if m.text in ca.subject]
                sb = [m for m in cb.mentions if m.text in cb.subject]
                if sa and sb and not {m.key for m in sa} & {m.key for m in sb}:
                    start_a = ca.span[0] + ca.text.find(ca.subject)
                    start_b = cb.span[0] + cb.text.find(cb.subject)
                    yield finding(
                        Kind.ENTITY_CONFLICT, "actor_changed", Severity.MEDIUM,
                        0.6 * alignment.score ** 0.5,
                        f"who did it ({ca.predicate}) differs: {ca.subject!r} in the reference, "
                        f"{cb.subject!r} in the other",
                        side(pair.a, [ca], (start_a, start_a + len(ca.subject))),
                        side(pair.b, [cb], (start_b, start_b + len(cb.subject))),
                        detector="entity_conflict", alignment=alignment,
                    )


@detector("entity_conflict", version=1,
          description="A different person, place, title or actor for the same role.",
          requires=("claim.mentions", "claim.predicate", "claim.subject", "alignments"))
def entity_conflict(pair: StoryPair) -> Iterator[Finding]:
    yield from _name_changes(pair)
    yield from _title_changes(pair)
    yield from _role_changes(pair)
