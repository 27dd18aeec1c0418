"""Marks exact and near-duplicate articles, remembering fingerprints from earlier runs.

Exact duplicates share a `content_hash`; near duplicates (syndicated copies wearing different
page furniture) are found with MinHash LSH over word shingles. Every duplicate points at the
canonical article of its group, never at another duplicate, so readers follow one hop.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pyarrow as pa
from datasketch import LeanMinHash, MinHash, MinHashLSH
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.schema import Article, Fingerprint
from tasks.settings import DedupeSettings

# Fixed so that sketches stored by one run compare with sketches made by the next.
MINHASH_SEED = 1
# datasketch 2.x permutation scheme whose hash values fit the warehouse's uint32 column.
MINHASH_SCHEME = "affine32"

WORD = re.compile(r"\w+")
# Powers of an odd 64-bit constant: weighting word hashes by position makes "a b" differ from
# "b a" in a shingle hash. Ten covers the largest shingle_words the settings allow.
POSITION_WEIGHTS = np.array(
    [pow(0x9E3779B97F4A7C15, n, 1 << 64) for n in range(9, -1, -1)], dtype=np.uint64
)


def word_tokens(text: str) -> list[str]:
    """Case-folded words, so capitalisation and punctuation differences do not hide a copy."""
    return WORD.findall(text.casefold())


def word_hashes(words: list[str]) -> np.ndarray:
    """A stable 32-bit hash per word (crc32: the same in every process, unlike hash())."""
    return np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """32-bit hashes of overlapping word n-grams, computed in bulk with numpy.

    A text shorter than one shingle is a single shingle; a text without words has none.
    """
    tokens = word_hashes(word_tokens(text))
    if tokens.size == 0:
        return tokens.astype(np.uint32)
    width = min(size, tokens.size)
    count = tokens.size - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset, weight in enumerate(POSITION_WEIGHTS[-width:]):
        combined += tokens[offset : offset + count] * weight
    return (combined ^ (combined >> np.uint64(32))).astype(np.uint32)


def passthrough_hash(value: np.uint32) -> np.uint32:
    """Shingles arrive already hashed; datasketch still mixes them before permuting."""
    return value


def estimated_jaccard(left: np.ndarray, right: np.ndarray) -> float:
    """Share of equal MinHash slots, an unbiased estimate of the shingle sets' Jaccard."""
    return float(np.count_nonzero(left == right)) / len(left)


def fingerprints_from_batch(batch: pa.RecordBatch) -> list[Fingerprint]:
    """Rows of the warehouse `fingerprints` table as Fingerprint records for `remember`."""
    columns = batch.to_pydict()
    return [
        Fingerprint(
            article_id=article_id,
            content_hash=content_hash,
            duplicate_of=duplicate_of,
            minhash=tuple(minhash),
            run_id=run_id or "",
        )
        for article_id, content_hash, duplicate_of, minhash, run_id in zip(
            columns["article_id"],
            columns["content_hash"],
            columns["duplicate_of"],
            columns["minhash"],
            columns["run_id"],
            strict=True,
        )
    ]


class DedupeIndex:
    """Every article seen so far (this run and earlier ones), searchable by hash and sketch."""

    def __init__(self, settings: DedupeSettings | None = None) -> None:
        self.settings = settings or DedupeSettings.model_validate({})
        num_perm = self.settings.num_perm
        # Drawing the permutations once saves a RandomState per article.
        self._permutations = MinHash(num_perm, seed=MINHASH_SEED).permutations
        self._lsh = MinHashLSH(threshold=self.settings.threshold, num_perm=num_perm)
        self._known: dict[str, Fingerprint] = {}
        self._canonical_by_hash: dict[str, str] = {}
        self._sketches: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._known)

    def remember(self, fingerprints: Iterable[Fingerprint]) -> None:
        """Load fingerprints stored by earlier runs so their articles count as seen."""
        for fingerprint in fingerprints:
            if fingerprint.article_id in self._known:
                continue
            if len(fingerprint.minhash) != self.settings.num_perm:
                raise ValueError(
                    f"fingerprint {fingerprint.article_id} has {len(fingerprint.minhash)} MinHash "
                    f"values but dedupe is set to num_perm={self.settings.num_perm}; use the "
                    "num_perm the warehouse was built with, or rebuild its fingerprints table"
                )
            self.add(fingerprint)

    def known(self, article_id: str) -> Fingerprint | None:
        """The stored fingerprint of an article already seen, if any."""
        return self._known.get(article_id)

    def canonical_for_hash(self, content_hash: str) -> str | None:
        """The canonical article of an exact copy already seen, if any."""
        return self._canonical_by_hash.get(content_hash)

    def sketch(self, text: str) -> MinHash:
        """The MinHash of a text's word shingles."""
        minhash = MinHash(
            self.settings.num_perm,
            seed=MINHASH_SEED,
            permutations=self._permutations,
            scheme=MINHASH_SCHEME,
            hashfunc=passthrough_hash,
        )
        hashes = shingle_hashes(text, self.settings.shingle_words)
        if hashes.size:
            minhash.update_batch(hashes)
        return minhash

    def best_match(self, minhash: MinHash) -> str | None:
        """The canonical article of the most similar earlier article above the threshold."""
        scored = [
            (estimated_jaccard(minhash.hashvalues, self._sketches[key]), key)
            for key in self._lsh.query(minhash)
        ]
        passing = [(-score, key) for score, key in scored if score >= self.settings.threshold]
        if not passing:
            return None
        return self.canonical_of(min(passing)[1])

    def canonical_of(self, article_id: str) -> str:
        """The article a group of duplicates points at."""
        fingerprint = self._known[article_id]
        return fingerprint.duplicate_of or fingerprint.article_id

    def add(self, fingerprint: Fingerprint) -> None:
        """Make an article findable by id, content hash and (if it has words) sketch."""
        self._known[fingerprint.article_id] = fingerprint
        canonical = fingerprint.duplicate_of or fingerprint.article_id
        self._canonical_by_hash.setdefault(fingerprint.content_hash, canonical)
        values = np.asarray(fingerprint.minhash, dtype=np.uint32)
        if is_empty_sketch(values):
            return
        self._sketches[fingerprint.article_id] = values
        lean = LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=MINHASH_SCHEME)
        self._lsh.insert(fingerprint.article_id, lean, check_duplication=False)


def is_empty_sketch(values: np.ndarray) -> bool:
    """A text without words leaves every slot at its maximum; such sketches match nothing."""
    return bool(np.all(values == np.iinfo(np.uint32).max))


def find_duplicate_of(article: Article, minhash: MinHash, index: DedupeIndex) -> str | None:
    """The canonical article this one copies exactly or nearly, or None if it is new."""
    exact = index.canonical_for_hash(article.content_hash)
    if exact is not None:
        return exact
    if is_empty_sketch(minhash.hashvalues):
        return None
    return index.best_match(minhash)


def dedupe_article(article: Article, index: DedupeIndex) -> tuple[Article, Fingerprint | None]:
    """One article with duplicate_of set, and its fingerprint if it was not seen before."""
    seen = index.known(article.article_id)
    if seen is not None:
        return replace(article, duplicate_of=seen.duplicate_of), None
    minhash = index.sketch(article.text)
    duplicate_of = find_duplicate_of(article, minhash, index)
    fingerprint = Fingerprint(
        article_id=article.article_id,
        content_hash=article.content_hash,
        duplicate_of=duplicate_of,
        minhash=tuple(minhash.hashvalues.tolist()),
        run_id=article.run_id,
    )
    index.add(fingerprint)
    return replace(article, duplicate_of=duplicate_of), fingerprint


def dedupe_batch(
    articles: list[Article], index: DedupeIndex
) -> tuple[list[Article], list[Fingerprint]]:
    """Articles in order with duplicate_of set, plus fingerprints of those new to the index."""
    marked: list[Article] = []
    fingerprints: list[Fingerprint] = []
    for article in articles:
        result, fingerprint = dedupe_article(article, index)
        marked.append(result)
        if fingerprint is not None:
            fingerprints.append(fingerprint)
    return marked, fingerprints


@task(name="dedupe", cache_policy=NO_CACHE)
def dedupe(articles: list[Article], index: DedupeIndex) -> tuple[list[Article], list[Fingerprint]]:
    """Prefect wrapper: the index lives in the flow so later batches see earlier ones."""
    return dedupe_batch(articles, index)
