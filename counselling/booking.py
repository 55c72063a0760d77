"""The public booking's answers between its pages: one typed draft in the session.

The session is the visitor's browser's, and browsers are shared (a library, a
counselling office, a relative's phone): the answers stay only while she books
(an anonymous visitor's session ends after `IDLE_EXPIRY` without an answer,
and `clearsessions` removes it), and the personal link of a booking only for
`DONE_PAGE_FOR`. Whatever the session holds is checked when it is read: an old
or garbled draft loses the answers that do not fit, never causes an error.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from integration_portal.dates import in_range
from integration_portal.models import Language

from .models import Appointment, Client, Mode, Topic
from .services import ClientDetails

SESSION_KEY = "counselling_booking"
BOOKED_KEY = "counselling_booked"
IDLE_EXPIRY = timedelta(minutes=30)
DONE_PAGE_FOR = timedelta(minutes=5)

# The booking's pages in order, by URL name; each but the last asks one question.
# The child's age comes first: whether she can be counselled at all, she knows at once.
STEPS = ("child", "topic", "language", "mode", "location", "slots", "details", "check")


def _choice(value: object, choices: list[str]) -> str | None:
    return value if isinstance(value, str) and value in choices else None


def _id(value: object) -> int | None:
    return value if type(value) is int and value > 0 else None


def _text(value: object, max_length: int) -> str | None:
    return value if isinstance(value, str) and len(value) <= max_length else None


def _month(value: object) -> date | None:
    try:
        month = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return month if month is not None and in_range(month) else None


@dataclass
class BookingDraft:
    child_birth_month: date | None = None
    topic: str | None = None
    language_id: int | None = None
    mode: str | None = None
    location_id: int | None = None
    slot_key: str | None = None
    details: ClientDetails | None = None
    interpreter_wanted: bool = False

    # The order of the questions.

    def asks(self, step: str) -> bool:
        """The place is asked only for appointments in person."""
        return step != "location" or self.mode == Mode.IN_PERSON

    def _answer(self, step: str) -> object:
        return {
            "child": self.child_birth_month,
            "topic": self.topic,
            "language": self.language_id,
            "mode": self.mode,
            "location": self.location_id,
            "slots": self.slot_key,
            "details": self.details,
            "check": None,
        }[step]

    def can_open(self, step: str) -> bool:
        """Every question asked before `step` is answered."""
        earlier = STEPS[: STEPS.index(step)]
        return all(self._answer(s) is not None for s in earlier if self.asks(s))

    def next_step(self, step: str) -> str:
        later = STEPS[STEPS.index(step) + 1 :]
        return next(s for s in later if self.asks(s))

    def previous_step(self, step: str) -> str | None:
        """The page before `step`; None for the first question (back to the start page)."""
        earlier = STEPS[: STEPS.index(step)]
        return next((s for s in reversed(earlier) if self.asks(s)), None)

    def progress(self, step: str) -> tuple[int, int]:
        """Which question `step` is and how many she answers: (2, 7) is "Step 2 of 7".
        The place counts once she chose to meet in person."""
        asked = [s for s in STEPS if self.asks(s) or s == step]
        return asked.index(step) + 1, len(asked)

    def eligible_until(self) -> date | None:
        """The last day her youngest child counts as under 3 (see Client.eligible_until)."""
        return Client(child_birth_month=self.child_birth_month).eligible_until()

    # Answers.

    def answer(self, **answers: object) -> None:
        """Set answers; a changed child, topic, language, way or place needs a new time."""
        before = (self.child_birth_month, self.topic, self.language_id, self.mode, self.location_id)
        for name, value in answers.items():
            setattr(self, name, value)
        if not self.asks("location"):
            self.location_id = None
        after = (self.child_birth_month, self.topic, self.language_id, self.mode, self.location_id)
        if after != before:
            self.slot_key = None
        if self.details is not None and self.child_birth_month is not None:
            self.details = replace(self.details, child_birth_month=self.child_birth_month)

    # The session.

    def to_session(self) -> dict:
        data: dict = {
            "child": self.child_birth_month.isoformat() if self.child_birth_month else None,
            "topic": self.topic,
            "language": self.language_id,
            "mode": self.mode,
            "location": self.location_id,
            "slot": self.slot_key,
        }
        if self.details is not None:
            details = self.details
            data["details"] = {
                "name": details.name,
                "email": details.email,
                "phone": details.phone,
                "child_birth_month": details.child_birth_month.isoformat(),
                "preferred_language": (
                    details.preferred_language.pk if details.preferred_language else None
                ),
                "ui_language": details.ui_language,
                "interpreter_wanted": self.interpreter_wanted,
            }
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_session(cls, raw: object) -> "BookingDraft":
        if not isinstance(raw, dict):
            return cls()
        draft = cls(
            child_birth_month=_month(raw.get("child")),
            topic=_choice(raw.get("topic"), Topic.values),
            language_id=_id(raw.get("language")),
            mode=_choice(raw.get("mode"), Mode.values),
            location_id=_id(raw.get("location")),
            slot_key=_text(raw.get("slot"), 100),
        )
        if not draft.asks("location"):
            draft.location_id = None
        raw_details = raw.get("details")
        if isinstance(raw_details, dict):
            draft.details = _details(raw_details)
            draft.interpreter_wanted = raw_details.get("interpreter_wanted") is True
        if draft.details is not None and draft.child_birth_month is not None:
            draft.details = replace(draft.details, child_birth_month=draft.child_birth_month)
        return draft


def _details(raw: dict) -> ClientDetails | None:
    name = _text(raw.get("name"), 120)
    email = _text(raw.get("email"), 254)
    phone = _text(raw.get("phone"), 40)
    month = _month(raw.get("child_birth_month"))
    if not name or email is None or phone is None or not (email or phone) or month is None:
        return None
    languages = dict(settings.LANGUAGES)
    language_id = _id(raw.get("preferred_language"))
    return ClientDetails(
        name=name,
        email=email,
        phone=phone,
        child_birth_month=month,
        preferred_language=(
            Language.objects.filter(pk=language_id).first() if language_id else None
        ),
        ui_language=_choice(raw.get("ui_language"), list(languages)) or settings.LANGUAGE_CODE,
    )


def load(request: HttpRequest) -> BookingDraft:
    return BookingDraft.from_session(request.session.get(SESSION_KEY))


def store(request: HttpRequest, draft: BookingDraft) -> None:
    request.session[SESSION_KEY] = draft.to_session()
    if not request.user.is_authenticated:
        request.session.set_expiry(int(IDLE_EXPIRY.total_seconds()))


def finish(request: HttpRequest, appointment: Appointment, now: datetime) -> None:
    """The answers leave the session; the personal link stays for the confirmation page."""
    request.session.pop(SESSION_KEY, None)
    request.session[BOOKED_KEY] = {
        "token": appointment.token,
        "until": (now + DONE_PAGE_FOR).isoformat(),
    }


def booked_token(request: HttpRequest) -> str | None:
    """The personal link of the booking just made, while the confirmation page may show it."""
    booked = request.session.get(BOOKED_KEY)
    try:
        until = datetime.fromisoformat(booked["until"])
        token = booked["token"]
        current = timezone.now() <= until and isinstance(token, str)
    except (TypeError, KeyError, ValueError):
        current = False
    if not current:
        request.session.pop(BOOKED_KEY, None)
        return None
    return token
