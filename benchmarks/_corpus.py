"""A generated corpus of realistic police / police-commission social posts, for the benchmarks.

Everything here is written from templates and a seeded RNG: community updates, appeals,
traffic notices, event posts, replies to the public and personal posts, with and without
phone numbers, emails, mentions, hashtags, emojis, media, and a share of breaches (a private
person's number, an insult, a donation link, an in-camera disclosure, operational detail).
No text is copied from the labelled corpus or any external file. Numbers use the fictional
555-01xx range; emails use example domains.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

Post = dict[str, Any]

TWEET_LENGTH = 280
BREACH_SHARE = 0.12  # share of generated posts built from a breach template

# The accounts the posts are judged as (one per pack; DESIGN.md Account fields).
TORONTO_ACCOUNT: dict[str, Any] = {
    "handle": "@PCbench14D",
    "platform": "x",
    "display_name": "PC Jordan Bench",
    "bio": "Community response officer, Toronto Police Service 14 Division. Views my own.",
    "official": False,
    "approved": None,
    "owner": {"name": "Jordan Bench", "organisation": "tps", "role": "officer"},
    "identifies_as_member": None,
}
EDMONTON_ACCOUNT: dict[str, Any] = {
    "handle": "@CommrBench",
    "platform": "x",
    "display_name": "Robin Bench",
    "bio": "Commissioner, Edmonton Police Commission. Parent, runner, volunteer.",
    "official": False,
    "approved": None,
    "owner": {"name": "Robin Bench", "organisation": "epc", "role": "commissioner"},
    "identifies_as_member": None,
    "disclaimer": "Contact: commissioner.bench@example.org. Comments are moderated; "
    "not monitored for emergencies, call 911.",
}
ACCOUNTS: dict[str, dict[str, Any]] = {"toronto": TORONTO_ACCOUNT, "edmonton": EDMONTON_ACCOUNT}

_PLACES = (
    "Trinity Bellwoods",
    "Christie Pits",
    "Regent Park",
    "the Danforth",
    "Kensington Market",
    "Scarborough Town Centre",
    "Mill Woods",
    "Whyte Ave",
    "the river valley",
    "Beverly",
    "Old Strathcona",
    "Jasper Ave",
    "Rexdale",
    "Parkdale",
    "Queen St W",
    "Castle Downs",
)
_STREETS = (
    "Bloor St W",
    "Dundas St E",
    "Yonge St",
    "Jane St",
    "Lawrence Ave",
    "101 St NW",
    "82 Ave",
    "Gateway Blvd",
    "Kingsway",
    "Eglinton Ave",
    "King St",
    "Yellowhead Trail",
)
_EVENTS = (
    "the community BBQ",
    "our bike rodeo",
    "the toy drive",
    "the youth basketball night",
    "the safety fair",
    "Coffee with a Cop",
    "the seniors' fraud workshop",
    "the food bank run",
    "the open house",
    "the charity hockey game",
    "the neighbourhood walk",
)
_FIRST = (
    "Maya",
    "Liam",
    "Priya",
    "Daniel",
    "Aisha",
    "Owen",
    "Grace",
    "Mateo",
    "Noor",
    "Ethan",
    "Sofia",
    "Lucas",
    "Hannah",
    "Kwame",
    "Mei",
)
_LAST = (
    "Singh",
    "Tremblay",
    "Nguyen",
    "Okafor",
    "Campbell",
    "Rossi",
    "Chen",
    "Martin",
    "Haddad",
    "Wilson",
    "Lee",
    "Bouchard",
)
_USERS = (
    "@torontostar",
    "@cityofedmonton",
    "@TTCnotices",
    "@jenny_walks",
    "@raptorsfan88",
    "@EdmNeighbours",
    "@mike_on_bikes",
    "@CP24",
    "@globalnews",
    "@yeg_runner",
)
_EMOJI = ("🚓", "👮", "🙏", "💙", "🚲", "🎉", "⚠️", "🐶", "☕", "❄️", "🏒", "👍", "🍁", "🚧")
_TAGS = (
    "#TPS",
    "#Toronto",
    "#YEG",
    "#Edmonton",
    "#CommunitySafety",
    "#MissingPerson",
    "#RoadSafety",
    "#TrafficAlert",
    "#PoliceWeek",
    "#ThankYou",
    "#FraudPrevention",
    "#BikeSafety",
    "#YEGtraffic",
    "#SeeSomethingSaySomething",
)
_ORG_LINES = (
    "416-808-2222",
    "780-423-4567",
    "Crime Stoppers at 1-800-222-8477",
    "416-222-TIPS (8477)",
)
_URLS = (
    "https://www.tps.ca/news",
    "https://www.edmontonpolice.ca",
    "https://www.tps.ca",
    "https://epc.example.org/meetings",
)

_UPDATE = (
    "Great turnout at {event} in {place} today! Thank you all for coming {emoji} {tags}",
    "Officers from 14 Division spent the afternoon at {place} handing out bike lights. "
    "Stay visible, stay safe {emoji} {tags}",
    "Thank you {user} for hosting us at {event}. Our community is stronger together {emoji}",
    "Reminder: {event} is this Saturday at {place}, 11am-2pm. Families welcome! {tags}",
    "We're hiring! Info sessions for new recruits every Tuesday. Details at {url} {tags}",
    "Spring means more cyclists on {street}. Drivers, please check your blind spots {emoji} {tags}",
    "Scam alert: nobody from the police will ask you to pay fines in gift cards. If in doubt, "
    "hang up and call {org}. {tags}",
)
_APPEAL = (
    "#MISSING: {first} {last}, {age}, last seen {when} near {place}. Wearing a {colour} jacket. "
    "Anyone with info please call {org} {tags}",
    "UPDATE: {first} {last}, reported missing yesterday, has been found safe. Thank you for "
    "sharing {emoji}",
    "Police are looking for witnesses to a collision at {street} and {street2} {when}. "
    "Dashcam footage? Call {org} {tags}",
    "Appeal: a {colour} bike was stolen from outside a shop on {street}. Seen it? "
    "Contact {org} or {url}",
)
_TRAFFIC = (
    "ROAD CLOSURE: {street} closed between {street2} and {place} due to a collision. "
    "Expect delays {emoji} {tags}",
    "{street} has reopened in both directions. Thanks for your patience {emoji}",
    "Heavy police presence on {street} for a planned event {when}. Nothing to worry about. {tags}",
)
_PERSONAL = (
    "Coffee with the crew before night shift {emoji}",
    "Proud to walk in the parade with colleagues today {emoji} {tags}",
    "Snowy walk in {place} this morning {emoji}",
    "Ran the 10k at {place} for charity, legs are done {emoji} {tags}",
    "Great question {user}! The best way is to file a report online at {url}",
)
_REPLY = (
    "{user} Thanks for letting us know. Please call our non-emergency line at {org} so an "
    "officer can follow up.",
    "{user} Hi, we can't discuss individual cases here. You can report online at {url}.",
    "{user} Sorry to hear that. If it's happening now, call 911.",
    "{user} Thanks for the kind words {emoji} We'll pass them on to the officers.",
)
_REPLIED_TO = (
    "Anyone know why there are cruisers all over {street}?",
    "Someone keeps speeding down {street} every night, who do I call?",
    "Shoutout to the officers at {event} today, my kids loved it",
    "My car was broken into last night near {place}. What do I do?",
)
_BREACH = (
    "If anyone knows her family please call her son {first} at 647-555-01{nn}, "
    "she wanted to hear from him.",
    "The neighbour who complained about the noise is {first} {last}, reach them at "
    "{lower}.{lower2}@gmail.com if you want to sort it out.",
    "{user} you're an idiot and a clown, nobody cares what you think. Get a life.",
    "Donate to {first} {last}'s campaign for city council today: https://donate.example.com/"
    "{lower} {tags}",
    "At today's in-camera session the Commission voted 5-2 to approve the new chief's contract.",
    "Heading out to execute a search warrant on {street} at 0600 tomorrow, tactical team "
    "staging at {place}.",
    "The suspect arrested on {street} is {first} {last}, 17, of {place}. Call his mom at "
    "780-555-01{nn}.",
    "Honestly the new policy on carding is a disaster and the chief knows it. {tags}",
)
_FAMILIES: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("update", _UPDATE, 0.34),
    ("appeal", _APPEAL, 0.2),
    ("traffic", _TRAFFIC, 0.1),
    ("personal", _PERSONAL, 0.12),
    ("reply", _REPLY, 0.24),
)
_COLOURS = ("black", "red", "blue", "grey", "green", "white")
_WHEN = ("this morning", "around 9 pm", "on Tuesday", "last night", "yesterday afternoon")
_START = datetime(2025, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5)))


def _fill(template: str, rng: random.Random) -> str:
    """One template with its slots filled."""
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    tags = " ".join(rng.sample(_TAGS, rng.randint(0, 3)))
    text = template.format(
        event=rng.choice(_EVENTS),
        place=rng.choice(_PLACES),
        street=rng.choice(_STREETS),
        street2=rng.choice(_STREETS),
        emoji=rng.choice(_EMOJI) if rng.random() < 0.7 else "",
        tags=tags,
        user=rng.choice(_USERS),
        url=rng.choice(_URLS),
        org=rng.choice(_ORG_LINES),
        first=first,
        last=last,
        lower=first.lower(),
        lower2=last.lower(),
        age=rng.randint(9, 84),
        when=rng.choice(_WHEN),
        colour=rng.choice(_COLOURS),
        nn=f"{rng.randint(0, 99):02d}",
    )
    return " ".join(text.split())


def _clip(text: str, limit: int) -> str:
    """Cut at a word boundary to at most `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut or text[:limit]


def post_text(rng: random.Random) -> tuple[str, str]:
    """A (family, text) pair of at most tweet length."""
    if rng.random() < BREACH_SHARE:
        return "breach", _clip(_fill(rng.choice(_BREACH), rng), TWEET_LENGTH)
    r, acc = rng.random(), 0.0
    for family, templates, share in _FAMILIES:
        acc += share
        if r < acc:
            return family, _clip(_fill(rng.choice(templates), rng), TWEET_LENGTH)
    return "update", _clip(_fill(rng.choice(_UPDATE), rng), TWEET_LENGTH)


def _post(i: int, rng: random.Random, text: str, family: str) -> Post:
    created = _START + timedelta(minutes=37 * i)
    post: Post = {
        "id": f"gen-{i:06d}",
        "text": text,
        "created_at": created.isoformat(),
        "platform": rng.choice(("x", "x", "facebook", "instagram")),
    }
    if family == "reply":
        post["in_reply_to"] = {
            "author": rng.choice(_USERS),
            "text": _fill(rng.choice(_REPLIED_TO), rng),
        }
    if rng.random() < 0.15:
        people = [
            {"consent": rng.choice((True, True, None, False))} for _ in range(rng.randint(0, 3))
        ]
        post["media"] = [
            {
                "kind": "image",
                "alt_text": _fill("Officers at {event} in {place}", rng),
                "people": people,
            }
        ]
    return post


def generate_posts(n: int, seed: int = 6) -> list[Post]:
    """`n` tweet-length posts as JSON-shaped dicts (the input a publishing tool would pass)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        family, text = post_text(rng)
        out.append(_post(i, rng, text, family))
    return out


def long_posts(n: int, length: int, seed: int = 60) -> list[Post]:
    """`n` posts of exactly `length` characters: generated paragraphs joined, then cut."""
    rng = random.Random(seed + length)
    out = []
    for i in range(n):
        parts: list[str] = []
        size = 0
        while size < length + 2:  # the joined text is size - 2 long
            _, text = post_text(rng)
            parts.append(text)
            size += len(text) + 2
        text = "\n\n".join(parts)[:length]
        out.append(_post(i, rng, text, "update"))
    return out


def cycle(posts: list[Post], total: int) -> Iterator[Post]:
    """`total` posts taken round-robin from `posts`."""
    for i in range(total):
        yield posts[i % len(posts)]
