"""The exercise API (regviz.exercises): tiered hints, hint(), multiple choice, check_function."""

from __future__ import annotations

import pytest

from regviz.exercises import (
    NOT_ANSWERED,
    check_choice,
    check_function,
    choice_answer,
    close,
    exercise,
    hint,
    report,
    unanswered,
)

TOLD = NOT_ANSWERED.split(":")[0]


def _expected(lam=0.6):
    return 3.0 * lam


@exercise(hints=("The idea, at lambda = {lam}.", "Narrower."), expected=_expected)
def check_demo(answer, lam=0.6):
    if (v := unanswered(answer, "a number")) is not None:
        return v
    return report(close(answer, _expected(lam)), "Why.", "Feedback on this answer.")


OPTIONS = {
    "first": (False, "Why the first is wrong."),
    "second": (True, "Why the second is right."),
    "third": (False, "Why the third is wrong."),
    "fourth": (False, "Why the fourth is wrong."),
}


@exercise(hints=("Think of the second.",))
def check_mcq(answer):
    return check_choice(answer, OPTIONS, question="Which one?")


@pytest.fixture(autouse=True)
def fresh():
    check_demo.exercise.shown = check_mcq.exercise.shown = 0


def test_wrong_answers_get_hint_1_then_hint_2(capsys):
    assert not check_demo(None) and capsys.readouterr().out.startswith(TOLD)
    assert not check_demo(1.0, lam=0.7)
    first = capsys.readouterr().out
    assert "Feedback on this answer." in first
    assert "Hint 1 of 2: The idea, at lambda = 0.7." in first
    assert not check_demo(1.1, lam=0.7)
    second = capsys.readouterr().out
    assert "Hint 2 of 2: Narrower." in second and "Hint 1" not in second
    assert check_demo(2.1, lam=0.7) and capsys.readouterr().out.startswith("Correct. Why.")
    assert check_demo.expected(lam=0.7) == pytest.approx(2.1)


def test_hint_asks_for_the_next_tier_without_answering(capsys):
    check_demo(None, lam=0.5)  # a hint speaks of the arguments of the last call
    capsys.readouterr()
    hint(check_demo)
    assert capsys.readouterr().out.startswith("Hint 1 of 2: The idea, at lambda = 0.5.")
    hint(check_demo)
    assert capsys.readouterr().out.startswith("Hint 2 of 2")
    hint(check_demo, 1)
    assert capsys.readouterr().out.startswith("Hint 1 of 2")
    with pytest.raises(ValueError, match="tier"):
        hint(check_demo, 3)


def test_multiple_choice_explains_every_option(capsys):
    assert not check_mcq(None)
    out = capsys.readouterr().out
    assert out.startswith(TOLD) and "Which one?" in out and "(d) fourth" in out
    for letter, (text, (right, why)) in zip("abcd", OPTIONS.items(), strict=True):
        assert bool(check_mcq(letter.upper())) == right
        out = capsys.readouterr().out
        assert text in out and why in out
    assert not check_mcq("e") and "one letter" in capsys.readouterr().out
    assert choice_answer(OPTIONS) == "b"


@pytest.mark.parametrize("options", [
    dict(list(OPTIONS.items())[:3]),
    {**OPTIONS, "first": (True, "Also right.")},
    {**OPTIONS, "third": (False, " ")},
])
def test_a_question_with_too_few_or_unexplained_options_is_refused(options):
    with pytest.raises(ValueError, match="options"):
        check_choice("a", options)


def test_hints_must_be_prose_tiers():
    with pytest.raises(ValueError, match="hints"):
        exercise(hints=())
    with pytest.raises(ValueError, match="hints"):
        exercise(hints=("1", "2", "3", "4"))


def test_check_function_shows_the_first_differing_input_and_a_hint(capsys):
    @exercise(hints=("Square it.",))
    def check_square(student):
        return check_function(student, lambda x: x * x, [1.0, 2.0, 3.0], name="square")

    assert not check_square(lambda x: x + x)
    out = capsys.readouterr().out
    assert "square(2.0) returned 4.0" not in out and "square(1.0) returned 2.0" in out
    assert "Hint 1 of 1: Square it." in out
    assert check_square(lambda x: x ** 2)
