"""Roles for the places around a route trigger: origin, destination, via.

One sentence at a time. Place mentions are first grouped into *items* (a place with its
qualifier: "Aktau port of Kazakhstan", "Naryn (Kyrgyzstan)", "Georgia's Kobuleti" are one item,
the country only says which Aktau, Naryn or Kobuleti) and items into *lists* ("A, B and C").
Each list takes a *role* from the cue just before it; lists then fill *frames*
(origins, vias, destinations); every frame with a trigger (a mode word, or a route noun
in an article about one mode) gives one route per origin-destination pair.

Phrase families (``rule`` of the route), each with an example in our own words:

=============  ==========================================================================
rule           example
=============  ==========================================================================
from_to        "new flights from Almaty to Riga, Vilnius and Bergen" (three routes); "the port
               of Mersin, where a new highway to Adana opened" (it leaves from Mersin)
               "Almaty launched direct flights to Riga" (the place that opens a route)
to_from        "weekly flights to Bergen from Almaty"; "routes to Riga and Bergen from Almaty"
(from_to)      examples after a plural place noun are the destinations: "flights from Almaty
               to European cities such as Riga and Vilnius", "trains for hubs like Lodz"
between        "a ferry between Split and Ancona"; "flights between Pune and Hue, Vinh" (A to
               each of the others; a list of two countries' cities pairs across the border)
link           "a railway linking Ruse and Giurgiu"; "Ruse will be linked with Pleven"
               "a highway connecting Kisumu, Kampala and Kigali" (one route through them);
               "flights connecting Pune and Goa with Hue" (Pune–Hue and Goa–Hue)
verb_frame     "the train left Ufa on Monday and reached Orsk"; "leaving Varna for Batumi";
               "departing from Riga, the convoy travelled 900 km to reach Vitebsk"; "bound
               for Constanta"; "set sail from Bari, destined for Durres and Vlore"
leg            "by rail from Ufa to Orsk, then by truck to Aktobe" (one route per leg);
               "the corridor begins in Ruse and continues to Varna; from there it continues
               on to Burgas" (sections); "the train went on to Orsk and then to Aktobe" (one
               vehicle: one run with a stop at Orsk)
journey        "The Nordic Breeze left Constanta on Monday. [...] The ship is due to arrive
               in Alexandria": a departure, then its arrival in a later sentence (two
               sentences on; six when the vehicle is named again); "... to enter Iran. It
               then travelled by rail to Yazd" ends the run at Yazd
trade          "Turkmenistan exports gas to China via Uzbekistan": the subject of a trade
               verb is the origin; with no mode word the route is a corridor (mode unknown);
               goods named with a country that a verb moves come from it ("Kazakh grain
               reaches Iran via Turkmenistan", "Russia's oil is shipped to India")
hub            "Air Astana will launch flights to Riga and Bergen": the airline's hub is the
               origin when the text gives none
extension      "extending the line from Ruse to Varna"; "towards the border with Serbia"
dash_chain     "the Ruse–Varna section", "the 120-km Ufa-Orsk line", "the A-B-A route"
               (a round trip is one route), "the Naryn (Kyrgyzstan) – Kashi – Hotan road";
               "the Isfahan to Shiraz route", "Chennai-to-Colombo flights", "will fly
               Muscat–Karachi", "the Pune-Nagpur Sagar Express"
rotation       "the service calls at Xiamen, Kaohsiung and Busan before crossing the Pacific
               to Oakland": from the first port called at, via the others, to the far end
named          a corridor of ``data/corridors.yaml`` named in the text
=============  ==========================================================================

A frame's mode is the nearest mode word before it, else inside it, else after it in its own
clause (not a later leg's "then by ferry", not "after storms closed roads"); a road or railway
never crosses an ocean. Modes joined in one phrase ("by rail and road", "a railway and
highway") state a route each (``geo._mode_groups``); a route's status is read in its own
clause ("..., while the branch to B is under construction": ``route_cues.status_in_clause``).

Ends are concrete: a continent or macro-region ("Europe", "the Gulf") is never an end (an
island is: "ferries to Crete"); a
route to one ends at the place named right after it ("the port on the Caspian Sea of
Aktau"), else at the last concrete place after it in the sentence, or is no route. Places
may be named by description ("the capital of Georgia", "the Polish capital": see
``geo.place_refs``) and by a direction ("Ankara-bound flights").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from geo._data import data_path

from geo.route_cues import GENERIC_ROUTE, mode_at

#: Kinds that are never the end of a route (an island excepted: see :func:`areal`).
AREAL = ("region", "water", "continent")
#: A curated region is an island when it is named so ("Bali Island", "Isle of Wight").
_ISLAND_NAME = re.compile(r"\b(?:islands?|isle|archipelago)\b", re.I)


@lru_cache(maxsize=1)
def island_ids() -> frozenset:
    """Ids of the curated regions of ``data/places.csv`` that are islands (a name or alias
    says "Island(s)", "Isle" or "Archipelago"): "ferries to Crete", "flights to Bali" end
    there, as a route to an island province or country does."""
    with data_path("places.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(f"curated:{row['id']}" for row in csv.DictReader(fh)
                         if row["kind"] == "region" and _ISLAND_NAME.search(f"{row['name']}|{row['aliases']}"))


def areal(m) -> bool:
    """Whether mention ``m`` is too wide to be a stop: a region (not an island), a sea or
    a continent."""
    return m.kind in AREAL and m.place_id not in island_ids()

# Words between a place and its qualifier, or between two places of a list, that say what
# kind of place it is: "Aktau port of Kazakhstan", "the ports of Poti and Batumi". Right
# before a place, "crossing" is the verb ("crossing Kazakhstan"), not the kind.
_KIND_WORDS = (r"(?:dry |sea|river |container |international )?(?:ports?|seaports?|harbou?rs?|"
               r"cit(?:y|ies)|towns?|stations?|airports?|terminals?|border crossings?|"
               r"crossings|crossing(?!\s*$)|checkpoints?|junctions?|hubs?|provinces?|regions?|districts?|"
               r"gateway|pass|logistics cent(?:er|re)s?|free zones?)")
_KIND_GAP = re.compile(rf"\b{_KIND_WORDS}\b", re.I)
_QUAL_GAP = re.compile(r"^\s*(?:,|\(|in|of|,\s*in|in\s+the\s+country\s+of|province,?)"
                       r"(?:\s+(?:the\s+)?(?:north|south|east|west|central|north-?east|north-?west|"
                       r"south-?east|south-?west)(?:ern)?)?\s*$", re.I)
_POSSESSIVE = re.compile(r"^['\u2019]s\s+(?:[a-z-]+\s+){0,3}$")
# "the Malian border town of Kayes", "the Kenyan port of Mombasa": the country's adjective says
# which town; the town is the stop (the gap is read with the kind words taken out).
_ADJECTIVE_OF = re.compile(r"^\s+(?:(?:border|frontier|coastal|northern|southern|eastern|western|"
                           rf"central|lake|river|mining|industrial|capital|main)\s+)*(?:{_KIND_WORDS}\s+)?"
                           r"(?:of|at)\s+(?:the\s+)?$", re.I)
_ADJECTIVE_KIND = re.compile(rf"\b(?:border|frontier|{_KIND_WORDS})\b", re.I)
# A list may carry short notes in parentheses: "Rhodes and Chania (two airlines), Bari".
_PAREN = r"(?:\s*\([^()]{0,40}\))?"
# A list may carry the date of each item: "Bishkek in February 2012, Dushanbe in 2013".
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_WHEN = (rf"(?:\s+(?:in|on|since|from|by|until|starting)\s+(?:(?:early|late|mid)[- ])?"
         rf"(?:{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?|\d{{4}}|"
         rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?|"
         rf"(?:the\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?\d{{4}})?))?")
# ("with B on the border and then with C": where B lies may come between)
_LIST_AND_CUE = re.compile(rf"^\s*(?:\)\s*)?{_WHEN}(?:\s+(?:on|at|near)\s+the\s+(?:border|frontier|coast))?"
                           rf",?\s*(?:and|or|as well as)(?:\s+then)?\s+(to|with|from|via)\s*$", re.I)
# "flights to B were launched in May, as well as (to) C": a passive verb between the list
# and "as well as" leaves C in the same frame (with "to", "from" ... a list of that role).
_VERB_AS_WELL_AS = re.compile(rf"^\s*(?:\)\s*)?{_WHEN}\s+(?:will\s+be|were|was|are|is|have\s+been|has\s+been|had\s+been)"
                              rf"\s+(?:also\s+)?[a-z]+(?:ed|un|en|wn)\b{_WHEN},?\s*as\s+well\s+as(?:\s+(to|with|from|via))?\s*$", re.I)
_LIST_GAP = re.compile(rf"^\s*(?:\)\s*)?{_PAREN}{_WHEN}\s*(?:(?:,|and|or|&|plus|,\s*and|,\s*or|as well as|"
                       r"and (?:also)?|,\s*as well as)"
                       # "Chita and the border town of Zabaikalsk" (after a comma alone it is an
                       # appositive: "Peshawar, the city of ...")
                       r"|,?\s*(?:and|or)\s+the(?:\s+(?:border|port|coastal|industrial|northern|southern|eastern|"
                       r"western|town|city|village|station|crossing|hub))+\s+of)\s*$", re.I)


# Filler allowed between a cue and the list it marks: "from the Chinese city of Kashi".
_FILL = (r"(?:\s+(?:(?:terminal|station|port|airport|hub|yard|depot|logistics park|mine|field|plant|refinery|deposit)s? (?:in|at|near|on the)|"
         r"(?:iron ore|iron|coal|copper|gold|lithium|bauxite|potash|phosphate) (?:mine|deposit|field)s?(?: (?:in|at|near))?|"
         r"the|a|an|its|their|this|that|neighbou?ring|nearby|northern|southern|"
         r"eastern|western|central|capital|mainland|new|main|major|key|final|last|end|terminus|ocean|"
         r"(?:ex|en)claves?|(?:oil |gas )?fields?|deposits?|mines?|refiner(?:y|ies)|plants?|"
         r"(?:end |final |terminal )?(?:point|destination|stop)s?|"
         r"cit(?:y|ies)|towns?|ports?|seaports?|of|border|stations?|airports?|terminals?|hubs?|"
         r"islands?|resorts?|[0-9]+|(?-i:[A-Z][\w'\u2019-]*))){0,5}")


def _cue(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern}){_FILL}\s*$", re.I)


# "three new destinations: Riga, Oslo and Bari"; "new directions this year: in Riga and Oslo"
_DESTINATIONS = re.compile(r"\b(?:destinations?|directions?|routes?|services?|flights?)\b[^.;!?]{0,30}?"
                           r"(?::|\bincluding|\bsuch as|\bnamely|\bin)\s*$", re.I)

#: "to European cities such as A and B", "to hubs like A": the examples are the destinations.
_TO_EXAMPLES = re.compile(r"\b(?:to|for|serv(?:e|es|ing)|reach(?:es|ing)?)\s+(?:[\w-]+\s+){0,3}?"
                          r"(?:cities|capitals|hubs|ports|airports|terminals|stations|points|places|markets|destinations)"
                          r",?\s+(?:such as|like|including|among them|notably|namely)\s*$", re.I)

_LINK_WORDS = r"connect(?:s|ed|ing)?|link(?:s|ed|ing)?|join(?:s|ed|ing)?|unit(?:e|es|ed|ing)"
#: A verb that states a link: in an article about one mode, "the line will connect A to B".
LINK_VERB = re.compile(rf"\b(?:{_LINK_WORDS})\b", re.I)

_CUES = [  # (role, regex over the gap before a list); see role_before for which one wins
    ("between", _cue(r"between")),
    ("link", _cue(_LINK_WORDS)),
    ("via", _cue(r"via|through|across|transit(?:ing|s|ed)?|cross(?:es|ed|ing)?|calling at|calls? at|(?:mak(?:es|ing|e) |with )?stops? (?:at|in)|stopping (?:at|in)|rotation(?: is| will be)?:?|"
                 r"pass(?:ing|es|ed)? "
                 r"(?:through|via)|past|by way of")),
    ("from", _cue(r"from|departing(?: from)?|departs?(?: from)?|departed(?: from)?|leaving|leaves|leave|"
                  r"left|out of|originat(?:es|ing|ed) (?:in|from)|start(?:s|ing)? (?:in|from|at)|"
                  r"begin(?:s|ning)? (?:in|from|at)|beg[au]n (?:in|from|at)|"
                  r"pulled anchor from|set off from|sets off from|set sail from|sailed from")),
    ("to", _cue(r"to|into|towards?|reach(?:ed|es|ing)?|arriv(?:e|ed|es|ing) (?:in|at)|"
                r"bound for|destined for|head(?:ed|ing|s)? (?:to|for)|en route to|onward to|"
                r"on to|serv(?:e|es|ing)|(?:to|towards?|reach(?:ed|es|ing)?|as far as) (?:the|its) border with|terminat(?:e|es|ing) (?:in|at)|"
                r"end(?:s|ing)? (?:in|at)|call(?:ing)? at|land(?:s|ed|ing)? (?:in|at)|(?:to )?enter(?:s|ed|ing)?|launch(?:es|ed|ing)? (?:flights|service)s? to")),
    ("with", _cue(r"with")),
    # "avoiding the Suez Canal", "rather than through Iran": a passage the text rules out
    ("not_via", _cue(r"avoid(?:s|ed|ing)?|rather than (?:through|via|across|transit(?:ing)?)|"
                     r"instead of (?:going |sailing |passing |travelling |traveling )?(?:through|via|across)|"
                     r"bypass(?:es|ed|ing)?|steer(?:s|ed|ing)? clear of|"
                     r"without (?:passing |going |transiting )?(?:through|via)")),
    # "around the Cape of Good Hope": a via, for a sea or a strait (see frames_of)
    ("around", _cue(r"around|round|rounding")),
    # "three new destinations: Riga, Oslo and Bari"; "new services including Riga"
    ("to", _DESTINATIONS),
    ("to", _TO_EXAMPLES),
    ("for", _cue(r"for")),
]
# "for" marks a destination only in a sentence about leaving or carrying.
_FOR_OK = re.compile(r"\b(?:leav(?:e|es|ing)|left|depart(?:s|ed|ing)?|bound|destined|head(?:ed|ing|s)?|"
                     r"sail(?:s|ed|ing)?|carr(?:y|ies|ied|ying)|cargo|shipments?|loaded|set off|"
                     r"dispatched|sent|flights?|trains?|services?)\b", re.I)
# A port rotation: the list of ports a service calls at, in order.
_CALLS = re.compile(r"\b(?:call(?:s|ing)? at|rotation(?: is| will be| of)?:?|port calls (?:at|in))"
                    rf"{_FILL}\s*$", re.I)
# Between two destination lists of one frame: "to B, and to C", "to B in 2012 and C".
_MORE_DESTS = re.compile(rf"\s*(?:\)\s*)?{_WHEN}[\s,)]*(?:and|as well as)?\s*(?:to\s*)?", re.I)
# A reported clause between two "to" lists starts a new statement ("ambassador to A, said
# the ship will arrive in B").
_NEW_CLAUSE = re.compile(r"\b(?:said|says|told|added|stated|announced|reported)\b", re.I)
# Words between two frames that open a new leg from the last destination.
_LEG_GAP = re.compile(r"\b(?:then|thence|onward|onwards|from there|before|after which|where|"
                      r"and on|continu(?:e|es|ed|ing)|from which)\b", re.I)
# A subject joined to a frame by these verbs takes the missing side ("Ruse will be linked
# with Pleven"; "Chania will receive flights from Riga").
_SUBJECT_VERB = re.compile(r"\b(?:receive[sd]?|welcome[sd]?|get|gets|will (?:have|get)|handle[sd]?|served by|"
                           r"connected|linked|joined|will be (?:connected|linked|joined))\b", re.I)
# "from 26 destinations to B": an origin is stated, but it is no place.
_FROM_UNNAMED = re.compile(r"\bfrom\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens|"
                           r"several|many|various|other|all|its|their|a number)\b", re.I)
# "at A, where a railway to B begins": the route leaves from A (a vehicle word comes before
# the "to": "where talks on flights to B were held" is no route from A).
_WHERE_TO = re.compile(r"^(?:\s+in\s+[A-Z][\w-]*)?\s*,\s*where\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){0,3}?"
                       r"(?:road|highway|railway|rail line|line|pipeline|ferry|ferries|trains?|trucks?|"
                       r"lorries|ships?|boats?|barges?|flights?)\s+(?:[\w-]+\s+){0,2}?to\b", re.I)
# "A and B will be linked by a railway", "A, B and C are now connected by road" (not "linked
# with C", where C is the other end, nor "closely linked").
_PASSIVE_LINK = re.compile(r"\s*,?\s*(?:(?:will|would|could|should|can|may|are|is|were|was|have|has|had|"
                           r"to|be|been|being|now|soon|also|finally|first|directly|set|expected|due|planned)\s+){1,5}"
                           r"(?:connected|linked|joined)\b(?!\s+(?:up\s+)?(?:with|to)\b)", re.I)
# "Turkmenistan exports gas to China via Uzbekistan": the subject of a trade verb is the
# origin. (A verb, not the noun: in "Georgia's exports to Turkey rose" nothing is said of
# the way the goods go.)
TRADE_VERB = re.compile(r"\b(?:export(?:s|ed)?|ship(?:s|ped)?|sends?|sent|suppl(?:ies|ied|y)|"
                        r"deliver(?:s|ed)?|pump(?:s|ed)?|transport(?:s|ed)?)\b", re.I)
_TRADE_SUBJECT = re.compile(r"^\s+(?:(?:now|also|already|still|currently|will|would|could|can|"
                            r"plans? to|aims? to|wants? to|is set to|is to|began to|started to|has|have|had)\s+){0,3}"
                            + TRADE_VERB.pattern + r"\s+(?:[\w,.%$-]+\s+){0,5}?(?:to|into)\s*$", re.I)
# "A's new flights to B", "A's ferry to B": the possessor is the origin.
_POSSESSIVE_VEHICLE = re.compile(r"^['\u2019]s\s+(?:[\w-]+\s+){0,3}?(?:flights?|trains?|services?|ferr(?:y|ies)|"
                                 r"buses|bus|coaches|routes?|sailings?|connections?|links?|pipelines?|"
                                 r"railways?|rail\s+links?|roads?|highways?|ships?|cargo|freight)\s+"
                                 r"(?:[\w-]+\s+){0,2}?(?:to|for)\s*$", re.I)
#: What goods are called right after a country's adjective or possessive ("Kazakh grain").
_GOODS_WORDS = (r"(?:shipments?|cargo|freight|goods|consignments?|supplies|products|gas|oil|crude|LNG|"
                  r"fuel|petroleum|diesel|grain|wheat|barley|corn|coal|cotton|ore|copper|iron|steel|"
                  r"aluminium|aluminum|uranium|metals?|fertili[sz]ers?|electricity|power|containers?|"
                  r"food|fruit|vegetables|timber|cement|cars|vehicles|exports|imports)")
#: "Kazakh grain", "Russia's oil": a demonym that names where goods come from (kept as a
#: place for :data:`_GOODS_SUBJECT`; other demonyms are no stop).
GOODS_AFTER_DEMONYM = re.compile(rf"(?:['\u2019]s)?\s+(?:[\w-]+\s+){{0,1}}?{_GOODS_WORDS}\b", re.I)
#: Verbs that move goods as their subject ("grain reaches", "oil is shipped", "goods travel").
GOODS_MOVE = re.compile(r"\b(?:reach(?:es|ed)?|travel(?:s|led|ed)?|go(?:es)?|went|flow(?:s|ed)?|mov(?:e|es|ed)|"
                        r"arriv(?:e|es|ed)|head(?:s|ed)?|shipped|exported|sent|delivered|pumped|transported|"
                        r"carried|supplied|railed|trucked)\b", re.I)
# "Kazakh grain reaches Iran via Turkmenistan", "Russian oil is shipped to India", "Chinese
# goods now travel to Europe by rail": goods named with a country (adjective or possessive)
# and a verb that moves them come from that country.
_GOODS_SUBJECT = re.compile(rf"^(?:['\u2019]s)?\s+(?:[\w-]+\s+){{0,1}}?{_GOODS_WORDS}\s+"
                            r"(?:(?:now|also|already|still|mostly|mainly|largely|increasingly|currently|will|would|"
                            r"can|could|is|are|was|were|be|been|being|has|have|had|to|set|expected|due)\s+){0,4}"
                            + GOODS_MOVE.pattern + r"\s+(?:[\w,%$-]+\s+){0,5}?(?:to|into|in|at|for)?\s*$", re.I)
# "Chancay port has opened a shipping route to Shanghai", "Almaty launched direct flights to
# Baku": the place that opens a route is its origin.
_OPENS_ROUTE = re.compile(r"^\s+(?:(?:port|seaport|airport|city|station|terminal)\s+)?(?:(?:has|have|had|will|would|is|are|"
                          r"now|also|just|recently|officially|set\s+to|plans?\s+to|is\s+to|to|be|been)\s+){0,3}"
                          r"(?:open(?:s|ed)?|launch(?:es|ed)?|start(?:s|ed)?|inaugurat(?:es|ed)|introduc(?:es|ed)|"
                          r"add(?:s|ed)?|beg[ia]n|resum(?:es|ed)|unveil(?:s|ed)?)\s+(?:[\w-]+\s+){0,4}?"
                          r"(?:flights?|routes?|services?|ferr(?:y|ies)|sailings?|connections?|links?|trains?|"
                          r"lines?|buses|bus|coaches|corridors?)\s+(?:[\w-]+\s+){0,2}?(?:to|for)\s*$", re.I)
_EXTEND = re.compile(r"\bextend(?:s|ed|ing)?\b|\bextension\b", re.I)
EXTEND = _EXTEND


def list_gap(gap: str) -> bool:
    """Whether ``gap``, between two places, joins them in one list ("A, B and C")."""
    return _LIST_GAP.match(_strip_kinds(gap)) is not None
# (a colon inside a time, "at 9:00", is no stop)
_STOP_PUNCT = re.compile(r"[;!?]|(?<!\d):|:(?!\d)|\.\s")


@dataclass
class Item:
    """A place mention with its qualifier (a country or region that says which place)."""

    start: int
    end: int
    m: object  # routes._M


@dataclass
class PlaceList:
    items: list[Item]
    role: str | None = None

    @property
    def start(self):
        return self.items[0].start

    @property
    def end(self):
        return self.items[-1].end


@dataclass
class Frame:
    """Origins, vias and destinations of one stated movement."""

    origins: list[Item] = field(default_factory=list)
    dests: list[Item] = field(default_factory=list)
    vias: list[Item] = field(default_factory=list)
    rule: str = "from_to"
    first: str | None = None
    start: int = 0
    end: int = 0
    mode_hint: tuple | None = None  # a mode word that opened this frame (legs)
    avoid: list[Item] = field(default_factory=list)  # places the text rules out
    passages: list[Item] = field(default_factory=list)  # seas and straits it goes by
    per_dest_origin: dict = field(default_factory=dict)  # airline hubs, one per destination
    origin_unnamed: bool = False  # "from 26 destinations to B": an origin, but no place

    def complete(self):
        return bool(self.origins and self.dests)


def _strip_kinds(gap: str) -> str:
    return _KIND_GAP.sub(" ", gap)


def items_of(text: str, ms: list) -> list[Item]:
    """Group mentions into items: a country or region that qualifies its neighbour is
    folded into it ("Aktau port of Kazakhstan", "Naryn (Kyrgyzstan)", "Georgia's Kobuleti")."""
    items: list[Item] = []
    skip = set()
    for i, m in enumerate(ms):
        if i in skip:
            continue
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        if (nxt is not None and m.kind in ("country", "admin1", "region") and nxt.kind not in ("country",)
                and (_POSSESSIVE.match(_strip_kinds(text[m.end:nxt.start]).replace("  ", " "))
                     or (_ADJECTIVE_OF.match(text[m.end:nxt.start])
                         and _ADJECTIVE_KIND.search(text, m.end, nxt.start)))
                and (_same_country(m, nxt) or m.kind == "region"
                     or (m.kind == "country" and nxt.kind not in ("admin1", "region", "water", "continent")
                         and not _POSSESSIVE.match(_strip_kinds(text[m.end:nxt.start]).replace("  ", " "))))):
            items.append(Item(m.start, nxt.end, nxt))
            skip.add(i + 1)
            continue
        it = Item(m.start, m.end, m)
        items.append(it)
        j = i + 1
        while j < len(ms):  # qualifiers that follow: "Naryn (Kyrgyzstan)", "Atyrau, Kazakhstan"
            q = ms[j]
            gap = _strip_kinds(text[it.end:q.start])
            qualifies = q.kind in ("country", "admin1") or (
                m.kind in ("airport", "port", "station") and q.kind == "city")
            if (qualifies and m.kind not in ("country", "region", "water")
                    and _QUAL_GAP.match(gap) and _same_country(q, m)):
                it.end = q.end
                if text[q.end:q.end + 1] == ")":
                    it.end = q.end + 1
                skip.add(j)
                j += 1
                continue
            break
    return items


def _same_country(a, b) -> bool:
    ca, cb = getattr(a, "country", None), getattr(b, "country", None)
    return bool(ca and cb and ca == cb)


def lists_of(text: str, items: list[Item], s_lo: int) -> list[PlaceList]:
    """Coordinated items ("A, B and C") as lists, each with the role of the cue before it."""
    lists: list[PlaceList] = []
    for it in items:
        if lists:
            prev = lists[-1]
            gap = _strip_kinds(text[prev.end:it.start])
            if _LIST_GAP.match(gap) or (it.m.kind == "country" and _AND_THE.match(gap)):
                prev.items.append(it)  # (a country's name may take "the": "B and the Netherlands")
                continue
            and_cue = _LIST_AND_CUE.match(gap)
            if and_cue:  # "linked with B and with C", "to B and to C"
                lists.append(PlaceList([it], and_cue.group(1).lower()))
                continue
            if prev.role == "to" and _AND_THEN.match(gap):  # "to B and then C": on from B
                lists.append(PlaceList([it], "to"))
                continue
            more = _VERB_AS_WELL_AS.match(gap)
            if more:  # "to B were launched, as well as C" / "..., as well as to C"
                if more.group(1):
                    lists.append(PlaceList([it], more.group(1).lower()))
                else:
                    prev.items.append(it)
                continue
        lo = lists[-1].end if lists else s_lo
        role = role_before(text[lo:it.start])
        if role == "from" and _BARE_LEAVE.search(text, lo, it.start) and not _FOR_AFTER.match(text, it.end):
            role = None  # "leave A for B" names the origin; "and leave China via C" an exit
        if _BOUND.match(text, it.end):
            role = "to"  # "Moscow-bound flights"
        lists.append(PlaceList([it], role))
    return lists


_BARE_LEAVE = re.compile(rf"\bleave{_FILL}\s*$", re.I)
_FOR_AFTER = re.compile(r"(?:\s+(?:on|next|this|early|late|in)(?:\s+[\w-]+){1,2})?\s+for\b", re.I)
_AND_THE = re.compile(r"^\s*,?\s*(?:and|or|as well as)\s+the\s*$", re.I)
_AND_THEN = re.compile(rf"^\s*(?:\)\s*)?{_WHEN},?\s*(?:and\s+)?then\s*$", re.I)
# ("A bound for B": A is no destination; "bound for" is the cue of the next list)
_BOUND = re.compile(r"[-\u2010-\u2013 ]bound\b(?!\s+(?:for|to|from|by|with)\b)", re.I)

# "the vast region from A to B", "countries from A to B": an extent, not a route.
_EXTENT = re.compile(r"\b(?:regions?|area|areas|territor(?:y|ies)|zones?|space|markets?|countries|"
                     r"everything|everywhere|anywhere|nations|peoples|cities)\s+(?:\w+\s+)?(?:from|between)\s*$", re.I)


# "money from A", "a loan from B": what comes from there is no vehicle.
_NOT_CARGO_FROM = re.compile(r"\b(?:money|funds?|funding|loans?|grants?|investment|investors?|financing|"
                             r"backing|credit|donors?|pressure|criticism|objections?)\s+from\s+(?:the\s+)?$", re.I)


def role_before(gap: str) -> str | None:
    """The role ("from", "to", "via", "between", "link", "with", "not_via", "around",
    "extent", ...) that the cue at the end of ``gap``, the text before a list of places,
    gives the list; None without a cue."""
    if _EXTENT.search(gap[-60:]):
        return "extent"
    if _NOT_CARGO_FROM.search(gap[-60:]):
        return None
    if _STOP_PUNCT.search(gap[-60:]) and not re.search(
            r"\b(?:to|from|via|for|between)\b[^;:!?]*$", gap[-40:], re.I) \
            and not _DESTINATIONS.search(gap[-60:]) and not _TO_EXAMPLES.search(gap[-80:]):
        return None
    # Every cue is anchored at the end of the gap and only filler words may follow it, so
    # the cue that starts earliest is the widest reading ("towards the border with").
    best = None
    for role, rx in _CUES:
        m = rx.search(gap[-80:])
        if m:
            pos = m.start() + max(0, len(gap) - 80)
            if best is None or pos < best[1]:
                best = (role, pos)
    if best and best[0] == "to" and _NEAR_TO.search(gap[max(0, best[1] - 20):best[1]]):
        return None  # "runs close to the border with Turkey": where it runs, not where to
    return best[0] if best else None


_NEAR_TO = re.compile(r"\b(?:close|closer|next|near|nearer|adjacent|according|thanks|owing|due|prior|similar)\s+$", re.I)


def frames_of(text: str, lists: list[PlaceList]) -> list[Frame]:
    """Fill frames from role-tagged lists, left to right."""
    frames: list[Frame] = []
    cur: Frame | None = None
    pending_via: list[Item] = []
    pending_avoid: list[Item] = []
    subject: PlaceList | None = None

    calls: list[Item] = []  # a port rotation ("calls at A, B and C"): its first port starts it

    def new(rule, first, start):
        nonlocal cur
        cur = Frame(rule=rule, first=first, start=start, end=start)
        if pending_via and first == "from" and _other_leg(text, pending_via, start):
            pending_via.clear()  # "by train through A and B, then by truck from C to D"
        if pending_via:
            cur.vias.extend(pending_via)
            pending_via.clear()
        if pending_avoid:
            cur.avoid.extend(pending_avoid)
            pending_avoid.clear()
        frames.append(cur)
        return cur

    for k, L in enumerate(lists):
        role = L.role
        if role == "extent":
            cur = None
            continue
        if role == "not_via":
            # "ships from A to B avoid the Red Sea", "avoiding Iran, trucks go from A to B"
            (cur.avoid if cur is not None else pending_avoid).extend(L.items)
            continue
        if role == "around":
            if not all(it.m.kind == "water" for it in L.items):
                continue  # "cities around Moscow": where, not which way
            role = "via"  # "around the Cape of Good Hope"
        if role == "for" and not _FOR_OK.search(text, max(0, L.start - 160), L.start):
            role = None
        if role == "for":
            role = "to"
        if role == "between":
            f = new("between", "between", L.start)
            _between(f, L.items)
            f.end = L.end
            cur = None
            continue
        if role == "link":
            if len(L.items) >= 2:
                f = new("link", "link", L.start)
                f.origins, f.vias, f.dests = [L.items[0]], L.items[1:-1], [L.items[-1]]
                f.end = L.end
                cur = None
            else:
                f = new("link", "link", L.start)
                f.origins = list(L.items)
                f.end = L.end
            continue
        if role == "with":
            last = frames[-1] if frames else None
            if (last is not None and last.rule == "link" and last.dests and not last.vias
                    and re.fullmatch(r"\s*with\b.*", text[last.end:L.start], re.S | re.I)
                    and len(text[last.end:L.start]) < 60):
                # "connecting A and B with C": each of A and B to C
                last.origins, last.dests = last.origins + last.dests, list(L.items)
                last.end = L.end
            elif cur is not None and cur.rule == "link" and not cur.dests:
                cur.dests = list(L.items)
                cur.end = L.end
            elif cur is not None and cur.rule == "link" and cur.dests and (
                    cur.end >= L.start - 12 or _LIST_AND_CUE.match(_strip_kinds(text[cur.end:L.start]))):
                if re.search(r"\bthen\b", text[cur.end:L.start], re.I):
                    # "link A with B on the border and then with C": on from B
                    prev = cur
                    f = new("leg", "from", prev.end)
                    f.origins, f.dests = [prev.dests[-1]], list(L.items)
                    f.end = L.end
                else:
                    cur.dests.extend(L.items)  # "linked with B and with C"
                    cur.end = L.end
            elif subject is not None and _SUBJECT_VERB.search(text, subject.end, L.start):
                f = new("link", "link", subject.start)
                f.origins, f.dests = list(subject.items), list(L.items)
                f.end = L.end
                subject = None
            continue
        if role == "via" and cur is None and not pending_via and len(L.items) >= 2 and _CALLS.search(
                text, max(0, L.start - 40), L.start):
            calls.extend(L.items)  # "the service calls at A, B and C ..."
            pending_via.extend(L.items)
            continue
        if role == "via":
            last = frames[-1] if frames else None
            if (cur is None and not pending_via and last is not None and last.rule == "between"
                    and last.complete() and len(last.origins) == len(last.dests) == 1
                    and not _LEG_GAP.search(text, last.end, L.start) and not _words(text, last.end, L.start)
                    and not re.search(r"[;:]|,\s*(?:and|or|but|while)\b", text[last.end:L.start])):
                last.vias.extend(L.items)  # "trains running between A and B make stops at C and D"
                last.end = L.end
            elif cur is not None and cur.dests and _LEG_GAP.search(text, cur.end, L.start):
                pending_via.extend(L.items)  # "to B, where it leaves via C, then to D"
            elif cur is not None:
                cur.vias.extend(L.items)
            else:
                pending_via.extend(L.items)
            continue
        if role == "from":
            if (cur is not None and cur.dests and not cur.origins and cur.first == "to"
                    and not _new_statement(text, cur.end, L.start)):
                cur.origins = list(L.items)
                cur.rule = "to_from"
            elif cur is not None and cur.complete() and cur.first == "to" and cur.rule == "to_from":
                cur.origins.extend(L.items)  # "to B: seven flights from A, three from C"
            else:
                f = new("from_to", "from", L.start)
                f.origins = list(L.items)
            cur.end = max(cur.end, L.end)
            continue
        if role == "to":
            gap = text[cur.end:L.start] if cur is not None else ""
            if k and _EXTEND.search(text, lists[k - 1].end, L.start) and not (cur and cur.origins and not cur.dests):
                # "the line, which ends at A, will be extended towards B"
                f = new("extension", "from", lists[k - 1].start)
                f.origins = [lists[k - 1].items[-1]]
                f.dests = list(L.items)
                cur.end = max(cur.end, L.end)
                continue
            if cur is not None and cur.origins and not cur.dests:
                cur.dests = list(L.items)
                if cur.rule == "from_to" and _EXTEND.search(text, max(0, cur.start - 60), cur.start):
                    cur.rule = "extension"
                elif cur.rule == "from_to" and re.search(r"\b(?:left|leav|depart|set off|set sail|reach|arriv|bound|destined|head)",
                                                       text[cur.start - 40:L.start], re.I):
                    cur.rule = "verb_frame"
            elif cur is not None and cur.dests and (
                    (cur.origins and (_LEG_GAP.search(gap) or _other_mode(text, cur, L.start)))
                    # "due in B, after which the boxes go on to C": B is the next leg's origin
                    or (not cur.origins and _LEG_GAP.search(gap))):
                prev = cur
                f = new("leg", "from", prev.end)
                f.origins = [prev.dests[-1]]
                f.dests = list(L.items)
                words = mode_at(text, prev.end, L.start)
                f.mode_hint = words[-1] if words else None
            elif cur is not None and cur.dests and (
                    _MORE_DESTS.fullmatch(gap) or _VERB_AS_WELL_AS.match(gap)
                    or ((cur.first == "to" or not cur.origins) and not _NEW_CLAUSE.search(gap))):
                cur.dests.extend(L.items)
            else:
                lo = lists[k - 1].end if k else max(0, L.start - 200)
                f = new("to_from", "to", L.start)
                f.dests = list(L.items)
                f.origin_unnamed = bool(_FROM_UNNAMED.search(text, lo, L.start))
                if subject is not None and _SUBJECT_VERB.search(text, subject.end, L.start):
                    f.origins = list(subject.items)
                    f.rule = "link"
                    subject = None
                elif (subject is not None and k and lists[k - 1] is subject and len(subject.items) == 1
                        and _POSSESSIVE_VEHICLE.match(text[subject.end:L.start])):
                    f.origins = list(subject.items)  # "A's new flights to B"
                    f.rule = "from_to"
                    subject = None
                elif (subject is not None and k and lists[k - 1] is subject
                        and _WHERE_TO.match(text[subject.end:L.start])):
                    f.origins = [subject.items[-1]]  # "the port of A, where a road to B ..."
                    f.rule = "from_to"
                    subject = None
                elif (subject is not None and k and lists[k - 1] is subject
                        and _TRADE_SUBJECT.match(text[subject.end:L.start])):
                    f.origins = list(subject.items)  # "Turkmenistan exports gas to China"
                    f.rule = "trade"
                    subject = None
                elif (subject is not None and k and lists[k - 1] is subject
                        and _GOODS_SUBJECT.match(text[subject.end:L.start])):
                    f.origins = list(subject.items)  # "Kazakh grain reaches Iran"
                    f.rule = "trade"
                    subject = None
                elif (subject is not None and k and lists[k - 1] is subject
                        and not areal(subject.items[-1].m)
                        and _OPENS_ROUTE.match(text[subject.end:L.start])):
                    f.origins = [subject.items[-1]]  # "Almaty launched direct flights to Baku"
                    f.rule = "from_to"
                    subject = None
            cur.end = max(cur.end, L.end)
            continue
        # No cue: a subject, or the receiving end of a following "from" list.
        subject = L
        if len(L.items) >= 2 and _PASSIVE_LINK.match(text, L.end):
            # "A and B will be linked by a railway": the subjects are the ends
            f = new("link", "link", L.start)
            f.origins, f.vias, f.dests = [L.items[0]], L.items[1:-1], [L.items[-1]]
            f.end = L.end
            cur = subject = None
    # "calls at A, B and C before crossing to D": A to D via B and C
    for f in frames:
        if calls and not f.origins and f.dests and f.vias and f.vias[0] is calls[0]:
            f.origins, f.vias = [f.vias[0]], f.vias[1:]
            f.rule = "rotation"
    if len(calls) >= 3 and pending_via and pending_via[0] is calls[0]:
        # "the new service will call at A, B, C and D" (no far end): from the first port
        # called at, via the others, to the last
        f = new("rotation", "from", calls[0].start)
        f.origins, f.vias, f.dests = [calls[0]], calls[1:-1], [calls[-1]]
        f.end = calls[-1].end
    # "Chania will receive flights from Riga": a subject fills a frame's missing destination.
    for f in frames:
        if f.origins and not f.dests and f.rule == "from_to":
            before = [L for L in lists if L.role is None and L.end <= f.start]
            if before and _SUBJECT_VERB.search(text, before[-1].end, f.start):
                f.dests = list(before[-1].items)
                f.rule = "to_from"
    return frames


def _other_leg(text: str, vias: list[Item], start: int) -> bool:
    """Whether the vias before an origin at ``start`` are another leg's: "then" or another
    mode's word comes between ("carried by train through A and B, then by truck from C")."""
    gap_lo = vias[-1].end
    if _LEG_GAP.search(text, gap_lo, start):
        return True
    gap = _words(text, gap_lo, start)
    own = _words(text, max(0, vias[0].start - 80), vias[0].start)
    return bool(gap and own and any(w[2] != own[-1][2] for w in gap))


def _words(text: str, lo: int, hi: int) -> list:
    return [w for w in mode_at(text, lo, hi) if w[2] != "corridor"]


def _new_statement(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]``, between two lists, opens another statement with a vehicle of
    its own ("ferries to Baku, and a railway runs from A": A is no origin of the ferries)."""
    gap = text[lo:hi]
    words = _words(text, lo, hi)
    if not words or not re.search(r"[,;]", gap):
        return False
    own = _words(text, max(0, lo - 120), lo)
    # another vehicle, or a clause with a subject of its own ("..., the airline will fly
    # from A"); not a participle of the same vehicle ("flights to B, flying from A")
    return bool((own and any(w[2] != own[-1][2] for w in words))
                or re.search(r"[,;]\s*(?:and\s+|while\s+|but\s+)?(?:the|a|an|its|their|it|they)\b", gap, re.I))


def _other_mode(text: str, cur: Frame, hi: int) -> bool:
    """Whether a mode word between frame ``cur`` and ``hi`` says another mode than the frame's
    own ("from A to B by rail, and by truck to C"); "routes from A to B, C and D, the airline
    will fly to E" goes on in the same mode, no leg from D."""
    everything = mode_at(text, cur.end, hi)
    if any(w[2] == "corridor" for w in everything):
        return True  # "...; finally, the corridor connects to C": the next section
    gap = [w for w in everything if w[2] != "corridor"]
    if not gap:
        return False
    # (a frame with no word of its own takes the first after it: "from A to B by rail")
    own = _words(text, max(0, cur.start - 80), cur.end) or gap[:1]
    return any(w[2] != own[-1][2] for w in gap)


def _between(f: Frame, items: list[Item]) -> None:
    """``between A and B``; ``between A and B, C`` (A to each); cities of two countries
    pair across the border ("between Pune, Delhi, Hue and Vinh")."""
    if len(items) < 2 or (len(items) > 2 and all(it.m.kind == "country" for it in items)):
        return  # "a bridge between A, B and C" (three countries) pairs nothing
    countries = [getattr(it.m, "country", None) for it in items]
    cut = 1
    if len(items) >= 3 and all(countries) and all(it.m.kind != "country" for it in items):
        for k in range(1, len(items)):
            if countries[k] != countries[0]:
                cut = k
                break
        if len(set(countries[cut:])) > 1 or countries[0] in countries[cut:]:
            cut = 1
    f.origins, f.dests = items[:cut], items[cut:]


# Between a frame and a mode word after it: the word belongs to another clause ("goods go
# from A to B and then by ferry to C"; "shipments from A to B fell after storms closed roads").
_OTHER_CLAUSE = re.compile(r"[;:]|\b(?:then|after|when|while|because|since|but|although|though|where|"
                           r"which|who|before|until|unlike|whereas)\b|,\s*(?:and|or)\b", re.I)


def frame_mode(text: str, s_lo: int, s_hi: int, f: Frame, article_mode: str | None,
               frames: list[Frame] | None = None):
    """The mode word that governs a frame: a leg's own word, the nearest before the frame,
    else the first after it in the same clause (after the last of the sentence's ``frames``
    that ends before it, and no other leg's word); a route noun takes the article's mode."""
    if f.mode_hint:
        return f.mode_hint[2], f.mode_hint
    words = [w for w in mode_at(text, s_lo, s_hi) if w[2] != "corridor"] or mode_at(text, s_lo, s_hi)
    if f.rule == "between":
        countries = all(it.m.kind == "country" for it in f.origins + f.dests)
        near = [w for w in words if w[1] <= f.start and f.start - w[1] <= (25 if countries else 60)]
        if countries:
            return (near[-1][2], near[-1]) if near else (None, None)
        if near:
            return near[-1][2], near[-1]
        if article_mode and GENERIC_ROUTE.search(text, max(s_lo, f.start - 60), f.start):
            if article_mode == "road" and _LINE.search(text, max(s_lo, f.start - 60), f.start):
                return "rail", None
            return article_mode, None
        return None, None
    before = [w for w in words if w[1] <= f.start]
    inside = [w for w in words if f.start <= w[0] < f.end]
    hints = {g.mode_hint for g in frames or () if g.mode_hint is not None}

    def own_after(w):
        if w in hints:
            return False  # "... and then by ferry to C": the next leg's word
        last = max([g.end for g in frames or () if f.end <= g.end <= w[0]], default=f.end)
        return not _OTHER_CLAUSE.search(text, last, w[0])

    after = [w for w in words if w[0] >= f.end and own_after(w)]
    if (f.rule == "leg" and before and before[-1] in hints and before[-1][2] == "sea"
            and any(v.m.kind == "country" for v in f.vias)):
        # "... then by ferry to Baku and onward through Georgia to Turkey": no ship crosses
        # a country; the leg goes on by the sentence's earlier word, if any
        before = [w for w in before if w not in hints]
    for w in (before[-1:] or inside[:1] or after[:1]):
        return _carrier_mode(text, s_lo, s_hi, w), w
    others = [w for w in words if w[0] >= f.end and w[2] != "corridor"]
    if article_mode and others and any(w[2] == article_mode for w in others):
        # the article's mode read only from words of another clause of this very sentence
        # ("shipments from A to B stalled after rains closed roads") says nothing of A to B
        rest: dict[str, int] = {}
        for w in mode_at(text, 0, len(text)):
            if w[2] != "corridor" and w not in others:
                rest[w[2]] = rest.get(w[2], 0) + 1
        if not rest.get(article_mode):
            article_mode = max(rest, key=rest.get) if rest else None
    if (f.rule == "extension" and article_mode is None
            and _EXTENDED_LINE.search(text, max(s_lo, f.start - 40), f.start)):
        return "rail", None  # "plans to extend the line from A to B"
    if article_mode and (GENERIC_ROUTE.search(text, s_lo, s_hi) or f.rule == "link"):
        if hints and any(w[2] == "corridor" for w in mode_at(text, s_lo, s_hi)):
            # "the Middle Corridor carries cargo from A across B to C, then by ferry ...": a
            # corridor told leg by leg, each with its own mode; a leg without a word of its
            # own is the corridor's, not the mode of the article's other routes
            return "corridor", None
        if article_mode == "road" and _LINE.search(text, s_lo, s_hi):
            return "rail", None  # "a third line between A and B": no road is a line
        return article_mode, None
    if f.rule == "trade" and f.origins and f.dests and _TRADE_GOODS.search(text, s_lo, s_hi):
        # "Turkmenistan exports gas to China": a trade route, mode unknown ("Iran sent a
        # delegation to Moscow" sends no goods)
        return "corridor", None
    if article_mode is None and f.origins and f.dests and _GOODS.search(text, s_lo, s_hi):
        return "corridor", None  # "shipments of grain from A to B": a trade route, mode unknown
    return None, None


_LINE = re.compile(r"\blines?\b", re.I)
#: "extend the line": a railway (not a power, bus or transmission line).
_EXTENDED_LINE = re.compile(r"\bextend(?:s|ed|ing)?\s+(?:the|its|a)\s+(?:[\w-]+\s+)?(?<!power )(?<!bus )"
                            r"(?<!transmission )(?<!credit )lines?\b", re.I)
_BARE_CARRIER = re.compile(r"carriers?$", re.I)
#: How far before its sentence a bare "carrier" looks for ships.
_CARRIER_CONTEXT = 300


def _carrier_mode(text: str, s_lo: int, s_hi: int, w) -> str:
    """The mode of word ``w``; a bare "carrier" is a shipping line when ships, and no
    aircraft, are named in its sentence or just before ("Container lines have added calls.
    One carrier runs a service from A to B")."""
    if w[2] != "air" or not _BARE_CARRIER.match(text, w[0], w[1]):
        return w[2]
    near = {x[2] for x in mode_at(text, max(0, s_lo - _CARRIER_CONTEXT), s_hi)
            if not _BARE_CARRIER.match(text, x[0], x[1])}
    if "sea" in near and "air" not in near or _SHIPPING.search(text, max(0, s_lo - _CARRIER_CONTEXT), s_hi):
        return "sea"
    return "air"


_SHIPPING = re.compile(r"\b(?:container lines?|shipping lines?|shipping compan(?:y|ies)|ocean carriers?)\b", re.I)
_GOODS = re.compile(r"\b(?:shipments?|cargo|freight|goods|exports?|imports?|consignments?)\b", re.I)
#: What a trade verb moves: goods, fuel, power ("exports gas", "ships grain").
_TRADE_GOODS = re.compile(r"\b(?:shipments?|cargo|freight|goods|consignments?|supplies|products|gas|oil|crude|LNG|"
                          r"fuel|petroleum|diesel|grain|wheat|barley|corn|coal|cotton|ore|copper|iron|steel|"
                          r"aluminium|aluminum|uranium|metals?|fertili[sz]ers?|electricity|power|containers?|"
                          r"food|fruit|vegetables|timber|cement|cars|vehicles)\b", re.I)
TRADE_GOODS = _TRADE_GOODS
GOODS = _GOODS


#: An areal end followed this closely by a concrete place is that place's qualifier.
_NEXT_CONCRETE_CHARS = 12


def concrete_ends(text: str, f: Frame, later: list[Item], replaced: dict | None = None) -> None:
    """Macro-regions are never ends: a destination "Europe" yields to the last concrete
    place named after it in the sentence; an areal origin is dropped."""
    f.origins = [replaced.get(id(it), it) for it in f.origins] if replaced is not None else f.origins
    f.origins = [it for it in f.origins if not areal(it.m)]
    if f.dests and all(areal(it.m) for it in f.dests):
        # (not a town the frame passes through, nor one of another statement: "a corridor
        # linking China with Europe, and says traffic through Batumi doubled"; a country it
        # passes is its way in: "with Europe via Turkey")
        after = [it for it in later if it.start > f.dests[-1].end and not areal(it.m)
                 and (it.m.kind == "country" or not any(it is v for v in f.vias))
                 and not _NEW_CLAUSE.search(text, f.dests[-1].end, it.start)]
        # "to the port on the Caspian Sea of Aktau": the place named right after; else the
        # last one of the sentence ("trains to Europe, ... ending in Duisburg")
        near = [it for it in after if it.start - f.dests[-1].end <= _NEXT_CONCRETE_CHARS]
        pick = near[0] if near else (after[-1] if after else None)
        if replaced is not None and pick is not None:
            replaced[id(f.dests[-1])] = pick
        f.dests = [pick] if pick else []
    else:
        f.dests = [it for it in f.dests if not areal(it.m)]
    # a sea or strait the frame passes ("around the Cape of Good Hope") is no stop, but the
    # way it goes: kept as a passage
    f.passages = [it for it in f.vias if it.m.kind == "water"]
    f.vias = [it for it in f.vias if not areal(it.m)]


def pairs(f: Frame, text: str | None = None) -> list[tuple[Item, list[Item], Item]]:
    """(origin, vias, destination) for every route a frame states. With ``text``: a via
    set off by a comma after the last destination is every destination's ("with the ports
    of A and B, crossing C")."""
    out = []
    if not f.origins or not f.dests:
        return out
    if len(f.origins) > 1 and len(f.dests) > 1 and f.rule != "between":
        return out  # "from A and B to C and D": the pairing is not stated
    for o in f.origins:
        for i, d in enumerate(f.dests):
            if o.m.place_id == d.m.place_id:
                continue
            if len(f.origins) == 1 and len(f.dests) == 1:
                vias = f.vias
            elif len(f.origins) == 1:
                # "transit A and B, with trucks bound for C, and others to D via E": vias
                # before the first destination are shared, one after a destination is its own
                nxt = f.dests[i + 1].start if i + 1 < len(f.dests) else float("inf")
                last = f.dests[-1].end
                vias = [v for v in f.vias if v.end <= f.dests[0].start or d.end <= v.start < nxt
                        or (text is not None and v.start >= last and "," in text[last:v.start])]
            else:
                vias = []
            out.append((o, vias, d))
    return out
