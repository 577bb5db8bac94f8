"""Role detector: a member not acting as police, in words or in conduct.

Toronto: "You are always first and foremost a police officer or employee of the police
service. All interactions must be conducted as such." Two concepts, one module each:

- `disowning`: the member says that, for now, they are not police or not bound by the role
  ("not a cop today", "off duty, so I say what I want", "the badge doesn't make me your
  babysitter", "I only work there");
- `conduct`: the member conducts an interaction in a way no member could on duty: relishing
  force on people ("can't wait to crack some heads"), holding the powers of the role over a
  person ("I know your plate now"), or offering to bend enforcement as a favour ("send me the
  ticket, I might make it go away").

Only the author's own words count (post text, captions, alt texts; never the bio), and not
words the author quotes or reports. The text replied to is context: it can show what a
favour is about ("got a parking ticket").
"""

from __future__ import annotations

from socialpolicy.detectors.role.detector import RoleDetector

__all__ = ["RoleDetector"]
