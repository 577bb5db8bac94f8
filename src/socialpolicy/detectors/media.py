"""Media detector: people shown without consent, minors, precise locations, and what a
photo's own description says it shows.

Beyond the structured fields (consent, minor, location), two readings of the words the author
gives the media:

- **restricted document**: an alt text or caption that describes a document or screen
  (`media_document`: a slide, memo, printout, terminal) carrying a marking that it is not
  for the public (`media_restricted`: "internal use only", "not for distribution", "stamped
  confidential", a police records screen). Posting it divulges police information.
- **located home**: a geotagged photo of a home (`media_home`: a house, an apartment, a
  driveway) that the post ties to the people living there or to police calls
  (`media_home_tie`: "called to", "the occupants", "who lives here"). Exact coordinates of a
  private home tied to its occupants are as good as their address.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors._windows import match_evidence
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.evidence import Evidence

RESTRICTED = "media_restricted"
DOCUMENT = "media_document"
HOME = "media_home"
HOME_TIE = "media_home_tie"


class MediaDetector:
    """Reads the structured media fields; no image analysis."""

    name = "media"
    signals = (
        SignalSpec("media.people", "count", "People shown in the post's media."),
        SignalSpec(
            "media.people_without_consent",
            "count",
            "People shown whose consent is recorded as false.",
        ),
        SignalSpec(
            "media.people_consent_unknown", "count", "People shown whose consent is unknown (null)."
        ),
        SignalSpec("media.minors", "count", "People shown who are marked as minors."),
        SignalSpec(
            "media.minors_without_consent",
            "count",
            "Minors shown whose consent is false or unknown.",
        ),
        SignalSpec(
            "media.precise_location",
            "count",
            "Media items that carry a precise location (latitude and longitude).",
        ),
        SignalSpec(
            "media.restricted_document",
            "count",
            "A photo's alt text or caption describes a document or screen marked not for the "
            "public (internal use only, not for distribution, confidential) or a police "
            "records screen.",
        ),
        SignalSpec(
            "media.located_home",
            "count",
            "A geotagged photo of a home that the post ties to the people living there or to "
            "police calls (called to, the occupants, who lives here).",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        if ctx.post.media:
            yield from self._described(ctx)
        for i, item in enumerate(ctx.post.media):
            if item.location is not None:
                yield Hit(
                    "media.precise_location",
                    (
                        Evidence(
                            detector=self.name,
                            field=f"media[{i}].location",
                            text=f"{item.location.lat:.5f}, {item.location.lon:.5f}",
                        ),
                    ),
                )
            for j, person in enumerate(item.people):
                who = person.name or f"person {j + 1} in media item {i + 1}"
                yield Hit(
                    "media.people",
                    (Evidence(detector=self.name, field=f"media[{i}].people[{j}]", text=who),),
                )
                consent_field = f"media[{i}].people[{j}].consent"
                if person.consent is False:
                    yield Hit(
                        "media.people_without_consent",
                        (
                            Evidence(
                                detector=self.name,
                                field=consent_field,
                                text=f"{who}: consent false",
                            ),
                        ),
                    )
                elif person.consent is None:
                    yield Hit(
                        "media.people_consent_unknown",
                        (
                            Evidence(
                                detector=self.name,
                                field=consent_field,
                                text=f"{who}: consent unknown",
                            ),
                        ),
                    )
                if person.minor:
                    ev = Evidence(
                        detector=self.name,
                        field=f"media[{i}].people[{j}].minor",
                        text=f"{who}: minor",
                    )
                    yield Hit("media.minors", (ev,))
                    if person.consent is not True:
                        yield Hit("media.minors_without_consent", (ev,))

    def _described(self, ctx: Context) -> Iterator[Hit]:
        """What the author's words about the media say it shows."""
        located = any(item.location is not None for item in ctx.post.media)
        home: Evidence | None = None
        tie: Evidence | None = None
        for field, raw in own_text_fields(ctx):
            g = ctx.grouped(field, raw)
            if field != "text" and RESTRICTED in g and DOCUMENT in g:
                nt = ctx.normalised(field, raw)
                yield Hit(
                    "media.restricted_document",
                    (
                        match_evidence(self.name, field, nt, g[DOCUMENT][0]),
                        match_evidence(self.name, field, nt, g[RESTRICTED][0]),
                    ),
                )
            if located and home is None and HOME in g:
                home = match_evidence(self.name, field, ctx.normalised(field, raw), g[HOME][0])
            if located and tie is None and HOME_TIE in g:
                tie = match_evidence(self.name, field, ctx.normalised(field, raw), g[HOME_TIE][0])
        if home is not None and tie is not None:
            i, where = next((i, m.location) for i, m in enumerate(ctx.post.media) if m.location)
            assert where is not None
            spot = Evidence(
                detector=self.name,
                field=f"media[{i}].location",
                text=f"{where.lat:.5f}, {where.lon:.5f}",
            )
            yield Hit("media.located_home", (spot, home, tie))
