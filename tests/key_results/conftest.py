import datetime

import pytest


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    # Mid-quarter, so "the current period" is 2027 Q1 whatever day the suite runs.
    time_machine.move_to(datetime.datetime(2027, 2, 15, 10, 0, tzinfo=datetime.UTC), tick=True)
