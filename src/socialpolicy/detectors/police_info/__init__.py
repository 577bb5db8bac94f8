"""Police information that must not be released, read by concept.

The same concepts serve Toronto's privacy guideline (officer safety, an investigation's
integrity) and Edmonton 3d (no police information divulged): one module per concept, all
reading the timing, specificity and source of a detail the same way (`reading`).

- `operations`: operations and deployments told before they happen, or while live;
- `staffing`: how thin police are, where and when;
- `officers`: a covert officer pointed out, where an officer lives, security details;
- `cases`: evidence, suspects and next steps of an open case.

`socialpolicy.detectors.operational.OperationalDetector` runs them and raises the signals.
"""
