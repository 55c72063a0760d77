"""What the hypothesis tests share: the markup they smuggle in, the texts they
send and how many examples they try."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

MARKERS = ["<script>fuzz()</script>", '"><img src=x onerror=fuzz()>']

# Any text but lone surrogates (which no HTTP client can send), control characters included.
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
with_marker = st.builds(
    lambda before, marker, after: before + marker + after,
    any_text,
    st.sampled_from(MARKERS),
    any_text,
)


def repeated_text(pieces: list[str], min_times: int, max_times: int) -> st.SearchStrategy[str]:
    """One of `pieces` repeated hundreds or thousands of times."""
    return st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(pieces),
        st.integers(min_value=min_times, max_value=max_times),
    )


FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def assert_no_live_marker(body: str) -> None:
    for marker in MARKERS:
        assert marker not in body
