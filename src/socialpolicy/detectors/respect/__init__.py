"""Respect detector: rude, offensive and discriminatory language in the author's own words.

It tells abuse *aimed* at someone from swearing in general, and the author's words from
words the author only quotes, reports or condemns:

- an insult (`insults`, `insult_adjectives`) counts when it is aimed: at "you" or an
  @mention ("you absolute clown", "a b!tch like you"), as a predicate ("X is a moron",
  "management are a bunch of clueless paper-pushers"), after a demonstrative ("those clowns",
  "what an idiot"), or as a vocative ("Learn to drive, idiot."; "Clown 🤡" opening a reply);
  not when it is self-directed ("I'm such an idiot") or negated ("you're not stupid");
- a slur (`slurs`) counts wherever the author uses it;
- a threat or wish of violence (`violent_wishes`: "they should all be shot") counts when it
  is aimed at someone and the sentence does not report a crime ("he threatened to ...");
- an identity attack: a dehumanising word said of people (`dehumanising`: "they are vermin"),
  an eliminationist phrase about a group (`eliminationist`), an exclusion phrase aimed at
  someone (`exclusion_phrases`: "go back where you came from"), hatred of a protected group
  (`hostility` followed by a `protected_groups` term: "I hate immigrants"), or an aimed insult
  in a sentence naming a protected group ("women are disgusting");
- a rude dismissal (`dismissive`: "nobody asked", "ok boomer"; `sarcastic_epithets` in the
  vocative: ", genius.") counts when it is addressed to someone (a reply, "you", an
  @mention, "this guy");
- strong swearing (`profanity`) counts when no aimed insult or slur in its sentence already
  accounts for it.

Not the author's words: text inside quotation marks, a sentence's words after a reporting
cue (`reporting_verbs`: "someone called me ...", "I was told ..."; `speech_verbs`: "a caller
said ...", but not "like I said, ..."), a name someone was called (within a few words after
`naming_verbs`: "called the officer a loser"), a sentence that condemns the abuse
(`counter_speech`: "calling people vermin is not okay"), and harsh words about people said
in the same sentence as a crime (`offence_terms`: Toronto excepts views that "constitute a
criminal offence"). They raise `respect.quoted` only. The text replied to
(`in_reply_to.text`) is never read as the author's; a reply only makes rude remarks count as
addressed to its author.

Everything works from the pack's cached lexicon matches; the small grammar checks (a
backward look over at most six words before a hit) run only when a rude term matched.

One concept per module: `speech` (whose words these are), `aim` (at whom a term is aimed),
`insults` (slurs and name-calling), `attacks` (identity attacks), `threats`, `dismissals`,
`mockery`, `condescension`, `harassment`, `othering`, `swearing`; `detector` runs them in
order. The names other modules import (`RespectDetector`,
`SpeechLayout`, `dedupe`) are re-exported here.
"""

from __future__ import annotations

from socialpolicy.detectors.respect.aim import Aim
from socialpolicy.detectors.respect.detector import RespectDetector
from socialpolicy.detectors.respect.speech import SpeechLayout, dedupe

__all__ = ["Aim", "RespectDetector", "SpeechLayout", "dedupe"]
