"""The shipped models and the adapter, without Django: they load, score, learn a decision, and round-trip."""

from __future__ import annotations

import json

import pytest

from sportello.learning.adapter import Adapter
from sportello.learning.build import CATEGORIES, DEPARTMENTS, KINDS
from sportello.learning.corpus import batch_files, load_corpus
from sportello.learning.features import char_codes, featurize, feature_groups, gram_code
from sportello.learning.linear import WEIGHTS_DIR, LinearModel, shipped


@pytest.mark.parametrize("task,classes,mode", [
    ("moderation", CATEGORIES, "sigmoid"), ("routing", DEPARTMENTS, "softmax"), ("intent", KINDS, "softmax"),
])
def test_shipped_models_load_and_score(task, classes, mode):
    model = shipped(task)
    assert model is not None, f"no weights shipped for {task}"
    assert model.classes == classes and model.mode == mode
    assert 0.3 <= model.temperature <= 3.5
    probs = model.predict("Buongiorno, il lampione di via Roma è spento da giorni")
    assert set(probs) == set(classes)
    if mode == "softmax":
        assert sum(probs.values()) == pytest.approx(1.0)


def test_shipped_models_understand_unseen_phrasing():
    # Phrasings written for this test, with none of the catalogue's or cues' keywords doing the work alone.
    routing = shipped("routing").predict("stasera tutta la strada di casa mia è senza luce, i pali non vanno")
    assert max(routing, key=routing.get) == "illuminazione"
    intent = shipped("intent").predict("vorrei fissare un incontro per rinnovare il documento")
    assert max(intent, key=intent.get) == "booking"
    moderation = shipped("moderation").predict("fate una colletta per me, mandatemi i soldi su PayPal")
    assert moderation["fundraising"] > moderation["vulgar"]


def test_weights_are_json_with_the_declared_format():
    for path in WEIGHTS_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        model = LinearModel.from_dict(data)
        assert model.meta["examples"] == len(load_corpus()), f"{path.name} is stale: rebuild the weights"


def _by_hand(model: LinearModel, text: str) -> list[float]:
    z = list(model.bias)
    for name, x in featurize(text):
        for c, w in enumerate(model.weights.get(name, ())):
            z[c] += x * w
    return [v / model.temperature for v in z]


def test_scoring_matches_the_sum_by_hand_whatever_models_load_later():
    text = "la buca in via Roma, ancora lì, zzqxv"  # a made-up word: names no model has yet
    names = [name for name, _ in featurize(text)]
    first = LinearModel("t1", "softmax", ("a", "b"), (0.1, -0.1), {names[0]: (1.0, -2.0), "w:mai_vista": (3.0, 3.0)},
                        temperature=0.8)
    assert first.logits(text) == pytest.approx(_by_hand(first, text))
    # A model loaded afterwards adds names to the shared vocabulary that the first one's matrix has no rows for.
    later = LinearModel("t2", "sigmoid", ("x",), (0.0,), {name: (0.5,) for name in names[1:]} | {"w:altro": (9.0,)})
    assert later.logits(text) == pytest.approx(_by_hand(later, text))
    assert first.logits(text) == pytest.approx(_by_hand(first, text))
    assert first.logits("nessuna parola nota qui") == pytest.approx([0.1 / 0.8, -0.1 / 0.8])
    for task in ("moderation", "routing", "intent"):
        model = shipped(task)
        assert model.logits(text) == pytest.approx(_by_hand(model, text))


@pytest.mark.parametrize("text", [
    "la buca in via Roma, ancora lì", "PAGHI 50€ SUBITO!!! www.truffa.xyz", "€", "", "a", "ok 👍",
    "l’Ufficio è chiuso… perché?", "Ⓜerda ﬁne", "m.e.r.d.a 3478124409",
])
def test_character_codes_are_the_character_names(text):
    # Scoring reads the n-grams as codes, training as names: the two must be the same features.
    names = [name for _, group in feature_groups(text) for name in group if name.startswith("c:")]
    assert sorted(gram_code(name) for name in names) == char_codes(text).tolist()
    assert gram_code("w:buca") is None and gram_code("c:ab") is None


def test_features_are_normalised_per_group():
    feats = dict(featurize("Ciao, la BUCA in via Roma!"))
    words = [v for k, v in feats.items() if k.startswith("w:")]
    assert sum(v * v for v in words) == pytest.approx(1.0)
    assert "f:question" not in feats and any(k.startswith("c:") for k in feats)


def test_training_batches_are_well_formed():
    assert len(batch_files()) >= 5
    examples = load_corpus()
    texts = [e.text.casefold() for e in examples]
    assert len(texts) == len(set(texts)), "a training message is repeated"
    for e in examples:
        assert e.department in DEPARTMENTS and e.kind in KINDS, e.source
        assert set(e.moderation) <= set(CATEGORIES), e.source


def test_adapter_learns_a_restored_message_and_round_trips():
    model = shipped("moderation")
    text = "questi idraulici del comune sono dei veri pirati, vendono tutto a peso d'oro"
    adapter = Adapter(model)
    before = max(adapter.predict(text).values())
    adapter.learn(text, [])  # a moderator says: clean
    after = adapter.predict(text)
    assert max(after.values()) <= 0.25 and max(after.values()) <= before
    restored = Adapter(model, json.loads(json.dumps(adapter.to_state())))
    assert restored.predict(text) == pytest.approx(after, abs=1e-3)
    assert restored.learned == 1


def test_adapter_learns_a_confirmed_kind():
    adapter = Adapter(shipped("intent"))
    text = "il cassonetto giallo è pieno da una settimana"
    adapter.learn(text, ["report"])
    assert adapter.predict(text)["report"] >= 0.75
    with pytest.raises(ValueError):
        adapter.learn(text, ["report", "info"])  # one kind per message
    with pytest.raises(ValueError):
        adapter.learn(text, ["spam"])


def test_adapter_state_of_another_model_is_refused():
    state = Adapter(shipped("intent")).to_state()
    with pytest.raises(ValueError):
        Adapter(shipped("routing"), state)
