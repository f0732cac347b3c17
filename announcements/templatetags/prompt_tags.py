"""`{% load prompt_tags %}{% waveform prompt %}`: a prompt's shape as an inline SVG (no script needed)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()
HEIGHT = 40


@register.inclusion_tag("announcements/_waveform.html")
def waveform(prompt: Any, width: int = 320) -> dict[str, Any]:
    peaks = list(prompt.waveform or [])
    step = width / max(1, len(peaks))
    bars = [
        {
            "x": round(i * step, 2),
            "y": round((HEIGHT - max(1.0, p * HEIGHT)) / 2, 2),
            "h": round(max(1.0, p * HEIGHT), 2),
        }
        for i, p in enumerate(peaks)
    ]
    return {
        "bars": bars,
        "width": width,
        "height": HEIGHT,
        "bar": round(max(0.5, step * 0.7), 2),
        "prompt": prompt,
    }
