"""Media detector: people shown without consent, minors, precise locations."""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context
from socialpolicy.evidence import Evidence


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
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
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
