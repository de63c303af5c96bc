# Broken: every line tries a way out of the allow-list; each is refused with an error.
def run():
    kind = type({{contact.email}})
    cls = {{contact.email}}.__class__
    text = "{0.__class__}".format(kind)
    gen = (c for c in "ab")
    frame = gen.gi_frame
    data = json.loads(input_1)
    print = getattr
    return is_empty(text) and frame is None and cls is None and data is None
