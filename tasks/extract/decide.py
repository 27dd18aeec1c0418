"""Candidates and their features -> claims, by the trained model.

An article is read once (`read_article`): sentences, names, figures, the rules' readings and
every candidate's features. Training labels these readings; extraction scores them here:
each (actor, location, action) whose probability clears the tuned threshold is a claim, with
the figures the quantity model gives it (or none), the status model's status, and the best
sentence as evidence. The same claim read in several sentences is kept once, at its most
probable reading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tasks.extract.candidates import Candidate, DocView, candidates, doc_view
from tasks.extract.features import (
    RuleReadings,
    SentenceFeatures,
    crossed,
    pair_features,
    quantity_features,
    ranks_of,
    rule_readings,
    sentence_features,
)
from tasks.extract.model import ACTIONS, ClaimModel, sigmoid
from tasks.extract.numbers import Quantity
from tasks.extract.patterns import PERSONNEL
from tasks.extract.rulebook import rule_claims
from tasks.schema import Claim


@dataclass(slots=True)
class Reading:
    """One candidate with the features all its decisions share: its own, and its
    sentence's (kept apart, so they are scored once per sentence)."""

    candidate: Candidate
    sentence: SentenceFeatures
    features: list[str]

    @property
    def all_features(self) -> list[str]:
        return self.sentence.shared + self.features


@dataclass(slots=True)
class ArticleReading:
    doc: DocView
    rules: RuleReadings
    readings: list[Reading]


def names_troops(text: str) -> bool:
    """Most news names no troops: one scan settles it (an article about forces names
    them somewhere, even where a sentence says only 'France withdrew from Mali')."""
    return PERSONNEL.search(text) is not None


def read_article(text: str) -> ArticleReading | None:
    """Every candidate of an article with its features; None when it names no troops."""
    if not names_troops(text):
        return None
    doc = doc_view(text)
    found = candidates(doc)
    if not found:
        return None
    rules = rule_readings(doc, rule_claims(text))
    ranks = ranks_of(doc)
    shared: dict[int, SentenceFeatures] = {}
    readings = []
    for cand in found:
        index = cand.view.index
        if index not in shared:
            shared[index] = sentence_features(cand.view, rules)
        sf = shared[index]
        # Each feature once: training counted presence, not repeats.
        feats = list(dict.fromkeys(pair_features(cand, doc, sf, rules, ranks)))
        readings.append(Reading(cand, sf, feats))
    return ArticleReading(doc, rules, readings)


Key = tuple[str, str, str, int | None]  # actor, location, action, troops

# A (pair, action) less probable than this in every sentence is not proposed at all, and a
# figure less probable than this is not proposed as its count: the settling model sees the
# rest. Low, so that the proposals keep nearly every true claim.
PROPOSE_MIN = 0.05
FIGURE_MIN = 0.2


@dataclass(slots=True)
class Proposal:
    """A possible claim of the article, with what supports it: the best sentence reading
    (or none, when only the rules read it), the two probabilities and the rules' claim."""

    key: Key
    pair_p: float = 0.0
    figure_p: float = 0.0
    sentences: int = 0
    reading: Reading | None = None
    troops_text: str | None = None
    rule: Claim | None = None

    def offer(self, p: float, figure_p: float, reading: Reading, troops_text: str | None) -> None:
        """Keep the strongest reading of this claim among the sentences proposing it."""
        self.sentences += 1
        if p * max(figure_p, 0.5) > self.pair_p * max(self.figure_p, 0.5) or self.reading is None:
            self.pair_p, self.figure_p = p, figure_p
            self.reading, self.troops_text = reading, troops_text


def propose(article: ArticleReading, model: ClaimModel) -> dict[Key, Proposal]:
    """Every claim the sentence models or the rules find plausible."""
    found: dict[Key, Proposal] = {}
    shared: dict[int, list[float]] = {}  # each sentence's shared margins, by identity
    for reading in article.readings:
        sf = reading.sentence
        if id(sf) not in shared:
            shared[id(sf)] = model.pair_by_action.margins(sf.shared)
        propose_reading(reading, shared[id(sf)], article.rules, model, found)
    for claims in article.rules.by_sentence.values():
        for claim in claims:
            key = (claim.actor, claim.location, claim.action, claim.troops)
            found.setdefault(key, Proposal(key)).rule = claim
    return found


def propose_reading(
    reading: Reading,
    shared: list[float],
    rules: RuleReadings,
    model: ClaimModel,
    into: dict[Key, Proposal],
) -> None:
    """One candidate's proposals for each plausible action: without a figure, and with
    each figure the quantity model finds plausible. `shared` are its sentence's margins."""
    pair_ps = [sigmoid(m) for m in model.pair_by_action.margins(reading.features, shared)]
    if max(pair_ps) < PROPOSE_MIN:
        return
    cand = reading.candidate
    a, loc = cand.actor.code, cand.location.code
    figures = [
        (q, [sigmoid(m) for m in model.quantity_by_action.margins(feats)])
        for q, feats in figure_features(reading, rules)
    ]
    for i, action in enumerate(ACTIONS):
        p = pair_ps[i]
        if p < PROPOSE_MIN:
            continue
        best_figure = 0.0
        for q, figure_ps in figures:
            best_figure = max(best_figure, figure_ps[i])
            if figure_ps[i] >= FIGURE_MIN:
                key = (a, loc, action, q.value)
                into.setdefault(key, Proposal(key)).offer(p, figure_ps[i], reading, q.text)
        null = (a, loc, action, None)
        into.setdefault(null, Proposal(null)).offer(p, 1.0 - best_figure, reading, None)


def figure_features(reading: Reading, rules: RuleReadings) -> list[tuple[Quantity, list[str]]]:
    """Each figure of the candidate's sentence with its features (for every action)."""
    cand = reading.candidate
    return [
        (q, quantity_features(cand, q, reading.sentence, rules))
        for q in cand.view.quantities
        if q.value is not None
    ]


def decide_article(article: ArticleReading, model: ClaimModel) -> list[Claim]:
    """The claims the settling model accepts in one article, one per distinct key; a claim
    without a figure yields to one with a figure for the same actor, place and action."""
    proposals = propose(article, model)
    context = ProposalContext.of(proposals, article)
    accepted: list[tuple[Proposal, float]] = []
    for proposal in proposals.values():
        p = model.claim.probability(proposal_features(proposal, context))
        if p >= model.claim_threshold:
            accepted.append((proposal, p))
    numbered = {pr.key[:3] for pr, _ in accepted if pr.key[3] is not None}
    kept = [(pr, p) for pr, p in accepted if pr.key[3] is not None or pr.key[:3] not in numbered]
    claims = [to_claim(pr, p, settle_status(pr, context, model), model) for pr, p in kept]
    return sorted(claims, key=lambda c: (c.char_start, c.actor, c.location, c.action))


@dataclass(slots=True)
class ProposalContext:
    """What settling a proposal reads about the others: the best probability per pair and
    per claim without its figure, and how central the story makes each name."""

    best_for_pair: dict[tuple[str, str], float]
    best_figure: dict[tuple[str, str, str], float]
    actors: list[str]
    places: list[str]
    title_codes: set[str]
    rule_status: dict[tuple[str, str, str], str]  # the rules' status for a triple
    # The most probable reading of each (actor, location, troops): annotators give one
    # figure one action ("sent 800" is not also "800 are there") all but once in seventy.
    best_action: dict[tuple[str, str, int | None], float]

    def is_best_action(self, proposal: Proposal) -> bool:
        a, loc, _, troops = proposal.key
        return proposal.pair_p >= self.best_action.get((a, loc, troops), 0.0)

    @classmethod
    def of(cls, proposals: dict[Key, Proposal], article: ArticleReading) -> ProposalContext:
        pair: dict[tuple[str, str], float] = {}
        figure: dict[tuple[str, str, str], float] = {}
        for key, pr in proposals.items():
            pair[key[:2]] = max(pair.get(key[:2], 0.0), pr.pair_p)
            if key[3] is not None:
                figure[key[:3]] = max(figure.get(key[:3], 0.0), pr.figure_p)
        doc = article.doc
        actors = [c for c, _ in doc.actor_counts.most_common(4)]
        places = [c for c, _ in doc.place_counts.most_common(4)]
        rule_status = {
            (c.actor, c.location, c.action): c.status
            for claims in article.rules.by_sentence.values()
            for c in claims
        }
        best_action: dict[tuple[str, str, int | None], float] = {}
        for (a, loc, _, troops), pr in proposals.items():
            slot = (a, loc, troops)
            best_action[slot] = max(best_action.get(slot, 0.0), pr.pair_p)
        return cls(pair, figure, actors, places, doc.title_codes, rule_status, best_action)


def level(p: float) -> str:
    """A probability in tenths, the settling model's unit."""
    return str(min(int(p * 10), 9))


def proposal_features(proposal: Proposal, context: ProposalContext) -> list[str]:
    """How strongly the sentence models and the rules back a claim, and how it stands
    among the article's other proposals."""
    a, loc, action, troops = proposal.key
    rule = "exact" if proposal.rule is not None else "none"
    numbered = "num" if troops is not None else "null"
    pp = level(proposal.pair_p) if proposal.reading is not None else "none"
    feats = [
        "bias",
        f"pp={pp}",
        f"pp={pp}/{numbered}",
        f"pp={pp}/rule={rule}",
        f"rule={rule}/{numbered}",
        f"rule={rule}/act={action}",
        f"act={action}/{numbered}",
        f"n={min(proposal.sentences, 4)}",
        f"pairbest={proposal.pair_p >= context.best_for_pair.get((a, loc), 0.0)}",
        f"arank={context.actors.index(a) if a in context.actors else 9}",
        f"lrank={context.places.index(loc) if loc in context.places else 9}",
        f"titles={a in context.title_codes}/{loc in context.title_codes}",
        f"same={a == loc}",
        f"actbest={context.is_best_action(proposal)}/{numbered}",
    ]
    if troops is not None:
        feats.append(f"fp={level(proposal.figure_p)}")
        feats.append(f"fp={level(proposal.figure_p)}/rule={rule}")
        best = context.best_figure.get((a, loc, action), 0.0)
        feats.append(f"figbest={proposal.figure_p >= best}")
    else:
        feats.append(f"nofig={level(proposal.figure_p)}")
    return feats


def status_features(reading: Reading, action: str) -> list[str]:
    """The status model reads the sentence and candidate, crossed with the action."""
    return crossed(reading.all_features, action)


def status_evidence(proposal: Proposal, context: ProposalContext, model: ClaimModel) -> list[str]:
    """What settles a claim's status: the status model's reading of its best sentence and
    the rules' status for the same claim or triple, each alone and together."""
    a, loc, action, _ = proposal.key
    feats = [f"act={action}"]
    read = "none"
    if proposal.reading is not None:
        read, p = model.status_of(proposal.reading.all_features, action)
        feats += [f"model={read}", f"model={read}/{level(p)}"]
    ruled = proposal.rule.status if proposal.rule is not None else None
    near = context.rule_status.get((a, loc, action))
    feats += [f"rule={ruled}", f"near={near}", f"rule={ruled}/model={read}"]
    feats.append(f"near={near}/model={read}")
    return feats


def settle_status(proposal: Proposal, context: ProposalContext, model: ClaimModel) -> str:
    """The likeliest status given both readings (the status model alone when untrained)."""
    if not model.settle_status:
        reading = proposal.reading
        if reading is None:
            assert proposal.rule is not None
            return proposal.rule.status
        return model.status_of(reading.all_features, proposal.key[2])[0]
    feats = status_evidence(proposal, context, model)
    return max(model.settle_status, key=lambda s: model.settle_status[s].margin(feats))


def to_claim(proposal: Proposal, p: float, status: str, model: ClaimModel) -> Claim:
    """A claim row: the best sentence is the evidence; `rule` names the strongest signals."""
    a, loc, action, troops = proposal.key
    reading = proposal.reading
    if reading is None:  # only the rules read it: their evidence and status
        assert proposal.rule is not None
        r = proposal.rule
        account = f"model p={p:.2f}: rules ({r.rule})"
        return replace(r, status=status, rule=account, confidence=round(p, 4))
    sent = reading.candidate.view.sentence
    why = model.pair.strongest(crossed(reading.all_features, action))
    if proposal.rule is not None:
        why.append("rules agree")
    return Claim(
        actor=a,
        location=loc,
        action=action,
        status=status,
        troops=troops,
        troops_text=proposal.troops_text,
        evidence=sent.text,
        char_start=sent.start,
        char_end=sent.end,
        rule=f"model p={p:.2f}: " + ", ".join(why),
        confidence=round(p, 4),
    )


def extract_with(text: str, model: ClaimModel) -> list[Claim]:
    """All claims in one article text, by the given model."""
    article = read_article(text)
    return [] if article is None else decide_article(article, model)
