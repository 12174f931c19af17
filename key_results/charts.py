"""Charts of a key result drawn on the server as SVG, safe to serve under a strict CSP.

history_chart is a whole SVG document drawn by pygal, for an <img> or a link of its own: it holds
no script and refers to nothing outside itself. sparkline is a few hundred bytes of inline SVG,
written by hand because it appears beside every key result in a list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from xml.etree import ElementTree

import pygal
from django.utils import dateformat, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from .numbers import display_number
from .rates import Per, RatePeriod

# The filter below edits the standard library's ElementTree; pygal would switch to lxml, whose
# tags and comments look different, as soon as another package brought lxml in.
pygal.etree.etree.to_etree()

WIDTH, HEIGHT = 720, 360
MAX_DATE_LABELS = 7

# Lines keep at least 3:1 contrast against the white background and text at least 4.5:1
# (WCAG 1.4.11 and 1.4.3); each line also has its own dash pattern, so colour is never the only
# way to tell them apart.
COLOURS = {
    "baseline": "#5f6368",
    "target": "#1a7f37",
    "expected": "#8250df",
    "measured": "#0550ae",
    "forecast": "#bc4c00",
}
TEXT = "#1f2328"
TEXT_SUBTLE = "#57606a"
GUIDE = "#d0d7de"  # grid lines only: they are not information, so they may stay faint

# (axis label, full date) per language: Danish "15. mar" and "15.03.2027", English day-first
# as in en-GB, "15 Mar" and "15 Mar 2027". Django's "M" capitalises the month, "b" does not.
DATE_FORMATS = {"da": ("j. b", "d.m.Y"), "en": ("j M", "j M Y")}

CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground=TEXT,
    foreground_strong=TEXT,
    foreground_subtle=TEXT_SUBTLE,
    guide_stroke_color=GUIDE,
    major_guide_stroke_color=GUIDE,
    # Only system fonts: a web font would be a reference to something outside the image.
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=16,
    opacity="1",
    opacity_hover="1",
    stroke_opacity="1",
    stroke_opacity_hover="1",
    # pygal sets the width on each line itself, so a series' own stroke_style cannot widen it.
    stroke_width="2",
    stroke_width_hover="2",
    colors=tuple(COLOURS.values()),
)


def _decimal(value: float) -> Decimal:
    # pygal hands floats back (3.0999999999999996); ten significant digits undo that.
    return Decimal(f"{value:.10g}")


def _date_labels(start: date, deadline: date) -> list[date]:
    """Start, deadline and the first days of months between them, thinned to a readable few."""
    firsts = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        first = date(year, month, 1)
        if first >= deadline:
            break
        firsts.append(first)
    step = -(-len(firsts) // (MAX_DATE_LABELS - 2)) if firsts else 1
    # Drop a month's first day that would crowd the start or deadline label.
    margin = max(1, (deadline - start).days // 12)
    inner = [
        day
        for day in firsts[step - 1 :: step]
        if (day - start).days >= margin and (deadline - day).days >= margin
    ]
    return [start, *inner, deadline]


def _clean(desc_text: str) -> Callable[[ElementTree.Element], ElementTree.Element]:
    """An xml filter that leaves only a self-contained picture with a title and description."""

    def clean(root: ElementTree.Element) -> ElementTree.Element:
        removable = []
        for parent in root.iter():
            for child in parent:
                # pygal always writes its tooltip config as an inline <script>, even with js=[],
                # plus comments with its address and the render date; the tooltip data in <desc>
                # elements is of no use without that script.
                if (
                    child.tag in ("script", ElementTree.Comment)
                    or child.tag == "desc"
                    and child.get("class")
                ):
                    removable.append((parent, child))
        for parent, child in removable:
            parent.remove(child)
        title = root.find("title")
        position = list(root).index(title) + 1 if title is not None else 0
        if title is not None:
            title.set("id", "chart-title")
        desc = ElementTree.Element("desc", {"id": "chart-desc"})
        desc.text = desc_text
        root.insert(position, desc)
        root.set("role", "img")
        root.set("aria-labelledby", "chart-title chart-desc")
        return root

    return clean


def history_chart(
    *,
    title: str,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    start: date,
    deadline: date,
    points: list[tuple[date, Decimal]],
    forecast: Decimal | None,
    language: str,
    cumulative: bool = False,
) -> str:
    """A standalone SVG document: the measurements against baseline, target and time line.

    Draws baseline and target as level lines, the expected straight line from the baseline at
    the start to the target at the deadline, the measurements (cumulative totals for a count,
    so labelled), and the forecast as a dashed line from the last measurement to the deadline.
    Words, dates and numbers are in `language`."""
    points = sorted(points)
    axis_format, full_format = DATE_FORMATS.get(language.split("-")[0], DATE_FORMATS["en"])
    with translation.override(language):

        def number(value: Decimal) -> str:
            return f"{display_number(value)} {unit}" if unit else display_number(value)

        def full_date(day: date) -> str:
            return dateformat.format(day, full_format)

        desc_parts = [
            _("%(title)s from %(start)s to %(deadline)s: baseline %(baseline)s, target %(target)s.")
            % {
                "title": title,
                "start": full_date(start),
                "deadline": full_date(deadline),
                "baseline": number(baseline),
                "target": number(target),
            }
        ]
        if points:
            last_day, last_value = points[-1]
            latest = (
                _("Latest total %(value)s on %(date)s.")
                if cumulative
                else _("Latest measurement %(value)s on %(date)s.")
            )
            desc_parts.append(latest % {"value": number(last_value), "date": full_date(last_day)})
            if forecast is None:
                desc_parts.append(_("Too few measurements for a forecast."))
            else:
                desc_parts.append(
                    _("At this pace it reaches %(value)s by the deadline.")
                    % {"value": number(forecast)}
                )
        else:
            desc_parts.append(_("Nothing measured yet."))

        chart = pygal.DateLine(
            style=CHART_STYLE,
            width=WIDTH,
            height=HEIGHT,
            explicit_size=True,
            js=[],  # pygal would load its tooltip script from a CDN
            title=title,
            y_title=unit or None,
            legend_at_bottom=True,
            legend_at_bottom_columns=3,
            truncate_legend=-1,
            x_labels=_date_labels(start, deadline),
            # Cached: pygal formats each point for tooltips and labels several times over.
            x_value_formatter=cache(lambda moment: dateformat.format(moment, axis_format)),
            value_formatter=cache(lambda value: display_number(_decimal(value))),
            show_x_guides=False,
            dots_size=3 if len(points) <= 60 else 1.5,
            no_prefix=False,
        )
        # A fixed id instead of a random one: the same data draws the same bytes (ETags, caches).
        chart.uuid = "history"
        chart.add_xml_filter(_clean(" ".join(str(part) for part in desc_parts)))
        chart.add(
            _("Baseline"), [(start, float(baseline)), (deadline, float(baseline))], show_dots=False
        )
        chart.add(_("Target"), [(start, float(target)), (deadline, float(target))], show_dots=False)
        chart.add(
            _("Expected"),
            [(start, float(baseline)), (deadline, float(target))],
            show_dots=False,
            stroke_style={"dasharray": "2,4"},
        )
        chart.add(
            _("Measured, cumulative") if cumulative else _("Measured"),
            [(day, float(value)) for day, value in points],
        )
        if points and forecast is not None:
            last_day, last_value = points[-1]
            chart.add(
                _("Forecast"),
                [(last_day, float(last_value)), (deadline, float(forecast))],
                show_dots=False,
                stroke_style={"dasharray": "8,5"},
            )
        return str(chart.render(is_unicode=True))


def sparkline(
    values: list[Decimal], *, width: int = 80, height: int = 20, label: str
) -> SafeString:
    """A tiny inline SVG line of `values`, lowest at the bottom and highest at the top.

    No style element or attribute (a strict CSP forbids them): presentation attributes draw
    it, and the classes spark, spark-line and spark-dot let the page's stylesheet recolour it.
    One value is a level line; no values an empty box, still labelled for screen readers."""
    pad = 1.5  # half the stroke and dot, so the line is not cut at the box's edges
    shapes = ""
    if values:
        numbers = [float(value) for value in values]
        low, high = min(numbers), max(numbers)
        inner_w, inner_h = width - 2 * pad, height - 2 * pad
        x_step = inner_w / (len(numbers) - 1) if len(numbers) > 1 else 0.0
        if high == low:
            ys = [height / 2] * len(numbers)
        else:
            scale = inner_h / (high - low)
            ys = [pad + (high - number) * scale for number in numbers]
        xs = [pad + i * x_step for i in range(len(numbers))]
        if len(numbers) == 1:
            xs, ys = [pad, width - pad], ys * 2
        coordinates = " ".join([f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True)])
        shapes = (
            f'<polyline class="spark-line" points="{coordinates}" fill="none" '
            'stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" '
            'stroke-linecap="round"/>'
            f'<circle class="spark-dot" cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" '
            'r="1.5" fill="currentColor"/>'
        )
    return mark_safe(  # noqa: S308 - numbers we formatted and the escaped label only
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">{shapes}</svg>'
    )


def period_name(period: RatePeriod, per: str, *, language: str | None = None) -> str:
    """A rate's period in words: "Week 7" ("Uge 7"), or "February 2027" ("februar 2027")."""
    with translation.override(language or translation.get_language()):
        if per == Per.WEEK:
            return _("Week %(number)s") % {"number": period.start.isocalendar().week}
        return dateformat.format(period.start, "F Y")


def period_outcome(period: RatePeriod) -> str:
    """How a rate's period went, in words: met, not met, under way, or not judged."""
    if not period.judged:
        return _("too short to count")
    if period.met:
        return _("met")
    if period.complete:
        return _("not met")
    if period.current:
        return _("under way")
    return _("to come")


def rate_chart(
    *,
    title: str,
    unit: str,
    per: str,
    periods: list[RatePeriod],
    language: str,
) -> str:
    """A standalone SVG document: the events of each of a rate's periods against what it asks.

    One bar per week or month so far (logged events) beside what the period asked for; the
    description lists every period with its count, what it required and whether it was met."""
    with translation.override(language):
        shown = [period for period in periods if period.complete or period.current]
        desc_parts = [
            _("%(title)s: events logged in each period against the events it asks for.")
            % {"title": title}
        ]
        for period in shown:
            desc_parts.append(
                _("%(period)s: %(count)s of %(required)s, %(outcome)s.")
                % {
                    "period": period_name(period, per),
                    "count": period.count,
                    "required": period.required,
                    "outcome": period_outcome(period),
                }
            )
        if not shown:
            desc_parts.append(_("Nothing measured yet."))
        chart = pygal.Bar(
            style=CHART_STYLE,
            width=WIDTH,
            height=HEIGHT,
            explicit_size=True,
            js=[],
            title=title,
            y_title=unit or None,
            legend_at_bottom=True,
            legend_at_bottom_columns=2,
            truncate_legend=-1,
            x_labels=[period_name(period, per) for period in shown],
            x_label_rotation=30 if len(shown) > 8 else 0,
            value_formatter=lambda value: display_number(_decimal(value)),
            no_prefix=False,
        )
        chart.uuid = "rate"
        chart.add_xml_filter(_clean(" ".join(str(part) for part in desc_parts)))
        chart.add(_("Logged"), [period.count for period in shown])
        chart.add(_("Asked for"), [period.required for period in shown])
        return str(chart.render(is_unicode=True))
