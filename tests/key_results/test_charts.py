"""Charts are self-contained SVG in the reader's language, fit for a strict CSP."""

import re
from datetime import date, timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils.safestring import SafeString

from key_results.charts import history_chart, sparkline

SVG = "{http://www.w3.org/2000/svg}"
START = date(2027, 1, 1)
DEADLINE = date(2027, 3, 31)


def parse(svg):
    # Our own output, parsed to check its structure.
    return ElementTree.fromstring(svg.encode())  # noqa: S314


def satisfaction(language="en", points=None, forecast=Decimal("3.42"), **overrides):
    if points is None:
        points = [
            (START + timedelta(days=14 * i), Decimal(v))
            for i, v in enumerate(["3.0", "3.05", "3.1", "3.2", "3.15"])
        ]
    arguments = {
        "title": "Customer satisfaction",
        "unit": "points",
        "baseline": Decimal("3.0"),
        "target": Decimal("3.5"),
        "start": START,
        "deadline": DEADLINE,
        "points": points,
        "forecast": forecast,
        "language": language,
    }
    return history_chart(**arguments | overrides)


def texts(root, css_class=None):
    return [
        "".join(element.itertext())
        for element in root.iter(f"{SVG}text")
        if css_class is None or css_class in (element.get("class") or "").split()
    ]


def series_group(root, legend):
    """The overlay group of the series whose legend reads `legend` (dots live there)."""
    legends = texts(root.find(f".//{SVG}g[@class='legends']"))
    index = legends.index(legend)
    overlay = root.find(f".//{SVG}g[@class='plot overlay']")
    return overlay.find(f"{SVG}g[@class='series serie-{index} color-{index}']")


def contrast(hex_colour):
    """Contrast ratio of a colour against white (WCAG 2)."""

    def channel(value):
        c = int(value, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_colour[i : i + 2]) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_history_chart_is_a_whole_svg_document_with_title_and_description():
    root = parse(satisfaction())
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Customer satisfaction"
    description = root.find(f"{SVG}desc").text
    assert "baseline 3 points, target 3.5 points" in description
    assert "Latest measurement 3.15 points on 26 Feb 2027" in description
    assert "3.42 points by the deadline" in description
    assert root.get("role") == "img"


@pytest.mark.parametrize("count", [1, 5, 40])
def test_every_measurement_is_one_point_on_the_chart(count):
    points = [(START + timedelta(days=2 * i), Decimal(3) + Decimal(i) / 100) for i in range(count)]
    root = parse(satisfaction(points=points))
    assert len(root.findall(f".//{SVG}circle")) == count
    assert len(series_group(root, "Measured").findall(f".//{SVG}circle")) == count


def test_chart_without_measurements_says_nothing_was_measured():
    root = parse(satisfaction(points=[], forecast=None))
    assert root.findall(f".//{SVG}circle") == []
    assert "Nothing measured yet." in root.find(f"{SVG}desc").text
    assert "Forecast" not in texts(root)


def test_forecast_is_a_dashed_line_to_the_deadline_and_only_when_there_is_one():
    with_forecast = satisfaction()
    without = parse(satisfaction(forecast=None))
    assert "Forecast" in texts(parse(with_forecast))
    assert re.search(r"\.series\.serie-4\{stroke-dasharray:8,5\}", with_forecast)
    assert "Forecast" not in texts(without)
    assert "Too few measurements for a forecast." in without.find(f"{SVG}desc").text


def test_reference_lines_and_expected_line_are_drawn():
    legends = texts(parse(satisfaction()).find(f".//{SVG}g[@class='legends']"))
    assert legends[:4] == ["Baseline", "Target", "Expected", "Measured"]


def test_count_chart_says_its_line_is_cumulative():
    root = parse(satisfaction(cumulative=True, unit=""))
    assert "Measured, cumulative" in texts(root)
    assert "Latest total 3.15 on 26 Feb 2027" in root.find(f"{SVG}desc").text


@pytest.mark.parametrize("language", ["en", "da"])
def test_chart_holds_no_script_and_refers_to_nothing_outside_itself(language):
    svg = satisfaction(language=language, title="Errors <script>alert(1)</script>")
    root = parse(svg)
    assert root.findall(f".//{SVG}script") == []
    assert "<script" not in svg
    assert not [
        (element.tag, name)
        for element in root.iter()
        for name in element.attrib
        if name.endswith("href")
    ]
    assert parse(svg).find(f"{SVG}title").text.startswith("Errors <script")  # as text
    assert "xml-stylesheet" not in svg
    assert "@import" not in svg and "url(" not in svg
    # The namespace is the only address in the document.
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_danish_chart_writes_numbers_and_dates_the_danish_way():
    root = parse(satisfaction(language="da"))
    labels = texts(root)
    assert "3,5" in labels
    assert "3.5" not in labels
    assert {"1. jan", "1. feb", "1. mar", "31. mar"} <= set(labels)
    description = root.find(f"{SVG}desc").text
    assert "3,15 points" in description
    assert "01.01.2027" in description and "31.03.2027" in description


def test_english_chart_writes_dates_day_first():
    labels = texts(parse(satisfaction(language="en")))
    assert "3.5" in labels
    assert {"1 Jan", "1 Feb", "1 Mar", "31 Mar"} <= set(labels)


def test_the_same_numbers_draw_the_same_bytes():
    assert satisfaction() == satisfaction()


def test_lines_and_text_keep_their_contrast_against_white():
    svg = satisfaction()
    series = re.findall(r"\.color-\d+[^{]*\{stroke:(#[0-9a-fA-F]{6})", svg)
    text = re.findall(r"(?:\.title|\.legend text|\.axis text\.major)\{fill:(#[0-9a-fA-F]{6})", svg)
    assert len(series) == 5 and len(text) == 3
    assert min(contrast(colour) for colour in series) >= 3
    assert min(contrast(colour) for colour in text) >= 4.5
    assert "opacity:.7" not in svg  # pygal's default would fade every line


def polyline(svg):
    line = parse(svg).find(f"{SVG}polyline")
    return [tuple(float(n) for n in pair.split(",")) for pair in line.get("points").split()]


def test_sparkline_scales_lowest_to_bottom_and_highest_to_top_of_its_box():
    values = [Decimal(v) for v in ["4", "2", "7", "5", "3"]]
    points = polyline(sparkline(values, width=100, height=30, label="Errors"))
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    assert len(points) == len(values)
    assert xs == sorted(xs) and 0 <= xs[0] < 3 and 97 < xs[-1] <= 100
    assert max(ys) == ys[1] and 27 < ys[1] <= 30  # 2, the lowest, at the bottom
    assert min(ys) == ys[2] and 0 <= ys[2] < 3  # 7, the highest, at the top


def test_sparkline_of_a_rising_series_climbs():
    ys = [y for _, y in polyline(sparkline([Decimal(n) for n in range(6)], label="Sales"))]
    assert ys == sorted(ys, reverse=True)


@pytest.mark.parametrize(
    "values",
    [pytest.param([Decimal("3.5")], id="one-value"), pytest.param([Decimal(2)] * 4, id="flat")],
)
def test_sparkline_of_an_unchanging_value_is_a_level_line_across_the_middle(values):
    points = polyline(sparkline(values, width=80, height=20, label="Score"))
    assert {y for _, y in points} == {10}
    assert points[0][0] < 3 and points[-1][0] > 77


def test_sparkline_without_values_is_an_empty_labelled_box():
    root = parse(sparkline([], label="Not measured yet"))
    assert list(root) == []
    assert root.get("aria-label") == "Not measured yet"


def test_sparkline_is_a_labelled_image_for_screen_readers():
    svg = sparkline([Decimal(1), Decimal(2)], label="Customer satisfaction")
    root = parse(svg)
    assert isinstance(svg, SafeString)
    assert (root.get("role"), root.get("aria-label")) == ("img", "Customer satisfaction")
    assert (root.get("width"), root.get("height")) == ("80", "20")


def test_sparkline_label_is_escaped():
    svg = sparkline([Decimal(1)], label='<script>alert("x")</script> & co')
    assert "<script>" not in svg
    assert parse(svg).get("aria-label") == '<script>alert("x")</script> & co'


def test_sparkline_has_no_inline_style_a_strict_csp_would_block():
    svg = sparkline([Decimal(1), Decimal(3), Decimal(2)], label="Score")
    root = parse(svg)
    assert all("style" not in element.attrib for element in root.iter())
    assert root.findall(f".//{SVG}style") == []
    assert "spark-line" in root.find(f"{SVG}polyline").get("class")
