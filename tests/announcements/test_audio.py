"""The audio pipeline: every upload kind becomes a prompt UCCX accepts, with the same length and sound;
every bad input is refused with its own message."""

from __future__ import annotations

import io
import struct

import av
import numpy as np
import pytest

from announcements.audio import (
    ALAW,
    AudioRejected,
    Limits,
    Options,
    browser_rendition,
    decode_prompt,
    encode_g711,
    transcode,
)
from tests.announcements.audio_factory import (
    BY_LABEL,
    KINDS,
    Kind,
    best_correlation,
    chirp,
    encode,
    make,
    resample_to_8k,
)
from uccx_simulator.wav import ALAW as ALAW_TAG
from uccx_simulator.wav import MULAW as MULAW_TAG
from uccx_simulator.wav import check_prompt


def fmt_chunk(wav: bytes) -> tuple[int, int, int, int]:
    """(format tag, channels, rate, bits) of a WAVE file whose fmt chunk comes first, as ours does."""
    assert wav[12:16] == b"fmt "
    tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", wav, 20)
    return tag, channels, rate, bits


def rejected(data: bytes, code: str, limits: Limits | None = None) -> str:
    with pytest.raises(AudioRejected) as caught:
        transcode(data, limits=limits)
    assert caught.value.code == code, str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.label)
def test_every_input_kind_becomes_a_prompt_uccx_accepts_with_the_same_length_and_sound(kind: Kind) -> None:
    data, source = make(kind.label, seconds=2.0)
    prompt = transcode(data)
    check_prompt("welcome.wav", prompt.data)  # the simulator's copy of UCCX's file rule
    assert fmt_chunk(prompt.data) == (MULAW_TAG, 1, 8000, 8)
    decoded = decode_prompt(prompt.data)
    assert abs(decoded.size / 8 - 2000) <= 20  # milliseconds
    assert abs(prompt.duration_ms - 2000) <= 20
    correlation, lag = best_correlation(decoded, resample_to_8k(source, kind.rate), max_lag=160)
    assert correlation >= 0.95, (correlation, lag)
    assert abs(lag) <= 8  # within 1 ms: no codec delay left in
    assert prompt.format_label == "G.711 µ-law, 8000 Hz, 8-bit, mono"


def test_a_law_is_a_setting() -> None:
    data, _ = make("mp3-44100-stereo")
    prompt = transcode(data, options=Options(encoding=ALAW))
    check_prompt("welcome.wav", prompt.data)
    assert fmt_chunk(prompt.data)[0] == ALAW_TAG
    assert prompt.format_label.startswith("G.711 A-law")


def test_the_resampler_filters_what_8_khz_cannot_carry() -> None:
    """A 6 kHz tone (above the 4 kHz Nyquist limit) must not fold back as a loud 2 kHz alias."""
    kind = BY_LABEL["wav-s16-44100-stereo"]
    t = np.arange(44100) / 44100
    tone = (0.5 * np.sin(2 * np.pi * 6000 * t)).astype(np.float32)
    audible = (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    alias = decode_prompt(transcode(encode(kind, tone + audible)).data)
    reference = decode_prompt(transcode(encode(kind, audible)).data)
    residual = alias - reference
    assert np.sqrt(np.mean(residual**2)) < 0.02  # the 6 kHz part is gone, not folded to 2 kHz


def test_trimming_leading_and_trailing_silence() -> None:
    kind = BY_LABEL["wav-s16-44100-stereo"]
    silence = np.zeros(44100, dtype=np.float32)
    padded = np.concatenate([silence, chirp(44100, 1.0), silence])
    plain = transcode(encode(kind, padded))
    trimmed = transcode(encode(kind, padded), options=Options(trim_silence=True))
    assert plain.duration_ms == 3000
    assert 1150 <= trimmed.duration_ms <= 1250  # 1 s of sound and 100 ms kept at each end
    assert trimmed.trimmed_ms == 3000 - trimmed.duration_ms


def test_normalising_raises_a_quiet_recording_without_clipping() -> None:
    kind = BY_LABEL["wav-s16-44100-stereo"]
    quiet = transcode(encode(kind, chirp(44100, 1.0, level=0.02)), options=Options(normalise=True))
    samples = decode_prompt(quiet.data)
    assert quiet.gain_db > 15
    assert np.max(np.abs(samples)) <= 10 ** (-1 / 20) + 0.02
    loud_rms = np.sqrt(np.mean(samples[800:-800] ** 2))
    assert 10 ** (-20 / 20) < loud_rms < 10 ** (-16 / 20)


def test_waveform_and_browser_rendition() -> None:
    data, _ = make("flac-48000-mono")
    prompt = transcode(data)
    assert len(prompt.waveform) == 160
    assert all(0 <= peak <= 1 for peak in prompt.waveform)
    assert max(prompt.waveform) > 0.4
    playable = browser_rendition(prompt.data)
    assert fmt_chunk(playable) == (1, 1, 8000, 16)  # 16-bit PCM: every browser plays it
    assert abs(decode_prompt(playable).size - decode_prompt(prompt.data).size) <= 1


# --- refusals -------------------------------------------------------------------------------------


def test_empty_file() -> None:
    assert "empty" in rejected(b"", "empty")


def test_input_over_the_configured_size() -> None:
    data, _ = make("wav-s16-44100-stereo")
    message = rejected(data, "input_too_large", Limits(max_input_bytes=100_000))
    assert message == "The file is 344.6 KB; uploads may be at most 97.7 KB."


def test_input_longer_than_the_configured_duration_by_its_header() -> None:
    data, _ = make("mp3-16000-mono", seconds=5.0)
    assert "at most 3 seconds" in rejected(data, "too_long", Limits(max_seconds=3))


def _flac_bomb(minutes: int) -> bytes:
    """`minutes` of a constant level in FLAC (a few hundred bytes a minute) with the total length erased
    from STREAMINFO, as a hostile file would: only decoding tells how long it is."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flac") as output:
        stream = output.add_stream("flac", rate=8000, layout="mono")
        block = np.full((1, 8000 * 60), 0.25, dtype=np.float32)
        for minute in range(minutes):
            frame = av.AudioFrame.from_ndarray(block, format="flt", layout="mono")
            frame.rate, frame.pts = 8000, minute * 8000 * 60
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    data = bytearray(buffer.getvalue())
    header = int.from_bytes(data[18:26], "big") & ~((1 << 36) - 1)  # total samples := 0 (unknown)
    data[18:26] = header.to_bytes(8, "big")
    return bytes(data)


def test_decompression_bomb_stops_at_the_duration_limit() -> None:
    bomb = _flac_bomb(30)
    assert len(bomb) < 400_000  # a small file ...
    message = rejected(bomb, "too_long", Limits(max_seconds=120))  # ... that decodes to 30 minutes
    assert "decodes to more than 2 minutes" in message


def test_conversion_time_is_bounded() -> None:
    message = rejected(_flac_bomb(3), "too_slow", Limits(max_work_seconds=0.0))
    assert "longer than 0 s" in message


def test_output_over_20_mb_is_refused() -> None:
    data, _ = make("wav-s16-8000-mono", seconds=3.0)
    assert "UCCX takes at most" in rejected(data, "too_large", Limits(max_output_bytes=20_000))


@pytest.mark.parametrize(
    "junk",
    [b"hello world, this is text" * 50, bytes(range(256)) * 40],
    ids=["text", "noise-bytes"],
)
def test_not_audio(junk: bytes) -> None:
    assert "cannot be read as audio" in rejected(junk, "not_audio")


def test_an_image_holds_no_audio_track() -> None:
    assert "no audio track" in rejected(b"\x89PNG\r\n\x1a\n" + bytes(600), "no_audio")


def test_video_without_sound_has_no_audio_track() -> None:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as output:
        stream = output.add_stream("mpeg4", rate=10)
        stream.width = stream.height = 32
        for index in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), dtype=np.uint8), format="rgb24")
            frame.pts = index
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    assert "no audio track" in rejected(buffer.getvalue(), "no_audio")


def test_truncated_wav() -> None:
    data, _ = make("wav-s16-44100-stereo")
    assert "truncated" in rejected(data[: len(data) // 2], "truncated")


def test_truncated_mp3() -> None:
    data, _ = make("mp3-44100-stereo")
    assert "only 1.0 s could be decoded" in rejected(data[: len(data) // 2], "truncated")


def test_corrupt_flac() -> None:
    data, _ = make("flac-48000-mono")
    broken = data[:2000] + bytes(b ^ 0x5A for b in data[2000:])
    message = rejected(broken, "corrupt")
    assert "corrupt or truncated" in message


def test_silence_only() -> None:
    kind = BY_LABEL["wav-s16-44100-stereo"]
    hiss = np.random.default_rng(1).normal(0, 0.0005, 44100).astype(np.float32)  # -66 dBFS
    assert "silent" in rejected(encode(kind, hiss), "silence")


def test_encoding_rejects_unknown_settings() -> None:
    with pytest.raises(ValueError, match="Unknown prompt encoding"):
        transcode(b"x", options=Options(encoding="g729"))
    assert encode_g711(np.zeros(8, dtype=np.float32))[:4] == b"RIFF"
