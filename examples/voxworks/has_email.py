def run():
    email = {{contact.email}}
    return [len(email) > 0, True]
