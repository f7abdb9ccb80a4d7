"""Extraction on several workers reads its input only as results are taken, so a slow
consumer (a store writer) never makes documents or results pile up; results keep input
order; a pool whose results are not all taken is stopped."""

from __future__ import annotations

from collections.abc import Iterator

from quotetrail.api import PooledResults, extract_documents
from quotetrail.model import Document


def test_input_is_read_only_as_results_are_taken() -> None:
    pulled = 0

    def docs() -> Iterator[Document]:
        nonlocal pulled
        for i in range(400):
            pulled += 1
            yield Document(id=f"d{i}", text=f"“Item {i} is ready,” said Ann Lee.")

    results = extract_documents(docs(), workers=2, batch_size=4)
    assert isinstance(results, PooledResults)
    first = next(results)
    window = 2 * PooledResults.IN_FLIGHT_PER_WORKER * 4  # batches out, four documents each
    assert first.id == "d0" and pulled <= window + 4
    ids = [first.id] + [r.id for _, r in zip(range(20), results, strict=False)]
    assert ids == [f"d{i}" for i in range(21)]  # input order
    assert pulled <= 21 + window + 4
    results.close()  # the rest is never extracted
    assert pulled < 400
