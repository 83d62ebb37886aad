"""Everything the homepage shows: the owner's record (cv.record), in a fixed number of queries whatever its size."""

from cv.record import record_context


def homepage_context():
    return record_context()
