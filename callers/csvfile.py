"""The CSV format of caller entries: reading a supervisor's file and writing an export (no database).

Columns (header on line 1, any order, case-insensitive; only `number` is required):
`number, name, reason, expires_at, priority, target, prompt, language`.
Commas, semicolons or tabs separate the cells (Excel's regional variants). Files are UTF-8 (with or
without BOM); another encoding is detected when that is safe, or the user is asked to choose it.

Exports are safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is written with a leading apostrophe, which the import removes again, so a file round-trips.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from charset_normalizer import from_bytes

COLUMNS = ("number", "name", "reason", "expires_at", "priority", "target", "prompt", "language")
_ALIASES = {"expires": "expires_at", "expiry": "expires_at", "phone": "number", "caller": "name"}
ENCODINGS = {
    "auto": "detect (UTF-8 or a safe guess)",
    "utf-8": "UTF-8",
    "windows-1252": "Windows-1252 (Western Europe, Excel on Windows)",
    "iso-8859-1": "ISO-8859-1 (Latin-1)",
    "windows-1250": "Windows-1250 (Central Europe)",
    "windows-1251": "Windows-1251 (Cyrillic)",
    "utf-16": "UTF-16 (Excel 'Unicode text')",
}
_SAMPLE = 256 * 1024
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvRefused(ValueError):
    """The whole file is refused (wrong encoding, wrong header, not a CSV): nothing is imported."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line the row starts on, counting the header as line 1
    cells: dict[str, str]


def decode(content: bytes, encoding: str) -> tuple[str, str]:
    """The file's text and the encoding used; `auto` takes UTF-8, else a safe guess, else asks."""
    if b"\x00" in content[:_SAMPLE] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvRefused(
            "This is not a text file (it contains NUL bytes): export a CSV from your spreadsheet."
        )
    if encoding != "auto":
        if encoding not in ENCODINGS:
            raise CsvRefused(f"Unknown encoding {encoding!r}; choose one of {', '.join(ENCODINGS)}.")
        try:
            text = content.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError as error:
            raise CsvRefused(
                f"The file is not {ENCODINGS[encoding]}: byte {error.start + 1} cannot be read that way. "
                "Choose another encoding, or detect."
            ) from error
        return text, encoding
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(content, "utf-16"), "utf-16"
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _guess(content)


def _guess(content: bytes) -> tuple[str, str]:
    """Windows-1252 when the detector's guess reads the file exactly as Windows-1252 does (what Excel on
    a western PC writes); anything else is not taken on a guess: the user chooses."""
    best = from_bytes(content[:_SAMPLE]).best()
    if best is not None and best.encoding != "cp1252":
        try:
            same = content.decode(best.encoding) == content.decode("cp1252")
        except (UnicodeDecodeError, LookupError):
            same = False
        if not same:
            raise CsvRefused(
                f"The file is not UTF-8 and its encoding cannot be told for sure (it looks like "
                f"{best.encoding}). Choose the encoding your spreadsheet saved it in and import again."
            )
    if best is None:
        raise CsvRefused("The file is not UTF-8 and its encoding cannot be told; choose its encoding.")
    return _decode_as(content, "windows-1252"), "windows-1252"


def _decode_as(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        raise CsvRefused(
            f"The file looked like {ENCODINGS[encoding]} but byte {error.start + 1} is not; "
            "choose its encoding."
        ) from error


def _dialect(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def read_rows(text: str) -> tuple[list[str], Iterator[CsvRow]]:
    """The header's columns and the data rows; raises CsvRefused for a header that is not ours."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(first_line), strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvRefused("The file is empty: line 1 must be the header, e.g. number,name,reason.") from None
    except csv.Error as error:
        raise CsvRefused(f"Line 1 is not CSV: {error}.") from error
    columns = [_ALIASES.get(cell.strip().lower(), cell.strip().lower()) for cell in header]
    _check_header(columns, header)
    return columns, _rows(reader, columns)


def _check_header(columns: list[str], header: list[str]) -> None:
    expected = ", ".join(COLUMNS)
    if header and any(ch.isdigit() for ch in header[0]) and "number" not in columns:
        raise CsvRefused(
            f"Line 1 must be the header ({expected}); it starts with {header[0][:30]!r}, which looks like "
            "data: add the header line first."
        )
    unknown = [
        original.strip() for column, original in zip(columns, header, strict=True) if column not in COLUMNS
    ]
    if unknown:
        raise CsvRefused(
            f"Line 1 has unknown column{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(c) for c in unknown)}; the columns are: {expected}."
        )
    if "number" not in columns:
        raise CsvRefused(f"Line 1 must be the header with a number column; the columns are: {expected}.")
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise CsvRefused(f"Line 1 names the column {repeated[0]!r} twice.")


def _rows(reader: Iterator[list[str]], columns: list[str]) -> Iterator[CsvRow]:
    line = 2
    width = len(columns)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield CsvRow(line, {"__error__": f"not CSV: {error}"})
            return
        start, line = line, reader.line_num + 1  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > width:
            yield CsvRow(start, {"__error__": f"{len(cells)} cells, but the header has {width} columns"})
            continue
        yield CsvRow(
            start, {column: _unquote(cell.strip()) for column, cell in zip(columns, cells, strict=False)}
        )


def count_lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _unquote(cell: str) -> str:
    """Undo the export's formula guard: `'=x` reads as `=x`."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _FORMULA_STARTS:
        return cell[1:]
    return cell


def parse_expiry(text: str, zone: ZoneInfo) -> datetime | None:
    """`2027-01-31` (the entry runs through that day: until 23:59:59) or `2027-01-31 18:00[+01:00]`;
    empty: never."""
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time(23, 59, 59), zone)
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise ValueError(
            f"expires_at {text!r} is not a date (2027-01-31) or date and time (2027-01-31 18:00)"
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def parse_priority(text: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError as error:
        raise ValueError(f"priority {text!r} is not a whole number") from error


# --- export ---------------------------------------------------------------------------------------


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_rows(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The header, then one CSV line per row of `COLUMNS` values, every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
