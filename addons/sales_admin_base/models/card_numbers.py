"""Detection of payment card numbers in free text: card data must never be stored."""

import re

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
    groups separated by spaces or dashes."""
    if not text:
        return False
    for match in _DIGIT_RUN.finditer(text):
        candidates = {re.sub(r"\D", "", match.group()), *re.findall(r"\d+", match.group())}
        if any(13 <= len(digits) <= 19 and luhn_valid(digits) for digits in candidates):
            return True
    return False
