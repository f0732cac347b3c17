"""UCCX's prompt file rule: G.711 (µ-law or A-law) RIFF WAVE, 8000 Hz, 8 bit, mono, 1 byte to 20 MB."""

from __future__ import annotations

import struct

MAX_FILE_BYTES = 20 * 1024 * 1024
MULAW = 7
ALAW = 6
PCM = 1
_FORMAT_NAMES = {PCM: "PCM", ALAW: "A-law", MULAW: "µ-law", 0xFFFE: "extensible"}
_REQUIRED = "prompts must be G.711 µ-law or A-law, 8000 Hz, 8 bit, mono"


class FileRuleError(ValueError):
    """The uploaded file breaks a repository rule; the message is what the user sees."""


def check_size(name: str, size: int) -> None:
    if size < 1:
        raise FileRuleError(f"Failed to upload file with path: {name}. The file is empty.")
    if size > MAX_FILE_BYTES:
        raise FileRuleError(
            f"Failed to upload file with path: {name}. The file exceeds the maximum size of 20 MB."
        )


def _chunks(data: bytes) -> dict[bytes, bytes]:
    """The top-level chunks of a RIFF file (first occurrence of each id)."""
    chunks: dict[bytes, bytes] = {}
    offset = 12
    while offset + 8 <= len(data):
        chunk_id, size = struct.unpack_from("<4sI", data, offset)
        chunks.setdefault(chunk_id, data[offset + 8 : offset + 8 + size])
        offset += 8 + size + (size & 1)
    return chunks


def check_prompt(name: str, data: bytes) -> None:
    """Raise FileRuleError unless `data` is a prompt UCCX accepts."""
    if not name.lower().endswith(".wav"):
        raise FileRuleError(f"Invalid file {name}: only .wav files can be uploaded as prompts.")
    check_size(name, len(data))
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise FileRuleError(f"Invalid file {name}: not a RIFF WAVE file; {_REQUIRED}.")
    chunks = _chunks(data)
    fmt = chunks.get(b"fmt ")
    if fmt is None or len(fmt) < 16:
        raise FileRuleError(f"Invalid file {name}: the WAVE file has no valid fmt chunk.")
    format_tag, channels, sample_rate, _, _, bits = struct.unpack_from("<HHIIHH", fmt)
    problems = []
    if format_tag not in (MULAW, ALAW):
        problems.append(f"encoding {_FORMAT_NAMES.get(format_tag, f'format {format_tag}')}")
    if channels != 1:
        problems.append(f"{channels} channels")
    if sample_rate != 8000:
        problems.append(f"{sample_rate} Hz")
    if bits != 8:
        problems.append(f"{bits} bit")
    if problems:
        raise FileRuleError(f"Unsupported audio in {name} ({', '.join(problems)}): {_REQUIRED}.")
    if b"data" not in chunks:
        raise FileRuleError(f"Invalid file {name}: the WAVE file has no data chunk.")


def build_wav(
    samples: bytes = b"\xff" * 800,
    *,
    format_tag: int = MULAW,
    channels: int = 1,
    sample_rate: int = 8000,
    bits: int = 8,
) -> bytes:
    """A WAVE file with the given header values (the demo seed and tests use it)."""
    block_align = channels * bits // 8
    fmt = struct.pack(
        "<HHIIHH", format_tag, channels, sample_rate, sample_rate * block_align, block_align, bits
    )
    body = (
        b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"data"
        + struct.pack("<I", len(samples))
        + samples
    )
    if len(samples) & 1:
        body += b"\x00"
    return b"RIFF" + struct.pack("<I", len(body)) + body
