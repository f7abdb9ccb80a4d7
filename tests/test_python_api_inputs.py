"""What the Python API accepts as text (issue 11).

``extract`` / ``extract_many`` take a ``str``, or ``bytes`` read exactly as a ``.txt``
file is (the readers' one decoder: UTF-8, UTF-16 with a byte-order mark, else cp1252,
and the same ``binary`` / ``undecodable`` records); anything else is a TypeError that
says what was expected.  ``extract_documents`` wants Documents whose text is a ``str``.
Offsets index the decoded text, UTF-16 included (a hypothesis property).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import quotetrail
from quotetrail import Document
from quotetrail.readers import read_paths
from test_offsets_property import EXAMPLES, articles, check_record

CLEAR = "“We will win,” said Jane Doe.\r\n\r\n“And again,” she added.\r\n"
UTF16 = [("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")]


def quiet_extract(data: Any, **kwargs: Any) -> quotetrail.ArticleResult:
    """``extract`` with the warnings it gives collected (and none leaking out)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return quotetrail.extract(data, **kwargs)


# -- not text: a clear TypeError -------------------------------------------------------

@pytest.mark.parametrize(("value", "name"), [(None, "NoneType"), (42, "int"),
                                             (["a text"], "list"), (3.5, "float")])
def test_extract_of_something_that_is_not_text_is_a_clear_type_error(value: object,
                                                                     name: str) -> None:
    """It was ``object of type 'NoneType' has no len()`` from inside the engine."""
    with pytest.raises(TypeError) as info:
        quotetrail.extract(value)  # type: ignore[arg-type]
    assert str(info.value) == ("extract() takes a str (or bytes, decoded as files are); "
                               f"got {name}")


def test_extract_with_an_id_that_is_not_a_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"^extract\(\) takes id as a str; got int$"):
        quotetrail.extract("text", id=7)  # type: ignore[arg-type]


def test_extract_many_names_the_text_that_is_not_text() -> None:
    with pytest.raises(TypeError) as info:
        quotetrail.extract_many(["fine", b"fine too", None])  # type: ignore[list-item]
    assert str(info.value) == ("extract_many() takes texts that are str (or bytes, decoded "
                               "as files are); text 2 is NoneType")


@pytest.mark.parametrize(("value", "says"), [
    (None, "takes an iterable of texts; got NoneType"),
    (7, "takes an iterable of texts; got int"),
    ("one text", "got one str (use extract() for one text)"),
    (b"one text", "got one bytes (use extract() for one text)"),
])
def test_extract_many_of_something_that_is_not_texts(value: object, says: str) -> None:
    with pytest.raises(TypeError, match=r"^extract_many\(\) ") as info:
        quotetrail.extract_many(value)  # type: ignore[arg-type]
    assert str(info.value).endswith(says)


@pytest.mark.parametrize(("item", "says"), [
    ("a str", "item 0 is str"),
    (Document(id="x", text=None), "item 0 (id 'x') has NoneType"),  # type: ignore[arg-type]
    (Document(id="b", text=b"raw"), "has bytes (decode it first, or give the bytes to "  # type: ignore[arg-type]
                                    "extract() or extract_many())"),
])
def test_extract_documents_checks_each_document(item: object, says: str) -> None:
    with pytest.raises(TypeError, match=r"^extract_documents\(\) takes ") as info:
        list(quotetrail.extract_documents([item]))  # type: ignore[list-item]
    assert str(info.value).endswith(says)


# -- bytes: decoded as a .txt file is --------------------------------------------------

@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_utf8_bytes_give_the_same_record_as_the_str(kind: type) -> None:
    """Bytes used to give an ``engine`` error record ("a bug") and keep the bytes as text."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # plain UTF-8: nothing to warn about
        from_bytes = quotetrail.extract(kind(CLEAR.encode("utf-8")))
    from_str = quotetrail.extract(CLEAR)
    assert from_bytes.errors == [] and from_bytes.text == CLEAR
    assert from_bytes.to_dict() == from_str.to_dict()
    assert from_bytes.attributions


def test_cp1252_bytes_are_decoded_with_a_unicode_warning() -> None:
    with pytest.warns(UnicodeWarning, match=r"^text: not valid UTF-8 .*decoded as cp1252$"):
        result = quotetrail.extract(b"\x93We will win,\x94 said Jane Doe.")
    assert result.errors == [] and result.text == "“We will win,” said Jane Doe."
    assert result.attributions


@pytest.mark.parametrize(("codec", "name"), UTF16)
def test_utf16_bytes_with_a_bom_are_decoded_with_a_unicode_warning(codec: str,
                                                                   name: str) -> None:
    with pytest.warns(UnicodeWarning, match=name) as caught:
        result = quotetrail.extract(("\ufeff" + CLEAR).encode(codec), id="u16")
    assert len(caught) == 1 and caught[0].filename == __file__  # points at the caller
    assert result.errors == [] and result.text == "\ufeff" + CLEAR
    check_record(result.to_dict(), "\ufeff" + CLEAR)
    assert result.attributions


@pytest.mark.parametrize(("raw", "code"), [
    (b"PK\x03\x04\x00\x00binary zip-ish", "binary"),
    (b"caf\xe9 \x81 end", "undecodable"),
    (b"\xff\xfeH\x00i", "undecodable"),  # a UTF-16 BOM, then an odd number of bytes
])
def test_bad_bytes_give_the_error_record_a_file_would_get(tmp_path: Path, raw: bytes,
                                                          code: str) -> None:
    path = tmp_path / "same.txt"
    path.write_bytes(raw)
    (from_file,) = read_paths([str(path)])
    result = quiet_extract(raw, id="same")
    assert [e.code for e in result.errors] == [code] == [e.code for e in from_file.errors]
    assert [e.message.replace(str(path), "same") for e in from_file.errors] == \
        [e.message for e in result.errors]
    assert result.text == "" and result.attributions == []


def test_too_many_bytes_is_too_large_with_the_true_size() -> None:
    result = quotetrail.extract(b"z" * 1001, max_chars=100)
    assert [e.code for e in result.errors] == ["too_large"]
    assert "1,001 bytes" in result.errors[0].message


def test_extract_many_decodes_bytes_with_one_warning_per_text() -> None:
    texts: list[str | bytes] = [CLEAR, CLEAR.encode("utf-8"),
                                ("\ufeff" + CLEAR).encode("utf-16-le"),
                                b"\x93Hi,\x94 she said.", b"\x00\x01binary"]
    with pytest.warns(UnicodeWarning) as caught:
        results = quotetrail.extract_many(texts)
    assert [r.id for r in results] == ["0", "1", "2", "3", "4"]
    assert [r.text for r in results] == [CLEAR, CLEAR, "\ufeff" + CLEAR, "“Hi,” she said.", ""]
    assert [[e.code for e in r.errors] for r in results] == [[], [], [], [], ["binary"]]
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2 and messages[0].startswith("2: ") and \
        messages[1].startswith("3: ")
    assert all(w.filename == __file__ for w in caught)


# -- offsets on UTF-16 text ------------------------------------------------------------

@given(articles(), st.sampled_from(UTF16))
def test_offsets_hold_on_utf16_bytes(text: str, codec_name: tuple[str, str]) -> None:
    """``text[start:end] == span.text`` on the decoded UTF-16 text (BOM kept as U+FEFF)."""
    codec, _ = codec_name
    decoded = "\ufeff" + text
    result = quiet_extract(decoded.encode(codec))
    check_record(result.to_dict(), decoded)


@given(st.lists(st.tuples(articles(), st.sampled_from(UTF16)), min_size=1, max_size=3))
def test_offsets_hold_on_utf16_files_read_by_the_readers(
        files: list[tuple[str, tuple[str, str]]]) -> None:
    """The same through the readers and ``extract_documents``, re-reading each file."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (text, (codec, _)) in enumerate(files):
            path = Path(tmp) / f"a{i}.txt"
            path.write_bytes(("\ufeff" + text).encode(codec))
            paths.append(str(path))
        results = list(quotetrail.extract_documents(read_paths(paths)))
        assert len(results) == len(files)
        for result, path_str, (_, (codec, _)) in zip(results, paths, files, strict=True):
            with open(path_str, encoding=codec, newline="") as f:
                check_record(result.to_dict(), f.read())


@pytest.mark.parametrize("text", EXAMPLES[:4])
def test_the_engine_finds_quotes_in_utf16_text(text: str) -> None:
    result = quiet_extract(("\ufeff" + text).encode("utf-16-be"))
    assert result.attributions
    check_record(result.to_dict(), "\ufeff" + text)
