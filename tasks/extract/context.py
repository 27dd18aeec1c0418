"""What a sentence's rules read beyond its own words: its names, at offsets relative to
it, and the story's actor and places passed on from earlier sentences."""

from __future__ import annotations

from dataclasses import dataclass, field

from tasks.extract.gazetteer import Mention
from tasks.extract.sentences import Sentence


@dataclass(slots=True)
class DocContext:
    """What earlier sentences tell later ones: the story's actor and place."""

    default_actor: str | None = None
    default_place: str | None = None
    recent: list[str] = field(default_factory=list)  # states and places, in order named


def local_mentions(mentions: list[Mention], sent: Sentence) -> list[Mention]:
    """Mentions inside a sentence, with offsets relative to the sentence."""
    return [
        Mention(m.start - sent.start, m.end - sent.start, m.code, m.kind, m.surface)
        for m in mentions
        if sent.start <= m.start and m.end <= sent.end
    ]
