"""Benchmark of the prompt pipeline: conversion time per minute of audio, for every upload kind.

Run ``.venv/bin/python -m bench.prompt_transcode [--minutes 1]``. For each kind supervisors upload, a
speech-like test signal (a swept tone with a syllable rhythm and a little noise) is encoded with PyAV, then
converted to a UCCX prompt (G.711 µ-law, 8 kHz, 8-bit, mono) three ways, best of three rounds, one thread:

- ``decode only``: the baseline, FFmpeg decoding and nothing else (the floor any converter pays);
- ``convert``: decode, downmix, resample, encode (what an upload costs without options);
- ``+ normalise + trim``: with loudness normalisation and silence trimming (the page's defaults).

Seconds per minute of audio and the real-time factor are printed; the input size shows what a minute
of each kind weighs.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from functools import partial

import av
import numpy as np

from announcements.audio import Limits, Options, transcode
from tests.announcements.audio_factory import KINDS, Kind, encode

ROUNDS = 3
SHOWN = (
    "wav-s16-44100-stereo",
    "wav-s24-48000-stereo",
    "mp3-44100-stereo",
    "ogg-opus-48000-stereo",
    "flac-44100-stereo-s24",
    "m4a-aac-44100-stereo",
    "webm-opus-48000-mono",
)


def speechlike(rate: int, seconds: float) -> np.ndarray:
    """A swept tone in 4 syllables a second, with quiet noise: it compresses and decodes like speech."""
    rng = np.random.default_rng(7)
    t = np.arange(int(rate * seconds)) / rate
    tone = np.sin(2 * np.pi * (180 + 120 * np.sin(2 * np.pi * 0.5 * t)) * t)
    rhythm = np.clip(np.sin(2 * np.pi * 4 * t), 0, None)
    return (0.4 * tone * rhythm + 0.01 * rng.standard_normal(t.size)).astype(np.float32)


def decode_only(data: bytes) -> None:
    with av.open(io.BytesIO(data)) as container:
        for _ in container.decode(audio=0):
            pass


def best(call: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="length of the test audio")
    args = parser.parse_args()
    seconds = args.minutes * 60
    limits = Limits(max_seconds=max(600.0, seconds + 1), max_work_seconds=600)
    kinds: dict[str, Kind] = {kind.label: kind for kind in KINDS}
    print(f"{args.minutes:g} minute(s) of audio per kind, best of {ROUNDS}, one thread\n")
    print(
        "| input | size | decode only s/min | convert s/min | + normalise + trim s/min | real-time factor |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for label in SHOWN:
        kind = kinds[label]
        data = encode(kind, speechlike(kind.rate, seconds))
        base = best(partial(decode_only, data))
        plain = best(partial(transcode, data, limits=limits))
        full = best(
            partial(transcode, data, options=Options(normalise=True, trim_silence=True), limits=limits)
        )
        per_minute = 1 / args.minutes
        size = f"{len(data) / 1048576:.2f} MB"
        print(
            f"| {label} | {size} | {base * per_minute:.3f} | {plain * per_minute:.3f} | "
            f"{full * per_minute:.3f} | {seconds / full:,.0f}x |"
        )


if __name__ == "__main__":
    main()
