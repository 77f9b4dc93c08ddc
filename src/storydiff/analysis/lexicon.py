"""Word lists the analysis relies on, kept in one place so they can be reviewed.

Each list is general news vocabulary (reporting verbs, hedges, loaded
descriptors, title abbreviations), not wording taken from any one story.
"""

from __future__ import annotations

#: Reporting verbs (lemmas) and how strongly they assert what follows.
REPORTING_VERBS: dict[str, str] = {
    **dict.fromkeys(
        "say tell state add announce report explain note write describe quote brief "
        "testify inform declare comment respond reply cite warn recount recall relate "
        "publish post tweet indicate specify stress emphasise emphasize".split(),
        "neutral",
    ),
    **dict.fromkeys(
        "confirm reveal disclose acknowledge admit verify establish show prove".split(),
        "strong",
    ),
    **dict.fromkeys(
        "claim allege suggest insist contend purport speculate maintain argue "
        "assert rumour rumor hint imply".split(),
        "weak",
    ),
}

#: Words whose presence hedges a claim.
HEDGE_WORDS = frozenset(
    "reportedly allegedly apparently purportedly supposedly possibly probably "
    "likely perhaps presumably seemingly ostensibly unconfirmed alleged purported "
    "suspected rumoured rumored unverified".split()
)
HEDGE_MODALS = frozenset({"may", "might", "could"})
HEDGE_PHRASES = (
    "believed to", "thought to", "said to be", "said to have", "appears to", "appear to",
    "seems to", "seem to", "it is understood", "according to reports",
    "according to unconfirmed", "is understood to", "are understood to",
)

#: Loaded descriptors and the neutral wording a straight report would use.
LOADED_TERMS: dict[str, str] = {
    "dictator": "leader", "tyrant": "leader", "despot": "leader", "strongman": "leader",
    "regime": "government", "junta": "military government", "puppet": "ally",
    "beleaguered": "", "embattled": "", "besieged": "", "brutal": "", "ruthless": "",
    "notorious": "", "infamous": "", "disgraced": "former", "shamed": "",
    "much-feared": "", "feared": "", "dreaded": "",
    "shadowy": "", "murderous": "", "bloodthirsty": "", "barbaric": "", "savage": "",
    "evil": "", "corrupt": "", "rogue": "", "fanatical": "", "extremist": "",
    "radical": "", "hardline": "", "firebrand": "", "so-called": "", "self-styled": "",
    "thug": "supporter", "thugs": "supporters", "henchmen": "aides", "henchman": "aide",
    "cronies": "associates", "crony": "associate", "stooge": "ally", "mouthpiece": "outlet",
    "propaganda": "statements", "terrorist": "militant", "terrorists": "militants",
    "mob": "crowd", "rioters": "protesters", "zealots": "supporters",
    "massacre": "killing", "slaughter": "killing", "slaughtered": "killed",
    "butchered": "killed", "carnage": "violence", "bloodbath": "violence",
    "atrocity": "attack", "atrocities": "attacks", "onslaught": "offensive",
    "invasion": "", "occupation": "", "crackdown": "security operation",
    "staunchest": "closest", "staunch": "close", "hasty": "", "desperate": "",
    # Reporting verbs that suggest a confession where "said" suggests nothing.
    "admit": "say", "admitted": "said", "admits": "says", "confess": "say",
    "confessed": "said", "confesses": "says", "concede": "say",
    "conceded": "said", "concedes": "says",
    "flagging": "", "humiliating": "", "crushing": "",
    "harshest": "", "disastrous": "", "catastrophic": "", "debacle": "setback",
    "fiasco": "setback", "shambles": "", "chaos": "", "chaotic": "", "horrific": "",
    "shocking": "", "outrageous": "", "disgraceful": "", "scandalous": "",
    "slammed": "criticised", "blasted": "criticised", "lambasted": "criticised",
    "ranted": "said", "boasted": "said", "bragged": "said", "whined": "complained",
    "scheme": "plan", "plot": "plan", "ploy": "move", "lured": "recruited",
    "brainwashed": "",
}
#: Phrases whose words are harmless alone ("prop up", "Assad regime").
LOADED_PHRASES: dict[str, str] = {
    "prop up": "support", "propping up": "supporting", "lashed out": "criticised",
    "axis of evil": "",
}

#: Titles and their abbreviations, so "Gen." and "General" compare equal.
TITLES: dict[str, str] = {
    "gen": "general", "gen.": "general", "general": "general",
    "lt. gen.": "lieutenant general", "maj. gen.": "major general",
    "brig. gen.": "brigadier general", "brig.": "brigadier",
    "col": "colonel", "col.": "colonel", "colonel": "colonel",
    "lt.": "lieutenant", "lt": "lieutenant", "lieutenant": "lieutenant",
    "capt.": "captain", "capt": "captain", "captain": "captain",
    "maj.": "major", "major": "major", "sgt.": "sergeant", "sgt": "sergeant",
    "sergeant": "sergeant", "cpl.": "corporal", "corporal": "corporal",
    "adm.": "admiral", "admiral": "admiral", "cmdr.": "commander", "commander": "commander",
    "pres.": "president", "president": "president", "gov.": "governor",
    "governor": "governor", "sen.": "senator", "senator": "senator", "rep.": "representative",
    "dr.": "doctor", "dr": "doctor", "prof.": "professor", "professor": "professor",
    "mr.": "", "mr": "", "mrs.": "", "mrs": "", "ms.": "", "ms": "", "sheikh": "sheikh",
    "ayatollah": "ayatollah", "minister": "minister", "prime minister": "prime minister",
    "king": "king", "queen": "queen", "prince": "prince", "judge": "judge",
    "chief": "chief", "officer": "officer", "detective": "detective", "sheriff": "sheriff",
}

#: Capitals that stand for their governments in news copy ("Tehran said").
CAPITALS: dict[str, str] = {
    "tehran": "iran", "damascus": "syria", "moscow": "russia", "washington": "united states",
    "beijing": "china", "kyiv": "ukraine", "kiev": "ukraine", "ankara": "turkey",
    "riyadh": "saudi arabia", "baghdad": "iraq", "beirut": "lebanon", "cairo": "egypt",
    "jerusalem": "israel", "tel aviv": "israel", "london": "united kingdom",
    "paris": "france", "berlin": "germany", "tokyo": "japan", "seoul": "south korea",
    "pyongyang": "north korea", "new delhi": "india", "islamabad": "pakistan",
    "kabul": "afghanistan", "doha": "qatar", "abu dhabi": "united arab emirates",
    "amman": "jordan", "sanaa": "yemen", "tripoli": "libya", "brussels": "european union",
    "caracas": "venezuela", "havana": "cuba", "minsk": "belarus", "taipei": "taiwan",
}
DEMONYMS: dict[str, str] = {
    "iranian": "iran", "syrian": "syria", "russian": "russia", "american": "united states",
    "chinese": "china", "ukrainian": "ukraine", "turkish": "turkey", "saudi": "saudi arabia",
    "iraqi": "iraq", "lebanese": "lebanon", "egyptian": "egypt", "israeli": "israel",
    "british": "united kingdom", "french": "france", "german": "germany",
    "japanese": "japan", "indian": "india", "pakistani": "pakistan", "afghan": "afghanistan",
    "qatari": "qatar", "jordanian": "jordan", "yemeni": "yemen", "libyan": "libya",
}
COUNTRY_ALIASES: dict[str, str] = {
    "us": "united states", "u.s.": "united states", "usa": "united states",
    "america": "united states", "the united states": "united states",
    "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "eu": "european union",
}
#: AP-style abbreviations of US states ("Va." = Virginia), as datelines use them.
#: "La." is left out: as an entity "LA" is far more often Los Angeles.
US_STATES: dict[str, str] = {
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california",
    "colo": "colorado", "conn": "connecticut", "del": "delaware", "fla": "florida",
    "ga": "georgia", "ill": "illinois", "ind": "indiana", "kan": "kansas", "ky": "kentucky",
    "md": "maryland", "mass": "massachusetts", "mich": "michigan",
    "minn": "minnesota", "miss": "mississippi", "mo": "missouri", "mont": "montana",
    "neb": "nebraska", "nev": "nevada", "nh": "new hampshire", "nj": "new jersey",
    "nm": "new mexico", "ny": "new york", "nc": "north carolina", "nd": "north dakota",
    "okla": "oklahoma", "ore": "oregon", "pa": "pennsylvania", "ri": "rhode island",
    "sc": "south carolina", "sd": "south dakota", "tenn": "tennessee", "vt": "vermont",
    "va": "virginia", "wash": "washington", "wis": "wisconsin", "wva": "west virginia",
    "wyo": "wyoming",
}

#: Nouns that make an unnamed source: "a source", "officials", "witnesses".
ANONYMOUS_HEADS = frozenset(
    "source sources insider insiders person people official officials diplomat diplomats "
    "witness witnesses resident residents activist activists analyst analysts observer "
    "observers aide aides expert experts".split()
)
OFFICIAL_HEADS = frozenset(
    "spokesman spokeswoman spokesperson minister ministry government police army military "
    "authorities authority office department agency commander commanders".split()
)
OUTLET_WORDS = frozenset(
    "agency news newspaper daily paper tv television channel radio online website "
    "outlet publication magazine broadcaster network journal times post herald "
    "tribune gazette wire press".split()
)
#: Well-known wire services and outlets, lowercase, for telling outlets from other organisations.
KNOWN_OUTLETS = frozenset(
    "reuters|ap|afp|associated press|agence france-presse|bloomberg|upi|dpa|ansa|efe|"
    "xinhua|tass|ria novosti|interfax|irna|isna|fars|tasnim|mehr|sana|anadolu|"
    "al jazeera|al arabiya|bbc|cnn|fox news|nbc|cbs|abc|msnbc|"
    "new york times|washington post|wall street journal|guardian|times|telegraph|"
    "daily mail|independent|financial times|economist|haaretz|jerusalem post|"
    "times of israel|npr|politico|axios".split("|")
)
STATE_MEDIA = ("state media", "state television", "state tv", "state news agency",
               "state-run media", "official media", "state-run television", "state broadcaster")
