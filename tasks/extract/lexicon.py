"""Word lists the rules match against: personnel nouns, action verbs, status cues.

Kept apart from the rules so a reviewer can read and extend the vocabulary without touching
the logic; every pattern is compiled once at import.
"""

from __future__ import annotations

import re

I = re.IGNORECASE  # noqa: E741 - short alias keeps the tables readable

# Nouns that name military personnel; "strong" ones make a claim on their own.
STRONG_NOUNS = (
    r"troops|troop|soldiers|soldier|servicemen|servicemembers|service\s*members|personnel|"
    r"marines|paratroopers|commandos|advisers|advisors|trainers|peacekeepers|reinforcements|"
    r"gurkhas|legionnaires|"
    r"(?:army|military|combat|field)\s+engineers|(?:military\s+)?medics|sappers|infantrymen|"
    r"military\s+(?:instructors|observers|police|specialists)|airmen|"
    r"boots\s+on\s+the\s+ground|forces|fighters|army\s+units?|military\s+units?|"
    r"military\s+contingent|military\s+presence|troop\s+presence"
)
# Nouns that need a state named right beside them to count ("Germany's brigade").
WEAK_NOUNS = (
    r"brigades?|battalion\s+groups?|battalions?|battle\s*groups?|battlegroups?|contingents?|units?|men|members|"
    r"deployments?|presence|force|garrison|regiments?|divisions?|mandate|"
    r"(?:tactical|battle|combat|task|strike|expeditionary)\s+groups?"
)
PERSONNEL_RE = re.compile(rf"\b(?:(?P<strong>{STRONG_NOUNS})|(?P<weak>{WEAK_NOUNS}))\b", I)

# Forces that are not a state's troops, or "force" in another sense.
NOT_PERSONNEL_BEFORE_RE = re.compile(
    r"\b(?:air|rebel|opposition|militia|insurgent|police|security|kurdish|jihadi|militant|"
    r"islamist|separatist|government|pro-government|regime|proxy|task|labor|labour|work|"
    r"driving|tactical\s+air|use\s+of|by|show\s+of|in|rocket|nuclear|naval|navy|"
    r"paramilitary|wagner)\s*$",
    I,
)
NOT_PERSONNEL_AFTER_RE = re.compile(
    r"^\s*(?:generation|majeure|field|protection\s+plan|-?contribut\w*|"
    # "Self-Defense Force ships": the vessels or aircraft of a force, not its people
    r"ships?|vessels?|warships?|aircraft|jets?|planes?|helicopters?|destroyers?|frigates?|"
    r"submarines?|boats?|"
    # "fighters of the Wagner Group": armed groups that are no state's troops
    r"(?:of|from)\s+(?:the\s+)?(?:wagner|africa\s+corps|m23|hezbollah|hamas|al[- ]shabaab|"
    r"islamic\s+state|isis|isil|houthis?|pkk|ypg|taliban|militias?|rebels?|insurgents?))\b",
    I,
)

# Words that may stand between a number and its noun: "615 additional American troops".
NP_MODIFIER_RE = re.compile(
    r"(?:more|additional|extra|new|fresh|further|combat|ground|non-combat|noncombat|"
    r"combat-ready|military|special|operations|elite|active-duty|army|armed|foreign|its|"
    r"their|our|his|the|of|a|an|strong|support|regular|rotational|peacekeeping|troops?|"
    r"main|other|coalition|allied|multinational|international|heavy|light|infantry|tank|"
    r"mechanized|armored|armoured|airborne|enhanced|forward|tactical|reserve|permanent|"
    r"member|members|medical|engineering|engineer|logistics|naval|navy|air|uniformed|volunteer|"
    r"conscript|trained|"
    r"mountain|commando|paramilitary|artillery|signals|[A-Z][\w.'’-]*|\d[\d,.]*(?:-strong)?|'s|’s|-|–)",
)
NP_MAX_MODIFIERS = 6  # "a 900-strong Nordic joint rapid response group" needs five
# Formations counted in units, not heads: "four battalions" is no troop figure.
UNIT_COUNT_RE = re.compile(r"(?:brigade|battalion|group|unit|regiment|division|garrison)s?$", I)

# Action verbs and nouns. Order matters where they overlap: the first match decides.
WITHDRAW_RE = re.compile(
    r"\b(?:withdr[ae]w\w*|withdrawals?|pull(?:s|ed|ing)?\s+(?:\w+\s+){0,4}?(?:out|back)|"
    r"pull(?:s|ed|ing)?\s+(?:\w+\s+){0,4}?from|pullout|pull-out|"
    r"leav(?:e|es|ing)|left|bring(?:s|ing)?\s+(?:\w+\s+){0,3}?(?:home|back)|brought\s+home|"
    r"reduc(?:e|es|ed|ing|tion)|decreas(?:e|es|ed|ing)|shed(?:s|ding)?|repatriat\w*|retreat\w*|"
    r"(?:fl(?:y|ies|ew|own)|return(?:s|ed|ing)?|c[oa]me|go(?:es|ing)?|went|sail(?:s|ed)?|"
    r"sen[dt]s?|delivered|shipped)\s+home|"
    # "flew its last troops home", "are to be home by Easter"
    r"(?:fl(?:y|ies|ew|own)|sen[dt]s?|shipped)\s+(?:\w+\s+){1,4}?home\b|"
    r"(?:be|are|were|was|is)\s+(?:back\s+)?home\b|"
    # "would return by the end of the year": home, unless "return to" names where they go
    r"return(?:s|ed|ing)?\s+(?=(?:from|by|before|early|next|later|this)\b|at\s+the\s+end)|cut(?:s|ting)?|draw(?:s|ing)?\s*down|drawdown|exit(?:s|ed)?|"
    r"depart(?:s|ed|ure)?|out\s+of|rotat(?:e|es|ed|ing)\s+(?:out|home)|phas(?:e|ed|ing)\s+out|shrink\w*|end(?:s|ed)?\s+(?:its|their)\s+"
    r"(?:mission|deployment))",
    I,
)
DEPLOY_RE = re.compile(
    r"\b(?:send(?:s|ing)?|sent|deploy(?:s|ed|ing|ment|ments)?|dispatch(?:es|ed|ing)?|"
    r"head(?:s|ed|ing)?\s+(?:to|for)|arriv(?:e|es|ed|ing|al)|land(?:s|ed|ing)?\s+(?:in|at)|"
    r"join(?:s|ed|ing)?|travel(?:s|led|ling|ed|ing)?\s+to|"
    r"br(?:ing|ings|inging|ought)\s+(?=(?:about|some|around|roughly|nearly|up\s+to|an?\s+additional|\d))|fl(?:y|ies|ew|own)\s+(?:in|into|to|out\b(?!\s+of))|reinforc\w*|boost(?:s|ed|ing)?|add(?:s|ed|ing)?|"
    r"station(?:s|ed|ing)?|based|commit(?:s|ted|ting)?|put(?:s|ting)?|"
    r"mov(?:e|es|ed|ing)|relocat\w*|transfer\w*|rush(?:es|ed|ing)?|go(?:es)?\s+to|went\s+to|"
    r"bound\s+for|interven\w*|cross(?:es|ed|ing)?\s+into|placed|rotations?|expand\w*|"
    r"rotat(?:e|es|ed|ing)\s+(?:in|into|to|through)|"
    r"need(?:s|ed)?\s+(?:additional|more|extra|any|further|foreign)|increas\w*|raise[sd]?|extend\w*|bolster\w*|operate|doubl\w*|tripl\w*|beef\w*\s+up)\b",
    I,
)
# Verbs and nouns that state a standing level rather than a movement.
PRESENCE_RE = re.compile(
    r"\b(?:total|number\s+of|presence|present|active|involved|remain(?:s|ed|ing)?|"
    r"(?:are|is|were|was|remain)\s+(?:\w+\s+)?(?:deployed|stationed|based)|stationed\s+(?:there|on|in|at)|"
    r"stations|has|have|had|rise\s+to|rises\s+to|keep|keeps|keeping|kept|maintain(?:s|ed|ing)?|host|hosts|hosted|contribut(?:e|es|ed|ing)|"
    r"hosting)\b",
    I,
)

# Status cues, strongest first: a refusal outranks a proposal outranks a plan.
REJECTED_RE = re.compile(
    r"\b(?:not|n't|never|no\s+(?:\w+\s+)?plans?|no\s+intentions?|rul(?:e|es|ed|ing)\s+out|"
    r"refus\w*|reject\w*|cancel+(?:ed|s)?|called\s+off|scrap(?:s|ped)?|distanc\w*|"
    r"dissociat\w*|den(?:y|ied|ies)|oppos(?:e|es|ed)|not\s+an\s+option|will\s+be\s+no|"
    r"no\s+(?:ground\s+)?(?:troops|soldiers|boots)|won't|wouldn't|declin(?:e|ed|es)\s+to|"
    r"ruled\s+out|exclud(?:e|ed|es)|vot(?:e|es|ed|ing)\s+against|shelv(?:e|es|ed|ing)|no\s+longer\s+needs?|"
    r"out\s+of\s+the\s+question|(?:not\s+on|off)\s+the\s+table)\b|"
    r"n['’]t\b",
    I,
)
PROPOSED_RE = re.compile(
    r"\b(?:offer\w*|request\w*|ask(?:s|ed|ing)?|urg(?:e|es|ed|ing)|consider\w*|could|might|"
    r"may|possib\w*|prospect|hint\w*|propos\w*|mandate|authori[sz]\w*|if\s+needed|"
    r"discuss\w*|suggest\w*|call(?:s|ed)?\s+for|seek\w*|sought|want\w*|weigh\w*|mull\w*|"
    r"options?|talks?\s+(?:on|about)|would\s+like|float(?:s|ed|ing)?|idea\s+of|"
    r"push(?:es|ed|ing)?\s+for|lobb(?:y|ies|ied|ying)\s+for)\b",
    I,
)
PLANNED_RE = re.compile(
    r"\b(?:will|would|shall|to\s+be|plan(?:s|ned)?|is\s+to|are\s+to|set\s+to|approv\w*|"
    r"order(?:s|ed)?|announc\w*|decid\w*|decision|agree(?:s|d|ing)?|prepar\w*\s+(?:to|for)|"
    r"ready\s+to\s+(?:deploy|send|dispatch|move|go|join|take\s+over)|expected|"
    r"due\s+to|committed|going\s+to|pledg\w*|intend\w*|schedul\w*|soon|next\s+(?:week|month|year)|"
    r"by\s+the\s+end|by\s+year['’]s\s+end|must|to\s+join|in\s+phases)\b|'ll\b",
    I,
)
# A headline "X to deploy troops" announces a plan.
HEADLINE_INFINITIVE_RE = re.compile(
    r"\bto\s+(?:more\s+than\s+)?(?:send|deploy|dispatch|withdraw|pull|station|base|move|relocate|"
    r"keep|add|boost|double|triple|halve|increase|raise|expand|reduce|cut|shed|reach|grow)\b",
    I,
)
# Past or progressive movement: what has happened or is happening now.
DONE_RE = re.compile(
    r"\b(?:already|currently|now|has\s+been|have\s+been|had|arrived|arriving|began|begun|"
    r"began|landed|sent|completed|left|crossed)\b",
    I,
)

# People and groups that are no actor: "other countries", "allies".
UNSPECIFIED_ACTOR_RE = re.compile(
    r"\b(?:other\s+(?:countries|nations|allies|states|members)|western\s+(?:troops|allies)|"
    r"european\s+countries|allies|partners|foreign\s+(?:[\w-]+\s+){0,3}(?:troops|forces|soldiers)|"
    # a continent's or a region's troops belong to no one state
    r"(?:european|african|arab|asian|nordic|baltic)\s+(?:troops|forces|soldiers|peacekeepers))\b",
    I,
)
# Casualty reports count people, not deployments.
CASUALTY_RE = re.compile(
    r"\b(?:killed|injured|wounded|dead|died|casualties|captured|missing|hurt|kill|wounding|"
    r"attacked|shelled|ambushed|clashed)\b",
    I,
)
# Words pointing back at a place named before.
DEICTIC_PLACE_RE = re.compile(
    r"\b(?:there|here|the\s+country|(?:the|that)\s+(?:[\w-]+\s+){0,2}country|"
    r"its\s+territory|on\s+its\s+soil|the\s+island|the\s+(?:pacific\s+)?island)\b",
    I,
)
# Troops sent within their own country: "along the border", "along the Line of Actual Control".
DOMESTIC_RE = re.compile(
    r"\balong\s+(?:the\s+|its\s+|their\s+)?(?:border|frontier|line\s+of\s+actual\s+control|lac|"
    r"line\s+of\s+control|loc)\b|"
    # "to its northern border", "to the Belarus border", "to the border with Belarus"
    r"\b(?:to|toward|towards)\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:border|frontier)s?\b",
    I,
)
# Verbs of moving troops: a place after "on"/"in"/"from" is where they leave.
MOVE_RE = re.compile(r"\b(?:relocat\w*|transfer\w*|mov(?:e|es|ed|ing)|shift\w*|redeploy\w*)\b", I)
# Places no single country code fits; a claim there is no claim.
UNRESOLVED_PLACE_RE = re.compile(
    r"^\s+(in|to|into|across|throughout)\s+(?:the\s+)?(?:\w+\s+)?(?:region|area|Middle\s+East|"
    r"(?:Baltic|Nordic)\s+(?:states|countries|nations)|Baltics?|Nordics|Scandinavia|Eastern\s+Europe|Europe|Africa|Asia|Sahel|Gulf|Balkans|Caucasus|"
    r"Indo-Pacific|Pacific|world|abroad|overseas|continent)\b",
    I,
)
# Prepositions that make the following name a place: "to Iraq", "in Lithuania".
PLACE_PREPOSITION_RE = re.compile(
    r"\b(?P<prep>to|in|into|inside|at|on|from|out\s+of|toward|towards|across|throughout|"
    r"within|near|outside|around|capital,?|of\s+the\s+(?:\w+\s+)?(?:city|town|region|province|island)\s+of|"
    r"(?:in|to|into|at|near)\s+the\s+(?:[\w-]+\s+)?(?:city|town|village|port|region|province|"
    r"island)\s+of|"
    r"(?:in|to|into)\s+the\s+(?:north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west|centre|center)\s+of)"
    r"\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|neighbou?ring|war-torn|southern-most|"
    r"Pacific|African|Kurdish|Arctic|mainland|rural|remote|south|north|east|west)\s+){0,2}$",
    I,
)
# Nouns after an adjective that make it a place: "Iraqi soil", "Lithuanian bases".
PLACE_NOUN_AFTER_RE = re.compile(
    r"^\s+(?:soil|territory|bases?|island|side|border|capital|city|town|region|province|"
    r"mainland|airspace|coast|waters|land|facilities|barracks)\b",
    I,
)
# Something said by someone: "Lee said", "Kirby told reporters", "said Lee Soo-Hyuk".
_NAME = r"(?:[A-Z][\w.'’-]+\s+){0,3}[A-Z][\w.'’-]+"
SPEAKER_RE = re.compile(
    rf"(?:^|[,\"“”]\s*)(?P<before>{_NAME})\s+(?:said|says|told|added|stated|announced|noted|"
    rf"stressed|confirmed)\b|\b(?:said|says|told|added|stated)\s+(?P<after>{_NAME})\s*(?:[,.]|$)"
)
CLAUSE_BREAK_RE = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b|\balthough\b|—|–\s|\.\.\.|…", I)
