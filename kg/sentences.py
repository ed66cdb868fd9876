"""Quote-aware sentence splitting of the clean text.

A sentence ends at 。！？ (or ! ?) outside quotation marks, or at the end of a
paragraph. A sentence-final mark inside “…” does not end the sentence, so
``“……形成。”北京市政协副主席卢彦说。`` stays one sentence with its
attribution. Unbalanced quotes are reset at the end of each paragraph, and an
over-long run without punctuation is cut at ``MAX_SENTENCE`` characters so
later stages stay linear.
"""

from __future__ import annotations

import re

from .model import Document, Sentence

ENDERS = set("。！？!?")
OPEN_QUOTES = "“「『"
CLOSE_QUOTES = "”」』"
MAX_SENTENCE = 600
_MARKS = re.compile("[\n" + re.escape("".join(sorted(ENDERS)) + OPEN_QUOTES + CLOSE_QUOTES) + "]")


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

    # Only line breaks, quotation marks and sentence-final marks change the state:
    # jump from one to the next at C speed, and cut over-long runs in between.
    while True:
        m = _MARKS.search(text, i)
        p = m.start() if m else n
        while start + MAX_SENTENCE < p:
            # the first plain character MAX_SENTENCE past the start ends a sentence
            cut = start + MAX_SENTENCE
            emit(start, cut + 1)
            start = cut + 1
            depth = 0
        if m is None:
            break
        ch = text[p]
        if ch == "\n":
            emit(start, p)
            paragraph += 1
            depth = 0
            start = p + 1
        elif ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            if depth:
                depth -= 1
            # “……。” at the very end of a paragraph closes the sentence too
        elif depth == 0:  # a sentence-final mark outside quotes
            j = p + 1
            while j < n and (text[j] in ENDERS or text[j] in "”’）)」』"):
                j += 1
            emit(start, j)
            start = j
            i = j
            continue
        if p - start >= MAX_SENTENCE:
            emit(start, p + 1)
            start = p + 1
            depth = 0
        i = p + 1
    emit(start, n)
    return out
