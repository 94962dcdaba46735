"""The engine: a question in, an Answer out, ranked by rapidfuzz over one index per Snapshot."""

from __future__ import annotations

import bisect
import heapq
import logging
import math
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property, partial
from itertools import compress, filterfalse, repeat, takewhile
from typing import cast

from rapidfuzz import fuzz, process

from bot.content.loader import Entry, Snapshot
from bot.content.localised import ENGLISH, translations_of
from bot.content.models import (
    INTERNATIONAL,
    Country,
    CrisisKind,
    FaqEntry,
    Resource,
    Synonym,
    Topic,
)
from bot.engine.answers import HARM_TOPICS, Answer, EmergencyHelp, Outcome, Suggestion
from bot.engine.close_words import CloseWords
from bot.engine.crisis import CrisisReader
from bot.engine.cues import CueMatcher, LanguageGuesser, language_of
from bot.engine.learned import shipped_reader
from bot.engine.text import normalise, normalise_all, phrase_pattern
from bot.memory import collector_paused

log = logging.getLogger(__name__)

ANSWER_SCORE = 67.0
"""A best match at or above this is answered outright; below it, members get suggestions.

Measured on the labelled set (docs/quality.md): 68 was best until an entry's second matching
text counted (SECOND_TEXT_SHARE, round 5); since then 67 gains two questions with off-topic
rejection still at 96 %, and 66 lets 8 % of off-topic questions through.
"""
ANSWER_MARGIN = 4.0
"""A best match this close to an unrelated runner-up is a guess between two, so the member chooses.

Measured on the labelled set: 1, 3 and 4 differ by one question, 5 loses one more; 4 keeps a
one-word question such as "abuse" (sexual 79.4, domestic 76.3) a choice. bot/lint.py's
ambiguity check reads it too, through Engine.contenders. A topic this close to a FAQ or line
filed with it yields to them (docs/quality.md, step 15).
"""
SUGGEST_SCORE = 60.0
"""Matches below this are noise, not worth offering.

Measured on the labelled set (docs/quality.md, step 11): 64 left 5 % of questions with the
right entry just under it (top-3 90 %, at 60 95 %); suggestions never count as an answer, so
off-topic rejection does not move."""
TEXT_WEIGHT = 0.75
"""Body text (summaries, answers) counts less than titles and aliases, which editors chose.

Measured: without body text top-3 falls from 90.2 % to 89.1 %."""
OTHER_LANGUAGE_PENALTY = 15.0
"""Taken from a translation's title or alias when the question is not in its language: the
French alias "audition police viol" must not answer "he's going to kill it at his audition"."""
OTHER_COUNTRY_PENALTY = 8.0
"""A line from another country must match clearly better than a local one to outrank it."""
MIN_QUERY_LETTERS = 3
"""Shorter questions ("hi", "?") match everything a little and nothing well."""
TYPO_SCORE = 83.0
"""fuzz.ratio at which a question word stands for an indexed word it is not.

Measured: 80 reads "audition" as "addiction" (82) and answers an off-topic question; 83 keeps
"rapped" for "raped" (91), "boyfreind" (89) and "consnet" (86); 85 loses a point of top-1.
"""
MIN_TYPO_LETTERS = 4
"""Shorter words must be spelt right, and are never what a typo meant: one letter changes a
short word into another word ("dead" is not "dad")."""
MAX_CANDIDATES = 300
"""Most indexed texts scored per question, those of the entries covering the most of it first.

Measured: on the labelled set 150, 200 and 400 gave the same figures, 100 lost a point of
top-3; in tests/benchmarks/engine.py scoring is most of a question's time, so fewer is faster.
Translations put a word like "metoo" in six times as many texts: at 150 the entry answering
"what is the me too movement" was left out; 300 keeps it (+4 points of top-1 on the
languages tuning set).
"""
RARE_SHARE = 0.2
"""Share of a text's score that depends on its entry covering the question's rarer words.

Measured on the labelled set (docs/quality.md, step 10): 0.2 lifts top-1 from 72 % to 77 %;
0.1 gives 75 %, 0.3 and 0.4 lose it again as scores sink under ANSWER_SCORE."""
SECOND_TEXT_SHARE = 0.1
"""Share of an entry's second-best matching text, above SUGGEST_SCORE, added to its best.

An entry matched by two of its texts ("helpline tell", "tell parent") says more than one matched
by a single text that happens to score a little higher. Measured on the labelled set
(docs/quality.md, round 5), answering at 68: 0.1 gains two questions of top-1, 0.05 and 0.15
one each; counting from 70 or 80 instead of SUGGEST_SCORE, one. Identical texts (a title
repeated as an alias) count once.
"""
GUESS_SCORE = 68.0
"""A lenient best match at or above this is offered as a best guess (GUESS_ORDER_SHARE).

Measured on the tuning sets: 68 against 72 and 80 leaves 5-10 % of on-topic questions with
nothing useful instead of 10-18 %, at one more off-topic question given a guess in 54."""
HINT_VOTES = 1.0
"""Hinted words a question needs before its topic is answered: one hint word is enough, because
hints are words only people describing the subject use (docs/content.md, "Topic hints")."""
ORDER_SHARE = 0.5
"""Share of a text's score from token_sort_ratio, which counts the words it and the question do
not share; the rest is token_set_ratio. Measured on the labelled set: equal shares rank best."""
GUESS_ORDER_SHARE = 0.2
"""The same share when looking for a best guess: a long question holding an alias whole ("my
phone is dying, whats the rainn number") should find it, though too many other words keep it
from a confident answer."""
LINE_WORDS = frozenset(
    """line lines helpline helplines hotline hotlines helpine hotlin textline chatline number
    numbers chat text ring call phone centre center service services""".split()
)
"""Words of a question that asks for somewhere to call, text or go, rather than for an answer.
Measured on the tuning sets: +1 point of top-1 on sets A and questions, none lost."""
OFF_TOPIC_PROBABILITY = 0.65
"""From this probability of "none" the learned reader turns a confident match short of exact into
a choice. Trained without blind_d, blind_e and blind_l2 and tried on them: off-topic questions
with no confident answer rose from 92.9 to 95.3 %, one of 567 right answers was lost, and
useful answers went from 97.5 to 97.2 % (0.5: 95.7 %, 97.0 %; 0.9: 93.3 %)."""
OVERRULE_PROBABILITY = 0.2
"""From this probability the learned reader's entry replaces a confident match it does not count
among its own choices at all (or reads far less likely: OVERRULE_RATIO). Its model trained
without the sets tried: on blind_f, blind_g and blind_l3, top-1 rose from 415 to 427 of 594; on
blind_d, blind_e and blind_l2 from 430 to 437 of 567; useful answers and off-topic rejection did
not move (0.3: 426 and 435; 0.5: 420 and 431)."""
OVERRULE_RATIO = 1.5
"""...and when it reads the match too, from this many times the match's probability. Before, a
match the reader counted among its choices at all was never overruled. The reader trained
without twelve training sets, on them: top-1 1,276 -> 1,289 of 1,768 (ratio 1: 1,285; 1.2:
1,286; 2: 1,287; 3: 1,285), off-topic rejection unchanged."""
HISTORY_PROBABILITY = 0.3
"""From this probability the learned reader's fact, event or story answers outright rather than
as a best guess: it has no lines to offer beside it, so a guess left the member with the right
fact marked as unsure (issue 14 counts that as nothing useful). The reader trained without
twelve training sets guessed 39 campaign entries on them: all 13 read at 0.3 or more were right
(17 of 17 from 0.2), and no off-topic question read at more than 0.15."""
ON_TOPIC_PROBABILITY = 0.05
"""Below this chance that both learned readers read a question as off topic, a question nothing
else placed gets its likeliest harm topic. The reader trained without twelve training sets
(1,768 on-topic questions and 447 off topic): on-topic questions left with nothing useful 45 ->
36, top-1 +3, off-topic questions given a guess 213 -> 224 (0.02: 39, 223; 0.1: 34, 232; the
entry reader alone below 0.3: 32, 238, with "quel temps fait-il demain à paris" given the
sexual-assault lines). A guess is never a confident answer, so off-topic rejection holds."""
_EXACT = 100.0
"""A match this good is a name editors wrote: the learned reader never overrules it."""
LEARNED_WORDS = 3
"""Words from which the learned reader may guess an entry for a question no text matched."""
MAX_SUGGESTIONS = 5
AUTOCOMPLETE_LIMIT = 25
"""Discord shows at most 25 autocomplete choices."""
_PREFIX_WORDS = 50
"""Indexed words a half-typed word may complete, first alphabetically; bounds a keystroke
at any size (tests/benchmarks/engine.py: autocomplete p99 1.3 ms at 10,000 entries)."""
_BODY_CHARS = 400
"""Body text beyond this adds matching cost and no precision."""
_CRISIS_LINES = 4
CRISIS_TOPIC = "suicide-and-crisis"
"""The topic whose international directories close every crisis answer."""
"""Round-the-clock lines shown in a crisis, after the emergency numbers."""

IGNORED_WORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from about into as so than then
    is am are was were be been being do does did doing have has had having will would shall should
    can could may might must i me my mine you your u ur we our they them their he him his she her
    it its this that these those there here what which who whom whose when where why how
    im ive id youre dont doesnt didnt cant wont isnt wasnt arent
    just really very too also any some more most much many such now still even ever
    get got gets getting go goes going want wanna need needs please pls plz thanks thank
    hi hello hey ok okay like know think anyone someone something anything thing things
    after before since because while until gonna tryna
    """.split()
) | frozenset(
    """
    ich du er wir ihr mich mir dich dir ein eine einen einem einer der das dem des und oder ist
    bist sind wurde wurden habe hast haben nicht kein keine mit von zu zum zur fur auf aus bei nach
    je tu il elle nous vous ils elles le la les un une des du de au aux et ou est suis es sont
    etait ai as avons ont mon mes ta tes sa ses ce cette qui que quoi pour par avec dans sur pas ne
    yo el ella nosotros ellos los las unos unas del y o soy eres era fui ha mi mis tus su sus con
    por para en eu ele ela nos eles elas os um uma do da dos das e sou foi meu minha seu sua com
    pelo pela em nao ik jij hij zij wij het een ben mijn voor niet
    """.split()
)
"""Words that say nothing about which entry is meant; questions and texts are not matched on them.

Measured: with them, any question sharing "in" or "the" with a long text scored 85.5 under
WRatio; without them off-topic rejection rose from 94 % to 96 % and top-1 from 32 % to 45 %.
Words about help itself ("helpline", "hotline", "number") stay: they name services, and
ignoring them lost a point of top-1. The second set is the same kind of word in the other
languages the content serves (French, Spanish, German, Portuguese, Dutch), without those that
are also English words a member means ("die", "son", "war", "met"...): measured, one more
question of top-1 ("ich wurde als kind missbraucht" no longer matched on "ich" and "wurde").
"""

_PREPOSITIONS = ("in", "the", "from", "for", "en", "au", "aux", "in der", "im")
_AMBIGUOUS_SHORT = frozenset(
    """us in de es it no me id my be to so do is at on or an as he we am la le el se en ca sa au ie
    fr ng ke""".split()
)
"""Two-letter words that are also country aliases; they count only after a preposition.

"ng" (Nigeria) is the commonest Tagalog word and "ke" (Kenya) one of Hindi's: without them here
every third Tagalog or Hindi question was answered with Nigerian or Kenyan lines and emergency
numbers (1,015 of the training questions in those languages, found in session 10)."""


def content_words(text: str) -> list[str]:
    """The words of normalised `text` that can tell entries apart."""
    return list(_content(text.split()))


_content = cast(
    "Callable[[Iterable[str]], Iterator[str]]", partial(filterfalse, IGNORED_WORDS.__contains__)
)
"""content_words of words already split: all in C, with no Python call per text (typeshed
cannot tell that filterfalse keeps the words' type through partial)."""
_CHUNK = 512
"""Texts an index reads at once: enough for C loops to pay, and few enough that their word
tuples, alive together, seldom set off the garbage collector (4096 made it walk twice as often)."""


class _Synonyms:
    """Reads every word or phrase of an editors' synonym group as the group's first.

    Applied to questions and indexed texts alike, so "bf" finds an alias that says "boyfriend"
    and "intimate images" one that says "nudes", while rapidfuzz still does all the scoring.
    """

    def __init__(self, groups: Iterable[Synonym]) -> None:
        self.canonical: dict[str, str] = {}
        for group in groups:
            forms = [form for form in map(normalise, group.words) if form]
            for form in forms:
                self.canonical.setdefault(form, forms[0])
        self._pattern = phrase_pattern(self.canonical)

    def rewrite(self, normalised: str) -> str:
        """`normalised` with each synonym replaced by its group's first word or phrase."""
        return self._pattern.sub(self._canonical_of, normalised)

    def rewrite_all(self, normalised: Sequence[str]) -> list[str]:
        """`rewrite` of each text, in one pass of the pattern over them all (issue 14).

        A line break is a word boundary as the ends of a text are, and neither a normalised
        text nor a synonym holds one, so no match spans two texts. Without synonyms there is
        nothing to look for, and re would still try every position.
        """
        if not self.canonical or not normalised:
            return list(normalised)
        return self._pattern.sub(self._canonical_of, "\n".join(normalised)).split("\n")

    def _canonical_of(self, match: re.Match[str]) -> str:
        return self.canonical[match.group()]


class _Index:
    """Every entry's searchable texts, reduced to content words, with a word -> texts index.

    Scoring only the texts that share a word with the question keeps a question's cost near
    constant as content grows, and keeps off-topic questions from matching anything at all.
    """

    def __init__(
        self,
        owners: Sequence[int],
        texts: Sequence[str],
        weights: Sequence[float],
        languages: Sequence[str],
        synonyms: _Synonyms,
    ) -> None:
        """Index `texts` as _read gives them, each with its entry's position, weight and language.

        Texts are read a chunk at a time, each step a C loop over the chunk: Python work per
        text and per word was most of building 100,000 entries (issue 14). A chunk's word
        tuples are all that is alive at once, not one per text, which the garbage collector
        would walk again and again.
        """
        self.read: list[str] = []
        """The texts as _read gives them, by position."""
        self.owners: list[int] = []
        self.weights: list[float] = []
        self.languages: list[str] = []
        """Each text's language: a translation's own, or ENGLISH for what editors first wrote."""
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for start in range(0, len(texts), _CHUNK):
            chunk = slice(start, start + _CHUNK)
            words = list(map(tuple, map(_content, map(str.split, texts[chunk]))))
            # A text of ignored words alone is left out, so positions count the others.
            for position, found in enumerate(compress(words, words), len(self.read)):
                for word in found:
                    postings[word].append(position)
            self.read += compress(texts[chunk], words)
            self.owners += compress(owners[chunk], words)
            self.weights += compress(weights[chunk], words)
            self.languages += compress(languages[chunk], words)
        self._texts: list[str | None] = [None] * len(self.read)
        """Content words by position, joined when first scored: most never are (issue 14)."""
        self.postings = dict(postings)
        """Each word's texts by position, in order. A text holding a word twice is listed twice:
        readers make a set, and a set per text was a sixth of building the index (issue 14)."""
        self._idf: dict[str, float] = {}
        """Inverse document frequency by word, worked out for the words questions have."""
        self._spelt = {
            form: meant
            for form, meant in synonyms.canonical.items()
            if " " not in form and meant in postings
        } | {word: word for word in postings}
        """Every spelling a question word may be corrected to, and the indexed word it means."""
        self.vocabulary = sorted(self._spelt)
        self._close = CloseWords(self.vocabulary, TYPO_SCORE, limit=3)

    def similar(self, word: str) -> list[str]:
        """Indexed words the member may have meant by `word`, best first.

        Two neighbouring letters swapped ("fualt") cost fuzz.ratio as much as two wrong letters,
        which TYPO_SCORE refuses in short words; a swap that spells an indexed word is taken.
        """
        if word in self.postings:
            return [word]
        if len(word) < MIN_TYPO_LETTERS:
            return []
        found = self._close.find(word)
        matches = [match for match, _ in found if len(match) >= MIN_TYPO_LETTERS]
        if not matches:
            matches = [swapped for swapped in _swaps(word) if swapped in self._spelt]
        return list(dict.fromkeys(self._spelt[match] for match in matches))

    def starting(self, prefix: str) -> list[str]:
        """Indexed words that begin with `prefix`, for autocomplete."""
        start = bisect.bisect_left(self.vocabulary, prefix)
        return list(
            dict.fromkeys(
                self._spelt[word]
                for word in self.vocabulary[start : start + _PREFIX_WORDS]
                if word.startswith(prefix)
            )
        )

    def score(
        self,
        query: str,
        meant: Sequence[Sequence[str]],
        cutoff: float = 0.0,
        order_share: float = ORDER_SHARE,
    ) -> dict[int, float]:
        """Score the texts of entries sharing a word the question may mean against `query`.

        token_set_ratio finds the question's words inside a longer alias (and an alias inside a
        longer question); token_sort_ratio counts the words they do not share, so a long text
        sharing one word does not tie with an exact alias. Measured on the labelled set, equal
        shares rank best: 0.4/0.6 lose 1-2 points of top-1, 0.6/0.4 lets off-topic through.
        Neither knows that "rainn" says more than "hotline", so the mean is scaled down for
        entries covering less of the question's rare words than the best-covering entry
        (RARE_SHARE); the texts of the best-covering entries are the ones scored. A text whose
        token_set_ratio is under `cutoff` cannot reach it (token_sort_ratio is rarely higher),
        so only the others pay for the second pass: the same figures on the labelled set
        at two thirds of the time (tests/benchmarks/engine.py).
        """
        return _combined(self.parts(query, meant, cutoff), order_share)

    def parts(self, query: str, meant: Sequence[Sequence[str]], cutoff: float = 0.0) -> Parts:
        """What score combines, by text position.

        Kept apart so a second ranking of the same question with another order share costs no
        second pass (Engine._guess).
        """
        coverage = self._coverage(meant)
        most = max(coverage.values(), default=1.0)
        ranked = heapq.nlargest(MAX_CANDIDATES, coverage, key=coverage.__getitem__)
        candidates = {position: self.text(position) for position in ranked}
        by_set = process.extract(
            query, candidates, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=None
        )
        kept = {key: candidates[key] for _, _, key in by_set}
        by_order = process.extract(query, kept, scorer=fuzz.token_sort_ratio, limit=None)
        order = {key: score for _, score, key in by_order}
        return {
            key: (score, order[key], 1 - RARE_SHARE + RARE_SHARE * coverage[key] / most)
            for _, score, key in by_set
        }

    def warm(self) -> None:
        """Join every text and weigh every word now, off the path of members' questions."""
        for position in range(len(self.read)):
            self.text(position)
        for word in self.postings:
            self._weight(word)

    def text(self, position: int) -> str:
        """The content words of the text at `position`, as rapidfuzz scores them."""
        found = self._texts[position]
        if found is None:
            found = self._texts[position] = " ".join(content_words(self.read[position]))
        return found

    def _weight(self, word: str) -> float:
        """How rare an indexed word is among the texts (inverse document frequency)."""
        found = self._idf.get(word)
        if found is None:
            texts = len(set(self.postings[word]))
            found = self._idf[word] = math.log((1 + len(self.read)) / (1 + texts)) + 1
        return found

    def _coverage(self, meant: Sequence[Sequence[str]]) -> dict[int, float]:
        """For each text sharing a word with the question: the IDF weight its entry covers."""
        shared: set[int] = set()
        covered: dict[int, float] = {}
        for options in meant:
            positions = {position for word in options for position in self.postings[word]}
            if not positions:
                continue
            shared |= positions
            weight = max(map(self._weight, options))
            for owner in {self.owners[position] for position in positions}:
                covered[owner] = covered.get(owner, 0.0) + weight
        return {position: covered[self.owners[position]] for position in shared}


class Engine:
    """Answers questions from one Snapshot; build a new Engine to serve new content."""

    def __init__(self, snapshot: Snapshot, *, default_country: str | None = None) -> None:
        self.snapshot = snapshot
        self.default_country = default_country
        self._languages = LanguageGuesser(
            [(cue.language, word) for cue in snapshot.cues for word in cue.words]
            + [(cue.language, word) for cue in snapshot.calm for word in cue.words]
            + [(hint.language, word) for hint in snapshot.hints for word in hint.words]
        )
        self._word_languages: dict[str, frozenset[str]] = {}
        self._spelling = LanguageGuesser(lookup=self._written_in)
        """Which languages each indexed word is written in, so a typo is read as a word of the
        question's own languages: "freind" is "friend", never the German "freund"."""
        self._speech = LanguageGuesser(
            lookup=lambda word: self._languages.languages_of(word) or self._written_in(word)
        )
        """The language a message is written in, for the country it points to: cue, calm and
        hint words first, since aliases in Tagalog or Hinglish are filed as English."""
        self._learned = shipped_reader()
        self._learned_labels = frozenset(self._learned.entries.labels)
        self._crisis = CrisisReader(
            snapshot.phrases,
            snapshot.cues,
            snapshot.combos,
            snapshot.calm,
            self._languages,
            model=self._learned,
        )
        self._entries: tuple[Entry, ...] = tuple(snapshot.by_id.values())
        self._synonyms = _Synonyms(snapshot.synonyms)
        with collector_paused():
            owners, texts, weights, languages = searchable(self._entries)
            read = self._synonyms.rewrite_all(normalise_all(texts))
            self._index = _Index(owners, read, weights, languages, self._synonyms)
        self.proper_names = frozenset(
            word for text in _proper_names(snapshot) for word in normalise(text).split()
        )
        """Words of the people and places the content names, which no log may keep."""
        self.vocabulary = frozenset(self._index.vocabulary) - self.proper_names
        """The content's own words (and the spellings its synonyms give them), names left out."""
        self._names_index: _Index | None = None
        self._names_lock = threading.Lock()
        self._stop_warming = threading.Event()
        self._families: dict[int, frozenset[str]] = {}
        """Families (_family_of) by entry position, each worked out when a ranking needs it."""
        self._lines: dict[tuple[str | None, str], list[Resource]] = {}
        for line in snapshot.resources:
            for topic in (None, *line.topics):
                for code in line.countries:
                    self._lines.setdefault((topic, code), []).append(line)
        self._line_order = {line.id: position for position, line in enumerate(snapshot.resources)}
        self._countries = _CountryFinder(snapshot.countries)
        self.topic_ids = frozenset(topic.id for topic in snapshot.topics)
        self._topic_order = {topic.id: rank for rank, topic in enumerate(snapshot.topics)}
        self._fallbacks = {topic.id: topic.fallback for topic in snapshot.topics if topic.fallback}
        self._hints: dict[str, CueMatcher[str]] = {
            language: CueMatcher(
                (word, hint.topic)
                for hint in snapshot.hints
                if hint.language == language
                for word in hint.words
            )
            for language in {hint.language for hint in snapshot.hints}
        }
        self._topic_names = {
            normalise(name): topic
            for topic in snapshot.topics
            for name in (topic.name, *topic.translated_titles.values(), *topic.every_alias)
        }

    def ask(
        self, query: str, *, locale: str | None = None, server_country: str | None = None
    ) -> Answer:
        """Answer a free question: a confident entry, suggestions, or no match, crisis first."""
        text = normalise(query)
        words = text.split()
        languages = self._spelling.guess(words, language_of(locale))
        country, ranked, parts = self._ranked(
            text, self._country_of(words, locale, server_country), languages
        )
        # Greetings and filler alone ("hello", "thanks") say nothing the model can read as a
        # crisis, yet crises so often open with them that it read "hello" as one (0.90, in
        # session 10): the cues and phrases still read such a message.
        crisis = self._crisis.read(query, locale, model_reads=any(_content(words)))
        best = ranked[0] if ranked else None
        rivals = self._rivals(ranked)
        guessed = False
        if (
            best is not None
            and best[1] >= ANSWER_SCORE
            and not rivals
            and not self._off_topic(query, best)
        ):
            chosen = self._most_specific(best, ranked)
            entry: Entry | None = self._entries[chosen[0]]
            outcome = Outcome.ANSWER
            others = [item for item in ranked if item != chosen][: MAX_SUGGESTIONS - 2]
            if (overruling := self._overruling(query, country, ranked, chosen)) is not None:
                entry = overruling
                others = self._others(ranked, overruling)
        # A close call between two good matches is never replaced by a guess.
        elif (best is None or best[1] < ANSWER_SCORE) and (
            guess := self._guess(query, ranked, parts, country, locale, languages)
        ) is not None:
            entry, others, sure = guess
            outcome, guessed = Outcome.ANSWER, not sure
        elif best is not None and (settled := self._settled(query, country, best, rivals)):
            entry, outcome, guessed = settled, Outcome.ANSWER, True
            others = self._others(ranked, settled)
        elif best is not None and (topic := self._contending_topic(best, rivals)) is not None:
            # Two meanings within the margin, one of them a topic: its lines are never a wrong
            # thing to offer, and the other meanings stay one press away below them.
            entry, outcome, guessed = topic, Outcome.ANSWER, True
            others = self._others(ranked, topic)
        elif best is not None and (picked := self._close_call_pick(query, country, best)):
            entry, outcome, guessed = picked, Outcome.ANSWER, True
            others = self._others(ranked, picked)
        elif (overview := self._campaign_overview(text, ranked)) is not None:
            entry, outcome, guessed = overview, Outcome.ANSWER, True
            others = self._others(ranked, overview)
        else:
            entry = None
            outcome = Outcome.SUGGESTIONS if ranked else Outcome.NO_MATCH
            others = ranked[:MAX_SUGGESTIONS]
        if entry is not None and not isinstance(entry, Topic | Resource):
            entry = self._topic_for_line_request(text, ranked, locale) or entry
        if crisis and (for_danger := self._for_the_danger(entry, crisis.kind)) not in (entry, None):
            entry, outcome, guessed = for_danger, Outcome.ANSWER, True
            others = self._others(ranked, for_danger)
        emergency = self.urgent(country, entry, kind=crisis.kind) if crisis else None
        if emergency is not None and outcome is not Outcome.ANSWER:
            outcome = Outcome.ANSWER
        log.debug(
            "ask: outcome=%s entry=%s score=%.1f crisis=%s country=%s",
            outcome,
            entry.id if entry else None,
            best[1] if best else 0.0,
            crisis is not None,
            country.code if country else None,
        )
        return Answer(
            query=query,
            outcome=outcome,
            entry=entry,
            score=round(best[1], 1) if entry is not None and best and not guessed else 0.0,
            suggestions=tuple(Suggestion.of(self._entries[i], score) for i, score in others),
            country=country,
            lines=self.lines_for_entry(entry, country) if entry else (),
            emergency=emergency,
            guessed=guessed,
        )

    def _guess(
        self,
        query: str,
        ranked: Sequence[tuple[int, float]],
        parts: Parts,
        country: Country | None,
        locale: str | None,
        languages: frozenset[str],
    ) -> tuple[Entry, list[tuple[int, float]], bool] | None:
        """A best guess for a question no entry matches confidently, with what else to offer.

        First the entry the learned reader is sure enough of: it has read the content's aliases
        and thousands of questions as people write them, so it knows "leaking my pics in the gc"
        is about shared images where no alias does (bot/training.py, ENTRY_THRESHOLD). Failing
        that, the topic the question's words hint at; then an entry the question holds nearly
        whole among many other words (a lenient ranking); then the topic the learned reader sees
        in it. Each way the member gets lines to call rather than nothing. Measured on tuning
        set A, hints first answers 64 % of questions right against 57 % lenient first, with the
        same off-topic guesses; the learned topic last took on-topic questions left with nothing
        useful from 9.5 % to 3.2 %.

        The flag says the guess is sure enough to answer with (HISTORY_PROBABILITY).
        """
        choices = self._learned_choices(query, country, ranked)
        if choices:
            learned, probability = choices[0]
            sure = learned.is_campaign and probability >= HISTORY_PROBABILITY
            return learned, self._others(ranked, learned), sure
        text = normalise(query)
        hinted = self._hinted_topic(text, ranked, locale)
        if hinted is None:
            lenient = self._rank_parts(parts, country, self._index, GUESS_ORDER_SHARE, languages)
            if lenient and lenient[0][1] >= GUESS_SCORE:
                chosen = self._most_specific(lenient[0], lenient)
                others = [item for item in lenient if item != chosen][:MAX_SUGGESTIONS]
                return self._entries[chosen[0]], others, False
            hinted = self._learned_topic(query)
        if hinted is None and _enough_to_learn(query, ranked):
            hinted = self._likeliest_harm_topic(query, foreign=self._foreign(text, locale))
        if hinted is None:
            return None
        entry = self._reader_pick_within(query, country, hinted) or hinted
        return entry, self._others(ranked, entry), False

    def _reader_pick_within(
        self, query: str, country: Country | None, topic: Topic
    ) -> Entry | None:
        """The learned reader's likeliest entry for the member's country, if filed under `topic`.

        A guessed topic's own page is right, but often not the best: "kann ich eine anzeige auch
        online machen" is about reporting, and the reader knew, at odds too low to answer alone.
        Once the topic is settled its top pick within it is right more often: on fresh training
        sets, read before they were trained on, top-1 rose by 7 of 446 questions and 3 of 507.
        """
        for entry_id in self._learned.likeliest_entries(query):
            entry = self.snapshot.by_id.get(entry_id)
            if entry is not None and _holds_for(entry, country):
                return entry if topic.id in entry.filed_under else None
        return None

    def _for_the_danger(self, entry: Entry | None, kind: CrisisKind) -> Entry | None:
        """The topic a crisis answer opens behind its Open button: the match's, else the danger's.

        The match's topic serves when it is about the same danger. A message read as suicidal
        matched "nudes shared" or "workplace harassment" one time in three on fresh sets (issue
        14), and its Open button led there; a topic lists every local line, where a FAQ or one
        line would not. The best matches stay among the suggestions. Any harm topic fits a
        medical emergency: an overdose after an assault is still about the assault. Content
        without the danger's topic keeps the match.
        """
        fitting = _KIND_TOPICS[kind]
        if kind == "medical":
            fitting += tuple(sorted(HARM_TOPICS.difference(fitting)))
        matched = entry.filed_under if entry is not None else frozenset()
        for topic_id in sorted(fitting, key=lambda topic_id: topic_id not in matched):
            if (topic := self.snapshot.by_id.get(topic_id)) is not None:
                return topic
        return entry

    def _others(self, ranked: Sequence[tuple[int, float]], shown: Entry) -> list[tuple[int, float]]:
        """What to offer under the entry shown: the best of the rest of the ranking."""
        return [item for item in ranked if self._entries[item[0]] is not shown][:MAX_SUGGESTIONS]

    def _written_in(self, word: str) -> frozenset[str]:
        """The languages of the indexed texts holding `word`: a translation's own, or ENGLISH.

        English stands for "as editors first wrote it", which holds some aliases in other
        languages; a word found in such a text is allowed whatever the question's language.
        Worked out for the words questions have, not while building (issue 14); a word no text
        is matched on, such as "to" or "ich", takes the languages of the cues that hold it.
        """
        positions = self._index.postings.get(word)
        if positions is None:  # a word no text is matched on ("to", "ich"): the cues know it
            return self._languages.languages_of(word)
        # Kept for indexed words only, so what members type never grows the cache.
        found = self._word_languages.get(word)
        if found is None:
            languages = self._index.languages
            found = self._word_languages[word] = frozenset(languages[p] for p in positions)
        return found

    def _learned_entry(
        self, query: str, country: Country | None, ranked: Sequence[tuple[int, float]]
    ) -> Entry | None:
        """The entry the learned reader is surest answers a question, for the member's country.

        None when it finds the question more likely off topic, or the question says too little
        for a guess to mean anything (_enough_to_learn).
        """
        choices = self._learned_choices(query, country, ranked)
        return choices[0][0] if choices else None

    def _learned_choices(
        self, query: str, country: Country | None, ranked: Sequence[tuple[int, float]]
    ) -> list[tuple[Entry, float]]:
        """The entries the learned reader sees in a question that hold for the member's country.

        Surest first; none for a question that says too little (_enough_to_learn).
        """
        if not _enough_to_learn(query, ranked):
            return []
        choices = []
        for entry_id, probability in self._learned.entries_for(query):
            entry = self.snapshot.by_id.get(entry_id)
            # None: an entry removed since the model was trained
            if entry is not None and _holds_for(entry, country):
                choices.append((entry, probability))
        return choices

    def _overruling(
        self,
        query: str,
        country: Country | None,
        ranked: Sequence[tuple[int, float]],
        chosen: tuple[int, float],
    ) -> Entry | None:
        """The entry the learned reader answers with instead of a match it finds far less likely.

        "should i go to a doctor after being assaulted even if im not hurt" matched the FAQ on
        overreacting; the reader knows it for medical care after an assault. Never an exact
        match of a name editors wrote (_EXACT).
        """
        matched = self._entries[chosen[0]]
        # An entry added since the reader was trained is one it cannot judge.
        if chosen[1] >= _EXACT or matched.id not in self._learned_labels:
            return None
        choices = self._learned_choices(query, country, ranked)
        if not choices or choices[0][1] < OVERRULE_PROBABILITY or choices[0][0] is matched:
            return None
        matched_probability = next((p for entry, p in choices if entry is matched), 0.0)
        return choices[0][0] if choices[0][1] >= OVERRULE_RATIO * matched_probability else None

    def _learned_topic(self, query: str) -> Topic | None:
        """The topic the learned reader says an unmatched question is about, when it is sure."""
        found = self.snapshot.by_id.get(self._learned.topic(query) or "")
        return found if isinstance(found, Topic) else None

    def _settled(
        self,
        query: str,
        country: Country | None,
        best: tuple[int, float],
        rivals: Sequence[tuple[int, float]],
    ) -> Entry | None:
        """The contender of a close call the learned reader picks, if it picks one of them.

        "helpline in new zealand for sexual harm" names a line, a fact and an event equally
        well; the reader has seen how people ask for each.
        """
        if best[1] < ANSWER_SCORE:
            return None
        learned = self._learned_entry(query, country, [best, *rivals])
        contenders = {self._entries[owner] for owner, _ in [best, *rivals]}
        return learned if learned in contenders else None

    def _close_call_pick(
        self, query: str, country: Country | None, best: tuple[int, float]
    ) -> Entry | None:
        """What a close call nobody settled answers with, so an on-topic question gets something.

        The learned reader's surest entry, else the best match itself; its rivals stay one press
        away below it. None for a question the reader finds off topic.
        """
        if best[1] < ANSWER_SCORE or self._off_topic(query, best):
            return None
        return self._learned_entry(query, country, [best]) or self._entries[best[0]]

    def _off_topic(self, query: str, best: tuple[int, float]) -> bool:
        """Whether a match short of certain is one the learned reader finds off topic.

        "alguém tem receita de brigadeiro" shares enough letters with a Portuguese alias to
        match it at 73; the reader, having read thousands of questions, sees a recipe.
        """
        if best[1] >= _EXACT or not _enough_to_learn(query, [best]):
            return False
        return self._learned.off_topic_probability(query) >= OFF_TOPIC_PROBABILITY

    def _foreign(self, text: str, locale: str | None) -> bool:
        """Whether a question is in a language other than English.

        Its words decide; the member's locale only when its words say nothing.
        """
        written = self._spelling.guess(text.split())
        if written:
            return ENGLISH not in written
        return language_of(locale) not in (None, ENGLISH)

    def _likeliest_harm_topic(self, query: str, *, foreign: bool) -> Topic | None:
        """The harm topic most likely meant by a question nothing else placed, if on topic.

        The last step, so the member gets their country's lines rather than a "no match". For a
        question in another language, which must never get a "no match" it may not read (issue
        14), on topic means the topic reader finds a harm topic likelier than none. Otherwise
        both readers together must find it on topic (ON_TOPIC_PROBABILITY), which also settles
        it in any language: "seit der trennung steht er jeden tag vor meiner arbeit" has no word
        the topic reader ties to stalking, but the entry reader sees nothing off topic in it.
        """
        sure = self._learned.off_topic_by_both(query) < ON_TOPIC_PROBABILITY
        if not (foreign or sure):
            return None
        found = self._learned.likeliest_topic(query, HARM_TOPICS, beat_off_topic=not sure)
        topic = self.snapshot.by_id.get(found or "")
        return topic if isinstance(topic, Topic) else None

    def _contending_topic(
        self, best: tuple[int, float], rivals: Sequence[tuple[int, float]]
    ) -> Topic | None:
        """The one topic among a close call's contenders ("help after a sexual assault").

        Two topics contending ("abuse": sexual or domestic) stay the member's choice.
        """
        if best[1] < ANSWER_SCORE:
            return None
        contenders = [self._entries[owner] for owner, _ in [best, *rivals]]
        topics = [entry for entry in contenders if isinstance(entry, Topic)]
        return topics[0] if len(topics) == 1 else None

    def _topic_for_line_request(
        self, text: str, ranked: Sequence[tuple[int, float]], locale: str | None
    ) -> Topic | None:
        """The topic whose lines a question asks for ("sexual assault support line canada").

        A FAQ about calling a line shares those words, but the member wants a number to call.
        """
        if LINE_WORDS.isdisjoint(text.split()):
            return None
        hinted = self._hinted_topic(text, ranked, locale)
        if hinted is not None:
            return hinted
        return next(
            (
                entry
                for owner, _ in ranked[:MAX_SUGGESTIONS]
                if isinstance(entry := self._entries[owner], Topic)
            ),
            None,
        )

    def contenders(self, query: str, *, country: Country | None = None) -> tuple[Suggestion, ...]:
        """The entries `query` leaves a member to choose between, best first, ranked as ask ranks.

        Empty when ask answers it outright or nothing reaches ANSWER_SCORE. Content lint reads
        it, so the names it reports as competing are the ones members really get a choice for.
        """
        _, ranked, _ = self._ranked(normalise(query), country)
        rivals = self._rivals(ranked)
        if not rivals or ranked[0][1] < ANSWER_SCORE:
            return ()
        return tuple(Suggestion.of(self._entries[i], score) for i, score in (ranked[0], *rivals))

    def _ranked(
        self, text: str, country: Country | None, languages: frozenset[str] | None = None
    ) -> tuple[Country | None, list[tuple[int, float]], Parts]:
        """The country a normalised question names (else `country`), and the entries ranked there.

        The scores they were ranked from come too, for a lenient ranking of the same question.
        """
        country = self._countries.find(text) or country
        parts = self._parts(self._synonyms.rewrite(text), self._index, languages)
        ranked = self._rank_parts(parts, country, self._index, ORDER_SHARE, languages)
        return country, ranked, parts

    def _rivals(self, ranked: Sequence[tuple[int, float]]) -> list[tuple[int, float]]:
        """Entries unrelated to the best match within ANSWER_MARGIN of it, which make it a guess.

        With any, the member chooses between meanings instead of getting an answer.
        """
        if not ranked:
            return []
        best, score = ranked[0]
        return [
            (owner, other)
            for owner, other in ranked[1:]
            if score - other < ANSWER_MARGIN and not self._related(best, owner)
        ]

    def _hinted_topic(
        self, text: str, ranked: Sequence[tuple[int, float]], locale: str | None
    ) -> Topic | None:
        """The topic a question's words hint at most, when it names none confidently.

        Each hint counts its words, so "checks my phone" says more than "phone"; a tie goes to
        the topic the ranking put first, then to the topics' own order.
        """
        votes: dict[str, float] = {}
        # A word in two languages' hints ("nudes") is one word the member typed: count it once.
        words = text.split()
        languages = self._languages.guess(words, language_of(locale)) & self._hints.keys()
        hits = {hit for language in languages for hit in self._hints[language].find(words)}
        for hit in hits:
            votes[hit.label] = votes.get(hit.label, 0.0) + hit.end - hit.start
        if not votes:
            return None
        place = {self._entries[owner].id: rank for rank, (owner, _) in enumerate(ranked)}
        best = max(
            votes,
            key=lambda topic: (
                votes[topic],
                -place.get(topic, len(place)),
                -self._topic_order.get(topic, len(self._topic_order)),
            ),
        )
        found = self.snapshot.by_id.get(best)
        return found if isinstance(found, Topic) and votes[best] >= HINT_VOTES else None

    def suggest(self, partial: str, *, limit: int = AUTOCOMPLETE_LIMIT) -> tuple[Suggestion, ...]:
        """Entries to offer while a member is still typing; never raises, at most `limit`."""
        text = self._read(partial)
        if len(text) < 2:
            return tuple(Suggestion.of(topic, 0.0) for topic in self.snapshot.topics[:limit])
        *done, last = text.split()
        names = self._names()
        words = [match for word in content_words(" ".join(done)) for match in names.similar(word)]
        words += names.starting(last) or names.similar(last)
        if not words:
            return ()
        best: dict[int, float] = {}
        for position, score in names.score(text, [[word] for word in words]).items():
            owner = names.owners[position]
            best[owner] = max(best.get(owner, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return tuple(Suggestion.of(self._entries[i], score) for i, score in ranked[:limit])

    def entry(self, entry_id: str) -> Entry | None:
        """Look an entry up by id, as autocomplete values and buttons carry them."""
        return self.snapshot.by_id.get(entry_id)

    def answer_entry(self, entry: Entry, *, country: Country | None) -> Answer:
        """Answer with a known entry, such as an autocomplete choice the member picked."""
        return Answer(
            query=entry.title,
            outcome=Outcome.ANSWER,
            entry=entry,
            score=100.0,
            suggestions=(),
            country=country,
            lines=self.lines_for_entry(entry, country),
        )

    def find_topic(self, text: str) -> Topic | None:
        """The topic a member picked or typed ("dv", "Domestic and family violence")."""
        found = self.snapshot.by_id.get(text) or self._topic_names.get(normalise(text))
        if isinstance(found, Topic):
            return found
        ranked = self._rank(self._read(text), None, self._names())
        topics = [self._entries[i] for i, score in ranked if score >= ANSWER_SCORE]
        return next((entry for entry in topics if isinstance(entry, Topic)), None)

    def country_for(self, locale: str | None, server_country: str | None = None) -> Country | None:
        """The member's country from their Discord locale, then the server's, then the default."""
        by_code = self.snapshot.country_by_code
        for code in (self._countries.from_locale(locale), server_country, self.default_country):
            if code and code in by_code:
                return by_code[code]
        return None

    def _country_of(
        self, words: list[str], locale: str | None, server_country: str | None
    ) -> Country | None:
        """The country for a question, unless it names one: its language's, then country_for.

        A language points to a country only when the locale cannot: an English or unknown one
        (Discord has no Tagalog locale). A member whose locale is French keeps France.
        """
        if language_of(locale) in (None, ENGLISH) and (
            pointed := self._countries.written_in(self._speech.leading(words))
        ):
            return pointed
        return self.country_for(locale, server_country)

    def find_country(self, text: str) -> Country | None:
        """A country named in free text ("uk", "Australia"), as the /resources option takes it."""
        code = text.strip().upper()
        if code in self.snapshot.country_by_code:
            return self.snapshot.country_by_code[code]
        return self._countries.find(normalise(text))

    def lines(self, topic: str | None, country: Country | None) -> tuple[Resource, ...]:
        """Support lines for a topic, local and 24/7 first, then international ones.

        Where a topic has none, its fallback topic's stand in (Topic.fallback), one step only.
        """
        found = self._lines_of(topic, country)
        fallback = self._fallbacks.get(topic) if topic else None
        if not found and fallback:
            found = self._lines_of(fallback, country)
        return found

    def _lines_of(self, topic: str | None, country: Country | None) -> tuple[Resource, ...]:
        code = country.code if country else INTERNATIONAL
        found = {*self._lines.get((topic, code), ()), *self._lines.get((topic, INTERNATIONAL), ())}
        return tuple(
            sorted(
                found,
                key=lambda line: (
                    code not in line.countries,
                    not line.is_always_open,
                    self._line_order[line.id],
                ),
            )
        )

    def lines_for_entry(self, entry: Entry, country: Country | None) -> tuple[Resource, ...]:
        """The lines worth showing with an entry: itself, its topic's, or those a FAQ relates."""
        if isinstance(entry, Resource):
            return (entry,)
        if isinstance(entry, Topic):
            return self.lines(entry.id, country)
        if isinstance(entry, FaqEntry):
            related = [self.snapshot.by_id[i] for i in entry.related]
            direct = [item for item in related if isinstance(item, Resource)]
            topics = [item.id for item in related if isinstance(item, Topic)] + list(entry.topics)
            return _unique([*direct, *(line for t in topics for line in self.lines(t, country))])
        return ()

    def urgent(
        self,
        country: Country | None,
        entry: Entry | None = None,
        *,
        kind: CrisisKind | None = None,
    ) -> EmergencyHelp:
        """Emergency numbers and 24/7 lines for a country, then a directory for everywhere else.

        The kind of danger decides the lines: violence lines for danger from someone, child
        lines for a child, crisis lines for suicide or a medical emergency; with no kind (/urgent)
        crisis lines lead every round-the-clock line. The matched topic's lines come first within
        that. The directory closes the list because the country may be a guess (a locale we do
        not cover, a server default) or the member may be travelling.
        """
        topics = _KIND_TOPICS[kind] if kind else (None,)
        topical = [
            line
            for line in (self.lines_for_entry(entry, country) if entry else ())
            if line.is_always_open and (kind is None or set(line.topics) & set(topics))
        ]
        around_the_clock = [
            line for topic in topics for line in self.lines(topic, country) if line.is_always_open
        ]
        ordered = _unique([*topical, *around_the_clock])
        if kind in (None, "suicide", "medical"):
            ordered = tuple(sorted(ordered, key=lambda line: not line.is_crisis_line))
        local = [line for line in ordered if country is not None and country.code in line.countries]
        directory = [
            line
            for line in self.lines(topics[0] or CRISIS_TOPIC, None)
            if INTERNATIONAL in line.countries and line.id not in {held.id for held in local}
        ]
        lines = local[: _CRISIS_LINES - 1] + directory[:1] if local else directory[:_CRISIS_LINES]
        return EmergencyHelp(country=country, lines=tuple(lines), kind=kind or "suicide")

    def warm(self) -> None:
        """Build the indexes, read the crisis words and index the reader's training questions.

        The crisis reader works out which of its words the content's words stand for.

        Members mostly type the words the content uses, so warming keeps a first question's
        crisis reading as fast as the thousandth, and a first keystroke as fast as the next. It
        takes seconds at 100,000 entries, so it runs after the engine starts serving
        (ContentHolder warms in a thread), not in __init__. Like building, it fills caches that
        live as long as the engine, so the collector is paused meanwhile: its full collections
        held the interpreter lock and stalled the event loop 40-70 ms at a time.
        """
        with collector_paused():
            self._names()
            self._index.warm()
            self._crisis.warm(
                takewhile(lambda _word: not self._stop_warming.is_set(), self._index.vocabulary)
            )
            self._learned.examples.warm()

    def stop_warming(self) -> None:
        """Have a warm-up under way skip the words it has not read.

        A process that exits while its warming thread is inside rapidfuzz's C++ aborts
        ("terminate called without an active exception"): the thread is ended where C++ cannot
        unwind. bot.services stops warming this way, and waits, before the process exits.
        """
        self._stop_warming.set()

    def _names(self) -> _Index:
        """The index of titles, aliases and names alone: what autocomplete and topic names read.

        ask never reads it, so it is built when first needed (or by warm) rather than with the
        engine: it was a sixth of building 100,000 entries (issue 14). The lock keeps a keystroke
        during warming from building it a second time.
        """
        with self._names_lock:
            if self._names_index is None:
                index = self._index
                names = [weight == 1.0 for weight in index.weights]
                self._names_index = _Index(
                    list(compress(index.owners, names)),
                    list(compress(index.read, names)),
                    list(compress(index.weights, names)),
                    list(compress(index.languages, names)),
                    self._synonyms,
                )
            return self._names_index

    def _campaign_overview(self, text: str, ranked: Sequence[tuple[int, float]]) -> Entry | None:
        """For a question naming the campaign that nothing else answered: a guess at its history.

        Naming the campaign makes a question on topic (issue 14), yet members ask about people,
        trials and countries the content does not cover ("le procès de Mazan c'est lié à
        metoo ?"). The best-ranked history entry is offered, else the editors' first FAQ about
        the campaign, else its first history entry of any kind; as a guess, never as an answer:
        it tells the campaign's story, which is what the content can say, and the member sees it
        is not a match.
        """
        if CAMPAIGN_NAME not in self._synonyms.rewrite(text).split():
            return None
        for owner, _score in ranked:
            if self._family_of(owner) >= CAMPAIGN:
                return self._entries[owner]
        return self._campaign_default

    @cached_property
    def _campaign_default(self) -> Entry | None:
        """The editors' first FAQ about the campaign, else its first history entry of any kind.

        Worked out once, when a question first needs it: it reads every FAQ's question.
        """
        about = [entry for entry in self._entries if self._about_campaign(entry)]
        return next(iter(about or [entry for entry in self._entries if entry.is_campaign]), None)

    def _about_campaign(self, entry: Entry) -> bool:
        """True for a FAQ that names the campaign: it tells the history its facts tell."""
        return isinstance(entry, FaqEntry) and CAMPAIGN_NAME in self._read(entry.question).split()

    def _read(self, text: str) -> str:
        """Text as the indexes hold it: normalised, synonyms read as their group's first."""
        return self._synonyms.rewrite(normalise(text))

    def _rank(
        self,
        text: str,
        country: Country | None,
        index: _Index,
        order_share: float = ORDER_SHARE,
        languages: frozenset[str] | None = None,
    ) -> list[tuple[int, float]]:
        parts = self._parts(text, index, languages)
        return self._rank_parts(parts, country, index, order_share, languages)

    def _parts(self, text: str, index: _Index, languages: frozenset[str] | None) -> Parts:
        """The question's texts scored in `index`, before they are combined into a ranking."""
        if sum(char.isalpha() for char in text) < MIN_QUERY_LETTERS:
            return {}
        known, meant = self._spell(text, index, languages)
        if not any(meant):
            return {}
        corrected = self._synonyms.rewrite(" ".join(known))
        if corrected != " ".join(known):
            known, meant = self._spell(corrected, index, languages)
        return index.parts(" ".join(known), meant, SUGGEST_SCORE)

    def _rank_parts(
        self,
        parts: Parts,
        country: Country | None,
        index: _Index,
        order_share: float,
        languages: frozenset[str] | None,
    ) -> list[tuple[int, float]]:
        """Entries ranked for the member's country and languages, each by its best texts."""
        texts: dict[int, dict[str, float]] = {}
        for position, score in _combined(parts, order_share).items():
            owner = index.owners[position]
            weighted = score * index.weights[position]
            entry = self._entries[owner]
            if isinstance(entry, FaqEntry) and not _holds_in(entry, country):
                continue
            if country is not None and isinstance(entry, Resource) and not _serves(entry, country):
                weighted -= OTHER_COUNTRY_PENALTY
            written = index.languages[position]
            if languages is not None and written != ENGLISH and written not in languages:
                weighted -= OTHER_LANGUAGE_PENALTY
            found = texts.setdefault(owner, {})
            text = index.text(position)
            found[text] = max(found.get(text, 0.0), weighted)
        best = {owner: _entry_score(found.values()) for owner, found in texts.items()}
        ranked = sorted(best.items(), key=lambda item: (-item[1], *self._tie_order(item[0])))
        return [(owner, score) for owner, score in ranked if score >= SUGGEST_SCORE]

    def _spell(
        self, text: str, index: _Index, languages: frozenset[str] | None = None
    ) -> tuple[list[str], list[list[str]]]:
        """The question's content words as spelt in the index, and every reading of each.

        _rank reads synonyms again once typos are corrected: "restraning order" becomes
        "restraining order" only then, and only then "protection order" as the texts say. A
        misspelt word is read only as a word of `languages` (the question's own, when known):
        the translations' words would otherwise turn English typos into French or German words
        ("apple" into "appeler").
        """
        words = content_words(text)
        meant = [self._readings(word, index, languages) for word in words]
        known = [
            options[0] if options else word for word, options in zip(words, meant, strict=True)
        ]
        return known, meant

    def _readings(self, word: str, index: _Index, languages: frozenset[str] | None) -> list[str]:
        """The indexed words `word` may be, kept to words of `languages` when it is misspelt."""
        readings = index.similar(word)
        if languages is None or readings == [word]:
            return readings
        return [
            reading
            for reading in readings
            if ENGLISH in (written := self._spelling.languages_of(reading)) or written & languages
        ]

    def _most_specific(
        self, best: tuple[int, float], ranked: Sequence[tuple[int, float]]
    ) -> tuple[int, float]:
        """The best match, or a more specific entry filed with it within the margin.

        A topic and its own FAQs and lines share words, so they often tie; the entry says more
        about the question, and its page still shows the topic's lines (docs/quality.md, step
        15). Likewise a line gives way to a FAQ filed with it: the FAQ answers what was asked,
        and its page still lists the line (step 30).
        """
        top = self._entries[best[0]]
        if not isinstance(top, Topic | Resource):
            return best
        finer = FaqEntry if isinstance(top, Resource) else (FaqEntry, Resource)
        floor = max(ANSWER_SCORE, best[1] - ANSWER_MARGIN)
        return next(
            (
                (owner, score)
                for owner, score in ranked
                if score >= floor
                and isinstance(self._entries[owner], finer)
                and self._related(best[0], owner)
            ),
            best,
        )

    def _tie_order(self, owner: int) -> tuple[int, int]:
        """Where an entry stands among entries of equal score: by kind (_TIE_ORDER), then order."""
        return _TIE_ORDER.get(type(self._entries[owner]), len(_TIE_ORDER)), owner

    def _related(self, first: int, second: int) -> bool:
        """True when two entries share a topic, so either one is not a guess between meanings."""
        return bool(self._family_of(first) & self._family_of(second))

    def _family_of(self, owner: int) -> frozenset[str]:
        """The entry's _family and, for a FAQ naming the campaign, the campaign.

        Only ranked entries are ever compared, so each is worked out when first needed rather
        than for every entry while the engine is built (issue 14).
        """
        found = self._families.get(owner)
        if found is None:
            entry = self._entries[owner]
            found = _family(entry) | (CAMPAIGN if self._about_campaign(entry) else frozenset())
            self._families[owner] = found
        return found


class _CountryFinder:
    """Finds a country named in a question.

    The name stays in the question: lines and stories are found by it too ("Rape Crisis
    Scotland", "America Ferrera"; docs/quality.md, step 18).
    """

    def __init__(self, countries: Iterable[Country]) -> None:
        self._by_code = {country.code: country for country in countries}
        self._alias_to_code: dict[str, str] = {}
        self._locale_to_code: dict[str, str] = {}
        for country in countries:
            translated = map(str, country.translated("name").values())
            for name in (country.name, *translated, *country.aliases):
                alias = normalise(name)
                if alias:
                    self._alias_to_code.setdefault(alias, country.code)
            for locale in country.locales:
                self._locale_to_code[locale.casefold()] = country.code
        self._language_to_code = {
            language: country.code for country in countries for language in country.written_in
        }
        # Literal phrases only, no repeated group: the preposition is checked in Python, so the
        # match stays linear in the question's length (issue 13, problem 4).
        self._pattern = phrase_pattern(self._alias_to_code)

    def find(self, text: str) -> Country | None:
        for match in self._pattern.finditer(text):
            alias = match.group()
            if (
                len(alias) <= 2
                and alias in _AMBIGUOUS_SHORT
                and not _after_preposition(text, match.start())
            ):
                continue
            return self._by_code[self._alias_to_code[alias]]
        return None

    def written_in(self, language: str | None) -> Country | None:
        """The country a message's language points to (Country.written_in), if any."""
        code = self._language_to_code.get(language) if language else None
        return self._by_code[code] if code else None

    def from_locale(self, locale: str | None) -> str | None:
        if not locale:
            return None
        folded = locale.casefold()
        if folded in self._locale_to_code:
            return self._locale_to_code[folded]
        region = folded.partition("-")[2].upper()
        if region in self._by_code:
            return region
        return self._locale_to_code.get(folded.partition("-")[0])


_PREPOSITION_WINDOW = max(map(len, _PREPOSITIONS)) + 2
"""Characters before an alias that hold a preposition, its space and the space before it."""


def _after_preposition(text: str, start: int) -> bool:
    """True when a preposition ("in", "from") stands right before position `start`."""
    window = text[max(0, start - _PREPOSITION_WINDOW) : start]
    if start <= _PREPOSITION_WINDOW:
        window = " " + window
    return any(window.endswith(f" {preposition} ") for preposition in _PREPOSITIONS)


Parts = dict[int, tuple[float, float, float]]
"""By text position: token_set_ratio, token_sort_ratio, and the share kept for rare words."""


def _combined(parts: Parts, order_share: float) -> dict[int, float]:
    """Each text's score: the two ratios mixed by `order_share`, scaled for rare words."""
    return {
        key: (by_set * (1 - order_share) + by_order * order_share) * rarity
        for key, (by_set, by_order, rarity) in parts.items()
    }


def _enough_to_learn(query: str, ranked: Sequence[tuple[int, float]]) -> bool:
    """Whether a question says enough for the learned reader's guess to mean anything.

    One word ("abuse") is a choice for the member to make; two words no text matched at all
    ("xyz abc", a made-up word) are noise the model would still find something in.
    """
    words = len(query.split())
    return words >= LEARNED_WORDS or (words > 1 and bool(ranked))


def _entry_score(text_scores: Iterable[float]) -> float:
    """An entry's best text score, plus a share of its second best (SECOND_TEXT_SHARE)."""
    first, second = [*heapq.nlargest(2, text_scores), 0.0][:2]
    return min(100.0, first + SECOND_TEXT_SHARE * max(0.0, second - SUGGEST_SCORE))


def _proper_names(snapshot: Snapshot) -> Iterator[str]:
    """The people stories are about and every name of every country."""
    yield from (story.person for story in snapshot.stories)
    for country in snapshot.countries:
        yield from (country.name, *map(str, country.translated("name").values()))
        yield from country.aliases


def _swaps(word: str) -> Iterator[str]:
    """`word` with each pair of neighbouring letters swapped."""
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _serves(line: Resource, country: Country) -> bool:
    return country.code in line.countries or INTERNATIONAL in line.countries


def _holds_for(entry: Entry, country: Country | None) -> bool:
    """Whether an entry may be offered to a member of `country`: its law or its line is theirs."""
    if isinstance(entry, FaqEntry):
        return _holds_in(entry, country)
    return not isinstance(entry, Resource) or country is None or _serves(entry, country)


def _holds_in(faq: FaqEntry, country: Country | None) -> bool:
    """Whether a FAQ's answer holds for the member: one country's law is shown only there."""
    return not faq.countries or (country is not None and country.code in faq.countries)


def _unique(lines: Iterable[Resource]) -> tuple[Resource, ...]:
    return tuple({line.id: line for line in reversed(list(lines))}.values())[::-1]


def searchable(
    entries: Iterable[Entry],
) -> tuple[list[int], list[str], list[float], list[str]]:
    """Every text entries are found by, as lists: entry position, text, weight, language.

    Names (title, aliases and names, and a translation's title and aliases) count in full, the
    body lightly; a translation's texts are in its language, the rest as editors first wrote it
    (ENGLISH). Lists of plain values, not a tuple per text: the garbage collector walks
    containers, not strings and numbers, and a tuple for each of 650,000 texts made it a third
    of building 100,000 entries (issue 14).
    """
    owners: list[int] = []
    texts: list[str] = []
    weights: list[float] = []
    languages: list[str] = []
    for position, entry in enumerate(entries):
        start = len(texts)
        names = (entry.title, *entry.aliases, *entry.names)
        texts += names
        languages += repeat(ENGLISH, len(names))
        # Most entries of a large content set are untranslated: look before building anything.
        field = entry.title_field
        for language, title in translations_of(getattr(entry, field) if field else None).items():
            texts.append(str(title))
            languages.append(language)
        for language, aliases in translations_of(entry.aliases).items():
            texts += aliases
            languages += repeat(language, len(aliases))
        weights += repeat(1.0, len(texts) - start)
        texts.append(entry.body[:_BODY_CHARS])
        languages.append(ENGLISH)
        weights.append(TEXT_WEIGHT)
        owners += repeat(position, len(texts) - start)
    return owners, texts, weights, languages


_KIND_TOPICS: dict[CrisisKind, tuple[str, ...]] = {
    "suicide": (CRISIS_TOPIC,),
    "medical": (CRISIS_TOPIC,),
    "danger": ("domestic-violence", "sexual-assault"),
    "child": ("child-abuse", "domestic-violence"),
}
"""The topics whose 24/7 lines follow the emergency number, by kind of danger."""

_TIE_ORDER: dict[type, int] = {Topic: 0, FaqEntry: 1, Resource: 2}
"""On equal scores a topic wins (it lists every local line), then a FAQ, then a single line."""

CAMPAIGN = frozenset({"campaign"})
"""Facts, events, stories and FAQs about the campaign all tell its history; either of two is no
wrong guess ("who is tarana burke" fits five; docs/quality.md, step 16)."""
CAMPAIGN_NAME = "metoo"
"""The campaign's name as questions read it (data/synonyms.toml joins "me too" and "#MeToo")."""


def _family(entry: Entry) -> frozenset[str]:
    """The entry itself and the topics and entries it is filed with or points to."""
    return entry.filed_under | {entry.id} | (CAMPAIGN if entry.is_campaign else frozenset())
