# The smallest useful step: one boolean routes to the first condition (True) or "otherwise" (False).
def run():
    email = coalesce({{contact.email}}, "")
    return len(email) > 0
