"""Quote-aware sentence splitting of the clean text.

A sentence ends at 。！？ (or ! ?) outside quotation marks, or at the end of a
paragraph. A sentence-final mark inside “…” does not end the sentence, so
``“……形成。”北京市政协副主席卢彦说。`` stays one sentence with its
attribution. Unbalanced quotes are reset at the end of each paragraph, and an
over-long run without punctuation is cut at ``MAX_SENTENCE`` characters so
later stages stay linear.
"""

from __future__ import annotations

from .model import Document, Sentence

ENDERS = set("。！？!?")
OPEN_QUOTES = "“「『"
CLOSE_QUOTES = "”」』"
MAX_SENTENCE = 600


def split_sentences(doc: Document) -> list[Sentence]:
    """Sentences of ``doc.text`` in order, with clean-text offsets.

    >>> from kg.textprep import prepare
    >>> d = prepare("“好。很好。”他说。下一句！\\n第二段", "t")
    >>> [s.text for s in split_sentences(d)]
    ['“好。很好。”他说。', '下一句！', '第二段']
    """
    text = doc.text
    out: list[Sentence] = []
    paragraph = 0
    start = 0
    depth = 0
    i = 0
    n = len(text)

    def emit(s: int, e: int) -> None:
        # trim spaces; skip empty
        while s < e and text[s] in " \n":
            s += 1
        while e > s and text[e - 1] in " \n":
            e -= 1
        if e > s:
            out.append(Sentence(s, e, text[s:e], paragraph))

    while i < n:
        ch = text[i]
        if ch == "\n":
            emit(start, i)
            paragraph += 1
            depth = 0
            start = i + 1
        elif ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            if depth:
                depth -= 1
            # “……。” at the very end of a paragraph closes the sentence too
        elif ch in ENDERS and depth == 0:
            j = i + 1
            while j < n and (text[j] in ENDERS or text[j] in "”’）)」』"):
                j += 1
            emit(start, j)
            start = j
            i = j
            continue
        if i - start >= MAX_SENTENCE:
            emit(start, i + 1)
            start = i + 1
            depth = 0
        i += 1
    emit(start, n)
    return out
