"""The cue words, patterns and reaches the extraction rules read, compiled once.

Every rule module draws on this one vocabulary; each tuned constant keeps the reason for its
value beside it.
"""

from __future__ import annotations

import re

from tasks.extract import lexicon as lx
from tasks.extract.gates import FastPattern
from tasks.extract.gazetteer import CAPITAL, COUNTRY, INSTITUTION, UNIT

# How far (in characters) a verb may sit from its anchor and still govern it.
VERB_BEFORE_REACH = 40
VERB_AFTER_REACH = 45
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
    r"\b(?P<p>to|at|from|by)\s+(?:(?:about|around|roughly|some|nearly|almost|approximately|"
    r"current|the\s+current|present)\s+)?$",
    re.IGNORECASE,
)
DETERMINER_RE = re.compile(r"^(?:a|an|the|its|their|his|her|our|this|that|these|those)$", re.I)
FUTURE_BEFORE_RE = re.compile(r"\b(?:will|would|shall|to)\s+(?:\w+\s+){0,2}$|['’]ll\s+$", re.I)
CONTRIBUTE_REACH = 25
FUTURE_BE_RE = re.compile(
    r"\b(?:will|to|would|shall|due\s+to)\s+(?:\w+\s+)?be\s+(?:\w+\s+)?$", re.I
)
COMPOUND_AFTER_RE = re.compile(r"-(?:led|backed|trained|brokered|based|funded|style|made)", re.I)
STATUS_MASK_RE = re.compile(
    r"at\s+the\s+request\s+of|following\s+[\w’']+\s+request|in\s+order\s+to|"
    r"does\s+not\s+return|did\s+not\s+disclose|"
    # A closed aside about the subject: "Chad, which is not a member, will send" plans.
    r",\s*(?:which|who)\s+[^,;()]{1,80},(?!\d)|"
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
    r"insists|announces|warns|rejects|refuses|agrees|\w+ed)\b|"
    # "to Kazakhstan, Armenia 100 soldiers": a figure after the name makes it a gapped subject
    r"\s+(?:(?:about|around|some|roughly|nearly|another|a\s+further)\s+)?\d"
)
# "forces there", "troops here": the place named before, where the troops are.
DEICTIC_AFTER_RE = re.compile(r"\s+(?:there|here)\b(?!\s+(?:is|are|was|were|will|would)\b)")
# "from about 1,000 to " right before a figure: the figure is the level after a change.
FROM_TO_LEVEL_RE = re.compile(
    r"\bfrom\s+(?:(?:about|around|roughly|some|nearly|almost|over|under|more\s+than|current|"
    r"the\s+current|present)\s+)?[\d,.]+\d(?:\s+(?:thousand|million))?\s+to\s+"
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
# "had temporarily moved them to Poland": the troops just named, sent on to the place after.
MOVED_THEM_RE = re.compile(
    r"\b(?:moved|relocated|redeployed|shifted)\s+them\s+(?:temporarily\s+)?to\s+(?:the\s+)?",
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
RELATIVE_REACH = 120  # an aside can run long: ", which had offered to keep some of its 500 ...
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
POSSESSIVE_PRONOUN_RE = re.compile(r"\b(?:its|their)\b", re.I)
# Past-tense verbs that are no participle describing troops ("stationed", "deployed" can be):
# "troops remained", "left", "arrived".
PAST_VERB_RE = re.compile(
    r"(?:remained|stayed|arrived|returned|withdrew|left|went|came|flew|landed|crossed|pulled)\b",
    re.I,
)
PAST_VERB_REACH = 25  # "about 2,500 American troops in the country remained"
# Words that make a participle part of a plan or a passive: "will be deployed", "are to be".
HELPER_WORD_RE = re.compile(
    r",|\b(?:will|would|shall|could|may|might|must|should|to|be|been|being|is|are|was|were|"
    r"has|have|had|not|never|due|set|expected|likely)\b",
    re.I,
)
PLACE_PREP_END_RE = re.compile(r"\b(?:in|to|into|at|from|near)\s+$")
ALREADY_BEFORE_RE = re.compile(r"\balready\s+$")
NEW_SUBJECT_BEFORE_RE = re.compile(r",\s+(?:and|but|while|whereas)\s+$")
NEW_SUBJECT_REACH = 12  # ", whereas " and a little space
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
    r"was|were)\b(?:\s+(?:(?:expected|due|set|likely|scheduled|slated|going)\s+)?to\b)?"
)
# ", each of about 1,000 troops": a figure in apposition to the units named before it.
EACH_OF_RE = re.compile(r",\s*each\s+(?:of|with)\s+(?:(?:about|around|some|roughly)\s+)?$", re.I)
EACH_OF_REACH = 30  # the comma, "each of" and a qualifier
# "will continue to serve", "will remain", "stay on": troops already there, not arriving.
CONTINUING_RE = re.compile(r"\b(?:continu|remain|stay|keep|kept|retain)\w*", re.IGNORECASE)
STRENGTH_OF_RE = re.compile(
    r"\b(?:(?:strength|ceiling)\s+of|reach(?:es|ed|ing)?)\s+"
    r"(?:(?:up\s+to|about|around|roughly|some|nearly|almost|more\s+than)\s+)?$",
    re.I,
)
OLD_LEVEL_RE = re.compile(
    r"\bfrom\s+(?:(?:about|around|roughly|some|nearly|almost|over|more\s+than|current|"
    r"the\s+current|present)\s+)?$",
    re.I,
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
    r"\b(?:(?:deaths?|killings?|bodies|funerals?|losses|loss)\s+of\s+(?:[\w-]+\s+){0,3}|"
    r"(?:lost|loses|losing)\s+)$",
    re.I,
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
    # "deployed in Bosnia about 60,000 soldiers": a place may come between verb and object
    r"(?:\s+(?:in|to|into)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?"
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
CONTINUING = FastPattern(CONTINUING_RE)
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
MOVED_THEM = FastPattern(MOVED_THEM_RE)
TOTAL = FastPattern(TOTAL_RE)
