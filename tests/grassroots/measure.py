"""Print precision and recall of the duplicate matcher per threshold on the labelled sample:
`python -m tests.grassroots.measure` (from the repository root, with src on the path)."""

from danvan.grassroots import matching
from tests.grassroots.labelled import MATTERS, pairs


def main() -> None:
    corpus = matching.Corpus(matching.features(t) for _, texts in MATTERS for t in texts)
    scored = [(matching.similarity(a, b, corpus), label) for a, b, label in pairs()]
    print(f"{len(scored)} pairs, {sum(label for _, label in scored)} duplicates")
    for t in (0.14, 0.18, 0.2, 0.25, 0.3, 0.35):
        tp = sum(1 for s, lab in scored if s >= t and lab)
        fp = sum(1 for s, lab in scored if s >= t and not lab)
        fn = sum(1 for s, lab in scored if s < t and lab)
        print(
            f"threshold {t:.2f}: precision {tp / max(1, tp + fp):.3f} recall {tp / (tp + fn):.3f}"
        )


if __name__ == "__main__":
    main()
