"""Detection of payment card numbers in free text: card data must never be stored."""

import itertools
import re

# A digit doubled by the Luhn algorithm, its digits summed.
_DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
# Runs of digits, possibly grouped by spaces or dashes as card numbers are usually written.
_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d)*")


def luhn_valid(digits):
    """Whether a string of digits passes the Luhn checksum."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def contains_card_number(text):
    """Whether text holds a 13 to 19 digit number passing the Luhn check, written plain or in
    groups separated by spaces or dashes, also right after other digits ("order 12 4111 1111
    1111 1111" hides a card after "12")."""
    if not text:
        return False
    for match in _DIGIT_RUN.finditer(text):
        segment = []  # consecutive groups short enough to be part of a card number
        for group in [*re.findall(r"\d+", match.group()), None]:
            if group is not None and len(group) <= 19:
                segment.append(group)
                continue
            if segment and _groups_hold_card_number(segment):
                return True
            segment = []
    return False


def _groups_hold_card_number(groups):
    """Whether consecutive groups of digits form a Luhn-valid 13 to 19 digit number. Linear:
    prefix sums give the Luhn sum of any window, with the digits at even (prefix[0]) or odd
    (prefix[1]) positions doubled."""
    prefix = ([0], [0])
    for position, char in enumerate("".join(groups)):
        value = int(char)
        doubled = _DOUBLED[value]
        even, odd = (doubled, value) if position % 2 == 0 else (value, doubled)
        prefix[0].append(prefix[0][-1] + even)
        prefix[1].append(prefix[1][-1] + odd)
    starts = list(itertools.accumulate((len(group) for group in groups), initial=0))
    for first, begin in enumerate(starts[:-1]):
        for end in starts[first + 1 : first + 20]:
            if end - begin > 19:
                break
            # the last digit is not doubled, so the doubled ones share the parity of `end`
            sums = prefix[end % 2]
            if end - begin >= 13 and (sums[end] - sums[begin]) % 10 == 0:
                return True
    return False
