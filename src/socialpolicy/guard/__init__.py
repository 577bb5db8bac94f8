"""Guards that keep one hostile record from ending a batch.

- `json_input`: JSON parsing bounded in depth, number literals and strings, every failure an
  `InputError` naming file, line and field;
- `deadline`: a per-record time budget, and sections shielded from it;
- `judging`: judge one record so that whatever it causes is a reported error, not a crash;
- `stopping`: SIGINT and SIGTERM turned into an orderly stop that commits the decision log.
"""
