# Broken: a misspelt variable, an unmapped input, a counter written through another placeholder, a quoted placeholder.
def run():
    email = {{contact.emial}}
    extra = input_2
    {{custom.attempt}} = {{custom.attempts}} + 1
    print("{{contact.email}}")
    return is_not_empty(email) and extra is None
