# Broken: setup code outside run() and an import; only def run(): may stand at the top level.
import re

PATTERN = "^\\+614[0-9]{8}$"


def run():
    return regex_match(PATTERN, {{contact.phone}})
