"""Prints what the reminder fault test measured at the end of the run."""


def pytest_terminal_summary(terminalreporter):
    lines = [
        f"{report.nodeid.split('::')[-1]}: {value}"
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == "reminder fault run"
    ]
    if lines:
        terminalreporter.write_sep("-", "reminder fault run")
        for line in lines:
            terminalreporter.write_line(line)
