"""Sentence -> deployment claims, by explainable rules over names, numbers and cue words.

Each claim hangs on an anchor: a personnel noun phrase ("615 additional American troops") or
a bare figure in a sentence about troops ("including 1,100 in Niger"). The actor, place,
action and status are then read from the words around the anchor, and the claim's `rule`
names the patterns used, so an analyst can see why a row exists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from tasks.extract import lexicon as lx
from tasks.extract.gates import FastPattern
from tasks.extract.gazetteer import (
    ACTOR_KINDS,
    CAPITAL,
    CITY,
    COUNTRY,
    DEMONYM,
    INSTITUTION,
    ORG,
    PLACE_KINDS,
    REGION,
    UNIT,
    Mention,
)
from tasks.extract.names import TERRITORIES
from tasks.extract.numbers import Quantity, find_quantities
from tasks.extract.sentences import Sentence
from tasks.schema import Claim

# How far (in characters) a verb may sit from its anchor and still govern it.
VERB_BEFORE_REACH = 40
VERB_AFTER_REACH = 45
# A headline is short; its first sentence is the title line.
TITLE_INDEX = 0
# Per-sentence lookups are cached; a few thousand sentences cover any batch's working set.
SENTENCE_CACHE = 4096

BARE_FOLLOWER_RE = re.compile(
    r"\s*(?:$|[,.;:)\]”\"]|more\b|in\b|to\b|into\b|of\b|at\b|by\b|will\b|would\b|are\b|is\b|"
    r"were\b|on\b|from\b|stationed\b|deployed\b|based\b|and\b|under\b|as\b|with\b|over\b|"
    r"within\b|before\b|after\b|until\b|during\b|next\b|this\b|later\b|early\b|last\b|"
    r"earlier\b|despite\b|amid\b|because\b|following\b|when\b|while\b|but\b|have\b|has\b|"
    r"had\b)",
    re.IGNORECASE,
)
LEVEL_BEFORE_RE = re.compile(
    r"\b(?:total|number|numbers|rise|rises|rais(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|bring|"
    r"bringing|brought|boost(?:s|ed|ing)?|expand(?:s|ed|ing)?|grow(?:s|n|ing)?|level|figure|"
    r"strength|from|at|reduc(?:e|es|ed|ing)|cut|cuts|cutting|shrink(?:s|ing)?|"
    r"lower(?:s|ed|ing)?|trim(?:s|med|ming)?|lift(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
TO_AT_RE = re.compile(
    r"\b(?P<p>to|at|from|by)\s+(?:(?:about|around|roughly|some|nearly|almost|approximately)\s+)?$",
    re.IGNORECASE,
)
DETERMINER_RE = re.compile(r"^(?:a|an|the|its|their|his|her|our|this|that|these|those)$", re.I)
FUTURE_BEFORE_RE = re.compile(r"\b(?:will|would|shall|to)\s+(?:\w+\s+)?$|['’]ll\s+$", re.I)
CONTRIBUTE_REACH = 25
FUTURE_BE_RE = re.compile(
    r"\b(?:will|to|would|shall|due\s+to)\s+(?:\w+\s+)?be\s+(?:\w+\s+)?$", re.I
)
COMPOUND_AFTER_RE = re.compile(r"-(?:led|backed|trained|brokered|based|funded|style|made)", re.I)
STATUS_MASK_RE = re.compile(
    r"at\s+the\s+request\s+of|following\s+[\w’']+\s+request|in\s+order\s+to|"
    r"does\s+not\s+return|did\s+not\s+disclose|"
    r"authori[sz]ed\s+(?:[\w.]+\s+)?(?:troop|force)\s+(?:numbers?|levels?|ceiling|cap|strength)",
    re.IGNORECASE,
)
COORDINATION_RE = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*&\s*)(?:the\s+)?$")
WEAK_NEEDS_QTY = frozenset({"men", "members"})
DEFINITE_RE = re.compile(r"^(?:the|these|those|our|its|their)\b", re.I)
NOMINAL_TRIGGER_RE = re.compile(
    r"(?:deployment|dispatch|withdrawal|deploying|sending)\s+of\s+(?:about\s+|some\s+)?$", re.I
)
# "in Tapa": a capitalised word after a place preposition that the gazetteer does not know;
# "in The Gambia" and continents ("in Africa") are no town.
UNKNOWN_TOWN_RE = re.compile(
    r"\b(?:in|at|to|into)\s+(?:the\s+\w+\s+(?:city|town)\s+of\s+|"
    r"(?:north|south|east|west|central|northern|southern|eastern|western)\s+)?"
    r"(?!(?:The|Africa|Europe|Asia|Oceania|Antarctica|Arctic|Sahel|Balkans|Baltics|Caucasus|"
    r"Gulf|Pacific|Atlantic|Mediterranean|Middle|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|Parliament|Congress|[A-Z][a-z]+(?:ish|ese|ern))\b)([A-Z][a-z]{2,})\b"
)
TOWN_PLACED_RE = re.compile(
    r",\s*|\s+(?:in|near)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|"
    r"eastern|western|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
)
THE_COUNTRYS_RE = re.compile(r"\bthe\s+country['’]s\s+$", re.I)
DEPLOYMENT_NOUN_RE = re.compile(r"deployments?|presence", re.I)
OF_TRIGGER_RE = re.compile(
    r"deployment|dispatch|withdrawal|pullout|sending|deploying|withdrawing|presence|"
    r"redeployment|relocation|transfer|arrival|departure|number|numbers|total|"
    # partitives: "some of the troops", "the bulk of the force"
    r"some|many|most|all|half|rest|remainder|bulk|majority|several|few|none",
    re.I,
)
# Between an auxiliary 'have' and its verb: "have already left", "had quietly begun".
AUXILIARY_GAP_RE = re.compile(
    r"\s+(?:(?:already|now|also|just|since|all|finally|quietly|been)\s+)*"
)
PARTICIPLE_RE = re.compile(
    r"[a-z]+ed\b|(?:been|begun|done|made|taken|given|sent|left|kept|held|seen|told|put|set|"
    r"brought|grown|shown|spent|paid|won|lost)\b"
)
# A number right after a capitalised word belongs to a name: "Air Base 101", "Resolution 2719".
NAME_NUMBER_RE = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+\s+$")
NAME_NUMBER_REACH = 20
# A name that starts its own clause is no longer one of a list: "out of Mali, and Britain
# withdrew ...".
CLAUSE_SUBJECT_RE = re.compile(
    r"(?:['’]s\s+\w+\s+)?\s*(?:has|have|had|will|would|is|are|was|were|said|says|also|"
    r"withdrew|sent|left|kept|took|began|brought|asks|demands|wants|plans|calls|urges|"
    r"insists|announces|warns|rejects|refuses|agrees|\w+ed)\b"
)
# "forces there", "troops here": the place named before, where the troops are.
DEICTIC_AFTER_RE = re.compile(r"\s+(?:there|here)\b(?!\s+(?:is|are|was|were|will|would)\b)")
# "from about 1,000 to " right before a figure: the figure is the level after a change.
FROM_TO_LEVEL_RE = re.compile(
    r"\bfrom\s+(?:(?:about|around|roughly|some|nearly|almost|over|under|more\s+than)\s+)?"
    r"[\d,.]+\d(?:\s+(?:thousand|million))?\s+to\s+"
    r"(?:(?:about|around|roughly|some|nearly|almost|over|under|(?:more|fewer|less)\s+than)\s+)?$",
    re.I,
)
# The sender's name as a modifier of what it owns abroad: "the US embassy", "French bases".
OWN_FACILITY_RE = re.compile(
    r"\s+(?:embassy|consulate|base|bases|compound|facility|facilities|mission|ambassador)\b", re.I
)
# Troops named earlier in the sentence, withdrawn as "them": "to bring them home".
THEM_WITHDRAW_RE = re.compile(
    r"\b(?:withdr[ae]w\w*\s+them|pull(?:s|ed|ing)?\s+them\s+(?:out|back)|"
    r"br(?:ing|ings|inging|ought)\s+them\s+(?:home|back))\b",
    re.I,
)
# Facility names are no towns: "to Camp Lemonnier in Djibouti" names Djibouti.
FACILITY_WORD_RE = re.compile(r"Camp|Base|Fort|Air|Naval|Station|Port|Joint|Forward|Mount")
# "200 of the": a count, "of", then the troops' own phrase.
PARTITIVE_OF_RE = re.compile(r"\s+of\s+$")
PARTITIVE_REACH = 6
# A country named right after a verb of leaving is left: "troops who left Niger".
LEAVE_BEFORE_RE = re.compile(
    r"\b(?:left|leave|leaves|leaving|quit|quits|exited|exits|evacuated)\s+(?:[a-z]+\s+)?$"
)
LEAVE_REACH = 25  # the verb and one lower-case word: "leaving federal Iraq"
# "to Camp Lemonnier in Djibouti": a named facility, then its country.
FACILITY_TO_RE = re.compile(
    r"\b(?:to|into)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4}(?:in|at|near)\s+$"
)
FACILITY_REACH = 50
# A bare figure takes the sender of troops named this close to it, not of any in the sentence.
NEIGHBOUR_REACH = 80
# A mandate extended: "extended the mandate", "prolongation of the mandate", "its mandate was
# renewed".
MANDATE_EXTENDED_BEFORE_RE = re.compile(
    r"\b(?:extend\w*|renew\w*|prolong\w*)\s+(?:of\s+)?(?:(?:the|its|their)\s+)?"
    r"(?:[\w-]+\s+){0,2}?$",
    re.I,
)
MANDATE_EXTENDED_AFTER_RE = re.compile(
    r"[^.;]{0,60}?\b(?:was|were|has\s+been|had\s+been|is|will\s+be)\s+(?:\w+\s+)?"
    r"(?:extended|renewed|prolonged)\b",
    re.I,
)
MANDATE_REACH = 60
# "has deployed", "had quietly stationed": an active perfect sends troops; "have been
# deployed" states where they are.
PERFECT_ACTIVE_RE = re.compile(r"\b(?:has|have|had)\s+(?:(?!been\b)\w+\s+)?$", re.I)
# ", which commands" or ", who leads" up to a name: the name is inside a relative clause.
RELATIVE_OPEN_RE = re.compile(r",\s+(?:which|who|whose)\b[^,]*$")
RELATIVE_REACH = 60
CAPITALISED_WORD_RE = re.compile(r"\b[A-Z][\w'’.-]*")
# A state asking for, inviting or declining foreign troops, right after its name.
HOST_KINDS = frozenset({COUNTRY, CAPITAL, INSTITUTION})
# Verbs whose object a name right after them is: it is led, joined or replaced, not the one
# acting. Speech verbs and asking are left out ("told Kyiv", "asked Paris"), read elsewhere.
OBJECT_VERB_BEFORE_RE = re.compile(
    r"\b(?:lead|leads|leading|led|command(?:s|ed|ing)?|join(?:s|ed|ing)?|"
    r"replac(?:e|es|ed|ing)|relie(?:ve|ves|ved|ving)|succeed(?:s|ed|ing)?|"
    r"tak(?:e|es|ing)\s+over\s+from|took\s+over\s+from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
OBJECT_VERB_REACH = 30
# A noun of moving troops right before them decides what happens to them, whatever verb
# describes them after: "the pullout of the roughly 2,400 soldiers deployed in Mali".
NOMINAL_ACTION_RE = re.compile(
    r"\b(?P<noun>deployment|dispatch|redeployment|withdrawal|pullout|pull-out|departure|"
    r"repatriation)\s+of\s+(?:the\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)
NOMINAL_REACH = 30
WITHDRAW_NOUNS = frozenset({"withdrawal", "pullout", "pull-out", "departure", "repatriation"})
# "There are currently about 10,000 ...": a standing level, whatever verbs follow.
EXISTENTIAL_RE = re.compile(r"\b[Tt]here\s+(?:are|were|remain)\s+(?:(?:now|currently|still)\s+)?$")
EXISTENTIAL_REACH = 30
COORDINATED_VERB_RE = re.compile(r"\band\s+$")  # "... and send": a second verb of one subject
INCLUDING_AFTER_RE = re.compile(r",\s+including\b")
# A sentence's closing attribution: a comma, a few words, a verb of saying, then no comma.
ATTRIBUTION_RE = re.compile(
    r",\s+(?:according\s+to\b[^,;]*|[^,;]{1,60}?\s(?:said|says|say|told|announced|reported|"
    r"confirmed)\b(?![^,;]*\b(?:that|it|they|would|will)\b)[^,;]{0,40})$"
)
WHERE_CLAUSE_RE = re.compile(r",\s+where\b")
WHERE_AFTER_RE = re.compile(r",\s+where\b")
SHARED_AUX_REACH = 16  # " is expected to": the verb group after a subject, before its verb
# "but keep", "but will still keep": a verb straight after "but" (a lower-case word that is no
# determiner or pronoun, which would open a subject of the clause's own).
# "and it has", ", and they will": a pronoun taking up the clause's first subject.
PRONOUN_SUBJECT = FastPattern(re.compile(r",\s+(?:and|but)\s+(?:it|they)\s+[a-z]"))
SHARING_BREAKS = ("but", "while")  # clause breaks a verb may follow with the subject unsaid
ELIDED_SUBJECT_RE = re.compile(
    r"\s+(?:(?:also|still|only|then|now)\s+)?(?!(?:the|a|an|it|its|they|their|he|she|"
    r"we|i|you|this|that|these|those|there|some|many|most|other|others|no|not|as|if|in|on|at|"
    r"for|with|by|from|after|before|when|since|said|says|told|added|warned|noted|stressed)\b)"
    r"[a-z]+\b"
)
HOST_REQUEST_RE = re.compile(
    r"(?:['’]s\s+\w+)?\s+(?:has\s+|had\s+|have\s+)?(?:also\s+|now\s+|repeatedly\s+|formally\s+)?"
    r"(?:asked|requested|requests|request|called\s+for|calls\s+for|appealed|appeals|invited|"
    r"invites|wants|urged|urges|no\s+longer\s+needs?|does\s+not\s+need|doesn['’]t\s+need|"
    r"did\s+not\s+need)\b",
    re.I,
)
# "KFOR's total strength to", "the mission's troop ceiling from": a level and its owner.
OWNED_LEVEL_RE = re.compile(
    r"['’]s?\s+(?:\w+\s+){0,2}?(?:strength|presence|contingent|force|ceiling|level|number|"
    r"numbers|deployment)\s+(?:\w+\s+){0,3}?(?:to|from|at)\s+(?:\w+\s+)?$"
)
INCLUDING_GAP_RE = re.compile(
    r"^\s*,\s*(?:including|among\s+them|of\s+which|of\s+whom)\s+(?:(?:a|an|the|some)\s+)?$", re.I
)
# An aside between the troops and their verb: ", including a security team,".
ASIDE_RE = re.compile(
    r"\s*,\s*(?:including|among\s+them|mostly|most\s+of\s+them|which|who|drawn|taken|"
    r"made\s+up|[a-z]+ed)\b(?:[^,;]|,(?=\d))*,(?=\s)"  # "30,000" has no comma to close it
)
MONTH_MAY_RE = re.compile(r"(?<=[a-z0-9,] )May\b")
PEOPLE_AFTER_RE = re.compile(r"\s+(?:people|persons)\b")
EXERCISE = FastPattern(
    re.compile(r"\b(?:exercises?|drills?|war\s*games?|manoeuvres?|maneuvers?)\b", re.I)
)
# A participle right after the troops describes them; the clause's own verb comes later.
PARTICIPLE_AFTER_RE = re.compile(r"\s+\w+ing$")
MAIN_VERB_AFTER_RE = re.compile(
    r"(?:\s+(?!and\b)[\w'’-]+){0,4}?\s+(?:will|would|shall|must|should|could|may|might|is|are|"
    r"was|were)\b"
)
STRENGTH_OF_RE = re.compile(
    r"\b(?:strength|ceiling)\s+of\s+(?:(?:up\s+to|about|around|roughly|some|nearly|almost|"
    r"more\s+than)\s+)?$",
    re.I,
)
OLD_LEVEL_RE = re.compile(
    r"\bfrom\s+(?:(?:about|around|roughly|some|nearly|almost|over|more\s+than)\s+)?$", re.I
)
TO_AFTER_RE = re.compile(r"\s+(?:(?:today|now|currently|at\s+present)\s+)?to\s")
HOSTS_RE = re.compile(
    r"(?:,\s+which)?\s+(?:already\s+|currently\s+|still\s+|now\s+|also\s+|"
    r"(?P<future>will\s+|would\s+|is\s+to\s+))?"
    r"(?:hosts?|hosted|is\s+home\s+to|was\s+home\s+to|be\s+home\s+to)\b"
)
SPEECH_AFTER_RE = re.compile(r"\s*(?:[.,;:]|that\b|$)")
# Forces named as what others train or serve in: "training Iraqi forces", "serving with the
# NATO battle group", "as part of NATO's presence".
SERVED_RE = re.compile(
    r"\b(?:training|advising|mentoring|train|advise|mentor|(?:serving|serve|serves|served)\s+"
    r"(?:with|in|under)|rotat(?:e|es|ed|ing)\s+through|as\s+part\s+of|alongside)\s+"
    r"(?:the\s+|a\s+)?$"
)
SERVED_REACH = 24
DEATHS_OF_RE = re.compile(
    r"\b(?:deaths?|killings?|bodies|funerals?|losses|loss)\s+of\s+(?:[\w-]+\s+){0,3}$", re.I
)
DEATHS_REACH = 40
JOINED_FORCE_RE = re.compile(
    r"\b(?:troops|soldiers|personnel|servicemen|peacekeepers|units|contingent)\s+(?:to|for)\s+"
    r"the\s+(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
JOINED_REACH = 50
STORY_LEVEL_VERBS = ("host", "Host", "contribut", "Contribut")
NEAR_BORDER_RE = re.compile(r"\b(?:near|along|on|close\s+to)\s+$", re.I)
NEAR_REACH = 14
BORDERS_AFTER_RE = re.compile(r"['’]s\s+(?:\w+\s+)?(?:borders?|frontiers?)\b")
# The formation troops come from, named in capitalised words and ordinals, commas allowed.
FORMATION_AFTER_RE = re.compile(
    r"\s+(?:from|of)\s+the\s+(?:(?:[A-Z0-9][\w'’.-]*|of|and|the)(?:,?\s+))+"
)
INCLUDED_BEFORE_RE = re.compile(r"\b(?:including|among\s+them|such\s+as)\s+$", re.I)
THE_COUNTRY_RE = re.compile(r"\b(?:in|to|into|from|leave)\s+the\s+country\b", re.I)
VERDICT_AFTER_RE = re.compile(
    r"\b(?:is|was|are|were|remains?)\s+(?:out\s+of\s+the\s+question|not\s+an\s+option|"
    r"(?:not\s+on|off)\s+the\s+table|ruled\s+out)\b",
    re.I,
)
FORMATION_KINDS = frozenset({UNIT})
# "the Swedish Armed Forces said": an institution speaking, not troops.
SPEAKS_AFTER_RE = re.compile(
    r"\s+(?:said|says|told|announced|confirmed|stated|reported|added|noted|declared)\b"
)
# After an active 'deployed', the troops themselves rather than where they are: a figure, an
# article or an adjective, not 'in', 'to', 'there'.
ACTIVE_OBJECT_RE = re.compile(
    r"\s+(?:\d|a\b|an\b|the\b|its\b|their\b|some\b|about\b|[a-z]+\s+troops\b)"
)
CASUALTY_REACH = 40
WILL_BE_NO = FastPattern(
    re.compile(r"\b(?:will|would|shall)\s+be\s+no\b", re.I)
)  # "soldiers, including officers, were killed"
STATUS_BEFORE_REACH = 45  # modals and negations sit just before their verb
STATUS_AFTER_REACH = 50  # "800 troops and 300 soldiers will be stationed"
REJECT_BEFORE_REACH = 90  # "stepped back from every hint that they would commit troops"

# Small patterns compiled once here rather than looked up in re's cache on every call.
ACCORDING_TO_RE = re.compile(r"\baccording\s+to\s*$", re.I)
UNIT_NOUN_END_RE = re.compile(r"\b(?:unit|units|brigade|contingent|force|group|battalion)$")
UNIT_NOUN_REACH = 11  # longest unit noun ("contingent") and the character before it
COUNT_LINK_RE = re.compile(r"\s+(?:of|consisting\s+of|numbering|comprising)\s+")
OF_AFTER_RE = re.compile(r"\s+of\s")
ACTING_NOUN_RE = re.compile(
    r"\s+(?:military|army|armed|government|president|leader|defen[cs]e|ministry|navy|cabinet|"
    r"side|authorities|leadership|parliament)",
    re.I,
)
FROM_OF_RE = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?")
STATIONED_WORD_RE = re.compile(r"\b(?:deployed|stationed|based)\b")
CLAUSE_TAIL_RE = re.compile(r"[^,;.]*")
WITH_BEFORE_RE = re.compile(r"\b(?:with|alongside)\s+$")
HOST_NOUN_RE = re.compile(r"\s+(?:forces|troops|army|military|government)")
WORD_OF_END_RE = re.compile(r"(\w+)\s+of\s+$")
TOTAL_RE = re.compile(r"\btotal\b", re.I)
# A move's destination said with a pointer back: "moving to the Pacific island", "to there".
MOVE_DEICTIC_RE = re.compile(
    r"\b(?:to|into)\s+(?:there\b|the\s+(?:[\w-]+\s+){0,2}?(?:island|country|territory|capital|province|region)\b)",
    re.I,
)
# A state floating the idea of the sending the sentence names: "after France hinted at it".
PROPOSAL_ECHO_RE = re.compile(
    r"\b(?:after|when|as|since|once)\s+(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s+"
    r"(?:had\s+|has\s+)?(?:hinted|raised|floated|suggested|mooted|broached)\s+(?:at\s+)?"
    r"(?:the\s+)?(?:possibility|prospect|idea|option)\b"
)
# The troops just named, acting again: "in Mali, where they intervened".
THEY_ECHO_RE = re.compile(
    r"\b(?:where|after)\s+they\s+(?:had\s+|have\s+)?(?:intervened|were\s+(?:deployed|sent|"
    r"dispatched)|arrived|landed)\b",
    re.I,
)
# A host's official speaking of foreign troops speaks of troops in the host's country.
HOST_OFFICIAL_RE = re.compile(
    r"(?:['’]s)?\s+(?:(?:foreign|defen[cs]e|prime|interior|deputy)\s+)?(?:minister|president|"
    r"premier|government|officials?|spokes(?:man|woman|person)|leader|chancellor)\b",
    re.I,
)
QUOTE_CLOSE_RE = re.compile(r"[”\"],?\s+(?:the\s+)?$")
QUOTE_REACH = 12  # closing quote, comma, "the": the speaker's title follows at once
MOVE_AFTER_REACH = 45  # "stationed" + a place name of a few words + the move verb
STATIONED_THEN_MOVE_RE = re.compile(
    r"(?:\s+(?:on|in|at))?\s+[^,;.]{1,30}?\s+(?:are\s+|were\s+|is\s+)?(?:relocat\w*|transferr\w*|mov(?:e|es|ed|ing)|"
    r"shift\w*|redeploy\w*)\s+to\b",
    re.I,
)
# Formations that are troops by themselves once counted ("four battalions"); "units" and
# "divisions" are left out, since "500 housing units" and "two divisions" of a firm are not.
COUNTED_FORMATION_RE = re.compile(
    r"brigades?|battalions?|regiments?|battle\s*groups?|battlegroups?"
)
# "for" makes a place only right after troops or their count: "troops for Iraq", not
# "support for Iraq" (who) or "the troop ceiling for Iraq" (level, where they are).
FOR_PLACE_RE = re.compile(
    r"(?:\b(?P<who>troops|soldiers|forces?|personnel|reinforcements|peacekeepers|marines)|"
    r"\b(?:number|numbers|level|levels|ceiling|cap|strength))\s+for\s+(?:the\s+)?$",
    re.I,
)

# The lexicon's patterns behind substring gates (see gates): most sentences name no troops,
# and most cue words are absent from any one sentence, so most searches end in a set test.
# But most troop sentences hold a piece of these (a verb, a modal, a preposition, the noun
# itself): measured on generated troop sentences, their gates cost more than the regex runs
# they spare. PERSONNEL meets only the prefilter's picks here, which hold a piece each.
PERSONNEL = FastPattern(lx.PERSONNEL_RE, gate_pays=False)
PRESENCE = FastPattern(lx.PRESENCE_RE, gate_pays=False)
WITHDRAW = FastPattern(lx.WITHDRAW_RE, gate_pays=False)
DEPLOY = FastPattern(lx.DEPLOY_RE, gate_pays=False)
REJECTED = FastPattern(lx.REJECTED_RE, gate_pays=False)
PROPOSED = FastPattern(lx.PROPOSED_RE, gate_pays=False)
PLANNED = FastPattern(lx.PLANNED_RE, gate_pays=False)
HEADLINE_INFINITIVE = FastPattern(lx.HEADLINE_INFINITIVE_RE, gate_pays=False)
NOT_PERSONNEL_BEFORE = FastPattern(lx.NOT_PERSONNEL_BEFORE_RE, gate_pays=False)
PLACE_PREPOSITION = FastPattern(lx.PLACE_PREPOSITION_RE, gate_pays=False)
# Casualty words are rare, but the pattern runs only in short windows after a noun or a
# figure, where fourteen substring tests of the whole sentence cost more than the search.
CASUALTY = FastPattern(lx.CASUALTY_RE, gate_pays=False)
CLAUSE_BREAK = FastPattern(lx.CLAUSE_BREAK_RE)
STATUS_MASK = FastPattern(STATUS_MASK_RE)
DEICTIC_PLACE = FastPattern(lx.DEICTIC_PLACE_RE)
DOMESTIC = FastPattern(lx.DOMESTIC_RE)
UNSPECIFIED_ACTOR = FastPattern(lx.UNSPECIFIED_ACTOR_RE)
SPEAKER = FastPattern(lx.SPEAKER_RE)
NOMINAL_TRIGGER = FastPattern(NOMINAL_TRIGGER_RE)
THE_COUNTRYS = FastPattern(THE_COUNTRYS_RE)
UNIT_COUNT = FastPattern(lx.UNIT_COUNT_RE)
PROPOSAL_ECHO = FastPattern(PROPOSAL_ECHO_RE)
HOST_OFFICIAL = HOST_OFFICIAL_RE
THEY_ECHO = FastPattern(THEY_ECHO_RE)
# Every troop sentence with a claim meets this one, and few say 'them'.
THEM_WITHDRAW = FastPattern(THEM_WITHDRAW_RE)
TOTAL = FastPattern(TOTAL_RE)


@dataclass(slots=True)
class Anchor:
    """A personnel phrase or bare figure a claim hangs on."""

    start: int
    end: int
    np_start: int
    qty: Quantity | None
    actor: str | None
    rule: str
    strong: bool = True
    level: str | None = None  # presence/withdraw/deploy forced by "to N", "by N" patterns
    definite: bool = False  # "the troops": troops the story already named
    presence_noun: bool = False  # "military presence" states a level by itself
    status_from: int | None = None  # where the status cues of this anchor start


@dataclass(slots=True)
class DocContext:
    """What earlier sentences tell later ones: the story's actor and place."""

    default_actor: str | None = None
    default_place: str | None = None
    recent: list[str] = field(default_factory=list)  # states and places, in order named


@dataclass(frozen=True, slots=True)
class Frame:
    """Actor, places and verb read for one anchor."""

    actor: str
    places: list[tuple[str, str]]  # (code, preposition)
    action: str
    status: str
    rule: str
    own_region: bool = False  # sent to a province of the sender's own state


def local_mentions(mentions: list[Mention], sent: Sentence) -> list[Mention]:
    """Mentions inside a sentence, with offsets relative to the sentence."""
    return [
        Mention(m.start - sent.start, m.end - sent.start, m.code, m.kind, m.surface)
        for m in mentions
        if sent.start <= m.start and m.end <= sent.end
    ]


@lru_cache(maxsize=SENTENCE_CACHE)
def preposition_before(text: str, start: int) -> str | None:
    """The place preposition right before position `start` ('to', 'in', 'from', ...)."""
    m = PLACE_PREPOSITION.search(text, max(0, start - 60), start)
    if m is None:
        return None
    prep = m.group("prep").lower()
    if prep == "to" and ACCORDING_TO_RE.search(text[max(0, start - 20) : start]):
        return None
    if prep.startswith("of the"):
        return "in"
    if prep.endswith(" of") and not prep.startswith("out"):
        return prep.split()[0]  # "in the north of Syria"
    return prep


def for_preposition(text: str, start: int) -> str | None:
    """'troops for Iraq' names where they go; 'the troop number for Iraq' where they are."""
    m = FOR_PLACE_RE.search(text, max(0, start - 40), start)
    if m is None:
        return None
    return "to" if m.group("who") else "in"


def is_compound(text: str, m: Mention) -> bool:
    """'U.S.-led' and 'NATO-backed' modify another noun; they are no actor."""
    return bool(COMPOUND_AFTER_RE.match(text, m.end, m.end + 12))


def can_be_actor(text: str, m: Mention) -> bool:
    """Names that can stand for a force provider at this position."""
    if m.kind not in ACTOR_KINDS or is_compound(text, m) or m.code in TERRITORIES:
        return False  # Guam and Greenland receive troops; they send none
    if m.kind != ORG and for_preposition(text, m.start):
        return False  # "troops for Iraq": a destination; "troops for the NATO mission" acts
    return preposition_before(text, m.start) is None


def can_be_place(text: str, m: Mention) -> str | None:
    """The preposition making a mention a place, or '' for a country named bare, else None."""
    if m.kind not in PLACE_KINDS or is_compound(text, m):
        return None
    prep = preposition_before(text, m.start) or for_preposition(text, m.start)
    if prep is not None:
        return prep
    return "" if m.kind == COUNTRY else None


# --- anchors -------------------------------------------------------------------------------


def walk_np_left(text: str, noun_start: int, quantities: list[Quantity]) -> int:
    """Start of the noun phrase ending at a noun: modifiers, numbers, names, a determiner."""
    pos, used = noun_start, 0
    while used < lx.NP_MAX_MODIFIERS:
        token_end = end_of_word_before(text, pos)
        if token_end == 0 or text.find("\n", token_end, pos) >= 0:
            break
        token_start = max(text.rfind(" ", 0, token_end), text.rfind("\n", 0, token_end)) + 1
        token = text[token_start:token_end]
        opens = token.startswith("(") and len(token) > 1  # "(American forces)": a gloss
        if opens:
            token_start, token = token_start + 1, token[1:]
        is_modifier = token[-1] not in ',;:()"“”' and lx.NP_MODIFIER_RE.fullmatch(token)
        if not is_modifier and not inside_quantity(quantities, token_start):
            break
        if token.lower() == "of" and not of_continues_np(text, token_start, quantities):
            break
        pos, used = token_start, used + 1
        if opens or DETERMINER_RE.match(token):
            break
    return pos


def inside_quantity(quantities: list[Quantity], pos: int) -> bool:
    """Whether `pos` falls in a quantity ('1,500-strong' is one word of the phrase)."""
    for q in quantities:  # noqa: SIM110 - a plain loop: no generator for one or two items
        if q.start <= pos < q.end:
            return True
    return False


def end_of_word_before(text: str, pos: int) -> int:
    """Where the word before `pos` ends, past the spaces: len(text[:pos].rstrip()) without
    copying the sentence head once per word walked."""
    while pos and text[pos - 1].isspace():
        pos -= 1
    return pos


def of_continues_np(text: str, of_start: int, quantities: list[Quantity]) -> bool:
    """'thousands of troops', 'unit of 100 men': 'of' after a vague amount or a unit noun."""
    end = end_of_word_before(text, of_start)
    if any(q.end == end and q.value is None for q in quantities):
        return True
    return bool(UNIT_NOUN_END_RE.search(text, max(0, end - UNIT_NOUN_REACH), end))


def quantity_in(quantities: list[Quantity], start: int, end: int) -> Quantity | None:
    """The last quantity lying wholly inside [start, end)."""
    inside = [q for q in quantities if start <= q.start and q.end <= end]
    return inside[-1] if inside else None


def quantity_after_of(text: str, end: int, quantities: list[Quantity]) -> Quantity | None:
    """'a brigade of 5,000' - a figure right after a unit noun."""
    m = COUNT_LINK_RE.match(text, end)
    if m is None:
        return None
    return next((q for q in quantities if q.start == m.end()), None)


def np_actor(text: str, mentions: list[Mention], start: int, end: int) -> str | None:
    """The state or organisation named inside a noun phrase, nearest the noun."""
    inside = [m for m in mentions if start <= m.start and m.end <= end and can_be_actor(text, m)]
    return inside[-1].code if inside else None


def personnel_ok(text: str, m: re.Match[str]) -> bool:
    """Rejects 'air forces', 'rebel forces', 'force generation' and the like."""
    before = text[max(0, m.start() - 25) : m.start()]
    if NOT_PERSONNEL_BEFORE.found_within(before, text):
        return False
    # No gate: one anchored match per noun costs less than thirty substring tests.
    return not lx.NOT_PERSONNEL_AFTER_RE.match(text[m.end() :])


def noun_anchors(text: str, mentions: list[Mention], quantities: list[Quantity]) -> list[Anchor]:
    """Anchors on personnel nouns, merging nouns of one phrase ('special forces unit')."""
    anchors: list[Anchor] = []
    for m in PERSONNEL.folded_matches(text):  # nouns are read lower-cased anyway
        if not personnel_ok(text, m):
            continue
        if m.group(0) == "mandate":
            anchor = mandate_anchor(text, mentions, m)
        else:
            anchor = noun_anchor(text, mentions, quantities, m)
        if anchor is None:
            continue
        if anchors and anchor.np_start <= anchors[-1].end + 1:
            anchor = merge_anchors(anchors.pop(), anchor)
        anchors.append(anchor)
    return [a for a in anchors if a.strong or a.actor or a.qty]


def mandate_anchor(text: str, mentions: list[Mention], m: re.Match[str]) -> Anchor | None:
    """'extended the mandate of its mission, MONUSCO': a force kept where it is, by a vote.
    Any other mandate ('a mandate to protect civilians') says nothing of troops."""
    before = MANDATE_EXTENDED_BEFORE_RE.search(text, max(0, m.start() - MANDATE_REACH), m.start())
    after = MANDATE_EXTENDED_AFTER_RE.match(text, m.end())
    if before is None and after is None:
        return None
    reach = m.end() + MANDATE_REACH
    mission = next((x for x in mentions if m.end() <= x.start < reach and x.kind == ORG), None)
    start = m.start() if before is None else before.start()
    actor = None if mission is None else mission.code
    return Anchor(m.start(), m.end(), start, None, actor, "mandate", level="mandate")


def noun_anchor(
    text: str, mentions: list[Mention], quantities: list[Quantity], m: re.Match[str]
) -> Anchor | None:
    """One personnel noun with its quantity and the actor named beside it."""
    np_start = extend_to_mentions(mentions, walk_np_left(text, m.start(), quantities))
    np_start = partitive_start(text, np_start, m.start(), quantities)
    noun = m.group(0).lower()
    qty = quantity_in(quantities, np_start, m.start())
    weak = m.group("weak") is not None
    if weak and qty is not None and counts_units(text, noun, qty):
        weak = weak and not COUNTED_FORMATION_RE.fullmatch(noun)  # "four battalions" are troops
        qty = None
    if qty is None and weak and UNIT_COUNT.found(noun):
        qty = quantity_after_of(text, m.end(), quantities)
    if weak and DEPLOYMENT_NOUN_RE.fullmatch(noun) and OF_AFTER_RE.match(text, m.end()):
        return None  # "deployment of 3,000 troops": the troops carry the claim
    if weak and noun in WEAK_NEEDS_QTY and not counted_members(text, m, qty):
        return None
    if CASUALTY.found(text, m.end(), m.end() + CASUALTY_REACH):
        return None  # "20 soldiers were killed": a casualty report, not a deployment
    if DEATHS_OF_RE.search(text, max(0, np_start - DEATHS_REACH), np_start):
        return None  # "the deaths of several soldiers"
    actor = np_actor(text, mentions, np_start, m.end()) or unit_actor(mentions, m)
    rule = "np-qty" if qty else "np"
    anchor = Anchor(m.start(), m.end(), np_start, qty, actor, rule, strong=not weak)
    if qty is not None:
        anchor.level = level_change(text, qty, m.end()) or whole_of_share(
            text, np_start, quantities
        )
    anchor.definite = bool(DEFINITE_RE.match(text[np_start : m.start()]))
    anchor.presence_noun = "presence" in noun
    return anchor


def partitive_start(text: str, np_start: int, noun: int, quantities: list[Quantity]) -> int:
    """'about 200 of the US troops': the count before 'of' counts the troops after it (unless
    they have their own: '9,000 of the 19,000 Marines' leaves 9,000 a figure of its own)."""
    m = PARTITIVE_OF_RE.search(text, max(0, np_start - PARTITIVE_REACH), np_start)
    if m is None or quantity_in(quantities, np_start, noun) is not None:
        return np_start
    q = next((q for q in quantities if q.end == m.start() and q.value is not None), None)
    return np_start if q is None else q.start


def whole_of_share(text: str, np_start: int, quantities: list[Quantity]) -> str | None:
    """'4,000 of the 19,000 Marines on Okinawa are to move': the 19,000 are the standing
    level the share is taken from."""
    m = PARTITIVE_OF_RE.search(text, max(0, np_start - PARTITIVE_REACH), np_start)
    if m is None or not any(q.end == m.start() and q.value is not None for q in quantities):
        return None
    return "presence-from"


def level_change(text: str, qty: Quantity, noun_end: int) -> str | None:
    """'from about 1,000 to 2,200 troops': the new level; 'from 132,000 troops to': the old."""
    if FROM_TO_LEVEL_RE.search(text, max(0, qty.start - 50), qty.start):
        return "presence"
    if STRENGTH_OF_RE.search(text, max(0, qty.start - 30), qty.start):
        return "presence"  # "reach its full strength of around 4,800 troops"
    old = OLD_LEVEL_RE.search(text, max(0, qty.start - 30), qty.start)
    return "presence-from" if old and TO_AFTER_RE.match(text, noun_end) else None


def extend_to_mentions(mentions: list[Mention], pos: int) -> int:
    """Move a phrase start back to the start of a name it cuts ('south| Korea's troops')."""
    for m in mentions:
        if m.start < pos < m.end:
            return m.start
    return pos


def counts_units(text: str, noun: str, qty: Quantity) -> bool:
    """'four battalions' counts formations; 'a 1,500-strong group' counts heads."""
    return UNIT_COUNT.found(noun) and not text.startswith("-strong", qty.end)


def counted_members(text: str, m: re.Match[str], qty: Quantity | None) -> bool:
    """'men' and 'members' are troops only when counted: '100 members of the unit'."""
    if qty is None or qty.value is None:
        return False
    return m.group(0).lower() != "members" or text[m.end() :].lstrip().startswith("of ")


def unit_actor(mentions: list[Mention], m: re.Match[str]) -> str | None:
    """'Marines' or 'Barkhane force' names its state by itself."""
    for mention in mentions:
        if mention.kind in (UNIT, ORG) and mention.start <= m.start() and m.end() <= mention.end:
            return mention.code
    return None


def merge_anchors(first: Anchor, second: Anchor) -> Anchor:
    """Two nouns of one phrase become one anchor on the later noun."""
    return Anchor(
        second.start,
        second.end,
        first.np_start,
        second.qty or first.qty,
        second.actor or first.actor,
        second.rule if second.qty else first.rule,
        strong=first.strong or second.strong,
    )


def bare_anchors(text: str, quantities: list[Quantity], taken: list[Anchor]) -> list[Anchor]:
    """Figures standing alone in a troop sentence: 'including 2,400 in Mali', 'to 4,000'."""
    out: list[Anchor] = []
    for q in quantities:
        if q.value is None or q.value < 2 or any(a.np_start <= q.start < a.end + 1 for a in taken):
            continue
        if any(a.qty is q for a in taken) or not bare_follower(text, q):
            continue
        if NAME_NUMBER_RE.search(text, max(0, q.start - NAME_NUMBER_REACH), q.start):
            continue  # "Air Base 101": part of a name, not a head count
        if CASUALTY.found_within(text[q.end : q.end + 40], text):
            continue
        out.append(Anchor(q.start, q.end, q.start, q, None, "bare-qty", level=level_of(text, q)))
    return out


def bare_follower(text: str, q: Quantity) -> bool:
    """What may follow a figure standing for troops; 'people' only where the figure changes a
    troop level ('reduce its personnel by about 1,000 people')."""
    if BARE_FOLLOWER_RE.match(text, q.end):
        return True
    return PEOPLE_AFTER_RE.match(text, q.end) is not None and level_of(text, q) is not None


def level_of(text: str, q: Quantity) -> str | None:
    """'to 4,000' after 'raise the number' states a level; 'by 500' after 'reduce' a change."""
    m = TO_AT_RE.search(text[max(0, q.start - 30) : q.start])
    if m is None:
        return None
    prep = m.group("p").lower()
    before = text[max(0, q.start - 90) : q.start]
    if prep == "by":
        return "withdraw" if lx.WITHDRAW_RE.search(before) else "deploy"
    if prep == "from" and LEVEL_BEFORE_RE.search(before):
        return "presence-from"
    if LEVEL_BEFORE_RE.search(before):
        return "presence"
    return None


# --- frame: actor, place, action, status ---------------------------------------------------


@lru_cache(maxsize=SENTENCE_CACHE)
def clause_breaks(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the words that end a clause in a sentence, found once per sentence."""
    return tuple((m.start(), m.end()) for m in CLAUSE_BREAK.folded_matches(text))


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`, cut at semicolons, 'while', 'but' and dashes."""
    start, end = 0, len(text)
    for b_start, b_end in clause_breaks(text):
        if b_end <= pos:
            start = b_end
        elif b_start >= pos:
            end = b_start
            break
    return start, end


@lru_cache(maxsize=SENTENCE_CACHE)
def action_words(text: str) -> tuple[tuple[str, int, int], ...]:
    """Every action cue in a sentence as (action, start, end), found once per sentence."""
    found = []
    for action, pattern in (("presence", PRESENCE), ("withdraw", WITHDRAW), ("deploy", DEPLOY)):
        for m in pattern.folded_matches(text):  # cue words are read lower-cased anyway
            found.append((refine_action(text, action, m), m.start(), m.end()))
    return tuple(
        cue for cue in found if not auxiliary_have(text, cue, found) and not said(text, cue)
    )


def said(text: str, cue: tuple[str, int, int]) -> bool:
    """'..., he added.': a verb of speech, not troops added."""
    return (
        text[cue[1] : cue[2]].lower() == "added" and SPEECH_AFTER_RE.match(text, cue[2]) is not None
    )


def auxiliary_have(text: str, cue: tuple[str, int, int], found: list[tuple[str, int, int]]) -> bool:
    """'troops have left', 'Serbia had deployed': 'have' helps the verb after it, which
    says what happened; only 'has 900 soldiers in' states a level with it."""
    if cue[0] != "presence" or text[cue[1] : cue[2]].lower() not in ("has", "have", "had"):
        return False
    m = AUXILIARY_GAP_RE.match(text, cue[2])
    if m is None:
        return False
    # "have completed the withdrawal": a participle after 'have' is the verb, cue or not
    return any(start == m.end() for _, start, _ in found) or bool(
        PARTICIPLE_RE.match(text, m.end())
    )


def subject_mention(text: str, mentions: list[Mention], before: int, floor: int) -> Mention | None:
    """The nearest name before the anchor that can act: 'Seoul offering to send ...'; but
    past a pronoun ('..., and it has 2,500 peacekeepers') the first one, whom it stands for."""
    for m in reversed(mentions):
        if floor <= m.start and m.end <= before and acts_as_subject(text, m, before):
            if PRONOUN_SUBJECT.found(text, m.end, before):
                return first_subject(text, mentions, before, floor)
            return m
    return None


def first_subject(text: str, mentions: list[Mention], before: int, floor: int) -> Mention | None:
    """The first name from `floor` that can be the subject of a verb at `before`."""
    names = (m for m in mentions if floor <= m.start and m.end <= before)
    return next((m for m in names if acts_as_subject(text, m, before)), None)


def acts_as_subject(text: str, m: Mention, before: int) -> bool:
    """A name that can be the subject of a verb at `before`: no place, no 'Iraqi forces', and
    not inside a relative clause ('Italy, which commands KFOR, has 900 soldiers': Italy)."""
    if not can_be_actor(text, m) or (m.kind == DEMONYM and not demonym_as_subject(text, m)):
        return False
    if OBJECT_VERB_BEFORE_RE.search(text, max(0, m.start - OBJECT_VERB_REACH), m.start):
        return False  # "to lead NATO's land forces, send 1,200 troops": NATO is led, not sending
    return not in_relative_clause(text, m, before)


def in_relative_clause(text: str, m: Mention, before: int) -> bool:
    """A name inside ', which ... ,' that closes before the troops are named."""
    opened = RELATIVE_OPEN_RE.search(text, max(0, m.start - RELATIVE_REACH), m.start)
    return opened is not None and "," in text[m.end : before]


def demonym_as_subject(text: str, m: Mention) -> bool:
    """'the French military', 'the British government' act; 'Iraqi forces' are no subject."""
    return bool(ACTING_NOUN_RE.match(text, m.end, m.end + 30))


def from_actors(
    text: str, mentions: list[Mention], anchor: Anchor, kinds: frozenset[str] = ACTOR_KINDS
) -> list[str]:
    """'troops from France and Denmark', 'soldiers of Britain's battalion'."""
    m = FROM_OF_RE.match(text, anchor.end)
    if m is None:
        return []
    start = m.end()
    first = next((x for x in mentions if x.start == start and x.kind in kinds), None)
    if first is None:
        return []
    return [x.code for x in coordinated(text, mentions, first) if x.kind in ACTOR_KINDS]


def coordinated(text: str, mentions: list[Mention], first: Mention) -> list[Mention]:
    """A name and those joined to it by commas and 'and': 'Chad, Niger and Mauritania'."""
    group = [first]
    for m in mentions:
        if m.start < group[-1].end:
            continue
        if not COORDINATION_RE.match(text[group[-1].end : m.start]):
            break
        group.append(m)
    return group


def nominal_actor(text: str, mentions: list[Mention], anchor: Anchor) -> Mention | None:
    """'NATO Deployment of 3,500 troops': the actor owns the deployment noun."""
    m = NOMINAL_TRIGGER.search(text, max(0, anchor.np_start - 40), anchor.np_start)
    if m is None:
        return None
    before = [x for x in mentions if x.end <= m.start() and m.start() - x.end <= 3]
    return before[-1] if before and can_be_actor(text, before[-1]) else None


def anchor_actors(
    text: str,
    local: list[Mention],
    anchors: list[Anchor],
    i: int,
    lo: int,
    ctx: DocContext,
    action: str,
) -> tuple[list[str], str]:
    """Whose troops: named in the phrase, after 'from', the subject, a neighbour, the story."""
    anchor = anchors[i]
    if anchor.actor:
        return [anchor.actor], "actor-np"
    nominal = nominal_actor(text, local, anchor)
    if nominal is not None:
        anchor.status_from = nominal.start
        return [nominal.code], "actor-nominal"
    # Leaving troops come "from" a place, unless it names a formation ("from the 82nd Airborne").
    moving = action in ("withdraw", "move")
    froms = from_actors(text, local, anchor, FORMATION_KINDS if moving else ACTOR_KINDS)
    if froms:
        return froms, "actor-from"
    owner = level_owner(text, local, anchor)
    if owner is not None:
        return [owner], "actor-owner"
    apposed = apposition_actor(text, anchors, i)
    if apposed is not None:
        return [apposed], "actor-apposition"  # "a British brigade, 4,000 soldiers"
    sender = sending_formation(text, anchors, i)
    if sender is not None:
        return [sender], "actor-formation"  # "the Belgian battalion will bring 600 soldiers"
    if anchor.rule == "bare-qty" and anchor.level != "presence-from":
        near = neighbour_actor(anchors, i)  # "from 14,600 to 10,600": the sentence's subject
        if near:
            return [near], "actor-neighbour"
    possessive = text[max(0, anchor.np_start - 20) : anchor.start]
    if ctx.recent and THE_COUNTRYS_RE.search(possessive):
        return [ctx.recent[-1]], "actor-deictic"
    subj = subject_actors(text, local, anchor.np_start, lo)
    if subj:
        return subj, "actor-subject"
    shared = shared_subject(text, local, lo)
    if shared is not None:
        anchor.status_from = shared.end  # "France will hand over ... but keep": "will" counts
        return [shared.code], "actor-shared"
    near = neighbour_actor(anchors, i) if anchor.level == "presence-from" else None
    if near:
        return [near], "actor-neighbour"  # "British forces will be reduced from 7,100 to 5,500"
    if ctx.default_actor and (anchor.definite or counted_alone(text, local, anchor)):
        return [ctx.default_actor], "actor-story"
    return [], "actor-none"


def counted_alone(text: str, local: list[Mention], anchor: Anchor) -> bool:
    """'A regiment of 2,000 personnel will be based ...' in a story about one state."""
    valued = anchor.qty is not None and anchor.qty.value is not None
    return valued and not any(can_be_actor(text, m) for m in local if m.end <= anchor.np_start)


def subject_actors(text: str, local: list[Mention], before: int, lo: int) -> list[str]:
    """The subject, with states coordinated before it: 'Germany, Britain and Spain said'."""
    subject = subject_mention(text, local, before, lo)
    if subject is None or HOST_REQUEST_RE.match(text, subject.end):
        return []  # "Yerevan asked the bloc to send forces": the asker owns no troops here
    group = [subject]
    for m in reversed([x for x in local if x.end <= subject.start]):
        if not COORDINATION_RE.match(text[m.end : group[0].start]) or not can_be_actor(text, m):
            break
        group.insert(0, m)
    return [m.code for m in group]


def shared_subject(text: str, local: list[Mention], lo: int) -> Mention | None:
    """'France will hand over the base but keep 80 soldiers there', '... while lowering its
    ceiling': a clause opening on 'but' or 'while' and a verb has no subject of its own; it
    shares the one of the clause before."""
    word = next((w for w in SHARING_BREAKS if text[max(0, lo - len(w)) : lo].lower() == w), "")
    if not word or lo == len(word) or not ELIDED_SUBJECT_RE.match(text, lo):
        return None
    before = lo - len(word)
    floor = clause_bounds(text, before - 1)[0]
    # The clause's subject comes first: "thanked Kenya, but said" is the thanker's saying.
    return first_subject(text, local, before, floor)


def sending_formation(text: str, anchors: list[Anchor], i: int) -> str | None:
    """The state of a named formation whose verb governs these troops."""
    if i == 0:
        return None
    before = anchors[i - 1]
    if before.strong or before.qty is not None or not before.actor:
        return None
    verbs = [
        start for _, start, _ in action_words(text) if before.end <= start < anchors[i].np_start
    ]
    return before.actor if verbs else None


def apposition_actor(text: str, anchors: list[Anchor], i: int) -> str | None:
    """The sender of the formation just before, when the troops restate it after a comma."""
    if i == 0 or text[anchors[i - 1].end : anchors[i].np_start].strip() != ",":
        return None
    return anchors[i - 1].actor


def level_owner(text: str, local: list[Mention], anchor: Anchor) -> str | None:
    """'bring KFOR's total strength to 4,500': the force whose level it is."""
    if anchor.level not in ("presence", "presence-from"):
        return None
    owners = [m for m in local if m.end <= anchor.np_start and m.kind in ACTOR_KINDS]
    for m in reversed(owners):
        if OWNED_LEVEL_RE.match(text, m.end, anchor.np_start):
            return m.code
    return None


def neighbour_actor(anchors: list[Anchor], i: int) -> str | None:
    """A bare figure belongs to the troops named just before or after it."""
    for j in [*range(i - 1, -1, -1), *range(i + 1, len(anchors))]:
        if anchor_gap(anchors[i], anchors[j]) > NEIGHBOUR_REACH:
            continue  # "... 14,600 to 10,600 soldiers as Somali forces take over": another clause
        if anchors[j].actor:
            return anchors[j].actor
    return None


def anchor_gap(a: Anchor, b: Anchor) -> int:
    """Characters between two anchors' phrases."""
    return b.np_start - a.end if b.np_start >= a.end else a.np_start - b.end


def find_trigger(
    text: str, anchors: list[Anchor], i: int, lo: int, hi: int
) -> tuple[str, int, int, str] | None:
    """The action word nearest the anchor within its span (see span_end):
    (action, start, end, side). A word beyond a neighbouring anchor belongs to that anchor."""
    anchor = anchors[i]
    if i > 0 and not is_gloss(text, anchors[i - 1], anchor):
        lo = max(lo, anchors[i - 1].end)
    best: tuple[int, tuple[str, int, int, str]] | None = None
    aside = ASIDE_RE.match(text, anchor.end, hi)
    aside_end = anchor.end if aside is None else aside.end()
    for act, start, end in action_words(text):
        if start < lo or end > hi or anchor.end <= start < aside_end:
            continue  # out of the span, or inside an aside: "soldiers, who had been due, left"
        side, dist = trigger_distance(anchor, start, end, reach_discount(text, anchor, start))
        if dist is not None and (best is None or dist < best[0]):
            best = (dist, (act, start, end, side))
    return best[1] if best else None


def is_gloss(text: str, first: Anchor, second: Anchor) -> bool:
    """'additional fighters (American forces)': the second names the first again."""
    return text[first.end : second.np_start].strip() == "("


def trigger_distance(
    anchor: Anchor, start: int, end: int, names: int = 0
) -> tuple[str, int | None]:
    """How far a cue word is from the anchor, and on which side; None when out of reach.
    `names` characters of proper names after the anchor do not count against the reach."""
    if end <= anchor.np_start:
        dist = anchor.np_start - end
        return "before", dist if dist <= VERB_BEFORE_REACH else None
    if start >= anchor.end:
        dist = start - anchor.end
        return "after", dist if dist - names <= VERB_AFTER_REACH else None
    return "inside", 0


def reach_discount(text: str, anchor: Anchor, start: int) -> int:
    """Characters between the anchor and a later cue that do not count against the reach: an
    aside (', including a team,') or proper names ('631 personnel of the ECOWAS Stabilisation
    Support Mission in Guinea-Bissau will be withdrawn')."""
    if start <= anchor.end:
        return 0
    aside = ASIDE_RE.match(text, anchor.end, start)
    if aside is not None:
        return aside.end() - anchor.end  # "60 personnel, including a security team, will be"
    formation = FORMATION_AFTER_RE.match(text, anchor.end, start)
    if formation is not None:
        return formation.end() - anchor.end  # "soldiers from the 3rd Brigade, 4th Division, have"
    if "," in text[anchor.end : start]:
        return 0  # "2,400 in Mali, in February when Macron announced": another clause
    return sum(len(w) for w in CAPITALISED_WORD_RE.findall(text, anchor.end, start))


def refine_action(text: str, action: str, m: re.Match[str]) -> str:
    """'will be stationed' sends new troops; 'stationed there' states a level."""
    word = m.group(0).lower()
    if word.startswith("contribut"):
        return contribution_action(text, word, m.start())
    if not STATIONED_WORD_RE.search(word):
        return action
    before = text[max(0, m.start() - 30) : m.start()]
    if action == "presence":
        before += word.split()[0] + " "
    if FUTURE_BE_RE.search(before) or PERFECT_ACTIVE_RE.search(before):
        return "deploy"  # "will be stationed", "Serbia had deployed troops"
    if action == "deploy" and ACTIVE_OBJECT_RE.match(text, m.end()):
        return "deploy"  # "Japan deployed ground troops abroad": the verb takes the troops
    return "presence"


def contribution_action(text: str, word: str, start: int) -> str:
    """'Sweden contributes 600 soldiers' states a level; 'Norway will contribute 200 soldiers'
    and 'contributing 450 soldiers' send them."""
    before = text[max(0, start - CONTRIBUTE_REACH) : start]
    if word == "contributing" or FUTURE_BEFORE_RE.search(before):
        return "deploy"
    return "presence"


def status_of(text: str, lo: int, hi: int, reject_lo: int) -> tuple[str, str]:
    """Status from cue words in text[lo:hi]: refusal > proposal > plan > done. A refusal
    reaches further back ('stepped back from every hint that they would send')."""
    window, reject_window = masked(text, lo, hi), masked(text, reject_lo, hi)
    if REJECTED.found_within(reject_window, text):
        return "rejected", "cue-rejected"
    if PROPOSED.found_within(window, text):
        return "proposed", "cue-proposed"
    if PLANNED.found_within(window, text):
        return "planned", "cue-planned"
    if HEADLINE_INFINITIVE.found_within(window, text):
        return "planned", "cue-planned"
    return "done", "cue-none"


def shared_status(
    text: str,
    local: list[Mention],
    anchor: Anchor,
    trig: tuple[int, int] | None,
    lo: int,
    actor_rule: str,
) -> tuple[str, str]:
    """A verb sharing its subject with an earlier one shares its plan: 'France will hand over
    the base but keep 80 soldiers', 'Austria will join the mission and send 60 soldiers'."""
    if actor_rule == "actor-shared":
        return subject_status(text, anchor.status_from or 0)
    if trig is None or not COORDINATED_VERB_RE.search(text, max(lo, trig[0] - 6), trig[0]):
        return "done", "cue-none"
    subject = subject_mention(text, local, trig[0], lo)
    return ("done", "cue-none") if subject is None else subject_status(text, subject.end)


def main_verb_end(text: str, pos: int, hi: int) -> int:
    """Where the clause's own modal or copula after `pos` ends, or `pos` when none is near."""
    tail = MAIN_VERB_AFTER_RE.match(text, pos, min(hi, pos + STATUS_AFTER_REACH))
    return pos if tail is None else tail.end()


def subject_status(text: str, lo: int) -> tuple[str, str]:
    """A plan or proposal in the verb group right after a subject ending at `lo`; a negation
    there belongs to the first verb only, so it is not read."""
    status, rule = status_of(text, lo, lo + SHARED_AUX_REACH, lo)
    return (status, rule) if status in ("planned", "proposed") else ("done", "cue-none")


def without_aside(text: str, anchor: Anchor) -> str:
    """The sentence with the aside after the anchor blanked (offsets kept): 'soldiers, who had
    been due to stay, left' is no plan."""
    aside = ASIDE_RE.match(text, anchor.end)
    if aside is None:
        return text
    return text[: aside.start()] + " " * (aside.end() - aside.start()) + text[aside.end() :]


def masked(text: str, lo: int, hi: int) -> str:
    """text[lo:hi] with phrases that only look like status cues ('at the request of') blanked."""
    window = text[lo:hi]
    if "May" in window:
        window = MONTH_MAY_RE.sub("   ", window)  # "until May" is a month, not a maybe
    if not STATUS_MASK.open_for(text):
        return window
    return STATUS_MASK_RE.sub(" ", window)


def status_window(
    text: str, anchor: Anchor, trig: tuple[int, int] | None, lo: int, hi: int
) -> tuple[int, int, int]:
    """Where this anchor's modals and negations sit: just before its verb, through its verb;
    and where refusals may start."""
    first = anchor.np_start if trig is None else min(trig[0], anchor.np_start)
    start = max(lo, first - STATUS_BEFORE_REACH)
    reject_start = max(lo, first - REJECT_BEFORE_REACH)
    if anchor.status_from is not None:
        start = reject_start = max(lo, anchor.status_from)
    if anchor.level == "presence":
        start = lo  # "will send 400 more, bringing the total to 2,200": the level is planned too
    end = anchor.end
    if trig is None:
        tail = CLAUSE_TAIL_RE.match(text[anchor.end : anchor.end + STATUS_AFTER_REACH])
        end += tail.end() if tail else 0
    else:
        end = max(end, trig[1])
        if PARTICIPLE_AFTER_RE.match(text, anchor.end, trig[1]):
            tail = MAIN_VERB_AFTER_RE.match(text, end, end + STATUS_AFTER_REACH)
            end = tail.end() if tail else end  # "troops leaving Mali will move": read "will"
    verdict = VERDICT_AFTER_RE.search(text, end, hi)
    if verdict is not None:
        end = verdict.end()  # "Withdrawing our soldiers from Qatar is out of the question"
    return start, min(end, hi), reject_start


def place_of(
    text: str,
    mentions: list[Mention],
    anchor: Anchor,
    span: tuple[int, int],
    actors: list[str],
    ctx: DocContext,
) -> tuple[list[tuple[str, str]], str]:
    """Where the anchor's troops are or go: [(code, preposition)], and a rule name."""
    lo, hi = span
    if DEICTIC_AFTER_RE.match(text, anchor.end):
        code = earlier_place(text, mentions, anchor, actors, ctx)
        if code:
            return [(code, "in")], "loc-deictic"  # "US forces there": where they already are
    region = lx.UNRESOLVED_PLACE_RE.match(text[anchor.end :])
    if region is not None:
        return places_after_region(text, mentions, anchor.end + region.end(), region.group(1))
    hi = before_including(text, anchor.end, before_attribution(text, anchor.end, hi))
    town = unknown_town(text, mentions, anchor.end, hi)
    for m in mentions:
        if m.start < anchor.end or m.end > hi or (town is not None and m.start > town):
            continue
        if m.code in actors and OWN_FACILITY_RE.match(text, m.end):
            continue  # "at the US embassy in Port-au-Prince": the sender's own, not the place
        if NEAR_BORDER_RE.search(text, max(0, m.start - NEAR_REACH), m.start) and (
            BORDERS_AFTER_RE.match(text, m.end)
        ):
            continue  # "massed near Ukraine's borders": outside the country, not in it
        prep = verb_preposition(text, m, can_be_place(text, m))
        if prep == "from" and m.code in actors:
            continue  # "troops from France and Denmark": who sends them, not a place
        if prep:
            places = [(x.code, prep) for x in coordinated_places(text, mentions, m)]
            rule = "loc-own-region" if own_region(m, prep, actors) else "loc-prep-after"
            return places + destination_after(text, mentions, m, prep, hi), rule
    if town is not None and ctx.default_place and ctx.default_place not in actors:
        return [(ctx.default_place, "in")], "loc-town"
    for m in reversed(mentions):
        if lo <= m.start and m.end <= anchor.np_start and not anchor.presence_noun:
            prep = can_be_place(text, m) or where_antecedent(text, m, anchor.np_start)
            if prep and WHERE_CLAUSE_RE.search(text, m.end, anchor.np_start):
                prep = "in"  # "to the Tapa camp, where 1,000 British troops already serve"
            if prep and prep != "from":
                return [(m.code, prep)], "loc-prep-before"
    if DEICTIC_PLACE.found(text, lo, hi):
        code = country_meant(text, mentions, anchor, actors, ctx, (lo, hi))
        if code:
            return [(code, "in")], "loc-deictic"
    hosting = hosting_subject(text, mentions, anchor, actors)
    if hosting is not None:
        return [hosting], "loc-host-subject"
    host = requesting_host(text, mentions, anchor, actors)
    if host is not None:
        # "Washington requested more South Korean troops" in a story about Iraq: the asker is
        # not always the host; the story's place, where there is one, says where they go.
        if ctx.default_place and ctx.default_place not in actors:
            return [(ctx.default_place, "to")], "loc-story-request"
        return [(host, "to")], "loc-requester"
    return fallback_place(text, mentions, anchor, actors, clause_bounds(text, anchor.start)[1])


def before_attribution(text: str, pos: int, hi: int) -> int:
    """Where a closing attribution (', the defence ministry in Berlin says.') starts after
    `pos`, if before `hi`: the speaker's whereabouts are no place of the troops."""
    m = ATTRIBUTION_RE.search(text, pos, hi) if hi == len(text) else None
    return hi if m is None else m.start()


def before_including(text: str, pos: int, hi: int) -> int:
    """Where an open ', including ...' after `pos` starts: 'massed 130,000 troops near the
    border, including 30,000 sent to Belarus' names the part's place, not the whole's. A
    closed aside (', including engineers, to Mali') is skipped, not cut at."""
    m = INCLUDING_AFTER_RE.search(text, pos, hi)
    if m is None or ASIDE_RE.match(text, m.start(), hi):
        return hi
    return m.start()


def where_antecedent(text: str, m: Mention, before: int) -> str | None:
    """'Gabon, where France keeps 300 soldiers': the place a 'where' clause (still open at
    `before`) is about."""
    where = WHERE_AFTER_RE.match(text, m.end) if m.kind in PLACE_KINDS else None
    if where is None or "," in text[where.end() : before]:
        return None
    return "in"


def country_meant(
    text: str,
    mentions: list[Mention],
    anchor: Anchor,
    actors: list[str],
    ctx: DocContext,
    span: tuple[int, int],
) -> str | None:
    """'there' is the place named last; 'in the country', in a sentence naming no place of its
    own, is the country the article names most."""
    named_here = any(
        (m.kind in PLACE_KINDS or m.kind == DEMONYM)
        and m.end <= anchor.np_start
        and m.code not in actors
        for m in mentions
    )
    if not named_here and THE_COUNTRY_RE.search(text, *span):
        counts = Counter(code for code in ctx.recent if code not in actors)
        if counts:
            return counts.most_common(1)[0][0]
    return earlier_place(text, mentions, anchor, actors, ctx)


def hosting_subject(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str]
) -> tuple[str, str] | None:
    """'Poland already hosts around 10,000 American troops': the host is where they are;
    'Guam will host 5,000 more Marines': where they will go."""
    nearest = next(hosts_before(mentions, anchor, actors), None)
    hosts = None if nearest is None else HOSTS_RE.match(text, nearest.end)
    if nearest is None or hosts is None:
        return None
    return nearest.code, "to" if hosts.group("future") else "in"


def requesting_host(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str]
) -> str | None:
    """'Warsaw had asked for a U.S. division', 'Iraq no longer needs American forces': the
    state asking for (or refusing) foreign troops is where they would go."""
    asker = (
        m for m in hosts_before(mentions, anchor, actors) if HOST_REQUEST_RE.match(text, m.end)
    )
    return next((m.code for m in asker), None)


def hosts_before(mentions: list[Mention], anchor: Anchor, actors: list[str]) -> Iterator[Mention]:
    """States named before the troops, nearest first, that could host them (not the senders)."""
    for m in reversed(mentions):
        if m.end <= anchor.np_start and m.code not in actors and m.kind in HOST_KINDS:
            yield m


def own_region(m: Mention, prep: str, actors: list[str]) -> bool:
    """'India will deploy troops to Arunachal Pradesh': sent to a province of its own."""
    return m.kind in (REGION, CITY) and m.code in actors and prep in ("to", "into")


def verb_preposition(text: str, m: Mention, prep: str | None) -> str | None:
    """'left Niger' leaves it; 'to Camp Lemonnier in Djibouti' goes there."""
    leaving = prep == "" or (prep is None and m.kind in PLACE_KINDS)
    if leaving and LEAVE_BEFORE_RE.search(text, max(0, m.start - LEAVE_REACH), m.start):
        return "from"  # "have left Niger", "have left Niamey"
    if prep == "in" and FACILITY_TO_RE.search(text, max(0, m.start - FACILITY_REACH), m.start):
        return "to"
    return prep


def coordinated_places(text: str, mentions: list[Mention], first: Mention) -> list[Mention]:
    """The places listed with a place: 'to Chad, Niger and Mauritania', but not a state that
    opens the next clause ('out of Mali, and Britain withdrew') nor 'Iraq, Pentagon says'."""
    group = [first]
    for m in coordinated(text, mentions, first)[1:]:
        if m.kind not in PLACE_KINDS or CLAUSE_SUBJECT_RE.match(text, m.end):
            break
        group.append(m)
    return group


def places_after_region(
    text: str, mentions: list[Mention], pos: int, prep: str
) -> tuple[list[tuple[str, str]], str]:
    """'to the Nordic countries and Finland': the region has no code, the countries joined to it
    do."""
    first = next((m for m in mentions if m.start >= pos), None)
    if first is None or first.kind not in PLACE_KINDS:
        return [], "loc-unresolved"
    if not COORDINATION_RE.match(text[pos : first.start]):
        return [], "loc-unresolved"
    places = [(m.code, prep.lower()) for m in coordinated(text, mentions, first)]
    return places, "loc-after-region"


def unresolved_place_after(text: str, mentions: list[Mention], end: int) -> bool:
    """'to the region', 'to Hawaii' (unknown): the troops go somewhere no code fits."""
    rest = text[end:]
    if lx.UNRESOLVED_PLACE_RE.match(rest):
        return True
    return unknown_place_after(rest, mentions, end)


def destination_after(
    text: str, mentions: list[Mention], source: Mention, prep: str, hi: int
) -> list[tuple[str, str]]:
    """'from Okinawa to Guam': after a source, the place the troops go."""
    if prep not in ("from", "out of"):
        return []
    later = [m for m in mentions if source.end < m.start and m.end <= hi]
    for m in later:
        if verb_preposition(text, m, can_be_place(text, m)) in ("to", "into"):
            return [(m.code, "to")]
    return []


def unknown_place_after(rest: str, mentions: list[Mention], end: int) -> bool:
    """'to Hawaii' right after the troops, where the gazetteer knows no such place."""
    m = lx.UNKNOWN_PLACE_RE.match(rest)
    if m is None:
        return False
    word_start = end + m.end() - len(m.group(0).split()[-1])
    return not any(x.start == word_start for x in mentions)


def unknown_town(text: str, mentions: list[Mention], lo: int, hi: int) -> int | None:
    """Where 'in Tapa' names a town the gazetteer cannot place (a small town of the story's
    country, most likely), or None."""
    starts = {m.start for m in mentions}
    for m in UNKNOWN_TOWN_RE.finditer(text, lo, hi):
        if FACILITY_WORD_RE.fullmatch(m.group(1)):
            continue  # "to Camp Lemonnier in Djibouti": the place follows the facility
        if m.start(1) in starts or any(x.start < m.start(1) < x.end for x in mentions):
            continue
        if not placed_after(text, mentions, m.end(1)):
            return m.start(1)
    return None


def placed_after(text: str, mentions: list[Mention], end: int) -> bool:
    """'Irbil in northern Iraq', 'Rukla, Lithuania': a town the text places itself."""
    m = TOWN_PLACED_RE.match(text, end)
    return m is not None and any(x.start == m.end() and x.kind in PLACE_KINDS for x in mentions)


def earlier_place(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str], ctx: DocContext
) -> str | None:
    """What 'there' or 'the country' points at: the last place or state named before."""
    for m in reversed(mentions):
        placed = m.kind in PLACE_KINDS or (m.kind == DEMONYM and demonym_as_subject(text, m))
        if placed and m.end <= anchor.np_start and m.code not in actors:
            return m.code
    for code in reversed(ctx.recent):
        if code not in actors:
            return code
    return None


def fallback_place(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str], hi: int
) -> tuple[list[tuple[str, str]], str]:
    """'Iraqi soil', 'Lithuanian bases', 'assisting Iraqi forces' (in the anchor's clause, up
    to `hi`): an adjective for the place."""
    for m in mentions:
        if m.kind == DEMONYM and lx.PLACE_NOUN_AFTER_RE.match(text[m.end :]):
            return [(m.code, "in")], "loc-demonym"
    for m in mentions:
        if m.kind == DEMONYM and m.code not in actors and anchor.end < m.start and m.end <= hi:
            host = HOST_NOUN_RE.match(text, m.end)
            if host and not WITH_BEFORE_RE.search(text, max(0, m.start - 12), m.start):
                return [(m.code, "")], "loc-host"
    for m in mentions:
        if m.code not in actors and quoted_host(text, m, anchor):
            return [(m.code, "")], "loc-host-speaker"  # "we do not need ...," the Iraqi minister
    return [], "loc-none"


def quoted_host(text: str, m: Mention, anchor: Anchor) -> bool:
    """'"... American forces," Iraqi Foreign Minister X said': the host's official, quoted."""
    if m.kind not in (DEMONYM, COUNTRY) or m.start < anchor.end:
        return False
    quote_end = QUOTE_CLOSE_RE.search(text, max(anchor.end, m.start - QUOTE_REACH), m.start)
    return quote_end is not None and HOST_OFFICIAL.match(text, m.end) is not None


def story_place(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str], ctx: DocContext
) -> tuple[list[tuple[str, str]], str]:
    """A movement with no place named goes where the story is (the title's place)."""
    if ctx.default_place and ctx.default_place not in actors:
        return [(ctx.default_place, "")], "loc-story"
    return [], "loc-none"


def speaker_of(text: str) -> str | None:
    """Who the sentence says said it, when it says so."""
    m = SPEAKER.search(text)
    if m is None:
        return None
    name = m.group("before") or m.group("after")
    if name.split()[-1] in ("He", "She", "They", "It", "We", "I", "Officials", "The"):
        return None
    return name.strip()


# --- sentence -> claims --------------------------------------------------------------------


def sentence_claims(
    sent: Sentence, local: list[Mention], ctx: DocContext, index: int
) -> list[Claim]:
    """All claims one sentence makes; `local` are its mentions, relative to it."""
    if not names_personnel(sent.text):
        return []
    return troop_sentence_claims(sent, local, ctx)


def troop_sentence_claims(sent: Sentence, local: list[Mention], ctx: DocContext) -> list[Claim]:
    """The claims of a sentence already known to name personnel (the prefilter's picks), so
    the personnel test is not run twice."""
    recent = ctx.recent if reads_recent(sent.text) else []  # read here, never changed
    return text_claims(sent, local, DocContext(ctx.default_actor, ctx.default_place, recent))


@lru_cache(maxsize=SENTENCE_CACHE)
def names_personnel(text: str) -> bool:
    """The first test every sentence meets: does it name troops at all? Cached, because
    page furniture ('Share this article') recurs in every article of a site."""
    return PERSONNEL.found(text)


def reads_recent(text: str) -> bool:
    """Only 'the country's' and words like 'there' consult the places named before."""
    return THE_COUNTRYS.open_for(text) or DEICTIC_PLACE.open_for(text)


def text_claims(sent: Sentence, mentions: list[Mention], ctx: DocContext) -> list[Claim]:
    """Claims of a sentence, from its mentions (relative to it) and what the story told.
    Not cached: real sentences naming troops rarely recur, and the key (every mention) costs
    more to hash than a miss saves; so claims are made at the sentence's offsets at once."""
    text = sent.text
    anchors = sentence_anchors(text, mentions)
    if not anchors:
        return []
    framed = [
        (a, f) for i, a in enumerate(anchors) for f in frames(text, mentions, anchors, i, ctx)
    ]
    # Who spoke is looked for only once a claim needs it: many troop sentences make none.
    speaker = speaker_of(text) if framed else None  # a proposal's echo names none
    claims: list[Claim] = []
    for anchor, frame in framed:
        claims.extend(frame_claims(sent, anchor, frame, speaker))
    claims.extend(echo_claims(sent, mentions, claims, speaker))
    return claims


def echo_claims(
    sent: Sentence, mentions: list[Mention], claims: list[Claim], speaker: str | None
) -> list[Claim]:
    """Clauses that repeat the sentence's sending without naming troops again: 'after France
    hinted at the possibility', 'in Mali, where they intervened'."""
    text = sent.text
    echoes = []
    proposal = proposal_echo(sent, mentions)
    if proposal is not None:
        echoes.append(proposal)
    they = THEY_ECHO.search(text) if claims else None
    if they is not None:
        before = [c for c in claims if c.action != "withdraw"]
        if before:
            echoes.append(echo(sent, before[-1].actor, before[-1].location, "done", speaker))
    them = THEM_WITHDRAW.search(text) if claims else None
    if them is not None:
        echoes.append(them_echo(sent, claims[-1], them, speaker))
    return echoes


def them_echo(sent: Sentence, last: Claim, m: re.Match[str], speaker: str | None) -> Claim:
    """'keeps 300 troops in Niger and has no plans to withdraw them': the troops just named,
    withdrawn (or not) with the status of the words before 'them'."""
    text = sent.text
    lo = max(0, m.start() - STATUS_BEFORE_REACH)
    status, _ = status_of(text, lo, m.end(), max(0, m.start() - REJECT_BEFORE_REACH))
    return Claim(
        last.actor,
        last.location,
        "withdraw",
        status,
        None,
        None,
        text,
        sent.start,
        sent.end,
        speaker,
        "echo-them",
    )


def proposal_echo(sent: Sentence, mentions: list[Mention]) -> Claim | None:
    """'no plans to send troops to Libya, after Italy raised the prospect': Italy's own
    proposal to send them there."""
    text = sent.text
    m = PROPOSAL_ECHO.search(text)
    if m is None or not DEPLOY.found(text, 0, m.start()):
        return None
    who = next((x for x in mentions if x.start == m.start("who")), None)
    if who is None or who.kind not in ACTOR_KINDS:
        return None
    places = [x for x in mentions if x.end <= m.start() and can_be_place(text, x) in ("to", "into")]
    if not places or places[-1].code == who.code:
        return None
    return echo(sent, who.code, places[-1].code, "proposed", None)


def echo(sent: Sentence, actor: str, location: str, status: str, speaker: str | None) -> Claim:
    """A deploy claim resting on a whole sentence, with no troop figure."""
    text, start, end = sent.text, sent.start, sent.end
    return Claim(actor, location, "deploy", status, None, None, text, start, end, speaker, "echo")


def sentence_anchors(text: str, mentions: list[Mention]) -> list[Anchor]:
    """The anchors of a sentence, in order; these need no story context."""
    quantities = find_quantities(text)
    nouns = [
        a
        for a in noun_anchors(text, mentions, quantities)
        if not served_by_others(text, a)
        and not SPEAKS_AFTER_RE.match(text, a.end)
        and not included_part(text, a)
    ]
    if not nouns:
        return []
    return sorted(nouns + bare_anchors(text, quantities, nouns), key=lambda a: a.start)


def span_end(text: str, anchors: list[Anchor], i: int, hi: int) -> int:
    """Where an anchor's span ends in its clause (which ends at `hi`): where the next anchor's
    phrase starts, unless the two share one predicate ('600 Dutch troops and 250 Belgian
    soldiers will be ...')."""
    j = i
    while j + 1 < len(anchors) and shares_predicate(text[anchors[j].end : anchors[j + 1].np_start]):
        j += 1
    if j + 1 < len(anchors):
        hi = min(hi, max(anchors[i].end, anchors[j + 1].np_start))
    return hi


def sends_next(anchors: list[Anchor], i: int, trig: tuple[int, int] | None) -> bool:
    """A named formation with no figure whose verb governs the next troops is their sender."""
    anchor = anchors[i]
    if anchor.strong or anchor.qty is not None or trig is None or i + 1 == len(anchors):
        return False
    return anchor.end <= trig[0] and trig[1] <= anchors[i + 1].np_start


def included_part(text: str, anchor: Anchor) -> bool:
    """'460 troops, including medics and engineers who were deployed in Nasiriyah': a part
    named without a figure is the troops already counted, no claim of its own."""
    if anchor.qty is not None:
        return False
    return (
        INCLUDED_BEFORE_RE.search(text, max(0, anchor.np_start - 15), anchor.np_start) is not None
    )


def served_by_others(text: str, anchor: Anchor) -> bool:
    """'soldiers training Iraqi forces', 'serving with the NATO battle group', 'alongside
    Russian forces': forces others train, serve in or fight beside are no anchor of their own."""
    before = max(0, anchor.np_start - SERVED_REACH)
    if SERVED_RE.search(text, before, anchor.np_start) is not None:
        return True
    # "200 soldiers to the NATO land forces in Finland": the force they join, no claim of its own
    joined = max(0, anchor.np_start - JOINED_REACH)
    return JOINED_FORCE_RE.search(text, joined, anchor.np_start) is not None


def shares_predicate(gap: str) -> bool:
    """'600 Dutch troops and 250 Belgian soldiers will ...', '400 of the 900 troops in ...':
    two anchors the same verb and places govern."""
    if COORDINATION_RE.match(gap) is not None or gap.strip() in ("of", "from", "from the"):
        return True  # "500 soldiers from the 101st Airborne Division will leave"
    return INCLUDING_GAP_RE.match(gap) is not None  # "60 personnel, including a team, will"


def frames(
    text: str, local: list[Mention], anchors: list[Anchor], i: int, ctx: DocContext
) -> list[Frame]:
    """Actor x place frames for one anchor."""
    anchor = anchors[i]
    lo, clause_hi = clause_bounds(text, anchor.start)
    hi = span_end(text, anchors, i, clause_hi)  # the clause is computed once per anchor
    action, trig, action_rule = action_of(text, anchors, i, (lo, clause_hi), hi)
    if action_rule == "act-default" and EXERCISE.found(text, lo, clause_hi):
        return []  # "the exercise will involve 30,000 personnel": taking part, not stationed
    if sends_next(anchors, i, trig):
        return []  # "The 101st Airborne Division will deploy 4,700 soldiers": the sender
    actors, actor_rule = anchor_actors(text, local, anchors, i, lo, ctx, action)
    if not actors or unspecified_near(text, lo, anchor) or mere_modifier(text, anchor):
        return []
    if actor_rule == "actor-deictic" and anchor.qty is None and DEICTIC_PLACE.found(text, lo, hi):
        return []  # "the country's forces ... there": a host's own army at home
    places, place_rule = place_of(text, local, anchor, (lo, hi), actors, ctx)
    moving = action != "presence" or anchor.level in ("presence", "presence-from")
    moving = moving or story_level(text, trig)  # "the base could host up to 3,000 soldiers"
    if not places and moving and place_rule != "loc-unresolved":
        places, place_rule = story_place(text, local, anchor, actors, ctx)
    if (
        action == "withdraw"
        and place_rule == "loc-prep-after"
        and sent_on(text, local, anchor, places)
    ):
        action = "deploy"  # "moved out of Okinawa, about 4,000 of them to Guam": they arrive
    if action == "move" and not any(p in ("to", "into") for _, p in places):
        destination = move_destination(text, local, anchor, (actors, places), ctx, hi, place_rule)
        places = destination if place_rule == "loc-story" and destination else places + destination
    if not places and not DOMESTIC.found(text, lo, clause_hi):
        return []
    if action == "presence" and any(p in ("to", "into") for _, p in places) and not anchor.level:
        action = "deploy"
    w_lo, w_hi, reject_lo = status_window(text, anchor, trig, lo, clause_hi)
    if action_rule == "act-nominal":  # "the pullout of the troops ... would take months"
        w_hi = max(w_hi, main_verb_end(text, anchor.end, clause_hi))
    status, status_rule = status_of(without_aside(text, anchor), w_lo, w_hi, reject_lo)
    if status_rule == "cue-none":
        status, status_rule = shared_status(text, local, anchor, trig, lo, actor_rule)
    if anchor.level == "presence-from":
        status = "done"
    if action == "presence" and status == "rejected" and WILL_BE_NO.found(text, lo, anchor.start):
        action = "deploy"  # "there will be no US boots on the ground in Ukraine": none sent
    if anchor.level == "mandate" and status == "done":
        status = "planned"  # an extended mandate keeps the force there from now on
    rule = "+".join((anchor.rule, actor_rule, place_rule, action_rule, status_rule))
    own = place_rule == "loc-own-region"
    border = DOMESTIC.search(text, lo, clause_hi)
    if border is not None and not abroad(local, places, actors, border):
        # A state's own border; an alliance has none of its own, so it keeps the place named.
        home = "to" if action in ("deploy", "move") else "in"  # "China moved troops to its side"
        return [
            Frame(a, [(a, home)] if is_state(a) else places, action, status, rule, own)
            for a in actors
        ]
    return [Frame(actor, places, action, status, rule, own) for actor in actors]


def sent_on(text: str, local: list[Mention], anchor: Anchor, places: list[tuple[str, str]]) -> bool:
    """Withdrawn troops whose only place, in their own clause, is where they go to."""
    if not places or any(prep not in ("to", "into") for _, prep in places):
        return False
    first = next((m for m in local if m.start >= anchor.end and m.code == places[0][0]), None)
    if first is None or "," in text[anchor.end : first.start]:
        return False
    return preposition_before(text, first.start) in ("to", "into")  # not "for Abyei"


def story_level(text: str, trig: tuple[int, int] | None) -> bool:
    """A verb of hosting or contributing states a level in the story's place, named or not:
    'the base could host 3,000 soldiers', 'Senegal contributes about 600 soldiers'."""
    return trig is not None and text.startswith(STORY_LEVEL_VERBS, trig[0])


def abroad(
    local: list[Mention], places: list[tuple[str, str]], actors: list[str], border: re.Match[str]
) -> bool:
    """'travel to south Lebanon ... along the border with Israel': troops sent to another
    country, whose border it is, not their own ('to the Belarus border' names the border)."""
    sent_to = {code for code, prep in places if prep in ("to", "into") and code not in actors}
    return any(m.code in sent_to and not border.start() <= m.start < border.end() for m in local)


def is_state(code: str) -> bool:
    """States have ISO alpha-3 codes; the organisations CLAIMS.md names do not."""
    return len(code) == 3


def move_destination(
    text: str,
    local: list[Mention],
    anchor: Anchor,
    known: tuple[list[str], list[tuple[str, str]]],
    ctx: DocContext,
    hi: int,
    place_rule: str,
) -> list[tuple[str, str]]:
    """Where moved troops go: 'stationed in Germany moving to Poland', or 'moving to the
    island' (the place the story named before, other than the one they leave, or else the
    story's own country, when no place was named at all)."""
    for m in local:
        if anchor.end < m.start and m.end <= hi and can_be_place(text, m) in ("to", "into"):
            return [(m.code, "to")]
    if MOVE_DEICTIC_RE.search(text, anchor.end, hi) is None:
        return []
    actors, places = known
    code = earlier_place(text, local, anchor, actors + [c for c, _ in places], ctx)
    if code is None and place_rule == "loc-story":
        return [(c, "to") for c, _ in places]  # "will move into the capital": within the story's
    return [(code, "to")] if code else []


def mere_modifier(text: str, anchor: Anchor) -> bool:
    """'housing of the troops', 'the fate of US troops': troops named in passing, no claim."""
    if anchor.qty is not None or anchor.rule == "bare-qty":
        return False
    before = text[max(0, anchor.np_start - 30) : anchor.np_start]
    m = WORD_OF_END_RE.search(before) if "of" in before else None  # 'of' is rarely there
    if m is None or OF_TRIGGER_RE.fullmatch(m.group(1)):
        return False
    # "Part of the personnel left" counts them; "as part of NATO's presence" does not.
    return not (m.group(1).lower() == "part" and not before[: m.start()].rstrip().endswith("as"))


def unspecified_near(text: str, lo: int, anchor: Anchor) -> bool:
    """'hopes other states will send troops', 'forces of other nations': no named sender."""
    window = text[max(lo, anchor.np_start - 40) : anchor.end + 25]
    return UNSPECIFIED_ACTOR.found_within(window, text)


def action_of(
    text: str, anchors: list[Anchor], i: int, clause: tuple[int, int], span_hi: int
) -> tuple[str, tuple[int, int] | None, str]:
    """The action, the span of its cue word, and the rule that chose it; `span_hi` is where
    the anchor's span (see span_end) ends inside its clause."""
    anchor = anchors[i]
    lo, hi = clause
    if anchor.level in ("presence", "presence-from"):
        return "presence", None, "act-level"
    if anchor.level in ("withdraw", "deploy"):
        return anchor.level, None, "act-change"
    if anchor.level == "mandate":
        return "deploy", None, "act-mandate"
    if EXISTENTIAL_RE.search(text, max(lo, anchor.np_start - EXISTENTIAL_REACH), anchor.np_start):
        return "presence", None, "act-existential"  # "there are about 10,000 US troops in ..."
    nominal = NOMINAL_ACTION_RE.search(
        text, max(lo, anchor.np_start - NOMINAL_REACH), anchor.np_start
    )
    if nominal is not None:  # "the pullout of the 2,400 soldiers deployed in Mali": a pullout
        word = nominal.group("noun").lower()
        action = "withdraw" if word in WITHDRAW_NOUNS else "deploy"
        return action, (nominal.start(), nominal.end("noun")), "act-nominal"
    trig = find_trigger(text, anchors, i, lo, span_hi)
    if anchor.presence_noun:
        return "presence", None if trig is None else trig[1:3], "act-presence-noun"
    if trig is None:
        return "presence", None, "act-default"
    action, start, end, side = trig
    if TOTAL.found_within(text[lo:hi], text):
        action = "presence"
    if action == "deploy" and lx.MOVE_RE.match(text, start):
        action = "move"
    elif action == "presence" and moving_on(text, end, hi):
        action = "move"  # "Marines stationed on Okinawa moving to Guam"
    return action, (start, end), f"act-{side}"


def moving_on(text: str, end: int, hi: int) -> bool:
    """A move verb right after a standing place: 'stationed on Okinawa moving to ...'."""
    m = STATIONED_THEN_MOVE_RE.match(text, end, min(hi, end + MOVE_AFTER_REACH))
    return m is not None


def frame_claims(sent: Sentence, anchor: Anchor, frame: Frame, speaker: str | None) -> list[Claim]:
    """Claims of a frame, one per place; a move 'from A to B' withdraws from A."""
    claims = []
    for code, prep in frame.places:
        action = place_action(frame.action, prep, frame.places)
        if action is None or (code == frame.actor and not home_claim(sent.text, frame)):
            continue
        qty = anchor.qty
        claims.append(
            Claim(
                actor=frame.actor,
                location=code,
                action=action,
                status=frame.status,
                troops=qty.value if qty else None,
                troops_text=qty.text if qty else None,
                evidence=sent.text,
                char_start=sent.start,
                char_end=sent.end,
                speaker=speaker,
                rule=frame.rule,
            )
        )
    return claims


def home_claim(text: str, frame: Frame) -> bool:
    """Troops of a state in the state itself count only when sent somewhere in it: to its
    border, or to one of its provinces (a move home from abroad is only a withdrawal)."""
    if domestic(text):
        return True
    own = frame.action == "deploy" and frame.own_region
    return own and not WITHDRAW.found(text)  # "pulled out of Okinawa, 5,000 to Hawaii": home


def place_action(action: str, prep: str, places: list[tuple[str, str]]) -> str | None:
    """Per place: troops moved 'from'/'on' a place leave it; 'to' a place arrive there."""
    destination = any(p in ("to", "into") for _, p in places)
    if action == "move":
        return "deploy" if prep in ("to", "into") else "withdraw"
    if prep == "from" or (prep == "out of" and action != "presence"):
        # a level keeps its place: "pull 9,500 out of Germany, cutting the force there to ..."
        return "withdraw" if action == "withdraw" or destination else None
    if prep in ("to", "into") and any(p in ("from", "out of") for _, p in places):
        return "deploy"  # "left Niger ... to Djibouti": they arrive where they go
    return action


def domestic(text: str) -> bool:
    """Troops sent inside their own country count: 'along the border'."""
    return DOMESTIC.found(text)
