"""Microsoft presidio-analyzer, offline: its pattern recognizers over a blank spaCy pipeline.

Nothing is downloaded. A blank English spaCy pipeline (`spacy.blank("en")`, a tokenizer) is
saved to a temporary directory and presidio's NlpEngine loads it from there; the NER-based
`SpacyRecognizer` is dropped, so only the pattern recognizers (phone, email, credit card,
IBAN, IP, SSN, ...) run. tldextract, which presidio's email recognizer calls, is pointed at
its bundled public-suffix snapshot so that it never fetches the live list.

A small English model would be used when one is installed as a package (`en_core_web_sm`
is not published on PyPI, so none is by default): see `installed_model`.
"""

from __future__ import annotations

import importlib.util
import logging
import tempfile
from pathlib import Path
from typing import Any

PHONE = "PHONE_NUMBER"
EMAIL = "EMAIL_ADDRESS"
SMALL_MODELS = ("en_core_web_sm",)


def available() -> str | None:
    """None when presidio-analyzer and spaCy import, else why not."""
    for mod in ("presidio_analyzer", "spacy"):
        if importlib.util.find_spec(mod) is None:
            return f"{mod} is not installed (pip install presidio-analyzer spacy)"
    return None


def installed_model() -> str | None:
    """The name of a small English spaCy model installed as a package, if any."""
    for name in SMALL_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def _offline_tldextract() -> None:
    import tldextract.tldextract as tx

    offline = tx.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    tx.TLD_EXTRACTOR = offline  # `tldextract.extract` reads this global at each call


class Presidio:
    """A presidio AnalyzerEngine with pattern recognizers only, loaded from disk."""

    def __init__(self, model: str | None = None, workdir: str | None = None) -> None:
        import spacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        for name in ("presidio-analyzer", "presidio_analyzer"):
            logging.getLogger(name).setLevel(logging.ERROR)
        _offline_tldextract()
        if model is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="blank-en-", dir=workdir)
            path = Path(self._tmp.name) / "blank_en"
            spacy.blank("en").to_disk(path)
            model_name = str(path)
            self.label = "presidio (blank spaCy en, pattern recognizers)"
        else:
            model_name = model
            self.label = f"presidio ({model}, pattern recognizers)"
        conf = {
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model_name}],
        }
        nlp = NlpEngineProvider(nlp_configuration=conf).create_engine()
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.load_predefined_recognizers(nlp_engine=nlp, languages=["en"])
        registry.recognizers = [
            r
            for r in registry.recognizers  # NER needs a trained model
            if type(r).__name__ != "SpacyRecognizer"
        ]
        self.recognizers = sorted(type(r).__name__ for r in registry.recognizers)
        self.engine = AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["en"])

    def analyze(self, text: str, entities: list[str] | None = None) -> list[Any]:
        """presidio's findings (RecognizerResult) for one text."""
        return self.engine.analyze(text=text, language="en", entities=entities)

    def kinds(self, text: str, entities: list[str] | None = None) -> set[str]:
        """Which of phone / email presidio finds in one text."""
        out = set()
        for r in self.analyze(text, entities):
            if r.entity_type == PHONE:
                out.add("phone")
            elif r.entity_type == EMAIL:
                out.add("email")
        return out
