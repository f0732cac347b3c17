"""Test audio made with PyAV: a chirp that sweeps the telephone band, in every format supervisors upload."""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import numpy as np


@dataclass(frozen=True)
class Kind:
    label: str
    container: str
    codec: str
    rate: int
    layout: str
    sample_format: str | None = None  # for PCM WAV: the sample format of the codec


KINDS = [
    Kind("wav-u8-11025-mono", "wav", "pcm_u8", 11025, "mono"),
    Kind("wav-s16-44100-stereo", "wav", "pcm_s16le", 44100, "stereo"),
    Kind("wav-s24-48000-stereo", "wav", "pcm_s24le", 48000, "stereo"),
    Kind("wav-s32-96000-5.1", "wav", "pcm_s32le", 96000, "5.1"),
    Kind("wav-f32-22050-mono", "wav", "pcm_f32le", 22050, "mono"),
    Kind("wav-s16-8000-mono", "wav", "pcm_s16le", 8000, "mono"),
    Kind("wav-mulaw-8000-mono", "wav", "pcm_mulaw", 8000, "mono"),
    Kind("mp3-44100-stereo", "mp3", "libmp3lame", 44100, "stereo"),
    Kind("mp3-16000-mono", "mp3", "libmp3lame", 16000, "mono"),
    Kind("ogg-opus-48000-stereo", "ogg", "libopus", 48000, "stereo"),
    Kind("flac-48000-mono", "flac", "flac", 48000, "mono"),
    Kind("flac-44100-stereo-s24", "flac", "flac", 44100, "stereo"),
    Kind("m4a-aac-44100-stereo", "ipod", "aac", 44100, "stereo"),
    Kind("webm-opus-48000-mono", "webm", "libopus", 48000, "mono"),
]
BY_LABEL = {kind.label: kind for kind in KINDS}


def chirp(
    rate: int, seconds: float, *, low: float = 200.0, high: float = 3200.0, level: float = 0.5
) -> np.ndarray:
    """A linear sweep from `low` to `high` Hz with soft 20 ms edges: every lag correlates differently."""
    t = np.arange(round(rate * seconds)) / rate
    signal = level * np.sin(2 * np.pi * (low * t + (high - low) / (2 * seconds) * t * t))
    edge = min(int(0.02 * rate), t.size // 2)
    ramp = np.linspace(0.0, 1.0, edge)
    signal[:edge] *= ramp
    signal[t.size - edge :] *= ramp[::-1]
    return signal.astype(np.float32)


def encode(kind: Kind, samples: np.ndarray) -> bytes:
    """`samples` (mono float at kind.rate) in the kind's container and codec, on every channel."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=kind.container) as output:
        stream = output.add_stream(kind.codec, rate=kind.rate, layout=kind.layout)
        if kind.codec == "flac" and kind.label.endswith("s24"):
            stream.format = "s32"
        channels = av.AudioLayout(kind.layout).nb_channels
        for start in range(0, samples.size, 1024):
            chunk = np.tile(samples[start : start + 1024], (channels, 1)).astype(np.float32)
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=kind.layout)
            frame.rate = kind.rate
            frame.pts = start
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return buffer.getvalue()


def make(label: str, seconds: float = 2.0) -> tuple[bytes, np.ndarray]:
    """(file bytes, the mono source signal at the kind's rate)."""
    kind = BY_LABEL[label]
    source = chirp(kind.rate, seconds, high=min(3200.0, kind.rate / 2.5))
    return encode(kind, source), source


def resample_to_8k(samples: np.ndarray, rate: int) -> np.ndarray:
    """The reference: the source resampled by FFmpeg to 8 kHz, independent of the code under test."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=8000)
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1).astype(np.float32), format="flt", layout="mono")
    frame.rate = rate
    out = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(out)


def best_correlation(a: np.ndarray, b: np.ndarray, max_lag: int = 400) -> tuple[float, int]:
    """Highest normalised correlation of a and b over lags of at most `max_lag` samples, and that lag."""
    best, best_lag = -1.0, 0
    for lag in range(-max_lag, max_lag + 1):
        x = a[max(0, lag) :]
        y = b[max(0, -lag) :]
        n = min(x.size, y.size)
        x, y = x[:n].astype(np.float64), y[:n].astype(np.float64)
        denominator = np.sqrt(np.dot(x, x) * np.dot(y, y))
        value = float(np.dot(x, y) / denominator) if denominator else 0.0
        if value > best:
            best, best_lag = value, lag
    return best, best_lag
